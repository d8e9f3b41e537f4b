#!/usr/bin/env python3
"""Starting from last year: `nianbao import` of the .docx and web page
fixtures in tests/import (made by tests/import/make_fixtures.py, with their
expectations in tests/import/expected), `nianbao init` templates and
`init --from` roll-forwards, and `previous:` used by check and render.

For each fixture: the layout of its year is picked; office, year and date
come from the title and signature; the data file renders to a PDF whose
prose pdftotext gives back exactly and whose every figure is printed in
its row, in its column's place, right after the row's label; cells the
layout has no place for are listed with their labels; `check` reports the
report's own arithmetic errors and nothing else."""
import json
import os
import re
import shutil
import sys
import tempfile

import yaml

sys.path.insert(0, os.path.dirname(__file__))
from pdftools import *  # noqa: E402,F403

nb = sys.argv[1]
tmp = tempfile.mkdtemp()
FIX = 'tests/import/fixtures'
EXP = 'tests/import/expected'
_keys = {}


def row_keys(layout):
    """Row key → its cell keys in column order, and each row's labels, from
    `nianbao keys`."""
    if layout not in _keys:
        out = run(nb, 'keys', layout).stdout
        rows = {}
        for line in out.splitlines():
            m = re.match(r'^(\S+) = \[(.*)\]\t?(.*)$', line)
            if m:
                rows[m.group(1)] = ([f'{m.group(1)}.{c}' for c in m.group(2).split(', ')], m.group(3))
        _keys[layout] = rows
    return _keys[layout]


def figures_of(data, layout):
    """Every cell key → value (as written) of a data file."""
    out = {}
    rows = row_keys(layout)
    for k, v in (data.get('figures') or {}).items():
        if isinstance(v, list):
            cols = rows[k][0]
            for c, x in zip(cols, v):
                out[c] = x
        else:
            out[k] = v
    return out


def raw_tokens(pdf):
    return run('pdftotext', '-raw', '-enc', 'UTF-8', pdf, '-').stdout.split()


def row_printed(tokens, values, label):
    """The row's values follow each other in the PDF, right after the end of
    its label (a label may wrap inside its cell)."""
    n = len(values)
    flat_label = re.sub(r'\s+', '', label.split(' › ')[-1]) if label else ''
    for i in range(len(tokens) - n + 1):
        if tokens[i:i + n] != values:
            continue
        if not flat_label or (i > 0 and flat_label.endswith(tokens[i - 1])):
            return True
    return False


def prose_back(pdf, paragraphs):
    joined = ''.join(text_lines(pdf))
    flat = re.sub(r'\s+', '', joined)
    at, missing = 0, []
    for p in paragraphs:
        q = re.sub(r'\s+', '', p)
        k = flat.find(q, at)
        if k < 0:
            missing.append(p)
        else:
            at = k + len(q)
    spaced = [p for p in paragraphs if ' ' not in p and p not in joined]
    return missing, spaced


