#!/usr/bin/env python3
"""Honest verdicts: --previous must be the same office's report for the
year before; `check` says "consistent" only when every rule was assessed;
YAML mistakes get messages that teach; and a batch names every office with
warnings, fails them with --strict, lists stale PDFs on every run until
rebuilt, lists outputs no office makes any more (removed with --prune),
pairs last year's data by office name and rebuilds when it changes.

  test_verdicts.py NIANBAO      (from the source tree; ctest sets the folder)
Prints "N passed, N failed" last."""
import glob
import json
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from pdftools import check, finish, run  # noqa: E402

nb = sys.argv[1]
tmp = tempfile.mkdtemp(prefix='nb-verdicts-')
os.environ['NIANBAO_TODAY'] = '2026-06-01'
SEED = open('samples/fanshi-2021.yaml', encoding='utf-8').read()
CLEAN = SEED.replace('[0, 0, ~, ~, ~, ~, ~]', '[0, 0, 0, 0, 0, 0, 0]')
assert CLEAN != SEED


def office(text, name, year=2021, date=None, **figs):
    """The seed data as office `name` of `year`, with figure lines replaced;
    a 2020 one on the 2021 layout (its 现行有效件数 10 − 6 made this year:
    X2 holds), without `layout:`."""
    if year == 2020:
        figs.setdefault('active__normative', '[2, 0, 4]')
    t = re.sub(r'(?m)^office: .*$', f'office: {name}', text)
    t = re.sub(r'(?m)^year: .*$', f'year: {year}', t)
    t = re.sub(r'(?m)^date: .*$', f'date: {date or f"{year + 1}-01-20"}', t)
    for key, value in figs.items():
        key = key.replace('__', '.')
        t, n = re.subn(rf'(?m)^  {re.escape(key)}: .*$', f'  {key}: {value}', t)
        assert n == 1, key
    return t


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    return path


def line_of(path, prefix):
    for i, l in enumerate(open(path, encoding='utf-8'), 1):
        if l.startswith(prefix):
            return i
    return 0


# ---- --previous for one report ------------------------------------------------
now = write(f'{tmp}/one/now.yaml', office(CLEAN, '甲县人民政府办公室'))
last = write(f'{tmp}/one/last.yaml', office(CLEAN, '甲县人民政府办公室', 2020).replace('layout: annual-report-2021\n', ''))
other = write(f'{tmp}/one/other.yaml', office(CLEAN, '乙镇人民政府', 2020).replace('layout: annual-report-2021\n', ''))
same = write(f'{tmp}/one/same.yaml', office(CLEAN, '甲县人民政府办公室'))
r = run(nb, 'check', now, '--previous', last)
check(r.returncode == 0 and 'consistent' in r.stdout and '[value]' not in r.stderr.replace('another format', ''),
      f'--previous with the same office, the year before: {r.stdout} {r.stderr[-300:]}')
r = run(nb, 'check', now, '--previous', other)
check(r.returncode == 1 and re.search(re.escape(other) + rf':{line_of(other, "office:")}:\d+: error: .*乙镇人民政府.*甲县人民政府办公室.*\[value\]', r.stderr),
      f'--previous with another office: an error naming both: {r.stderr[-400:]}')
r = run(nb, 'check', now, '--previous', same)
check(r.returncode == 1 and re.search(re.escape(same) + rf':{line_of(same, "year:")}:\d+: error: .*2021 report.*2021.*give the 2020 report.*\[value\]', r.stderr),
      f'--previous of the same year: an error: {r.stderr[-400:]}')
out = f'{tmp}/one/x.pdf'
r = run(nb, 'render', now, '--previous', other, '-o', out)
check(r.returncode == 1 and not os.path.exists(out), 'render refuses another office as last year')

# ---- the verdict of check ---------------------------------------------------
r = run(nb, 'check', 'samples/fanshi-2021.yaml')
check(r.returncode == 0 and 'not fully assessed' in r.stdout and 'consistent' not in r.stdout,
      f'blank cells: not "consistent": {r.stdout}')
