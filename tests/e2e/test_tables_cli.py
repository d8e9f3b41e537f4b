#!/usr/bin/env python3
"""Tables and rules through the CLI: the seed's tables, the 2019 format,
`check` naming the rule, cells, values and data line, `render` refusing an
inconsistent report unless told, computed cells, cross-year rules, prose
citing a figure, and `keys`."""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from pdftools import *  # noqa: E402,F403

nb = sys.argv[1]
tools = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tools')
tmp = tempfile.mkdtemp()
fanshi = open('samples/fanshi-2021.yaml', encoding='utf-8').read()


def write(name, text):
    p = os.path.join(tmp, name)
    open(p, 'w', encoding='utf-8').write(text)
    return p


def raw_tokens(pdf):
    return run('pdftotext', '-raw', '-enc', 'UTF-8', pdf, '-').stdout.split()


# The seed report: every label and figure; its five blank cells warn.
out = os.path.join(tmp, 'fanshi.pdf')
r = run(nb, 'render', 'samples/fanshi-2021.yaml', '-o', out)
check(r.returncode == 0, f'seed renders: {r.stderr[-300:]}')
check(r.stderr.count('the cell prints blank') == 5, f'five blank-cell warnings: {r.stderr}')
# and each rule instance through a blank says it could not be assessed
check(r.stderr.count('warning:') == 5 + r.stderr.count('is not assessable') and
      r.stderr.count('is not assessable') >= 5, f'unassessed rules named: {r.stderr}')
check(re.search(r'samples/fanshi-2021.yaml:\d+:\d+: warning: figure .requests.result.granted.research. \(三、本年度办理结果 › （一）予以公开 › .*科研机构\) is blank', r.stderr) is not None,
      'the warning names the cell and its line')
t = subprocess.run([sys.executable, os.path.join(tools, 'tablecheck.py'), out], capture_output=True, text=True)
print(t.stdout.strip())
check(t.returncode == 0 and t.stdout.startswith('OK'), 'tablecheck.py prints OK')
check(run('qpdf', '--check', out).returncode == 0, 'qpdf --check with tables')

# The 2019 format.
out19 = os.path.join(tmp, 'e19.pdf')
r = run(nb, 'render', 'samples/example-2019.yaml', '-o', out19)
check(r.returncode == 0 and 'warning' not in r.stderr, f'2019 sample renders cleanly: {r.stderr[-300:]}')
flat = re.sub(r'\s+', '', run('pdftotext', '-raw', '-enc', 'UTF-8', out19, '-').stdout)
for label in ('其他对外管理服务事项', '政府集中采购', '本年新制作数量', '对外公开总数量', '3865210.50元', '（六）其他处理'):
    check(label in flat, f'2019 table text: {label}')
check('-3' in raw_tokens(out19), '2019: a negative 本年增/减 printed as written')

# A broken rule: check names the rule, the cells, their values and the line.
bad = write('bad.yaml', fanshi.replace('requests.new: [0, 0, 0, 0, 0, 0, 0]', 'requests.new: [3, 0, 0, 0, 0, 0, 3]'))
line = fanshi[:fanshi.index('requests.new:')].count('\n') + 1
r = run(nb, 'check', bad)
check(r.returncode == 1, f'check exits 1 on a violation: {r.returncode}')
check(re.search(rf'bad.yaml:{line}:\d+: error: rule A1 .*requests.new.natural \(3\).*requests.result.total.natural \(0\).*\[rule\]', r.stderr) is not None,
      f'check names rule A1, the cells, values and line {line}: {r.stderr[:300]}')
out_bad = os.path.join(tmp, 'bad.pdf')
r = run(nb, 'render', bad, '-o', out_bad)
check(r.returncode == 1 and not os.path.exists(out_bad), 'render refuses an inconsistent report')
r = run(nb, 'render', bad, '-o', out_bad, '--allow-inconsistent')
check(r.returncode == 0 and os.path.exists(out_bad) and re.search(r'warning: rule A1', r.stderr) is not None,
      f'--allow-inconsistent renders and warns: {r.stderr[-200:]}')