# ---- import ----------------------------------------------------------------------
for name in sorted(os.listdir(FIX)):
    exp = json.load(open(os.path.join(EXP, name + '.json'), encoding='utf-8'))
    src = os.path.join(FIX, name)
    out = os.path.join(tmp, name + '.yaml')
    r = run(nb, 'import', src, '-o', out)
    check(r.returncode == 0 and os.path.exists(out), f'{name}: import exits 0: {r.stderr[-300:]}')
    if r.returncode:
        continue
    data = yaml.load(open(out, encoding='utf-8'), Loader=yaml.BaseLoader)
    check(data['layout'] == exp['layout'], f'{name}: layout {data["layout"]} for {exp["year"]}, expected {exp["layout"]}')
    check(data['office'] == exp['office'] and data['year'] == str(exp['year']) and data['date'] == exp['date'],
          f'{name}: office, year and date from the title and signature: {data["office"]} {data["year"]} {data["date"]}')
    got = figures_of(data, data['layout'])
    wrong = [(k, v, got.get(k)) for k, v in exp['figures'].items() if got.get(k) != v]
    check(not wrong, f'{name}: all {len(exp["figures"])} figures exactly as published; wrong: {wrong[:3]}')
    check(len(got) == len(exp['figures']), f'{name}: no figure beyond the report\'s ({len(got)} vs {len(exp["figures"])})')

    # Unmatched cells: each listed with its row and column labels, and only those.
    unmatched = [l for l in r.stderr.splitlines() if 'matches no cell' in l or 'matches several' in l]
    for u in exp['unmatched']:
        check(any(u in l for l in unmatched), f'{name}: unmatched cell listed with its labels: {u}')
    if exp['unmatched']:
        check(len(unmatched) == 7 and all(re.match(rf'^{re.escape(src)}(:\d+)?: warning: table \d+, row \d+, column \d+ \(', l)
                                          for l in unmatched),
              f'{name}: the extra row\'s 7 cells listed as FILE: warning: table, row, column: {unmatched[:2]}')
        check(open(out, encoding='utf-8').read().count('#   table ') == 7, f'{name}: and kept as comments in the data file')
    else:
        check(not unmatched, f'{name}: nothing unmatched: {unmatched[:2]}')
    check('not in the report' not in r.stderr, f'{name}: every layout cell found: {r.stderr[:300]}')

    # check: the report's own arithmetic errors, and nothing else.
    c = run(nb, 'check', out)
    rules = sorted(set(re.findall(r'error: rule (\w+)', c.stderr)))
    check(rules == sorted(exp['rules']), f'{name}: check reports rules {exp["rules"]}, got {rules}')
    check((c.returncode == 0) == (not exp['rules']), f'{name}: check exit status {c.returncode}')

    # render: the prose back exactly, every figure in its row and column place.
    pdf = os.path.join(tmp, name + '.pdf')
    args = ['--allow-inconsistent'] if exp['rules'] else []
    r = run(nb, 'render', out, '-o', pdf, *args)
    check(r.returncode == 0 and os.path.exists(pdf), f'{name}: renders: {r.stderr[-300:]}')
    if r.returncode:
        continue
    missing, spaced = prose_back(pdf, exp['paragraphs'] + [exp['office']])
    check(not missing, f'{name}: all {len(exp["paragraphs"])} paragraphs extract exactly and in order; missing {missing[:1]}')
    check(not spaced, f'{name}: no spurious spaces: {spaced[:1]}')
    toks = raw_tokens(pdf)
    rows = row_keys(data['layout'])
    bad = []
    for rk, (cols, label) in rows.items():
        vals = [exp['figures'][k] for k in cols if k in exp['figures']]
        if len(vals) == len(cols) and not row_printed(toks, vals, label):
            bad.append(rk)
    check(not bad, f'{name}: every row\'s figures printed in order after its label; not: {bad[:3]}')

# ---- a page published in GBK (as many portals still are) ------------------------------------
page = open(os.path.join(FIX, 'portal-2021.html'), encoding='utf-8').read().replace('charset="utf-8"', 'charset="gbk"')
gbk = os.path.join(tmp, 'portal-gbk.html')
open(gbk, 'wb').write(page.encode('gb18030'))
r = run(nb, 'import', gbk)
exp = json.load(open(os.path.join(EXP, 'portal-2021.html.json'), encoding='utf-8'))
if r.returncode == 0:
    data = yaml.load(r.stdout, Loader=yaml.BaseLoader)
    got = figures_of(data, data['layout'])
    check(data['office'] == exp['office'] and all(got.get(k) == v for k, v in exp['figures'].items())
          and data['text']['overview'][0] == exp['paragraphs'][1],
          'a GBK page (meta charset) imports the same as the UTF-8 one')
else:
    check(False, f'GBK page imports: {r.stderr[:300]}')

# ---- a page laid out with tables (old portals): the frame is not a figure table ----------
page = open(os.path.join(FIX, 'portal-2021.html'), encoding='utf-8').read()
page = (page.replace('<body>\n', '<body>\n<table width="1000"><tr><td width="200">', 1)
        .replace('<div class="article">', '</td><td>\n<div class="article">', 1)
        .replace('</body>', '</td></tr></table>\n</body>'))
framed = os.path.join(tmp, 'framed.html')
open(framed, 'w', encoding='utf-8').write(page)
r = run(nb, 'import', framed)
if r.returncode == 0:
    data = yaml.load(r.stdout, Loader=yaml.BaseLoader)
    got = figures_of(data, data['layout'])
    check(all(got.get(k) == v for k, v in exp['figures'].items()) and 'warning' not in r.stderr,
          f'a page framed by a layout table imports the same: {r.stderr[:300]}')
