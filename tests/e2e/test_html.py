"""The web edition in a real browser: Debian's chromium, headless, driven by
python3-selenium through chromium-driver. For the seed sample, the 2019
sample and the county batch (build --formats pdf,html):
- tidy -errors reports no error; no scripts and no external resources;
- the page loads with an empty browser console;
- the text of the headings and paragraphs in the DOM equals the report's
  prose, in order (read independently from the data and layout YAML);
- every table cell lands where the layout's header tree (--dump table)
  says: rows and columns measured from the cells' boxes, not from the
  markup's rowspan/colspan; its text is the label or the figure; and each
  figure's `headers` name exactly its column headers and row labels."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from pdftools import check, finish, need_debian_module, run  # noqa: E402

need_debian_module('selenium')  # python3-selenium
import yaml  # noqa: E402
from expected import report_blocks  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402

NB = os.path.abspath(sys.argv[1])
TMP = tempfile.mkdtemp(prefix='nb-html-')
CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
                  '--disable-component-update', '--disable-sync', '--no-first-run']


def browser():
    o = webdriver.ChromeOptions()
    o.binary_location = '/usr/bin/chromium'
    for a in CHROMIUM_FLAGS + ['--user-data-dir=' + os.path.join(TMP, 'profile'), '--window-size=1200,900']:
        o.add_argument(a)
    o.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    return webdriver.Chrome(service=Service('/usr/bin/chromedriver'), options=o)


def expected_blocks(data_path):
    """(tag, text) for every heading, paragraph and table of the report,
    from the data and its layout, in document order; the signature is two
    paragraphs (name, date)."""
    data, blocks = report_blocks(data_path)
    out = []
    for kind, value in blocks:
        out.extend([('p', value[0]), ('p', value[1])] if kind == 'signature' else [(kind, value)])
    return data, out


def header_tree(data_path):
    """--dump table: per table id, its cells and its body rows' header rows."""
    dump = run(NB, 'render', data_path, '--dump', 'table').stdout
    tables = {}
    for line in dump.splitlines():
        if m := re.match(r'^table (\S+) (\d+)x(\d+)', line):
            cur = tables[m.group(1)] = {'cells': [], 'rows': {}}
        elif m := re.match(r'^row (\d+) body (\d+)\+(\d+)', line):
            cur['rows'][int(m.group(1))] = (int(m.group(2)), int(m.group(3)))
        elif m := re.match(r'^r (\d+) c (\d+) span (\d+)x(\d+) (\w+) (\S+) (.*)$', line):
            r, c, rs, cs = (int(m.group(i)) for i in range(1, 5))
            cur['cells'].append({'row': r, 'col': c, 'rowspan': rs, 'colspan': cs, 'kind': m.group(5),
                                 'key': m.group(6), 'text': m.group(7)})
    return tables


def figure_values(data, tables):
    """The figures the data file gives (single keys and row lists)."""
    vals = {}
    figs = data.get('figures') or {}
    for k, v in figs.items():
        if isinstance(v, list):
            for t in tables.values():
                keys = [c['key'] for c in sorted(t['cells'], key=lambda c: c['col'])
                        if c['kind'] == 'DATA' and c['key'].rsplit('.', 1)[0] == k]
                for kk, vv in zip(keys, v):
                    vals[kk] = '' if vv is None else str(vv)
        else:
            vals[k] = '' if v is None else str(v)
    return vals


READ_DOM = r'''
const art = document.querySelector('article.nb-report');
const blocks = [];
for (const el of art.children) {
  const tag = el.tagName.toLowerCase();
  blocks.push([tag, tag === 'table' ? el.id : el.textContent]);
}
const tables = [];
for (const t of art.querySelectorAll('table')) {
  const cells = [];
  for (const c of t.querySelectorAll('th, td')) {
    const b = c.getBoundingClientRect();
    const hdr = (c.getAttribute('headers') || '').split(' ').filter(x => x)
      .map(id => document.getElementById(id)).map(h => h ? h.textContent : null);
    cells.push({tag: c.tagName.toLowerCase(), x0: b.left, y0: b.top, x1: b.right, y1: b.bottom,
                text: c.textContent, scope: c.getAttribute('scope'), headers: hdr});
  }
  tables.push({id: t.id, caption: t.caption ? t.caption.textContent : null,
               thead: t.tHead ? t.tHead.rows.length : 0, cells: cells});
}
return {blocks: blocks, tables: tables, lang: document.documentElement.lang || art.lang,
        title: document.title};
'''


