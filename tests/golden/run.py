#!/usr/bin/env python3
"""Golden dumps of the pipeline stages. Each case CASE.yaml is an office
data file; for each stage S in (shape, lines, pages) whose CASE.S.txt exists,
`nianbao render CASE.yaml --dump S` must print exactly that file. A first line
`# args: ...` in CASE.yaml adds command-line arguments (e.g. -l LAYOUT).

    run.py NIANBAO            compare
    run.py NIANBAO --update   rewrite the expected files (review the diff!)
"""
import difflib
import glob
import os
import shlex
import subprocess
import sys

nb = sys.argv[1]
update = '--update' in sys.argv
here = os.path.dirname(os.path.abspath(__file__))
passed = failed = 0
for case in sorted(glob.glob(os.path.join(here, '*.yaml'))):
    if case.endswith('-layout.yaml'):
        continue
    first = open(case, encoding='utf-8').readline()
    extra = shlex.split(first[len('# args:'):]) if first.startswith('# args:') else []
    base = case[:-len('.yaml')]
    for stage in ('shape', 'lines', 'pages'):
        expect = f'{base}.{stage}.txt'
        if not os.path.exists(expect) and not update:
            continue
        r = subprocess.run([nb, 'render', case, '--dump', stage] + extra, capture_output=True, text=True)
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