else:
    check(False, f'framed page imports: {r.stderr[:300]}')

# ---- bad inputs ---------------------------------------------------------------------
def bad(name, content, expect):
    p = os.path.join(tmp, name)
    open(p, 'wb').write(content)
    r = run(nb, 'import', p, '-o', os.path.join(tmp, name + '.yaml'))
    check(r.returncode == 1 and re.search(expect, r.stderr) is not None and not os.path.exists(p + '.yaml'),
          f'bad input {name}: exit 1 and "{expect}": {r.stderr[:200]}')


bad('empty.docx', b'', r'not a zip package')
bad('truncated.docx', open(os.path.join(FIX, 'word-2021.docx'), 'rb').read()[:900], r'error: .*(not a zip|damaged|cannot)')
bad('old.doc', b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + b'\0' * 100, r'save it as \.docx')
def package(members):
    import io
    import zipfile
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w', zipfile.ZIP_DEFLATED) as z:
        for n, data in members.items():
            z.writestr(n, data)
    return b.getvalue()


ROOT_RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
             'Target="word/document.xml"/></Relationships>')
bad('no-document.docx', package({'_rels/.rels': ROOT_RELS}), r'has no part word/document\.xml')
bad('no-rels.docx', package({'word/document.xml': '<w:document/>'}), r'names no main document')
bad('malformed.docx', package({'_rels/.rels': ROOT_RELS, 'word/document.xml': '<w:document xmlns:w="x"><w:body>\n<w:p>'}),
    r'word/document\.xml:\d+:\d+: error: malformed XML')
bad('bomb.docx', package({'_rels/.rels': ROOT_RELS, 'word/document.xml': ' ' * (65 << 20)}), r'unpacks to (more than )?\d+ bytes.*\[limit\]$')
bad('entities.docx', package({'_rels/.rels': ROOT_RELS, 'word/document.xml':
    '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><d>&b;</d>'}), r'DOCTYPE')
many = {'_rels/.rels': ROOT_RELS}
many.update({f'x/{i}.xml': '' for i in range(10001)})
bad('many-members.docx', package(many), r'10002 members, more than the limit of 10000 \[limit\]')
bad('notitle.html', '<html><body><p>你好</p></body></html>'.encode(), r'no title line naming')
bad('notitle2.html', b'', r'error')

# ---- init --------------------------------------------------------------------------
def init(*args):
    return run(nb, 'init', *args)


t = os.path.join(tmp, 'edu-2025.yaml')
r = init('--year', '2025', '--office', '繁峙县教育局', '-o', t)
check(r.returncode == 0 and os.path.exists(t), f'init writes a template: {r.stderr}')
tpl = open(t, encoding='utf-8').read()
check('layout: annual-report-2021' in tpl and 'office: "繁峙县教育局"' in tpl and 'year: 2025' in tpl and 'date: ~' in tpl,
      'template: layout of 2025, office, year, date placeholder')
check('# 一、总体情况：主动公开、依申请公开、政府信息管理、平台建设、监督保障' in tpl, 'template: a comment of what belongs in 一、总体情况')
check(re.search(r'# 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计\n  requests.new: \[\]  # 一、本年新收政府信息公开申请数量', tpl),
      'template: a row as a list, column labels above and the row label beside it')
r = init('--year', '2025', '--office', '繁峙县教育局', '-o', t)
check(r.returncode == 1 and 'exists' in r.stderr, 'init never overwrites a data file')

pdf = os.path.join(tmp, 'edu-2025.pdf')
r = run(nb, 'render', t, '-o', pdf)
msgs = [l for l in r.stderr.splitlines() if 'is not filled in' in l]
check(r.returncode == 1 and not os.path.exists(pdf), 'an untouched template does not render')
check(len(msgs) == 37 and len(r.stderr.splitlines()) == 37,
      f'one message per unfilled part (date, 4 sections, 32 rows) and nothing else: {len(msgs)} of {len(r.stderr.splitlines())}')
check(any(re.match(rf'^{re.escape(t)}:\d+:\d+: error: 表三 一、本年新收政府信息公开申请数量 \(requests.new\) is not filled in', l) for l in msgs),
      'the message names 表三 一、本年新收… with its file:line:col')
check(any('date (成文日期) is not filled in' in l for l in msgs) and any('一、总体情况 (text.overview) is not filled in' in l for l in msgs),
      'date and sections named')
