#!/usr/bin/env python3
"""Pathological inputs through the CLI: each must finish well inside a time
bound and either render or fail cleanly — exit status 0, or 1 with a
`file:line:col: error: ... [code]` message — never crash, hang, or print a
sanitizer report.

  test_pathological.py NIANBAO [--only NAME]

Inputs are generated here (a 1 MB paragraph is not committed). The time
bound is relative, so that a loaded machine (or a sanitizer build) slows
the yardstick as much as the cases: each case may take FACTOR times as
long as rendering the seed report, measured in the same run right before
the case (and never less than the median of three runs at the start).
FACTOR is 200 (NB_PATHO_FACTOR overrides): the slowest cases (3,000
offices, a 5 MB file) take about 80 seed renders, the blow-ups this guards
against (quadratic breaking, backtracking) thousands. Prints a table of timings and
"N passed, N failed" last."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from pdftools import check, finish, run  # noqa: E402

nb = sys.argv[1]
only = sys.argv[sys.argv.index('--only') + 1] if '--only' in sys.argv else None
tmp = tempfile.mkdtemp(prefix='nb-patho-')
FACTOR = float(os.environ.get('NB_PATHO_FACTOR', '200'))
SEED = os.path.join(tmp, 'seed.pdf')


def seed_seconds():
    """One render of the seed report: the yardstick. Without the persistent
    caches, so that it measures the whole pipeline (font resolution,
    subsetting) the way the cases, whose glyphs are new, run it."""
    t0 = time.monotonic()
    subprocess.run([nb, 'render', 'samples/fanshi-2021.yaml', '-o', SEED], capture_output=True,
                   env=dict(os.environ, NIANBAO_CACHE='off'))
    return time.monotonic() - t0


BASELINE = sorted(seed_seconds() for _ in range(3))[1]

HDR = 'layout: annual-report-2021\noffice: 某县人民政府办公室\nyear: 2021\ndate: 2022-01-24\n'
TAIL = '  problems: [无]\n  other: [无]\n'
timings = []


def overview(items):
    """Office data whose overview section holds `items` (YAML lines)."""
    return HDR + 'text:\n  overview:\n' + items + TAIL


def write(name, text):
    path = os.path.join(tmp, name)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    return path


def case(name, path, args, expect, code=None, where=None, cmd='render', post=None):
    """Runs `nianbao CMD path ARGS`; `expect` is the set of allowed exit
    statuses; with 1, the error must carry [code] (at `where` if given)."""
    if only and name != only:
        return
    out = os.path.join(tmp, name + '.pdf')
    argv = [nb, cmd, path, *args] + (['-o', out] if cmd == 'render' else [])
    size = os.path.getsize(path)
    limit = FACTOR * max(BASELINE, seed_seconds())
    t0 = time.monotonic()
    try:
        r = subprocess.run(argv, capture_output=True, timeout=max(60, limit * 6))
    except subprocess.TimeoutExpired:
        check(False, f'{name}: did not finish in {max(60, limit * 6):.0f} s')
        timings.append((name, size, None, 'timeout', ''))
        return
    dt = time.monotonic() - t0
    err = r.stderr.decode('utf-8', 'replace')
    first = next((l for l in err.splitlines() if ': error: ' in l), '')
    timings.append((name, size, dt, r.returncode, first[len(tmp) + 1:][:90] if first else ''))
    check(r.returncode in expect, f'{name}: exit status {r.returncode}, expected {sorted(expect)}: {err[-600:]}')
    check(dt < limit, f'{name}: {dt:.2f} s, over {limit:.2f} s ({FACTOR:.0f} seed renders)')
    check(not re.search(r'Sanitizer|runtime error|Segmentation|Aborted', err), f'{name}: sanitizer report: {err[-2000:]}')
    if r.returncode == 1:
        pat = r'\S+(:\d+:\d+)?: error: .* \[' + (code or r'[a-z-]+') + r'\]'
        if where:
            pat = re.escape(where) + r': error: .* \[' + (code or r'[a-z-]+') + r'\]'
        check(re.search(pat, err) is not None, f'{name}: "{where or "file:line:col"}: error: ... [{code or "any"}]" in: {err[:400]}')
        check(not os.path.exists(out), f'{name}: no PDF after an error')
    if r.returncode == 0 and cmd == 'render':
        check(os.path.exists(out) and open(out, 'rb').read(5) == b'%PDF-', f'{name}: a PDF is written')
        if post:
            post(out)
    if os.path.exists(out):
        os.unlink(out)


def pages(pdf):
    m = re.search(r'Pages:\s+(\d+)', run('pdfinfo', pdf).stdout)
    return int(m.group(1)) if m else 0


def at_least_pages(n):
    def post(pdf):
        p = pages(pdf)
        check(p >= n, f'{os.path.basename(pdf)}: {p} pages, expected at least {n}')
    return post


def has_text(s):
    def post(pdf):
        text = re.sub(r'\s+', '', run('pdftotext', '-enc', 'UTF-8', pdf, '-').stdout)
        check(s in text, f'{os.path.basename(pdf)}: the whole string is in the text, cut at line ends only')
    return post


# ---- long paragraphs ----------------------------------------------------------

# 1,000,002 bytes of CJK: under the 1 MiB paragraph limit, ~540 pages.
p = write('para-1mb.yaml', overview('    - "' + '政府信息公开' * 55556 + '"\n'))
case('paragraph-1mb', p, [], {0, 1}, 'limit', post=at_least_pages(400))
# Over the documented limit: a positioned limit error, not an attempt.
p = write('para-over.yaml', overview('    - "' + '政府信息公开' * 62000 + '"\n'))
case('paragraph-over-limit', p, [], {1}, 'limit', f'{p}:7:7')
# 1 MB of white space inside one paragraph (white space hangs at line ends:
# this once took seconds per 100 KB).
p = write('spaces-1mb.yaml', overview('    - "开' + ' ' * 1000000 + '始"\n'))
case('spaces-1mb', p, [], {0})
p = write('ideographic-spaces.yaml', overview('    - "开' + '\u3000' * 300000 + '始"\n'))
case('ideographic-spaces-300k', p, [], {0})
# Strings with no break opportunity are cut at the line end, not refused.
latin = ''.join(chr(ord('a') + i % 26) for i in range(500))
p = write('latin-500.yaml', overview(f'    - "{latin}"\n'))
case('unbreakable-latin-500', p, [], {0}, post=has_text(latin))
p = write('digits-500.yaml', overview('    - "' + '7' * 500 + '年"\n'))
case('unbreakable-digits-500', p, [], {0}, post=has_text('7' * 500 + '年'))
p = write('dashes.yaml', overview('    - "' + '—' * 3000 + '"\n'))
case('dashes-3000', p, [], {0})
p = write('no-start-marks.yaml', overview('    - "' + '，' * 10000 + '"\n'))
case('no-start-marks-10000', p, [], {0})
p = write('no-end-marks.yaml', overview('    - "' + '“' * 10000 + '"\n'))
case('no-end-marks-10000', p, [], {0})
p = write('combining.yaml', overview('    - "a' + '\u0301' * 20000 + '"\n'))
case('combining-marks-20000', p, [], {0, 1}, 'glyph')

# ---- many items -----------------------------------------------------------------

p = write('paras-10000.yaml', overview('    - 字\n' * 10000))
case('paragraphs-10000-of-one-char', p, [], {0}, post=at_least_pages(400))
p = write('headings-10000.yaml', overview('    - h2: （一）标题\n' * 10000))
case('keep-with-next-headings-10000', p, [], {0})
p = write('paras-5mb.yaml', overview(''.join(f'    - "{"文" * 40}"\n' for _ in range(40000))))
case('paragraphs-5mb', p, [], {0})
p = write('office-100k.yaml', overview('    - 正文。\n').replace('某县人民政府办公室', '某' * 100000))
case('office-name-100k-chars', p, [], {0})
p = write('heading-100k.yaml', overview('    - h2: "' + '标' * 100000 + '"\n'))
case('heading-100k-chars', p, [], {0})

# ---- YAML size, nesting, keys -------------------------------------------------

p = write('nesting-flow.yaml', HDR + 'figures:\n  deep: ' + '[' * 100000 + ']' * 100000 + '\n')
case('nesting-flow-100000', p, [], {1}, 'limit')
p = write('nesting-block.yaml', HDR + 'figures:\n' + ''.join('  ' * (i + 1) + f'k{i}:\n' for i in range(2000)) + '  ' * 2001 + 'v\n')
case('nesting-block-2000', p, [], {1}, 'limit')
p = write('keys-5mb.yaml', overview('    - 正文。\n') + 'figures:\n' + ''.join(f'  requests.k{i:07d}: "{"9" * 24}"\n' for i in range(120000)))
case('unknown-keys-5mb', p, [], {1}, 'schema')
p = write('nodes.yaml', overview('    - 正文。\n') + 'figures:\n' + ''.join(f'  k{i:07d}: {i}\n' for i in range(400000)))
case('node-limit-400k-keys', p, [], {1}, 'limit')
p = write('huge.yaml', HDR + '# ' + 'x' * (17 * 1024 * 1024) + '\n')
case('file-over-16mib', p, [], {1}, 'limit')
p = write('alias-bomb.yaml', HDR + 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n')
case('alias-bomb', p, [], {1}, 'syntax')
p = write('long-key.yaml', overview('    - 正文。\n') + 'figures:\n  ' + 'k' * 1000000 + ': 1\n')
case('key-1mb', p, [], {1}, 'syntax|schema')  # libyaml: a key over 1024 characters is no key

# ---- tables ---------------------------------------------------------------------

base = open('layouts/annual-report-2021.yaml', encoding='utf-8').read()
head = base[:base.index('\ndocument:')]


def table_layout(name, nrows, ncols=1):
    cols = ''.join(f'          - {{ label: 列{c}, key: c{c} }}\n' for c in range(ncols))
    rows = ''.join(f'          - {{ label: 第{r}行, key: r{r} }}\n' for r in range(nrows))
    return write(name, head + '\ndocument:\n  - title: ["{office}"]\n  - table: big\n'
                 '\ntables:\n  big:\n    style: table\n    header-style: table-head\n'
                 '    continued: 续表\n    groups:\n      - corner: 项目\n        columns:\n'
                 + cols + '        rows:\n' + rows)


def table_data(name, nrows):
    return write(name, 'layout: big\noffice: 某县\nyear: 2021\nsignature: false\ntext: {}\n'
                 'figures:\n' + ''.join(f'  big.r{r}.c0: {r}\n' for r in range(nrows)))


# 10,000 rows and their label column are over the 20,000-cell table limit.
lay = table_layout('table-10000.yaml', 10000)
case('table-10000-rows', table_data('table-10000-data.yaml', 10000), ['-l', lay], {1}, 'limit')
# 9,000 rows fit: about 265 pages of one table with repeated headers.
lay = table_layout('table-9000.yaml', 9000)
case('table-9000-rows', table_data('table-9000-data.yaml', 9000), ['-l', lay], {0}, post=at_least_pages(200))
lay = table_layout('table-wide.yaml', 1, 19999)
case('table-19999-columns', write('table-wide-data.yaml', 'layout: big\noffice: 某县\nyear: 2021\nsignature: false\ntext: {}\n'), ['-l', lay], {0, 1}, 'limit')

# ---- CSV exports --------------------------------------------------------------

# A spreadsheet of 3,000 offices with every figure (all 0: consistent).
keys = [l.split()[0] for l in run(nb, 'keys', 'annual-report-2021').stdout.splitlines()
        if l.strip() and not l.startswith('#') and ' = [' not in l]
rows = ''.join(f'某{i}办公室,2021,2022-01-20,annual-report-2021' + ',0' * len(keys) + '\n' for i in range(3000))
p = write('offices-3000.csv', 'office,year,date,layout,' + ','.join(keys) + '\n' + rows)
case(f'csv-check-3000-offices-{len(keys)}-figures', p, [], {0}, cmd='check')
p = write('wide.csv', ','.join(f'c{i}' for i in range(5000)) + '\n' + ','.join('1' for _ in range(5000)) + '\n')
case('csv-5000-columns', p, [], {1}, 'limit', cmd='check')
p = write('ragged.csv', 'office,year,layout\n' + '某办公室,2021,annual-report-2021\n' * 1000 + 'x,2021\n')
case('csv-ragged-row-1002', p, [], {1}, 'schema', f'{p}:1002:3', cmd='check')
with open(os.path.join(tmp, 'gbk-bad.csv'), 'wb') as f:
    f.write('office,year,layout\n'.encode() + '某办公室'.encode('gb18030') + b'\xff\xff,2021,annual-report-2021\n')
case('csv-not-gb18030', os.path.join(tmp, 'gbk-bad.csv'), [], {1}, 'syntax', cmd='check')

print()
print(f'{"case":36s} {"input":>10s} {"seconds":>8s} {"exit":>5s}  first error')
for name, size, dt, rc, first in timings:
    secs = f'{dt:8.3f}' if dt is not None else ' timeout'
    print(f'{name:36s} {size:>10,d} {secs} {rc!s:>5s}  {first}')
print(f'(bound: {FACTOR:.0f} seed renders a case; a seed render took {BASELINE:.3f} s at the start)')
shutil.rmtree(tmp, ignore_errors=True)
finish()
