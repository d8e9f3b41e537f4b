#!/usr/bin/env python3
"""Batches end to end: a folder of 40 offices with three bad ones, reruns
that skip what is unchanged and rebuild exactly what changed (saying what),
byte-identical output, a GB18030 and a UTF-8-with-BOM CSV, bad CSV rows
reported as file:row:column, office names that try to leave the output
folder, a failed rebuild that keeps the last good PDF, and a batch killed
in the middle that leaves no truncated PDF."""
import glob
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from pdftools import *  # noqa: E402,F403

nb = sys.argv[1]
tmp = tempfile.mkdtemp()
src = os.path.join(tmp, 'county')
shutil.copytree('samples/county', src)
out = os.path.join(tmp, 'out')


def digests(folder):
    return {os.path.relpath(p, folder): hashlib.sha256(open(p, 'rb').read()).hexdigest()
            for p in glob.glob(os.path.join(folder, '**', '*.pdf'), recursive=True)}


def report(folder):
    return json.load(open(os.path.join(folder, 'nianbao-report.json'), encoding='utf-8'))


# First build: 37 good offices, 3 deliberate failures, exit status 1.
r = run(nb, 'build', src, '-o', out, '-j', '2')
check(r.returncode == 1, f'a batch with failures exits 1: {r.returncode}')
check('40 offices: 37 built, 0 unchanged, 3 failed' in r.stderr, f'summary: {r.stderr.strip().splitlines()[-1:]}')
check('county/08.yaml:' in r.stderr and 'rule A1' in r.stderr, 'the broken rule is named with file:line')
check('county/22.yaml:' in r.stderr and 'requests.news.natural' in r.stderr, 'the unknown key is named')
check('county/34.yaml:' in r.stderr and 'invalid YAML' in r.stderr, 'the malformed file is named')
first = digests(out)
check(len(first) == 37, f'37 PDFs written, got {len(first)}')
rep = report(out)
failed = [o for o in rep['offices'] if o['status'] == 'failed']
check(len(failed) == 3 and all(o['diagnostics'] and o['diagnostics'][0]['line'] > 0 for o in failed),
      'the JSON report lists each failure with file:line')
check(all(p.startswith('2021/') for p in first), 'names follow {year}/{office}.pdf')

# Rerun: nothing changed, nothing rebuilt, bytes identical.
r = run(nb, 'build', src, '-o', out, '-j', '2')
check('0 built, 37 unchanged, 3 failed' in r.stderr, f'rerun skips all: {r.stderr.strip().splitlines()[-1:]}')
check(digests(out) == first, 'rerun leaves every PDF as it was')

# One correction: only that office is rebuilt, and the change is reported.
p = os.path.join(src, '05.yaml')
text = open(p, encoding='utf-8').read()
old = [l for l in text.splitlines() if l.startswith('  active.penalty:')][0]
open(p, 'w', encoding='utf-8').write(text.replace(old, '  active.penalty: [777]'))


# Which files the rerun writes, not how long it takes (a busy machine
# makes any clock bound flaky): an unchanged office's PDF is not even
# rewritten (same inode and mtime; an atomic rewrite makes a new inode).
def stamp(k):
    st = os.stat(os.path.join(out, k))
    return st.st_ino, st.st_mtime_ns


stamps = {k: stamp(k) for k in first}
r = run(nb, 'build', src, '-o', out, '-j', '2')
check('1 built, 36 unchanged' in r.stderr, f'only the corrected office is rebuilt: {r.stderr.strip().splitlines()[-1:]}')
check(f'active.penalty.count {old.split("[")[1].rstrip("]")} → 777' in r.stderr, f'the change is reported: {r.stderr[-300:]}')
touched = [k for k in stamps if stamp(k) != stamps[k]]
check(len(touched) == 1, f'a rerun with one change writes one PDF, not {len(touched)}: {touched[:3]}')
now = digests(out)
changed = [k for k in now if now[k] != first.get(k)]
check(len(changed) == 1, f'exactly one PDF changed: {changed}')

# --force rebuilds everything, byte-identical for unchanged inputs.
r = run(nb, 'build', src, '-o', out, '--force')
check('37 built' in r.stderr, '--force rebuilds all')
check(digests(out) == now, '--force gives byte-identical PDFs')

# A failed rebuild keeps the last good PDF and marks it stale.
open(p, 'w', encoding='utf-8').write(text.replace(old, '  active.penalty: [777, 1]'))
r = run(nb, 'build', src, '-o', out)
stale = [o for o in report(out)['offices'] if o['status'] == 'stale']
check(len(stale) == 1 and stale[0]['source'].endswith('05.yaml'), f'the failed rebuild is reported stale: {stale[:1]}')
check(digests(out) == now, 'the last good PDF is kept')

# Office names that try to escape the output folder.
evil = os.path.join(tmp, 'evil')
os.makedirs(evil)
base = open('samples/county/01.yaml', encoding='utf-8').read()
for i, name in enumerate(['../../etc/示例 局', '..', '/abs/path 办公室', 'a/b\\c:d*e?f"g<h>i|j']):
    open(os.path.join(evil, f'{i}.yaml'), 'w', encoding='utf-8').write(
        base.replace('office: 示例县人民政府办公室', f"office: '{name}'"))