c = run(nb, 'check', t)
check(c.returncode == 1 and c.stderr.count('is not filled in') == 37, 'check says the same')


def fill(text, layout, overrides=None):
    """Fills a template the way a clerk would: zeros, a date, a paragraph."""
    overrides = overrides or {}
    rows = row_keys(layout)

    def row(m):
        k = m.group(1)
        if k not in rows:  # a prose section
            return f'  {k}: ["本年度无其他情况。"]'
        vals = overrides.get(k, ['0'] * len(rows[k][0]))
        return f'  {k}: [{", ".join(vals)}]'
    text = re.sub(r'^  ([\w.]+): \[\]', row, text, flags=re.M)
    # Dated in the January after the report year, when reports are due.
    year = int(re.search(r'^year: (\d+)', text, re.M).group(1))
    text = text.replace('date: ~', f'date: {year + 1}-01-20')
    return text


filled = os.path.join(tmp, 'edu-2025-filled.yaml')
open(filled, 'w', encoding='utf-8').write(fill(tpl, 'annual-report-2021'))
r = run(nb, 'render', filled, '-o', pdf)
check(r.returncode == 0 and os.path.exists(pdf), f'the filled template renders: {r.stderr[:300]}')

for year, layout in ((2019, 'annual-report-2019'), (2020, 'annual-report-2019'), (2021, 'annual-report-2021'), (2024, 'annual-report-2021')):
    r = init('--year', str(year), '--office', '某局')
    check(f'layout: {layout}\n' in r.stdout, f'init --year {year} picks {layout}')
r = init('--year', '2018', '--office', '某局')
check(r.returncode == 1 and 'covers the year 2018' in r.stderr, f'init --year 2018: no layout covers it: {r.stderr}')
r = init('--office', '某局')
check(r.returncode == 2, 'init without --year: usage error')

# ---- roll forward --------------------------------------------------------------------
shutil.copy('samples/fanshi-2021.yaml', os.path.join(tmp, 'fanshi-2021.yaml'))
sub = os.path.join(tmp, 'y2022')
os.mkdir(sub)
nxt = os.path.join(sub, 'fanshi-2022.yaml')
r = init('--from', os.path.join(tmp, 'fanshi-2021.yaml'), '-o', nxt)
check(r.returncode == 0, f'init --from: {r.stderr}')
roll = open(nxt, encoding='utf-8').read()
d = yaml.load(roll, Loader=yaml.BaseLoader)
check(d['year'] == '2022' and d['office'] == '繁峙县人民政府办公室' and d['layout'] == 'annual-report-2021',
      'rolled forward: next year, same office, layout of 2022')
check(d['previous'] == '../fanshi-2021.yaml', f'previous: relative to the new file: {d.get("previous")}')
fanshi = yaml.load(open('samples/fanshi-2021.yaml', encoding='utf-8'), Loader=yaml.BaseLoader)
check(d['text']['overview'] == fanshi['text']['overview'], 'prose carried over as a starting point')
check(d['figures']['requests.carried'] == fanshi['figures']['requests.next'],
      '上年结转 = last year\'s 结转下年度继续办理, per column')
check('上年现行有效件数 10' in roll, 'X2: last year\'s 现行有效件数 beside 行政规范性文件')

# Filled in but the prose not yet rewritten: check warns per section and
# runs X1/X2 against previous: without --previous.
ov = {'active.normative': ['2', '1', '11']}
text = fill(roll, 'annual-report-2021', ov).replace('  requests.carried: [0, 0, 0, 0, 0, 0, 0]',
                                                   '  requests.carried: [1, 0, 0, 0, 0, 0, 1]')
open(nxt, 'w', encoding='utf-8').write(text)
c = run(nb, 'check', nxt)
check(c.returncode == 1 and 'rule X1' in c.stderr, f'check runs X1 from previous: alone: {c.stderr[-400:]}')
unchanged = re.findall(r'warning: (\S+) \(text\.(\w+)\) is word for word last year', c.stderr)
check(sorted(k for _, k in unchanged) == ['other', 'overview', 'problems'], f'a warning per unchanged section: {unchanged}')
r = run(nb, 'render', nxt, '-o', os.path.join(tmp, 'f22.pdf'))
check(r.returncode == 1 and 'rule X1' in r.stderr, 'render runs X1 without --previous too')
c = run(nb, 'check', sub)
check(c.returncode == 1 and 'rule X1' in c.stderr and 'word for word' in c.stderr,
      f'and check over a folder (a batch) uses each file\'s previous: {c.stderr[-300:]}')