check('rule A3' in r.stderr and 'is not assessable for column 科研机构: requests.result.granted.research is blank' in r.stderr,
      f'the unassessed rules are named with why: {r.stderr[-300:]}')
r = run(nb, 'check', now)
check(r.returncode == 0 and 'consistent (0 warnings)' in r.stdout, f'clean data: consistent: {r.stdout} {r.stderr}')
r = run(nb, 'check', 'samples/fanshi-2021.yaml', '--strict')
check(r.returncode == 1 and '--strict' in r.stderr, f'check --strict fails on warnings: {r.stderr[-200:]}')

# ---- messages that teach -----------------------------------------------------
tab = write(f'{tmp}/msg/tab.yaml', CLEAN.replace('\n  overview:\n', '\n\toverview:\n'))
r = run(nb, 'check', tab)
check(r.returncode == 1 and re.search(re.escape(tab) + rf':{line_of(tab, chr(9))}:1: error: tabs are not allowed for indentation; use spaces', r.stderr),
      f'a tab: {r.stderr[-300:]}')
q = write(f'{tmp}/msg/quote.yaml', CLEAN.replace('    - h2: （一）主动公开情况\n', '    - "他说"你好"。"\n', 1))
ln = line_of(q, '    - "他说')
r = run(nb, 'check', q)
check(r.returncode == 1 and re.search(re.escape(q) + rf':{ln}:10: error: this " ends the double-quoted string.*single quotes', r.stderr),
      f'a " inside a double-quoted string: {r.stderr[-300:]}')
r = run(nb, 'check', write(f'{tmp}/msg/comma.yaml', office(CLEAN, '丙', requests__new='["1,234", 0, 0, 0, 0, 0, 0]')))
check(r.returncode == 1 and "(一、本年新收政府信息公开申请数量 › 申请人情况 › 自然人): '1,234' is not a number; write 1234" in r.stderr,
      f'the Chinese labels beside the key, and what to write: {r.stderr[:400]}')

# ---- a batch: warnings, --strict ----------------------------------------------
src = f'{tmp}/src'
write(f'{src}/a.yaml', office(CLEAN, '甲县人民政府办公室'))
write(f'{src}/b.yaml', office(SEED, '乙镇人民政府'))                     # blank cells
write(f'{src}/c.yaml', office(CLEAN, '丙乡人民政府', date='2022-03-05'))  # late
outd = f'{tmp}/out'
r = run(nb, 'build', src, '-o', outd)
check(r.returncode == 0 and '3 built' in r.stderr and '2 with warnings' in r.stderr, f'build: 3 built, 2 with warnings: {r.stderr[-300:]}')
warned = re.findall(r'(?m)^  (\S+): (\d+) warnings?; first: (.*)$', r.stderr)
names = {w[0] for w in warned}
check(names == {'乙镇人民政府', '丙乡人民政府'}, f'the summary names every office with warnings: {warned}')
check(any(w[0] == '丙乡人民政府' and w[1] == '1' and 'after 31 January 2022' in w[2] for w in warned),
      f'with the count and the first message: {warned}')
rep = json.load(open(f'{outd}/nianbao-report.json', encoding='utf-8'))
byname = {o['office']: o for o in rep['offices']}
check(rep['warned'] == 2 and byname['乙镇人民政府']['warnings'] > 5 and
      len([d for d in byname['乙镇人民政府']['diagnostics'] if d['severity'] == 'warning']) == byname['乙镇人民政府']['warnings'],
      'the JSON report keeps every warning')
strict = f'{tmp}/strict'
r = run(nb, 'build', src, '-o', strict, '--strict')
pdfs = sorted(os.path.basename(p) for p in glob.glob(f'{strict}/**/*.pdf', recursive=True))
check(r.returncode == 1 and '1 built' in r.stderr and '2 failed' in r.stderr and pdfs == ['甲县人民政府办公室.pdf'],
      f'--strict: offices with warnings fail, no PDF for them: {pdfs} {r.stderr[-300:]}')