def edges(values):
    """Distinct box edges, merging those within 2 px (collapsed borders)."""
    out = []
    for v in sorted(values):
        if not out or v - out[-1] > 2:
            out.append(v)
    return out


def index_of(es, v):
    return min(range(len(es)), key=lambda i: abs(es[i] - v))


def check_table(name, dom, tree, values):
    xs = edges([c['x0'] for c in dom['cells']] + [c['x1'] for c in dom['cells']])
    ys = edges([c['y0'] for c in dom['cells']] + [c['y1'] for c in dom['cells']])
    got = []
    for c in dom['cells']:
        col, row = index_of(xs, c['x0']), index_of(ys, c['y0'])
        got.append((row, col, index_of(ys, c['y1']) - row, index_of(xs, c['x1']) - col, c))
    want = sorted(tree['cells'], key=lambda c: (c['row'], c['col']))
    check(len(got) == len(want), f'{name}: {len(got)} cells in the DOM, header tree has {len(want)}')
    bad = [(g[:4], (w['row'], w['col'], w['rowspan'], w['colspan']), w['text'])
           for g, w in zip(sorted(got, key=lambda g: g[:2]), want)
           if g[:4] != (w['row'], w['col'], w['rowspan'], w['colspan'])]
    check(not bad, f'{name}: cells not where the header tree puts them (box grid, tree, label): {bad[:3]}')
    by_pos = {(g[0], g[1]): g[4] for g in got}
    grid = {}
    for w in want:
        for r in range(w['row'], w['row'] + w['rowspan']):
            for c in range(w['col'], w['col'] + w['colspan']):
                grid[r, c] = w
    wrong_text = wrong_headers = 0
    for w in want:
        c = by_pos.get((w['row'], w['col']))
        if c is None:
            continue
        if w['kind'] == 'DATA':
            wrong_text += c['tag'] != 'td' or (w['key'] in values and c['text'] != values[w['key']])
            first, count = tree['rows'][w['row']]
            heads = []
            for r in range(first, first + count):
                for h in sorted({id(grid[r, x]): grid[r, x] for x in range(w['col'], w['col'] + w['colspan'])}.values(),
                                key=lambda h: h['col']):
                    if h['row'] == r and h['text'] not in heads:
                        heads.append(h['text'])
            labels = []
            for x in range(w['col']):
                h = grid[w['row'], x]
                if h['kind'] == 'LABEL' and h['text'] not in labels:
                    labels.append(h['text'])
            wrong_headers += c['headers'] != heads + labels
        else:
            wrong_text += c['tag'] != 'th' or c['text'] != w['text'] or not c['scope']
    check(wrong_text == 0, f'{name}: {wrong_text} cells with the wrong text or element')
    check(wrong_headers == 0, f'{name}: {wrong_headers} figures whose headers are not their labels')


def check_static(name, path, fragment=False):
    src = open(path, encoding='utf-8').read()
    r = run('tidy', '-errors', '-q', path)
    errors = [l for l in r.stderr.splitlines() if 'Error:' in l]
    check(r.returncode < 2 and not errors, f'{name}: tidy errors {errors[:3]}')
    check(not re.search(r'<script|\bsrc=|\bhref=|url\(|@import|<link|<iframe|<object|\bon\w+=', src, re.I),
          f'{name}: a script or an external resource')
    if fragment:
        check(src.startswith('<article') and '<html' not in src and '<style' not in src,
              f'{name}: the fragment is the <article> alone')
    else:
        check(src.startswith('<!DOCTYPE html>\n<html lang="zh-CN">'), f'{name}: doctype and lang')
        check('@media print' in src and 'text-indent:2em' in src and 'FangSong' in src and 'SimHei' in src
              and 'KaiTi' in src and 'FandolFang' in src, f'{name}: the print stylesheet and font stacks')