text = text.replace('  requests.carried: [1, 0, 0, 0, 0, 0, 1]', '  requests.carried: [0, 0, 0, 0, 0, 0, 0]')
text = text.replace('县人民政府办公室始终坚持', '县人民政府办公室2022年始终坚持', 1)
open(nxt, 'w', encoding='utf-8').write(text)
c = run(nb, 'check', nxt)
check(c.returncode == 0 and 'text.overview' not in c.stderr and 'text.problems' in c.stderr,
      f'consistent with last year; the rewritten section no longer warns: {c.stderr[-300:]}')
r = run(nb, 'render', nxt, '-o', os.path.join(tmp, 'f22.pdf'))
check(r.returncode == 0 and os.path.exists(os.path.join(tmp, 'f22.pdf')), f'the filled roll-forward renders: {r.stderr[-300:]}')
text = text.replace('active.normative: [2, 1, 11]', 'active.normative: [2, 1, 12]')
open(nxt, 'w', encoding='utf-8').write(text)
c = run(nb, 'check', nxt)
check(c.returncode == 1 and 'rule X2' in c.stderr, 'and X2 (10 + 2 − 1 ≠ 12)')

# The 2019 format: 上一年项目数量 = last year's 上一年项目数量 + 本年增/减.
shutil.copy('samples/example-2019.yaml', os.path.join(tmp, 'example-2019.yaml'))
r = init('--from', os.path.join(tmp, 'example-2019.yaml'))
check('active.license: [83, 待填, 待填]' in r.stdout and 'layout: annual-report-2019' in r.stdout,
      '2020 from 2019: 上一年项目数量 86 + −3 = 83 filled, the other cells 待填')
p = os.path.join(tmp, 'example-2020.yaml')
open(p, 'w', encoding='utf-8').write(fill(r.stdout, 'annual-report-2019'))
r = run(nb, 'render', p, '-o', os.path.join(tmp, 'e20.pdf'))
check(r.returncode == 1 and re.search(r'表二 第二十条第（五）项 › 行政许可 › 本年增/减 \(active.license.change\) is not filled in', r.stderr),
      f'a 待填 cell is named: {r.stderr[:300]}')

# From an imported report.
imp = os.path.join(tmp, 'plain-2019.html.yaml')
r = init('--from', imp, '-o', os.path.join(tmp, 'from-import.yaml'))
d = yaml.load(open(os.path.join(tmp, 'from-import.yaml'), encoding='utf-8'), Loader=yaml.BaseLoader)
exp = json.load(open(os.path.join(EXP, 'plain-2019.html.json'), encoding='utf-8'))
check(r.returncode == 0 and d['year'] == '2020' and d['figures']['requests.carried'] ==
      [exp['figures'][f'requests.next.{c}'] for c in ('natural', 'business', 'research', 'welfare', 'legal', 'other', 'total')],
      'init --from an imported file carries its 结转下年度继续办理')