# ---- stale PDFs are listed on every run until rebuilt ------------------------
write(f'{src}/a.yaml', office(CLEAN, '甲县人民政府办公室', requests__new='[x, 0, 0, 0, 0, 0, 0]'))
for attempt in (1, 2):
    r = run(nb, 'build', src, '-o', outd)
    check(r.returncode == 1 and re.search(r'(?m)^stale: 1 PDF is older than its data', r.stderr) and
          f'{outd}/2021/甲县人民政府办公室.pdf' in r.stderr, f'run {attempt}: the stale PDF is listed: {r.stderr[-400:]}')
    rep = json.load(open(f'{outd}/nianbao-report.json', encoding='utf-8'))
    a = [o for o in rep['offices'] if o['office'] == '甲县人民政府办公室'][0]
    check(a['stale'] is True and rep['stale_outputs'] == ['2021/甲县人民政府办公室.pdf'] and rep['stale'] == 1,
          f'run {attempt}: the JSON report marks it: {a["status"]} {rep.get("stale_outputs")}')
write(f'{src}/a.yaml', office(CLEAN, '甲县人民政府办公室'))
r = run(nb, 'build', src, '-o', outd)
check(r.returncode == 0 and 'stale:' not in r.stderr and '1 built' in r.stderr, f'rebuilt: no longer stale: {r.stderr[-300:]}')

# ---- outputs no office makes any more; --prune --------------------------------
r = run(nb, 'build', src, '-o', outd, '--pattern', '{year}-{office}.pdf')
check(r.returncode == 0 and 'not made by this batch; 3 outputs' in r.stderr and '2021/乙镇人民政府.pdf' in r.stderr,
      f'a --pattern change lists the old outputs: {r.stderr[-400:]}')
check(os.path.exists(f'{outd}/2021/乙镇人民政府.pdf'), 'they stay without --prune')
r = run(nb, 'build', src, '-o', outd, '--pattern', '{year}-{office}.pdf')
check('not made by this batch; 3 outputs' in r.stderr, f'listed again on the next run: {r.stderr[-300:]}')
r = run(nb, 'build', src, '-o', outd, '--pattern', '{year}-{office}.pdf', '--prune')
check(r.returncode == 0 and 'removed (--prune): 3 outputs' in r.stderr, f'--prune removes them: {r.stderr[-300:]}')
check(not os.path.exists(f'{outd}/2021') and os.path.exists(f'{outd}/2021-乙镇人民政府.pdf'),
      f'the old PDFs and their empty folder are gone, the new ones stay: {sorted(os.listdir(outd))}')
r = run(nb, 'build', src, '-o', outd, '--pattern', '{year}-{office}.pdf')
check('not made by this batch' not in r.stderr and '3 unchanged' in r.stderr, f'nothing left to list: {r.stderr[-300:]}')
web = f'{tmp}/web'
run(nb, 'build', src, '-o', web, '--formats', 'pdf,html')
r = run(nb, 'build', src, '-o', web, '--formats', 'pdf,html', '--pattern', '{office}.pdf', '--prune')
left = sorted(os.path.relpath(p, web) for p in glob.glob(f'{web}/**/*.*', recursive=True)
              if not p.endswith('.json') and not os.path.basename(p).startswith('status.'))
check(r.returncode == 0 and not os.path.exists(f'{web}/2021') and len(left) == 6,
      f'--prune removes an orphan\'s web edition with its PDF: {left}')

# ---- --previous in a batch: pairing by office, part of the manifest ----------
prev = f'{tmp}/prev'
for name in ('甲县人民政府办公室', '乙镇人民政府', '丁村民委员会'):
    write(f'{prev}/{name}.yaml', office(CLEAN, name, 2020).replace('layout: annual-report-2021\n', ''))