def check_page(drv, name, html_path, data_path, fragment=False):
    check_static(name, html_path, fragment)
    drv.get('file://' + os.path.abspath(html_path))
    dom = drv.execute_script(READ_DOM)
    logs = drv.get_log('browser')
    check(not logs, f'{name}: browser console not empty: {logs[:3]}')
    data, blocks = expected_blocks(data_path)
    check(dom['lang'] == 'zh-CN', f'{name}: lang is {dom["lang"]}')
    got = [(t, x) if t != 'table' else ('table', None) for t, x in dom['blocks']]
    want = [(t, x) if t != 'table' else ('table', None) for t, x in blocks]
    diff = [(g, w) for g, w in zip(got, want) if g != w]
    check(got == want, f'{name}: DOM text differs from the report ({len(got)} vs {len(want)} blocks): {diff[:2]}')
    if not fragment:
        check(dom['title'] == blocks[0][1], f'{name}: <title> {dom["title"]!r}')
    trees = header_tree(data_path)
    values = figure_values(data, trees)
    table_ids = [x for t, x in blocks if t == 'table']
    check(len(dom['tables']) == len(table_ids), f'{name}: {len(dom["tables"])} tables')
    for tid, t in zip(table_ids, dom['tables']):
        check(t['caption'] and t['thead'] > 0, f'{name}: table {tid} has a caption and a thead')
        check_table(f'{name} table {tid}', t, trees[tid], values)


def main():
    drv = browser()
    try:
        for data in ['samples/fanshi-2021.yaml', 'samples/example-2019.yaml']:
            base = os.path.join(TMP, os.path.basename(data)[:-5])
            r = run(NB, 'render', data, '-o', base + '.pdf', '--html', base + '.html')
            check(r.returncode == 0, f'render --html {data}: {r.stderr[-300:]}')
            r = run(NB, 'render', data, '--html', base + '-frag.html', '--html-fragment')
            check(r.returncode == 0 and not os.path.exists(base + '-frag.pdf'),
                  f'render --html-fragment {data}: {r.stderr[-300:]}')
            check_page(drv, data, base + '.html', data)
            check_page(drv, data + ' (fragment)', base + '-frag.html', data, fragment=True)
        out = os.path.join(TMP, 'county')
        r = run(NB, 'build', 'samples/county', '-o', out, '-j', '2', '--formats', 'pdf,html')
        htmls = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(out) for f in fs if f.endswith('.html'))
        pdfs = [p for p in (h[:-5] + '.pdf' for h in htmls) if os.path.exists(p)]
        check(len(htmls) == 37 and len(pdfs) == 37, f'county batch: {len(htmls)} html, {len(pdfs)} pdf')
        by_office = {}
        for f in sorted(os.listdir('samples/county')):
            if f.endswith('.yaml'):
                try:
                    d = yaml.safe_load(open(os.path.join('samples/county', f), encoding='utf-8'))
                except yaml.YAMLError:
                    continue  # one of the deliberately broken offices
                by_office[d['office']] = os.path.join('samples/county', f)
        for h in htmls:
            office = os.path.basename(h)[:-5]
            check(office in by_office, f'{h}: no data file for it')
            if office in by_office:
                check_page(drv, os.path.relpath(h, TMP), h, by_office[office])
        # An unchanged rerun writes nothing; html only writes no PDF.
        r = run(NB, 'build', 'samples/county', '-o', out, '-j', '2', '--formats', 'pdf,html')
        check('0 built, 37 unchanged' in r.stderr, f'county rerun: {r.stderr[-200:]}')
        out2 = os.path.join(TMP, 'county-html')
        run(NB, 'build', 'samples/county', '-o', out2, '--formats', 'html')
        files = [f for _, _, fs in os.walk(out2) for f in fs]
        check(sum(f.endswith('.html') for f in files) == 37 and not any(f.endswith('.pdf') for f in files),
              'build --formats html writes only HTML')
        r = run(NB, 'build', 'samples/county', '-o', out2, '--formats', 'pdf,docx')
        check(r.returncode == 2 and "not 'docx'" in r.stderr, f'--formats docx is a usage error: {r.stderr}')
    finally:
        drv.quit()
        shutil.rmtree(TMP, ignore_errors=True)
    finish()


main()