# ---- prose in plain text files ----------------------------------------------------------
tf = os.path.join(tmp, 'textfile')
os.mkdir(tf)
REPORT = """繁峙县教育局
2025年度政府信息公开工作年度报告
\u3000\u3000本报告依据《条例》编制，统计期限自2025年1月1日起至2025年12月31日止。
一、总体情况
\u3000\u30002025年，本局推进政府信息公开。
（一）主动公开方面。全年公开信息100条。
（二）依申请公开
\u3000\u3000全年新收申请3件，均按期答复。
1.加强培训
五、存在的主要问题及改进情况
\u3000\u3000政策解读形式单一。下一步将丰富解读形式。
六、其他需要报告的事项
\u3000\u3000本年度未收取信息处理费。
繁峙县教育局
2026年1月20日
"""
open(os.path.join(tf, 'report.txt'), 'w', encoding='utf-8').write(REPORT)
open(os.path.join(tf, 'active.txt'), 'w', encoding='utf-8').write('\u3000\u3000本年度主动公开政府信息12条。\n（一）专栏建设。新设专栏2个。\n')
base = fill(init('--year', '2025', '--office', '繁峙县教育局').stdout, 'annual-report-2021')
base = re.sub(r'^text:\n(  .*\n)*?(?=figures:)', 'text-file: report.txt\ntext:\n  active: !include active.txt\n', base, flags=re.M)
p = os.path.join(tf, 'edu.yaml')
open(p, 'w', encoding='utf-8').write(base)
pdf = os.path.join(tf, 'edu.pdf')
r = run(nb, 'render', p, '-o', pdf)
check(r.returncode == 0, f'text-file and !include render: {r.stderr[:300]}')
if r.returncode == 0:
    paras = ['本报告依据《条例》编制，统计期限自2025年1月1日起至2025年12月31日止。', '一、总体情况',
             '2025年，本局推进政府信息公开。', '（一）主动公开方面。全年公开信息100条。', '（二）依申请公开',
             '全年新收申请3件，均按期答复。', '1.加强培训', '二、主动公开政府信息情况', '本年度主动公开政府信息12条。',
             '（一）专栏建设。新设专栏2个。', '五、存在的主要问题及改进情况', '政策解读形式单一。下一步将丰富解读形式。',
             '六、其他需要报告的事项', '本年度未收取信息处理费。', '繁峙县教育局', '2026年1月20日']
    missing, spaced = prose_back(pdf, paras)
    check(not missing and not spaced, f'the text files\' prose comes back exactly, in order: {missing[:1]} {spaced[:1]}')
    flat = re.sub(r'\s+', '', ''.join(text_lines(pdf)))
    check(flat.count('繁峙县教育局') == 2, 'the title and signature lines of report.txt are not printed as prose')
    d = run(nb, 'render', p, '--dump', 'lines').stdout
    check(re.search(r'FandolKai-Regular@16000 "（一）主动公开方面。"\n\s+run .*FandolFang-Regular@16000 "全年公开信息100条。"', d) is not None,
          'a （一） line with a short first sentence is a run-in h2 heading (楷体, then 仿宋)')
    # A batch rebuilds the report when a text file it reads changes.
    out = os.path.join(tf, 'out')
    r1 = run(nb, 'build', p, '-o', out)
    with open(os.path.join(tf, 'active.txt'), 'a', encoding='utf-8') as f:
        f.write('（二）信息发布。新增解读材料3篇。\n')
    r2 = run(nb, 'build', p, '-o', out)
    r3 = run(nb, 'build', p, '-o', out)
    check(r1.returncode == 0 and 'rebuilt' in r2.stderr + r2.stdout and 'text: active' in r2.stderr + r2.stdout
          and '1 unchanged' in r3.stderr + r3.stdout,
          f'build: an !include file changed rebuilds the office and says which section: {(r2.stderr + r2.stdout)[-200:]}')


def text_case(name, yaml_text, files, expect):
    q = os.path.join(tf, name + '.yaml')
    for fn, content in files.items():
        open(os.path.join(tf, fn), 'wb').write(content)
    open(q, 'w', encoding='utf-8').write(yaml_text)
    r = run(nb, 'check', q)
    check(r.returncode == 1 and re.search(expect, r.stderr) is not None, f'{name}: "{expect}": {r.stderr[:300]}')


head = 'layout: annual-report-2021\noffice: 某局\nyear: 2025\ndate: 2026-01-20\n'
text_case('include-elsewhere', head.replace('office: 某局', 'office: !include name.txt'), {'name.txt': b'x'},
          r'include-elsewhere.yaml:2:9: error: .!include. names the text file of a prose section only')
text_case('include-missing', head + 'text:\n  overview: !include nowhere.txt\n', {}, r'include-missing.yaml:6:13: error: .*nowhere.txt')
text_case('include-gbk', head + 'text:\n  overview: !include gbk.txt\n', {'gbk.txt': '总体情况'.encode('gb18030')},
          r'gbk.txt is not UTF-8 text')
text_case('textfile-seven', head + 'text-file: seven.txt\n', {'seven.txt': '七、其他\n正文。\n'.encode()},
          r'section 七、 of the text file matches no section')
text_case('textfile-twice', head + 'text-file: one.txt\ntext:\n  overview: ["正文。"]\n', {'one.txt': '一、总体情况\n正文。\n'.encode()},
          r"section 'overview' is given twice")

finish()
