#!/usr/bin/env python3
"""Shards: `build --shard K/N` for K = 1..4 (run at the same time into one
folder, as GNU parallel would) and `merge-reports` give exactly what one
unsharded run gives: byte-identical PDFs, a merged manifest equal to the
single run's and the same outcome for every office. Also: the partition
is a partition, reruns of shards skip what is unchanged, a missing shard
is named, check --shard, bad --shard values, and -j beyond the limit.
The persistent caches are pointed at a temporary folder."""
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from pdftools import *  # noqa: E402,F403

nb = sys.argv[1]
tmp = tempfile.mkdtemp()
os.environ['XDG_CACHE_HOME'] = os.path.join(tmp, 'cache')
src = os.path.join(tmp, 'county')
shutil.copytree('samples/county', src)
N = 4


def digests(folder):
    return {os.path.relpath(p, folder): hashlib.sha256(open(p, 'rb').read()).hexdigest()
            for p in glob.glob(os.path.join(folder, '**', '*.pdf'), recursive=True)}


def outcomes(folder):
    rep = json.load(open(os.path.join(folder, 'nianbao-report.json'), encoding='utf-8'))
    return rep, sorted((o['source'], o['output'] or '', o['status']) for o in rep['offices'])


def shards(folder, *extra):
    procs = [subprocess.Popen([nb, 'build', src, '-o', folder, '-j', '1', '--shard', f'{k}/{N}', *extra],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for k in range(1, N + 1)]
    return [(p.wait(), p.stderr.read()) for p in procs]


one = os.path.join(tmp, 'one')
r = run(nb, 'build', src, '-o', one, '-j', '2')
check(r.returncode == 1 and '37 built' in r.stderr, f'the single run: {r.stderr.strip().splitlines()[-1:]}')

many = os.path.join(tmp, 'many')
res = shards(many)
counts = []
for code, err in res:
    last = [l for l in err.splitlines() if 'offices in this shard' in l]
    check(last, f'each shard says what it did: {err[-200:]}')
    counts.append(int(last[-1].split()[0]) if last else 0)
check(sum(counts) == 40 and all(c > 0 for c in counts), f'the shards partition the 40 offices: {counts}')
check(os.path.exists(os.path.join(many, f'.nianbao-manifest.1-of-{N}')), 'a shard writes its own manifest')
r = run(nb, 'merge-reports', many)
check(r.returncode == 1 and 'merged 4 shards: 40 offices: 37 built, 0 unchanged, 3 failed' in r.stderr,
      f'merge-reports sums the shards (3 failures: exit 1): {r.stderr[-300:]}')
check(digests(many) == digests(one) and len(digests(one)) == 37, 'the shards make byte-identical PDFs')
m1 = open(os.path.join(one, '.nianbao-manifest'), 'rb').read()
m4 = open(os.path.join(many, '.nianbao-manifest'), 'rb').read()
check(m1 == m4 and m1.count(b'\nO\t') == 37, f'the merged manifest equals the single run\'s ({len(m1)} / {len(m4)} bytes)')
rep1, o1 = outcomes(one)
rep4, o4 = outcomes(many)
check(o1 == o4, 'every office has the same outcome in the merged report')
check(all(rep1[k] == rep4[k] for k in ('total', 'built', 'unchanged', 'failed')), 'the merged counts')
check(not glob.glob(os.path.join(many, '*-of-*')), 'merge-reports removes the shard files')

# Reruns of the shards read the merged manifest: nothing to rebuild.
res = shards(many)
check(all('0 built' in err for _, err in res), f'rerun shards skip what is unchanged: {[e.splitlines()[-1:] for _, e in res]}')
r = run(nb, 'merge-reports', many)
check('0 built, 37 unchanged, 3 failed' in r.stderr, f'merged rerun: {r.stderr[-200:]}')
check(open(os.path.join(many, '.nianbao-manifest'), 'rb').read() == m1, 'the manifest survives a rerun unchanged')

# A missing shard is named; nothing is merged.
part = os.path.join(tmp, 'part')
for k in (1, 2, 4):
    run(nb, 'build', src, '-o', part, '--shard', f'{k}/{N}')
r = run(nb, 'merge-reports', part)
check(r.returncode == 1 and 'shard 3 of 4' in r.stderr and '--shard 3/4' in r.stderr, f'a missing shard: {r.stderr[-300:]}')
check(not os.path.exists(os.path.join(part, '.nianbao-manifest')), 'nothing merged without every shard')
r = run(nb, 'merge-reports', os.path.join(tmp, 'county'))
check(r.returncode == 1 and 'no shard reports' in r.stderr, f'a folder without shards: {r.stderr[-200:]}')

# check --shard: the shards' consistent offices add up to the whole.
total = 0
for k in range(1, N + 1):
    r = run(nb, 'check', src, '--shard', f'{k}/{N}')
    line = [l for l in r.stderr.splitlines() if 'consistent' in l]
    total += int(line[-1].split(': ')[1].split()[0]) if line else 0
check(total == 37, f'check --shard: 37 consistent over the shards, got {total}')

for bad in ('0/4', '5/4', '1/0', '1', 'a/b', '2/4x'):
    r = run(nb, 'build', src, '-o', os.path.join(tmp, 'bad'), '--shard', bad)
    check(r.returncode == 2 and '--shard' in r.stderr, f'--shard {bad} is a usage error: {r.stderr[:120]}')
r = run(nb, 'build', src, '-o', os.path.join(tmp, 'bad'), '-j', '65')
check(r.returncode == 2 and '1 to 64' in r.stderr, f'-j 65 is refused, not capped: {r.stderr[:120]}')
shutil.rmtree(tmp)
finish()
