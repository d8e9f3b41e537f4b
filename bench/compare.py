#!/usr/bin/env python3
"""Driver of bench/compare.sh (see there): times BASE and CURRENT binaries
on the same inputs, alternating runs, and prints current/base ratios.

    compare.py BASE_EXE BASE_SRC CUR_EXE CUR_SRC WORKDIR N_BATCH N_BIG

Wall time is what a user waits; CPU time (user+sys of the process and its
threads) is what the work costs and is far less noisy on a shared machine.
Every run gets its own XDG_CACHE_HOME: "cold" runs start from an empty cache
folder, "warm" ones from the folder a previous run filled."""
import glob
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

base_exe, base_src, cur_exe, cur_src, work, n_batch, n_big = sys.argv[1:8]
n_batch, n_big = int(n_batch), int(n_big)
reps = int(os.environ.get('NB_BENCH_REPS', '15'))
os.makedirs(work, exist_ok=True)
SEED = 'samples/fanshi-2021.yaml'
TARGETS = []  # (label, value, target, ok)


def run(exe, src, args, cache):
    """Runs exe (cwd src) and returns (wall s, cpu s, peak RSS MB, stderr)."""
    env = dict(os.environ, XDG_CACHE_HOME=cache, SOURCE_DATE_EPOCH='0')
    t = time.perf_counter()
    p = subprocess.Popen([exe, *args], cwd=src, env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f'{exe} {" ".join(args)} failed:\n{err}')
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, err


def fresh(name):
    d = os.path.join(work, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def show(label, b, c, target=None, unit='s'):
    """b and c: (wall, cpu) medians."""
    rw, rc = c[0] / b[0], c[1] / b[1]
    mark = ''
    if target is not None:
        ok = rc <= target
        TARGETS.append((label, rc, target, ok))
        mark = f'  target <= {target}x (CPU): {"MET" if ok else "MISSED"}'
    print(f'{label:44s} base {b[0]*1e3:8.1f} ms wall {b[1]*1e3:8.1f} ms CPU | '
          f'current {c[0]*1e3:8.1f} / {c[1]*1e3:8.1f} | ratio wall {rw:.2f}x CPU {rc:.2f}x{mark}')


def med(runs):
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


# ---- one-off render in a new process ------------------------------------
print(f'\n== one-off render of {SEED} in a new process (median of {reps}) ==')
warm = fresh('cache-warm')
run(cur_exe, cur_src, ['render', SEED, '-o', os.path.join(work, 'warmup.pdf')], warm)
bw, cw, cc = [], [], []
for i in range(reps):
    bw.append(run(base_exe, base_src, ['render', SEED, '-o', os.path.join(work, 'b.pdf')], fresh('cb')))
    cw.append(run(cur_exe, cur_src, ['render', SEED, '-o', os.path.join(work, 'c.pdf')], warm))
    cc.append(run(cur_exe, cur_src, ['render', SEED, '-o', os.path.join(work, 'c0.pdf')], fresh('cc')))
show('render, warm caches (a report made again)', med(bw), med(cw), 0.3)
show('render, cold caches (first run ever)', med(bw), med(cc))
sb, sc = os.path.getsize(os.path.join(work, 'b.pdf')), os.path.getsize(os.path.join(work, 'c.pdf'))
ok = sc <= 1.03 * 287 * 1024 and sc <= 1.03 * sb
TARGETS.append(('PDF size of the seed', sc / sb, 1.03, ok))
print(f'{"PDF size of the seed":44s} base {sb} bytes, current {sc} bytes: {sc / sb:.3f}x '
      f'({sc / 1024:.1f} KB; target <= 1.03x of 287 KB: {"MET" if ok else "MISSED"})')

# ---- batches ----------------------------------------------------------------
county = [f for f in sorted(glob.glob(os.path.join(cur_src, 'samples/county/*.yaml')))
          if os.path.basename(f) not in ('08.yaml', '22.yaml', '34.yaml')]


def offices(n):
    d = fresh(f'in{n}')
    for i in range(n):
        t = open(county[i % len(county)], encoding='utf-8').read()
        t = t.replace('\noffice: ', f'\noffice: 第{i}号')
        open(os.path.join(d, f'{i:05d}.yaml'), 'w', encoding='utf-8').write(t)
    return d


src = offices(n_batch)
print(f'\n== build -j 2 over {n_batch} seed-sized offices (per report) ==')
per = lambda r: (r[0] / n_batch, r[1] / n_batch)
ob, oc, cache = fresh('ob'), fresh('oc'), fresh('cache-batch')
b1 = run(base_exe, base_src, ['build', src, '-o', ob, '-j', '2'], fresh('cbb'))
c1 = run(cur_exe, cur_src, ['build', src, '-o', oc, '-j', '2'], cache)
show('first build, cold caches', per(b1), per(c1))
b2 = run(base_exe, base_src, ['build', src, '-o', ob, '-j', '2', '--force'], fresh('cbb'))
c2 = run(cur_exe, cur_src, ['build', src, '-o', oc, '-j', '2', '--force'], cache)
show('build --force, warm caches', per(b2), per(c2), 0.3)
c3 = run(cur_exe, cur_src, ['build', src, '-o', oc, '-j', '2', '--force'], fresh('cbc'))
show('build --force, cold caches', per(b2), per(c3))
p = os.path.join(src, '00007.yaml')
t = open(p, encoding='utf-8').read()
open(p, 'w', encoding='utf-8').write(re.sub(r'active.license: \[\d+\]', 'active.license: [4242]', t))
b4 = run(base_exe, base_src, ['build', src, '-o', ob, '-j', '2'], fresh('cbb'))
c4 = run(cur_exe, cur_src, ['build', src, '-o', oc, '-j', '2'], cache)
show('rerun with one office corrected', b4[:2], c4[:2], 0.5)
shutil.rmtree(src)

# ---- memory ---------------------------------------------------------------
# Peak RSS is set by the largest single render: a cold subset cache (every
# glyph set new, hb-subset running) and a warm one are measured separately,
# each for both batch sizes, so the ratio compares like with like.
print(f'\n== peak RSS of the current tree: 100 vs {n_big} offices ==')
rss = {}
for n in (100, n_big):
    d = offices(n)
    o = fresh(f'o{n}')
    c = fresh(f'cache-mem{n}')
    rss[('build, cold cache', n)] = run(cur_exe, cur_src, ['build', d, '-o', o, '-j', '2'], c)[2]
    rss[('build --force, warm', n)] = run(cur_exe, cur_src, ['build', d, '-o', o, '-j', '2', '--force'], c)[2]
    rss[('check', n)] = run(cur_exe, cur_src, ['check', d, '-j', '2'], c)[2]
    shutil.rmtree(d)
    shutil.rmtree(o)
for cmd in ('build, cold cache', 'build --force, warm', 'check'):
    small, big = rss[(cmd, 100)], rss[(cmd, n_big)]
    ok = big <= 1.2 * small and big < 150
    TARGETS.append((f'{cmd} peak RSS {n_big} vs 100', big / small, 1.2, ok))
    print(f'{cmd:20s} peak RSS: 100 offices {small:6.1f} MB, {n_big} offices {big:6.1f} MB: '
          f'{big / small:.2f}x (target <= 1.2x and < 150 MB: {"MET" if ok else "MISSED"})')

print('\n== summary ==')
for label, v, target, ok in TARGETS:
    print(f'{"MET   " if ok else "MISSED"} {label}: {v:.2f}x (target {target}x)')
