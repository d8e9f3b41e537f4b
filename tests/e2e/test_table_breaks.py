#!/usr/bin/env python3
"""Table (b) across pages. Extra paragraphs before it move its start down
the page one line at a time, so the page break falls at many different rows.
On every page that holds rows of the table: the three header rows are there
(under a 续表 caption on continuation pages)
(申请人情况, 自然人, 商业企业…), every body row's row-spanning labels are
printed again (三、本年度办理结果 and the （三）/（四）… group), no row is cut
(each row label appears on exactly one page), and the heading above the
table never ends a page alone."""
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from pdftools import *  # noqa: E402,F403

nb = sys.argv[1]
tmp = tempfile.mkdtemp()
base = open('samples/fanshi-2021.yaml', encoding='utf-8').read()
LEAVES = {  # leaf row label → the labels that span it
    '1.属于国家秘密': ['三、本年度办理结果', '（三）不予公开'],
    '8.属于行政查询事项': ['三、本年度办理结果', '（三）不予公开'],
    '1.本机关不掌握相关政府信息': ['三、本年度办理结果', '（四）无法提供'],
    '3.补正后申请内容仍不明确': ['三、本年度办理结果', '（四）无法提供'],
    '1.信访举报投诉类申请': ['三、本年度办理结果', '（五）不予处理'],
    '3.其他': ['三、本年度办理结果', '（六）其他处理'],
    '（七）总计': ['三、本年度办理结果'],
    '（一）予以公开': ['三、本年度办理结果'],
}
HEAD = ['申请人情况', '自然人', '法人或其他组织', '商业企业', '总计']


def pages_of(dump):
    pages, cur = [], None
    for line in dump.split('\n'):
        if line.startswith('page '):
            cur = []
            pages.append(cur)
        elif cur is not None and line.startswith('  run '):
            m = re.search(r'"(.*)"$', line)
            cur.append(m.group(1) if m else '')
    return [''.join(p) for p in pages]


starts = set()
for k in range(0, 24):
    extra = ''.join(f'    - "第{i + 1}段补充说明，用于把表格推到页面的不同位置。"\n' for i in range(k))
    text = base.replace('text:\n', 'text:\n  requests:\n' + (extra or '    - "本年度办理情况如下。"\n'), 1)
    data = os.path.join(tmp, f'shift{k}.yaml')
    open(data, 'w', encoding='utf-8').write(text)
    r = run(nb, 'render', data, '--dump', 'pages')
    check(r.returncode == 0, f'shift {k}: render: {r.stderr[-200:]}')
    pages = pages_of(r.stdout)
    with_table = [i for i, p in enumerate(pages) if '二、上年结转政府信息公开申请数量' in p or any(l in p for l in LEAVES)]
    if len(with_table) > 1:
        starts.add(tuple(with_table))
    for i in with_table[1:]:
        check(pages[i].startswith('续表') or '续表' in pages[i], f'shift {k}: continuation page {i + 1} is captioned 续表')
    for i in with_table:
        p = pages[i]
        for h in HEAD:
            check(h in p, f'shift {k}: page {i + 1} repeats the header {h}')
        for leaf, spans in LEAVES.items():
            if leaf in p:
                for s in spans:
                    check(s in p, f'shift {k}: page {i + 1} has {leaf} and re-prints {s}')
    for leaf in LEAVES:
        n = sum(p.count(leaf) for p in pages)
        check(n == 1, f'shift {k}: row {leaf} printed once (a row is never split), got {n}')
    # The heading above table (b) keeps with what follows it: the first
    # paragraph, or the table's headers and first row.
    hp = [i for i, p in enumerate(pages) if '三、收到和处理政府信息公开申请情况' in p]
    follows = ('第1段补充说明', '本年度办理情况如下')
    check(len(hp) == 1 and any(f in pages[hp[0]] for f in follows),
          f'shift {k}: heading 三 keeps with the next line on page {hp[0] + 1 if hp else "?"}')
    # A table never starts with its header rows alone at a page foot.
    for i, p in enumerate(pages):
        if '申请人情况' in p:
            check(any(r in p for r in ('一、本年新收政府信息公开申请数量', '二、上年结转政府信息公开申请数量', '四、结转下年度继续办理')) or any(l in p for l in LEAVES),
                  f'shift {k}: page {i + 1} has header rows of table (b) but no body row')
check(len(starts) >= 3, f'the page break fell inside table (b) at several places: {sorted(starts)}')
finish()
