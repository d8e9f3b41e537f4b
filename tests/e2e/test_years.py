#!/usr/bin/env python3
"""Layouts and the years they cover: `nianbao layouts`, the layout chosen
from the year when the data names none, and a named layout that does not
cover the year (an error unless forced with -l).

  test_years.py NIANBAO      (from the source tree; ctest sets the folder)
Prints "N passed, N failed" last."""
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from pdftools import check, finish, line_of, run  # noqa: E402

nb = sys.argv[1]
tmp = tempfile.mkdtemp(prefix='nb-years-')
os.environ['NIANBAO_TODAY'] = '2026-06-01'

r = run(nb, 'layouts')
check(r.returncode == 0, f'layouts: exit 0, got {r.returncode}: {r.stderr}')
rows = {l.split()[0]: l for l in r.stdout.splitlines() if l.strip()}
check('2019–2020' in rows.get('annual-report-2019', ''), f'layouts: 2019 covers 2019–2020: {r.stdout}')
check('2021 onward' in rows.get('annual-report-2021', ''), f'layouts: 2021 covers 2021 onward: {r.stdout}')
r = run(nb, 'layouts', 'extra')
check(r.returncode == 2, f'layouts takes no operand: exit 2, got {r.returncode}')


def variant(src, name, edit):
    text = open(src, encoding='utf-8').read()
    path = os.path.join(tmp, name)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(edit(text))
    return path


# No layout: the year chooses it (2019 → the 2019 format, 2021 → 2021).
no_layout_19 = variant('samples/example-2019.yaml', 'y2019.yaml', lambda t: re.sub(r'(?m)^layout:.*\n', '', t))
no_layout_21 = variant('samples/fanshi-2021.yaml', 'y2021.yaml', lambda t: re.sub(r'(?m)^layout:.*\n', '', t))
for path, want in ((no_layout_19, 'annual-report-2019'), (no_layout_21, 'annual-report-2021')):
    r = run(nb, 'render', path, '--dump', 'table')
    check(r.returncode == 0, f'{path}: renders with the layout of its year: {r.stderr[-300:]}')
    r = run(nb, 'keys', path)
    ref = run(nb, 'keys', want)
    check(r.returncode == 0 and r.stdout == ref.stdout, f'keys {path}: the keys of {want}')

# A 2023 report on the 2019 layout: an error at the layout: line.
wrong = variant('samples/example-2019.yaml', 'wrong.yaml',
                lambda t: re.sub(r'(?m)^year: .*$', 'year: 2023', re.sub(r'(?m)^date: .*$', 'date: 2024-01-20', t)))
ln = line_of(wrong, 'layout:')
r = run(nb, 'check', wrong)
check(r.returncode == 1, f'2023 on the 2019 layout: exit 1, got {r.returncode}')
check(re.search(re.escape(wrong) + rf':{ln}:\d+: error: .*annual-report-2019.*2019–2020.*2023.*annual-report-2021.*\[value\]',
                r.stderr) is not None, f'2023 on the 2019 layout: error at the layout line naming both: {r.stderr}')
out = os.path.join(tmp, 'wrong.pdf')
r = run(nb, 'render', wrong, '-o', out)
check(r.returncode == 1 and not os.path.exists(out), 'render refuses it, no PDF')
r = run(nb, 'render', wrong, '-l', 'annual-report-2019', '--dump', 'table')
check('is the format for' not in r.stderr,
      f'-l forces the layout: no coverage error: {r.stderr}')

# A year no layout covers.
old = variant('samples/example-2019.yaml', 'old.yaml',
              lambda t: re.sub(r'(?m)^year: .*$', 'year: 2015', re.sub(r'(?m)^layout:.*\n', '', t)))
r = run(nb, 'check', old)
check(r.returncode == 1 and re.search(re.escape(old) + rf':{line_of(old, "year:")}:\d+: error: no layout .* covers the year 2015.*\[value\]', r.stderr),
      f'year 2015: no layout covers it: {r.stderr}')

# The same in a batch.
bdir = os.path.join(tmp, 'batch')
os.mkdir(bdir)
shutil.copy(wrong, bdir)
shutil.copy(no_layout_21, bdir)
r = run(nb, 'check', bdir)
check(r.returncode == 1 and 'wrong.yaml' in r.stderr and '[value]' in r.stderr,
      f'batch: the wrong layout fails that office: {r.stderr[-400:]}')

shutil.rmtree(tmp, ignore_errors=True)
finish()
