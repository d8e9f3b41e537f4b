#!/usr/bin/env python3
"""Batch benchmark (not a test): N seed-sized offices (default 1000) made
from the county sample, built with -j 2 and -j 1 into fresh folders, then
rerun with nothing changed and with one office corrected. Prints wall time,
time per report and peak RSS for each run.

    python3 bench/batch.py [build/nianbao] [N]"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

nb = sys.argv[1] if len(sys.argv) > 1 else 'build/nianbao'
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
tmp = tempfile.mkdtemp()
src = os.path.join(tmp, 'in')
os.makedirs(src)
good = [f for f in sorted(glob.glob('samples/county/*.yaml')) if os.path.basename(f) not in ('08.yaml', '22.yaml', '34.yaml')]
for i in range(n):
    t = open(good[i % len(good)], encoding='utf-8').read()
    open(os.path.join(src, f'{i:05d}.yaml'), 'w', encoding='utf-8').write(t.replace('\noffice: ', f'\noffice: 第{i}号'))


def timed(label, *args):
    t = time.time()
    r = subprocess.run(['/usr/bin/time', '-f', '%M', nb, *args], capture_output=True, text=True)
    dt = time.time() - t
    rss = int(r.stderr.strip().split('\n')[-1]) / 1024
    summary = [l for l in r.stderr.split('\n') if 'offices:' in l]
    print(f'{label:34s} {dt:7.2f} s  {dt / n * 1000:6.2f} ms/report  peak RSS {rss:6.1f} MB  | {summary[-1] if summary else r.stderr[-200:]}')
    return dt


subprocess.run(['sync'])
out2 = os.path.join(tmp, 'out2')
timed(f'-j 2, {n} offices, cold', 'build', src, '-o', out2, '-j', '2')
timed('-j 2, rerun, nothing changed', 'build', src, '-o', out2, '-j', '2')
p = os.path.join(src, '00007.yaml')
t = open(p, encoding='utf-8').read()
open(p, 'w', encoding='utf-8').write(re.sub(r'active.license: \[\d+\]', 'active.license: [4242]', t))
timed('-j 2, rerun, one office corrected', 'build', src, '-o', out2, '-j', '2')
timed('-j 2, --force (warm)', 'build', src, '-o', out2, '-j', '2', '--force')
out1 = os.path.join(tmp, 'out1')
timed(f'-j 1, {n} offices', 'build', src, '-o', out1, '-j', '1')
timed('-j 1, --force (warm)', 'build', src, '-o', out1, '-j', '1', '--force')
shutil.rmtree(tmp)
