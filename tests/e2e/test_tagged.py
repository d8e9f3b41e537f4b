"""The tagged PDF (on by default): read back with poppler and by walking the
file's structure tree and content streams ourselves.
- the catalog says /MarkInfo << /Marked true >>, /Lang (zh-CN), and poppler
  reports "Tagged: yes";
- every text-showing operator and every rule is inside exactly one marked-
  content sequence: an /Artifact, or one with an MCID that the ParentTree
  maps to the structure element whose /K holds it, each MCID used once;
- `pdfinfo -struct-text` gives the document's headings and paragraphs in
  reading order (read independently from the data and layout YAML);
- every Table's TR/TH/TD grid, placed by its RowSpan/ColSpan attributes,
  equals the layout's header tree (--dump table), with each cell's text,
  TH for labels (Scope Column or Row) and TD for figures — so header rows
  repeated on a continuation page, 续表 and page numbers are artifacts;
- the text a reader extracts is the untagged PDF's."""
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from pdftools import check, finish, run, text_lines  # noqa: E402

import yaml  # noqa: E402

NB = os.path.abspath(sys.argv[1])
TMP = tempfile.mkdtemp(prefix='nb-tags-')


def expected_blocks(data_path):
    """(kind, text) of the report's headings, paragraphs and tables."""
    data = yaml.safe_load(open(data_path, encoding='utf-8'))
    layout = yaml.safe_load(open(f"layouts/{data['layout']}.yaml", encoding='utf-8'))
    y, m, d = (int(x) for x in str(data['date']).split('-'))

    def fill(s):
        return s.replace('{office}', data['office']).replace('{year}', str(data['year'])) \
            .replace('{date}', f'{y}年{m}月{d}日')
    out = []
    for blk in layout['document']:
        if 'title' in blk:
            out.append(('H1', ''.join(fill(x) for x in blk['title'])))
        elif 'heading' in blk:
            out.append(('H2', fill(blk['heading'])))
        elif 'paragraph' in blk:
            out.append(('P', fill(blk['paragraph'])))
        elif 'prose' in blk:
            for it in (data.get('text') or {}).get(blk['prose']) or []:
                if isinstance(it, str):
                    out.append(('P', it))
                else:
                    head = it.get('h2', it.get('h3'))
                    tag = 'H3' if 'h2' in it else 'H4'
                    out.append(('P', head + it['text']) if 'text' in it else (tag, head))
        elif 'table' in blk:
            out.append(('Table', blk['table']))
        elif 'signature' in blk and data.get('signature', True):
            out.append(('P', fill(blk['signature']['name']) + fill(blk['signature']['date'])))
    return out


def struct_text(pdf):
    """pdfinfo -struct-text as a tree: (type, attrs, texts, children)."""
    root = ('ROOT', {}, [], [])
    stack = [(-1, root)]
    for line in run('pdfinfo', '-struct-text', pdf).stdout.splitlines():
        if not line.strip():
            continue
        ind = len(line) - len(line.lstrip(' '))
        s = line.strip()
        while stack[-1][0] >= ind:
            stack.pop()
        node = stack[-1][1]
        if s.startswith('"'):
            node[2].append(json.loads(s) if s.endswith('"') else s.strip('"'))
        elif s.startswith('/'):
            k, v = s.split(' ', 1)
            node[1][k] = v
        else:
            m = re.match(r'^(\w+)', s)
            child = (m.group(1), {}, [], [])
            node[3].append(child)
            stack.append((ind, child))
    return root


def text_of(node):
    return ''.join(node[2]) + ''.join(text_of(c) for c in node[3])


def header_tree(data_path):
    dump = run(NB, 'render', data_path, '--dump', 'table').stdout
    tables = {}
    for line in dump.splitlines():
        if m := re.match(r'^table (\S+) (\d+)x(\d+)', line):
            cur = tables[m.group(1)] = []
        elif m := re.match(r'^r (\d+) c (\d+) span (\d+)x(\d+) (\w+) (\S+) (.*)$', line):
            cur.append((int(m.group(1)), int(m.group(2)), int(m.group(3)), int(m.group(4)), m.group(5),
                        m.group(7)))
    return tables


def grid_of(table):
    """Places TH/TD by the table algorithm (rows = TR children, cells skip
    slots taken by row spans from above)."""
    taken = set()
    out = []
    for r, tr in enumerate(c for c in table[3] if c[0] == 'TR'):
        col = 0
        for cell in tr[3]:
            while (r, col) in taken:
                col += 1
            rs = int(cell[1].get('/RowSpan', 1))
            cs = int(cell[1].get('/ColSpan', 1))
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, col + dc))
            out.append((r, col, rs, cs, cell[0], cell[1].get('/Scope'), text_of(cell)))
            col += cs
    return out