r = run(nb, 'build', src, '-o', outd, '--pattern', '{year}-{office}.pdf', '--previous', prev)
check('3 unchanged' not in r.stderr and re.search(r'3 offices: \d+ built', r.stderr),
      f'adding --previous rebuilds (last year is an input): {r.stderr[-300:]}')
check(re.search(r'(?m)^no last-year data for these offices.*\n  丙乡人民政府 \(', r.stderr),
      f'the unpaired office is listed: {r.stderr[-500:]}')
r = run(nb, 'build', src, '-o', outd, '--pattern', '{year}-{office}.pdf', '--previous', prev)
check('3 unchanged' in r.stderr, f'then unchanged: {r.stderr[-200:]}')
write(f'{prev}/甲县人民政府办公室.yaml',
      office(CLEAN, '甲县人民政府办公室', 2020, requests__next='[1, 0, 0, 0, 0, 0, 1]').replace('layout: annual-report-2021\n', ''))
r = run(nb, 'build', src, '-o', outd, '--pattern', '{year}-{office}.pdf', '--previous', prev)
check(r.returncode == 1 and 'rule X1' in r.stderr and '1 failed' in r.stderr,
      f'a change in last year\'s data is seen (X1 now fails): {r.stderr[-300:]}')
write(f'{prev}/甲县人民政府办公室.yaml', office(CLEAN, '甲县人民政府办公室', 2019).replace('layout: annual-report-2021\n', ''))
r = run(nb, 'check', src, '--previous', prev)
check(r.returncode == 1 and re.search(r'甲县人民政府办公室\.yaml:\d+:\d+: error: last year\'s data is the 2019 report.*2021.*\[value\]', r.stderr),
      f'a batch pairs by name and rejects the wrong year, naming both: {r.stderr[-400:]}')

# ---- value types declared by a layout ----------------------------------------
LAYOUT = open('layouts/annual-report-2021.yaml', encoding='utf-8').read()
ROW = '          - { label: 规章, key: rules }\n'
assert ROW in LAYOUT
typed = write(f'{tmp}/lay/typed.yaml', LAYOUT.replace(ROW, '          - { label: 规章, key: rules, type: text }\n'))
d = write(f'{tmp}/lay/words.yaml', office(CLEAN, '戊', active__rules='[无, 无, 无]'))
r = run(nb, 'check', d, '-l', typed)
check(r.returncode == 0, f'a row declared text takes words, overriding its columns\' count: {r.stderr[-300:]}')
d = write(f'{tmp}/lay/words2.yaml', office(CLEAN, '戊', active__normative='[无, 0, 10]'))
r = run(nb, 'check', d, '-l', typed)
check(r.returncode == 1 and "'无' is not a number; write 0 if there were none, or ~ to leave the cell blank, or / if it does not apply" in r.stderr,
      f'the other rows are still counts (and say what table (a) allows): {r.stderr[-300:]}')
for label, old, new, key in (
        ('an unknown type', ROW, '          - { label: 规章, key: rules, type: number }\n', 'type: number'),
        ('an unknown allowance', ROW, '          - { label: 规章, key: rules, allow: [zero] }\n', 'zero'),
        ('years to before from', 'years: { from: 2021 }', 'years: { from: 2021, to: 2020 }', 'to: 2020')):
    bad = write(f'{tmp}/lay/bad.yaml', LAYOUT.replace(old, new, 1))
    ln = next(i for i, l in enumerate(open(bad, encoding='utf-8'), 1) if key in l)
    col = open(bad, encoding='utf-8').read().splitlines()[ln - 1].index(key.split(': ')[-1]) + 1
    r = run(nb, 'check', 'samples/fanshi-2021.yaml', '-l', bad)
    check(r.returncode == 1 and re.search(re.escape(bad) + rf':{ln}:{col}: error: .*\[schema\]', r.stderr),
          f'{label}: an error at the layout\'s {ln}:{col}: {r.stderr[-300:]}')

shutil.rmtree(tmp, ignore_errors=True)
finish()
