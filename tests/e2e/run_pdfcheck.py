#!/usr/bin/env python3
"""Runs the independent checker tests/tools/pdfcheck.py (a copy of the
project's shared checker) on the rendered sample; it must print OK."""
import os
import subprocess
import sys
import tempfile

nb = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(tempfile.mkdtemp(), 'fanshi.pdf')
r = subprocess.run([nb, 'render', 'samples/fanshi-2021.yaml', '-o', out], capture_output=True, text=True)
if r.returncode:
    print(r.stderr)
    print('0 passed, 1 failed')
    sys.exit(1)
seed = os.path.join(here, '..', 'fixtures', 'seed-fanshi-2021.txt')
c = subprocess.run([sys.executable, os.path.join(here, '..', 'tools', 'pdfcheck.py'), seed, out],
                   capture_output=True, text=True)
print(c.stdout.strip())
ok = c.returncode == 0 and c.stdout.strip().split('\n')[-1].startswith('OK')
print(f'{int(ok)} passed, {int(not ok)} failed')
sys.exit(0 if ok else 1)
