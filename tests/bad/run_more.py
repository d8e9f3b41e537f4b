#!/usr/bin/env python3
"""The bad inputs that tests/e2e/test_errors.py does not cover:

  tests/bad/render/*.yaml  errors found after loading (unknown figure keys,
                           layout names, fonts, glyphs): first line
                           `# expect: CODE LINE:COL` (and optionally a second
                           line `# says: TEXT` the message must contain —
                           what is wrong and what to write), run like test_errors
                           runs tests/bad/*.yaml (layout-*.yaml with -l and
                           the sample data; the others as the data file).
                           They are not in tests/bad/ itself because
                           test_parse loads every file there with the
                           loaders alone and expects the error from them.
  tests/bad/csv/*.csv      CSV exports, listed with their expected error in
                           tests/bad/csv/EXPECT; each through `nianbao check`
                           and `nianbao build -o DIR`.

Each case must exit with status 1, print "FILE:LINE:COL: error: ... [CODE]"
and leave an existing output untouched (render) or write no PDF (build).

  run_more.py NIANBAO        (from the source tree; ctest sets the folder)
Prints "N passed, N failed" last."""
import glob
import os
import re
import shlex
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'e2e'))
from pdftools import check, finish, run  # noqa: E402

nb = sys.argv[1]
tmp = tempfile.mkdtemp(prefix='nb-bad-')
out = os.path.join(tmp, 'keep.pdf')
SENTINEL = b'%PDF-1.3 previous good report\n'


def expect_error(r, code, where, label):
    check(r.returncode == 1, f'{label}: exit status 1, got {r.returncode}: {r.stderr.strip()[-300:]}')
    pat = re.escape(where) + r': error: .* \[' + re.escape(code) + r'\]'
    check(re.search(pat, r.stderr) is not None,
          f'{label}: "{where}: error: ... [{code}]" in: {r.stderr.strip()[:400]}')
    check(not re.search(r'Sanitizer|runtime error', r.stderr), f'{label}: sanitizer report: {r.stderr[-1500:]}')


for path in sorted(glob.glob('tests/bad/render/*.yaml')):
    first = open(path, 'rb').readline().decode('utf-8', 'replace')
    m = re.match(r'# expect: (\S+) (\d+):(\d+)', first)
    check(m is not None, f'{path}: first line is "# expect: CODE LINE:COL"')
    if not m:
        continue
    name = os.path.basename(path)
    with open(path, encoding='utf-8', errors='replace') as f:
        f.readline()
        says = re.match(r'# says: (.*)', f.readline())
    args = ['render', 'samples/fanshi-2021.yaml', '-l', path] if name.startswith('layout-') else ['render', path]
    with open(out, 'wb') as f:
        f.write(SENTINEL)
    r = run(nb, *args, '-o', out)
    expect_error(r, m.group(1), f'{path}:{m.group(2)}:{m.group(3)}', name)
    if says:
        want = says.group(1).strip()
        line = [l for l in r.stderr.splitlines() if f'{path}:{m.group(2)}:{m.group(3)}: error:' in l]
        check(line and want in line[0], f'{name}: the error says "{want}": {line[:1] or r.stderr[:300]}')
    check(open(out, 'rb').read() == SENTINEL, f'{name}: existing output untouched')
    check(not [f for f in os.listdir(tmp) if '.tmp.' in f], f'{name}: no temporary file left')

for line in open('tests/bad/csv/EXPECT', encoding='utf-8'):
    line = line.split('#', 1)[0].strip()
    if not line:
        continue
    name, code, pos, *extra = shlex.split(line)
    path = os.path.join('tests/bad/csv', name)
    check(os.path.exists(path), f'{path} exists')
    where = path if pos == '-' else f'{path}:{pos}'
    r = run(nb, 'check', path, *extra)
    expect_error(r, code, where, f'check {name}')
    outdir = os.path.join(tmp, 'build-' + name)
    r = run(nb, 'build', path, '-o', outdir, *extra)
    expect_error(r, code, where, f'build {name}')
    pdfs = glob.glob(os.path.join(outdir, '**', '*.pdf'), recursive=True)
    check(not pdfs, f'build {name}: no PDF written, found {pdfs}')

# A column given three times: each repeat is named once, and nothing else.
r = run(nb, 'check', 'tests/bad/csv/column-three-times.csv')
check(r.stderr.count('appears twice') == 2 and 'not a column nianbao knows' not in r.stderr,
      f'a column three times: two repeats named, no other header error: {r.stderr.strip()[:300]}')

listed = {l.split()[0] for l in open('tests/bad/csv/EXPECT', encoding='utf-8') if l.strip() and not l.startswith('#')}
for path in glob.glob('tests/bad/csv/*.csv'):
    check(os.path.basename(path) in listed, f'{path} is listed in tests/bad/csv/EXPECT')
shutil.rmtree(tmp, ignore_errors=True)
finish()