def check_tree(name, pdf, data_path):
    root = struct_text(pdf)
    docs = [c for c in root[3] if c[0] == 'Document']
    check(len(docs) == 1, f'{name}: one Document element')
    if not docs:
        return
    got = [(c[0], text_of(c) if c[0] != 'Table' else None) for c in docs[0][3]]
    want = [(k, t if k != 'Table' else None) for k, t in expected_blocks(data_path)]
    diff = [(g, w) for g, w in zip(got, want) if g != w]
    check(got == want, f'{name}: structure differs from the report ({len(got)} vs {len(want)}): {diff[:2]}')
    trees = header_tree(data_path)
    tids = [t for k, t in expected_blocks(data_path) if k == 'Table']
    tables = [c for c in docs[0][3] if c[0] == 'Table']
    for tid, t in zip(tids, tables):
        g = grid_of(t)
        w = [(r, c, rs, cs, 'TD' if kind == 'DATA' else 'TH', None if kind == 'DATA' else
              ('/Row' if kind == 'LABEL' else '/Column'), text) for r, c, rs, cs, kind, text in trees[tid]]
        bad = [(a[:6], b[:6]) for a, b in zip(g, w) if a[:6] != b[:6]]
        check(len(g) == len(w) and not bad, f'{name} table {tid}: TH/TD grid differs from the header tree: {bad[:3]}')
        labels = [(a[6], b[6]) for a, b in zip(g, w) if b[4] == 'TH' and a[6] != b[6]]
        check(not labels, f'{name} table {tid}: header texts differ: {labels[:3]}')


# ---- content streams -------------------------------------------------------

TOKEN = re.compile(rb'\((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*\)|<<|>>|<[0-9A-Fa-f\s]*>|\[|\]|/[^\s/\[\]()<>{}%]*'
                   rb'|[+-]?(?:\d+\.?\d*|\.\d+)|[A-Za-z\'"*]+\d?|%[^\n]*')


def qpdf_objects(pdf):
    r = run('qpdf', '--json=2', '--json-stream-data=inline', '--decode-level=generalized', pdf, '-')
    q = json.loads(r.stdout)['qpdf'][1]
    return q['trailer']['value'], {k[4:]: v for k, v in q.items() if k.startswith('obj:')}


def walk_content(name, pdf):
    trailer, objs = qpdf_objects(pdf)

    def val(v):
        if isinstance(v, str) and re.fullmatch(r'\d+ \d+ R', v):
            o = objs[v]
            return o['stream']['dict'] if 'stream' in o else o['value']
        return v
    cat = val(trailer['/Root'])
    check(cat.get('/Lang') == 'u:zh-CN', f'{name}: /Lang {cat.get("/Lang")}')
    check(val(cat.get('/MarkInfo', {})).get('/Marked') is True, f'{name}: /MarkInfo /Marked true')
    check(re.search(r'Tagged:\s+yes', run('pdfinfo', pdf).stdout) is not None, f'{name}: poppler says Tagged: yes')
    sroot = val(cat['/StructTreeRoot'])
    nums = val(val(sroot['/ParentTree'])['/Nums'])
    ptree = {nums[i]: val(nums[i + 1]) for i in range(0, len(nums), 2)}
    # every (page object, MCID) in the tree, with the element holding it
    owner = {}
    dup = []

    def visit(ref, inherited_pg):
        el = val(ref)
        pg = el.get('/Pg', inherited_pg)
        k = el.get('/K')
        kids = k if isinstance(k, list) else [] if k is None else [k]
        for kid in kids:
            if isinstance(kid, int):
                key = (pg, kid)
                dup.append(key) if key in owner else None
                owner[key] = ref
            elif isinstance(kid, dict) and kid.get('/Type') == '/MCR':
                key = (kid['/Pg'], kid['/MCID'])
                dup.append(key) if key in owner else None
                owner[key] = ref
            else:
                check(val(val(kid).get('/P')) is el or val(kid).get('/P') == ref,
                      f'{name}: a child whose /P is not its parent')
                visit(kid, pg)
    k = sroot['/K']
    for ref in (k if isinstance(k, list) else [k]):
        visit(ref, None)
    check(not dup, f'{name}: MCIDs held by two elements: {dup[:3]}')

    pages = []

    def collect(node):
        node = val(node)
        if node.get('/Type') == '/Pages':
            for kid in val(node['/Kids']):
                collect(kid)
        else:
            pages.append(node)
    page_refs = []

    def collect_refs(ref):
        node = val(ref)
        if node.get('/Type') == '/Pages':
            for kid in val(node['/Kids']):
                collect_refs(kid)
        else:
            page_refs.append(ref)
    collect_refs(cat['/Pages'])
    shown = unmarked = artifacts = 0
    bad_mcid = []
    for ref in page_refs:
        page = val(ref)
        sp = page.get('/StructParents')
        parents = ptree.get(sp, [])
        cs = page['/Contents']
        data = b''.join(base64.b64decode(objs[c]['stream'].get('data', ''))
                        for c in (cs if isinstance(cs, list) else [cs]))
        stack, operands, used = [], [], set()
        for tok in TOKEN.findall(data):
            if tok in (b'BDC', b'BMC'):
                tag = operands[0] if operands else b''
                mcid = None
                if tok == b'BDC':
                    m = re.search(rb'/MCID\s+(\d+)', b' '.join(operands))
                    mcid = int(m.group(1)) if m else None
                stack.append((tag, mcid))
                if mcid is not None:
                    if mcid in used or mcid >= len(parents) or owner.get((ref, mcid)) != parents[mcid]:
                        bad_mcid.append((ref, mcid))
                    used.add(mcid)
                operands = []
            elif tok == b'EMC':
                stack.pop()
                operands = []
            elif re.fullmatch(rb"TJ|Tj|'|\"|S|s|f|F|B|b\*?|f\*|B\*", tok):
                inside = len(stack) == 1 and (stack[0][0] == b'/Artifact' or stack[0][1] is not None)
                shown += tok in (b'TJ', b'Tj')
                artifacts += inside and stack[0][0] == b'/Artifact' and tok in (b'TJ', b'Tj')
                unmarked += not inside
                operands = []
            elif re.fullmatch(rb'[A-Za-z\'"*]+\d?', tok):
                operands = []
            else:
                operands.append(tok)
        check(not stack, f'{name}: unbalanced marked content on a page')
        check(len(used) == len(parents), f'{name}: ParentTree lists {len(parents)} MCIDs, the page uses {len(used)}')
    check(not bad_mcid, f'{name}: MCIDs not mapped to their element: {bad_mcid[:3]}')
    check(shown > 0 and unmarked == 0, f'{name}: {unmarked} of {shown} text/path operators outside one marked sequence')
    check(artifacts > 0, f'{name}: no artifacts (page numbers)')
    return shown, artifacts