# A computed cell: the data leaves out 总计 of table (c); it is filled in.
comp = write('computed.yaml', fanshi.replace('reviews: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]',
             'reviews.review.upheld: 4\n  reviews.review.corrected: 2\n  reviews.review.other: 1\n'
             '  reviews.review.pending: 0\n' +
             ''.join(f'  reviews.suit.{g}.{c}: 0\n' for g in ('direct', 'after_review')
                     for c in ('upheld', 'corrected', 'other', 'pending', 'total'))))
out_c = os.path.join(tmp, 'computed.pdf')
r = run(nb, 'render', comp, '-o', out_c)
check(r.returncode == 0, f'computed render: {r.stderr[-300:]}')
toks = raw_tokens(out_c)
seq = ' '.join(toks)
check('4 2 1 0 7' in seq, 'table (c): 总计 computed as 4+2+1+0 = 7')
wrong = write('wrongtotal.yaml', fanshi.replace('reviews: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]',
              'reviews: [4, 2, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]'))
r = run(nb, 'check', wrong)
check(r.returncode == 1 and 'R1' in r.stderr and 'reviews.review.total (6)' in r.stderr, f'a supplied total is checked (R1): {r.stderr[:300]}')

# Cross-year: last year's 结转下年度 must equal this year's 上年结转 (X1).
prev = write('prev.yaml', fanshi.replace('year: 2021', 'year: 2020').replace('date: 2022-01-24', 'date: 2021-01-20')
             .replace('requests.next: [0, 0, 0, 0, 0, 0, 0]', 'requests.next: [2, 0, 0, 0, 0, 0, 2]')
             .replace('requests.new: [0, 0, 0, 0, 0, 0, 0]', 'requests.new: [2, 0, 0, 0, 0, 0, 2]'))
r = run(nb, 'check', 'samples/fanshi-2021.yaml', '--previous', prev)
check(r.returncode == 1 and 'X1' in r.stderr, f'cross-year X1 fails against last year: {r.stderr[:300]}')
r = run(nb, 'check', 'samples/fanshi-2021.yaml')
check(r.returncode == 0, 'no cross-year rules without --previous')

# Prose citing a figure cannot disagree with the table.
cite = write('cite.yaml', fanshi.replace('    - "无"', '    - "本年新收申请{requests.new.total}件，行政许可{active.license.count}件。"'))
out_p = os.path.join(tmp, 'cite.pdf')
r = run(nb, 'render', cite, '-o', out_p)
check(r.returncode == 0 and '本年新收申请0件，行政许可0件。' in ''.join(text_lines(out_p)), f'prose cites figures: {r.stderr[-200:]}')
unk = write('unknown.yaml', fanshi.replace('    - "无"', '    - "共{requests.nosuch.total}件"'))
r = run(nb, 'render', unk, '-o', os.path.join(tmp, 'u.pdf'))
check(r.returncode == 1 and 'unknown placeholder' in r.stderr, 'an unknown figure in prose is an error')
badkey = write('badkey.yaml', fanshi.replace('figures:\n', 'figures:\n  requests.nosuch.natural: 1\n'))
r = run(nb, 'render', badkey, '-o', os.path.join(tmp, 'k.pdf'))
check(r.returncode == 1 and 'requests.nosuch.natural' in r.stderr and '[schema]' in r.stderr, f'an unknown figure key is an error: {r.stderr[:200]}')

# keys lists every cell of the three tables.
r = run(nb, 'keys', 'annual-report-2021')
cells = [l for l in r.stdout.split('\n') if re.match(r'^[a-z_.]+\t', l)]
check(r.returncode == 0 and len(cells) == 10 + 175 + 15, f'keys lists 200 cells, got {len(cells)}')
check(any(l.startswith('requests.result.denied.secret.natural\t') and '1.属于国家秘密' in l for l in cells),
      'a key comes with its row and column labels')
finish()
