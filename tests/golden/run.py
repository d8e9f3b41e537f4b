#!/usr/bin/env python3
"""Golden dumps of the pipeline stages. Each case CASE.yaml is an office
data file; for each stage S in (shape, lines, pages) whose CASE.S.txt exists,
`nianbao render CASE.yaml --dump S` must print exactly that file; CASE.notes.txt
holds what the render says on stderr (normalisation notes, warnings). A first
line `# args: ...` in CASE.yaml adds command-line arguments (e.g. -l LAYOUT);
a line `# stages: lines notes` chooses what --update writes for a new case.

    run.py NIANBAO            compare
    run.py NIANBAO --update   rewrite the expected files (review the diff!)
"""
import difflib
import glob
import os
import shlex
import subprocess
import sys
import tempfile

nb = sys.argv[1]
update = '--update' in sys.argv
here = os.path.dirname(os.path.abspath(__file__))
passed = failed = 0
tmp = tempfile.mkdtemp()
for case in sorted(glob.glob(os.path.join(here, '*.yaml'))):
    if case.endswith('-layout.yaml'):
        continue
    head = [l for l in open(case, encoding='utf-8').read().splitlines() if l.startswith('#')]
    first = head[0] if head else ''
    extra = shlex.split(first[len('# args:'):]) if first.startswith('# args:') else []
    stages = ('shape', 'lines', 'pages')
    for l in head:
        if l.startswith('# stages:'):
            stages = tuple(l[len('# stages:'):].split())
    base = case[:-len('.yaml')]
    for stage in ('shape', 'lines', 'pages', 'notes'):
        expect = f'{base}.{stage}.txt'
        if not os.path.exists(expect) and not (update and stage in stages):
            continue
        if stage == 'notes':
            out = os.path.join(tmp, 'out.pdf')
            r = subprocess.run([nb, 'render', case, '-o', out] + extra, capture_output=True,
                               text=True)
            got = r.stderr.replace(case, os.path.basename(case))  # no checkout path
            got += f'exit {r.returncode}\n' if r.returncode else ''
        else:
            r = subprocess.run([nb, 'render', case, '--dump', stage] + extra, capture_output=True,
                               text=True)
            got = r.stdout + (f'exit {r.returncode}\n' + r.stderr if r.returncode else '')
        if update:
            open(expect, 'w', encoding='utf-8').write(got)
            continue
        want = open(expect, encoding='utf-8').read()
        name = f'{os.path.basename(base)}.{stage}'
        if got == want:
            passed += 1
        else:
            failed += 1
            print(f'FAIL {name}')
            sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                                       'expected', 'got', n=1))
print(f'{passed} passed, {failed} failed')
sys.exit(1 if failed or (passed == 0 and not update) else 0)