def main():
    for data in ['samples/fanshi-2021.yaml', 'samples/example-2019.yaml']:
        name = os.path.basename(data)[:-5]
        pdf = os.path.join(TMP, name + '.pdf')
        plain = os.path.join(TMP, name + '-untagged.pdf')
        r = run(NB, 'render', data, '-o', pdf)
        check(r.returncode == 0, f'render {data}: {r.stderr[-300:]}')
        run(NB, 'render', data, '-o', plain, '--untagged')
        check(text_lines(pdf) == text_lines(plain), f'{name}: tagging changed the extracted text')
        check(text_lines(pdf, 'mupdf') == text_lines(plain, 'mupdf'), f'{name}: tagging changed mutool text')
        check(run('qpdf', '--check', pdf).returncode == 0, f'{name}: qpdf --check')
        check('StructTreeRoot' not in open(plain, 'rb').read().decode('latin-1'), f'{name}: --untagged has no tree')
        check_tree(name, pdf, data)
        walk_content(name, pdf)
        size, usize = os.path.getsize(pdf), os.path.getsize(plain)
        check(size <= usize * 1.10, f'{name}: tagging adds {100 * (size / usize - 1):.1f} % (at most 10 %)')
        print(f'{name}: tagged {size} bytes, untagged {usize} (+{100 * (size / usize - 1):.1f} %)')
    # A table across pages: its repeated header rows are artifacts, so the
    # grid (checked above for one page) also holds for a long table.
    long = os.path.join(TMP, 'long.yaml')
    src = open('samples/fanshi-2021.yaml', encoding='utf-8').read()
    # push table (b) across a page break with more prose before it
    src = src.replace('text:\n', 'text:\n  requests:\n' + ''.join(
        f'    - "填充段落{i}，用于把表格推到下一页的分页位置。"\n' for i in range(14)), 1)
    open(long, 'w', encoding='utf-8').write(src)
    pdf = os.path.join(TMP, 'long.pdf')
    r = run(NB, 'render', long, '-o', pdf)
    check(r.returncode == 0, f'render long: {r.stderr[-300:]}')
    if r.returncode == 0:
        cont = run('pdftotext', '-enc', 'UTF-8', pdf, '-').stdout.count('续表')
        check(cont >= 1, 'the long sample continues a table (续表)')
        check_tree('long', pdf, long)
        walk_content('long', pdf)
        check('续表' not in run('pdfinfo', '-struct-text', pdf).stdout, 'long: 续表 is an artifact')
    shutil.rmtree(TMP, ignore_errors=True)
    finish()


main()