eout = os.path.join(tmp, 'eout')
r = run(nb, 'build', evil, '-o', eout)
made = [os.path.relpath(f, tmp) for f in glob.glob(os.path.join(tmp, '**', '*.pdf'), recursive=True)
        if not f.startswith(out)]
check(r.returncode == 0 and len(made) == 4, f'four odd names, four PDFs: {made} {r.stderr[-200:]}')
check(all(m.startswith('eout/2021/') and m.count('/') == 2 for m in made), f'all inside the output folder: {made}')

# Spreadsheet exports: GB18030 (Excel's default) and UTF-8 with a BOM.
cout = os.path.join(tmp, 'cout')
r = run(nb, 'build', 'samples/county.csv', '-o', cout)
check(r.returncode == 0 and '10 built' in r.stderr, f'GB18030 CSV: {r.stderr[-200:]}')
names = sorted(os.listdir(os.path.join(cout, '2021')))
check('示例县城关镇人民政府.pdf' in names, f'CSV office names decoded: {names[:2]}')
raw = open('samples/county.csv', 'rb').read().decode('gb18030')
bom = os.path.join(tmp, 'bom.csv')
open(bom, 'wb').write(b'\xef\xbb\xbf' + raw.encode('utf-8'))
shutil.copy('samples/county-prose.yaml', tmp)
r = run(nb, 'check', bom)
check(r.returncode == 0 and re.search(r'10 offices: \d+ consistent, \d+ with warnings, 0 failed', r.stderr),
      f'UTF-8 CSV with a BOM: {r.stderr[-200:]}')
lines = raw.split('\r\n')
header = lines[0].split(',')
col = header.index('requests.new.natural') + 1
row = lines[3].split(',')
row[col - 1] = str(int(row[col - 1]) + 5)
lines[3] = ','.join(row)
badv = os.path.join(tmp, 'badvalue.csv')
open(badv, 'w', encoding='gb18030', newline='').write('\r\n'.join(lines))
r = run(nb, 'check', badv)
letter = ''
n = col
while n:
    n, rem = divmod(n - 1, 26)
    letter = chr(65 + rem) + letter
office = row[0]
check(r.returncode == 1 and f'badvalue.csv:4:{col}: error: {office} ({letter}4): rule A1' in r.stderr, f'a CSV rule violation at file:row:column: {r.stderr[:300]}')
lines[5] = lines[5] + ',extra'
ragged = os.path.join(tmp, 'ragged.csv')
open(ragged, 'w', encoding='gb18030', newline='').write('\r\n'.join(lines))
r = run(nb, 'check', ragged)
check(r.returncode == 1 and 'ragged.csv:6:' in r.stderr and 'no name in the header' in r.stderr, f'a ragged row at file:row:column: {r.stderr[:300]}')
r = run(nb, 'check', 'samples/county.csv', '--encoding', 'NO-SUCH-ENCODING')
check(r.returncode == 1 and 'unknown encoding' in r.stderr, '--encoding with an unknown name')

# A batch killed in the middle leaves no truncated PDF; the next run
# clears its temporary files and finishes the job.
big = os.path.join(tmp, 'big')
os.makedirs(big)
for k in range(6):
    for f in sorted(glob.glob(os.path.join('samples/county', '*.yaml'))):
        t = open(f, encoding='utf-8').read()
        open(os.path.join(big, f'{k}-{os.path.basename(f)}'), 'w', encoding='utf-8').write(
            t.replace('\noffice: ', f'\noffice: 第{k}批'))
kout = os.path.join(tmp, 'kout')
proc = subprocess.Popen([nb, 'build', big, '-o', kout, '-j', '2'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
# Kill it once it has written its first PDF (the event, not a guess at how
# long that takes on a loaded machine); or it finished first.
while proc.poll() is None and not glob.glob(os.path.join(kout, '**', '*.pdf'), recursive=True):
    time.sleep(0.005)
proc.send_signal(signal.SIGKILL)
proc.wait()
pdfs = glob.glob(os.path.join(kout, '**', '*.pdf'), recursive=True)
broken = [f for f in pdfs if not open(f, 'rb').read().rstrip().endswith(b'%%EOF')]
check(pdfs and not broken, f'killed after {len(pdfs)} PDFs: none truncated ({len(broken)} broken)')
r = run(nb, 'build', big, '-o', kout, '-j', '2')
left = glob.glob(os.path.join(kout, '**', '*.tmp.*'), recursive=True)
check(not left and '18 failed' in r.stderr, f'the rerun completes: {r.stderr.strip().splitlines()[-1:]}')
check(len(glob.glob(os.path.join(kout, '**', '*.pdf'), recursive=True)) == 6 * 37, 'all good offices built after the rerun')

# check over a folder: rules only, nothing written.
r = run(nb, 'check', src)
check(r.returncode == 1 and '36 consistent, 0 with warnings, 4 failed' in r.stderr, f'check over a folder (05 is broken now): {r.stderr.strip().splitlines()[-1:]}')
# Cross-year rules over a batch: last year's offices matched by name.
# Using this year's data as last year's breaks X2 (现行有效 roll-forward)
# wherever anything was made or repealed.
r = run(nb, 'check', 'samples/county', '--previous', 'samples/county')
check(r.returncode == 1 and 'rule X2' in r.stderr, f'check --previous DIR runs the cross-year rules: {r.stderr[-200:]}')
finish()
