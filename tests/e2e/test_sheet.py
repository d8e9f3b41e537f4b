"""The county coordinator's workflow: template → fill → build → rollup,
spreadsheets read back, tolerant CSV, and the status board."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import openpyxl
except ImportError:  # ctest may run a Python without Debian's python3-openpyxl
    if sys.executable != '/usr/bin/python3' and os.path.exists('/usr/bin/python3'):
        os.execv('/usr/bin/python3', ['/usr/bin/python3'] + sys.argv)
    raise

sys.path.insert(0, os.path.dirname(__file__))
from pdftools import check, finish, layout_keys, run  # noqa: E402
import xlsxfix  # noqa: E402

nb = os.path.abspath(sys.argv[1])
tmp = tempfile.mkdtemp(prefix='nb-sheet-')

# The layout's keys: row key → its column leaves, and every cell key.
rowcols, cellkeys = layout_keys(nb, 'annual-report-2021')


def sample(path):
    """office, date and figures (cell key → text) of a sample data file."""
    text = open(path, encoding='utf-8').read()
    office = re.search(r'^office: (.*)$', text, re.M).group(1).strip()
    date = re.search(r'^date: (.*)$', text, re.M).group(1).strip()
    figs = {}
    body = text.split('\nfigures:\n', 1)[1] if '\nfigures:\n' in text else ''
    for line in body.splitlines():
        m = re.match(r'^  ([\w.]+): \[(.*)\]$', line)
        if m and m.group(1) in rowcols:
            for c, v in zip(rowcols[m.group(1)], m.group(2).split(',')):
                figs[f'{m.group(1)}.{c}'] = v.strip().lstrip('[')  # 34.yaml's slip: [[1204]
            continue
        m = re.match(r'^  ([\w.]+): (\S+)$', line)
        if m:
            figs[m.group(1)] = m.group(2)
    prose = text[text.index('text:'):text.index('\nfigures:')] + '\n' if 'text:' in text else ''
    return office, date, figs, prose


files = sorted(f for f in os.listdir('samples/county') if f.endswith('.yaml'))
samples = [sample(os.path.join('samples/county', f)) for f in files]
bad_files = {'08.yaml', '22.yaml', '34.yaml'}  # the sample's deliberate errors
good = [s for f, s in zip(files, samples) if f not in bad_files]

# 1. The template, inspected with openpyxl.
roster = os.path.join(tmp, 'roster.txt')
open(roster, 'w', encoding='utf-8').write('单位名称\n' + ''.join(s[0] + '\n' for s in samples))
tpl = os.path.join(tmp, 'county.xlsx')
r = run(nb, 'template', '--xlsx', tpl, '--year', '2021', '--offices', roster)
check(r.returncode == 0 and os.path.exists(tpl), f'template written: {r.stderr[-200:]}')
wb = openpyxl.load_workbook(tpl)
check(wb.sheetnames == ['填报', '填写说明'], f'sheets: {wb.sheetnames}')
ws = wb['填报']
keyrow = next(r for r in range(1, 20) if ws.cell(r, 1).value == 'office')
depth = keyrow - 1
check(ws.row_dimensions[keyrow].hidden, 'the key row is hidden')
check(ws.freeze_panes == f'B{keyrow + 1}', f'panes frozen below the header: {ws.freeze_panes}')
col = {ws.cell(keyrow, c).value: c for c in range(1, ws.max_column + 1)}
check([ws.cell(keyrow, c).value for c in (1, 2, 3)] == ['office', 'year', 'date'], 'fixed columns')
check([ws.cell(keyrow, c).value for c in range(4, 4 + len(cellkeys))] == cellkeys, 'one column per table cell, in keys order')
merged = {str(m) for m in ws.merged_cells.ranges}
check(f'A1:A{depth}' in merged and ws['A1'].value == '单位名称', '单位名称 merged down the header')


def header_chain(c):
    """The labels above column c, merged cells read at their top-left."""
    out = []
    for r in range(1, depth + 1):
        v = ws.cell(r, c).value
        for m in ws.merged_cells.ranges:
            if m.min_row <= r <= m.max_row and m.min_col <= c <= m.max_col:
                v = ws.cell(m.min_row, m.min_col).value
        if v and (not out or out[-1] != v):
            out.append(v)
    return out


check(header_chain(col['requests.result.denied.secret.natural']) ==
      ['表三', '三、本年度办理结果', '（三）不予公开', '1.属于国家秘密', '申请人情况', '自然人'],
      f"表三 › … › 1.属于国家秘密 › 自然人: {header_chain(col['requests.result.denied.secret.natural'])}")
check(header_chain(col['active.rules.made']) == ['表二', '第二十条第（一）项', '规章', '本年制发件数'],
      f"表二 header: {header_chain(col['active.rules.made'])}")
first = keyrow + 1
check(ws.cell(first, 1).value == samples[0][0] and ws.cell(first + 39, 1).value == samples[-1][0],
      'one row per office of the roster, in order')
L = openpyxl.utils.get_column_letter
f = ws.cell(first, col['requests.new.total']).value
want = '=' + '+'.join(f'{L(col["requests.new." + c])}{first}' for c in
                      ['natural', 'business', 'research', 'welfare', 'legal', 'other'])
check(f == want, f'总计 is a live formula of its row: {f} vs {want}')
f = ws.cell(first, col['requests.result.total.natural']).value or ''
check(f.startswith('=') and f'{L(col["requests.result.granted.natural"])}{first}' in f and
      f'{L(col["requests.result.other.misc.natural"])}{first}' in f, f'（七）总计 formula: {f[:80]}')
import zipfile  # noqa: E402
xml = zipfile.ZipFile(tpl).read('xl/worksheets/sheet1.xml').decode()
check(re.search(r'<c r="[A-Z]+\d+"[^>]*t="str"><f>[^<]+</f><v></v></c>', xml) and '</f><v>0</v>' not in xml,
      'formulas carry no cached 0 (a file saved without recalculating reads them as computed)')
check(ws.protection.sheet and ws.cell(first, col['requests.new.total']).protection.locked and
      not ws.cell(first, col['requests.new.natural']).protection.locked, 'formulas locked, inputs not')
dv = {}
for d in ws.data_validations.dataValidation:
    for rng in str(d.sqref).split():
        dv[re.sub(r'\d', '', rng.split(':')[0])] = (d.type, d.operator, d.formula1)
check(dv.get(L(col['requests.new.natural'])) == ('whole', 'greaterThanOrEqual', '0'), 'counts: whole numbers ≥ 0')
check(dv.get(L(col['active.fees.amount'])) == ('decimal', 'greaterThanOrEqual', '0'), 'amounts: decimals ≥ 0')
check(dv.get('C', ('',))[0] == 'date', 'dates for 成文日期')
check(L(col['requests.new.total']) not in dv, 'no validation on formula cells')
check(ws.column_dimensions['A'].width >= 20, 'the name column fits the names')
inst = ' '.join(str(c.value) for row in wb['填写说明'].iter_rows() for c in row if c.value)
check('填报说明' in inst and '不小于 0 的整数' in inst, 'an instructions sheet in Chinese')

# 2. Filled by another writer (openpyxl), dates three ways, a prose column.
import datetime  # noqa: E402
pcol = col['prose']
check(pcol == ws.max_column and ws.cell(1, pcol).value == '正文（文件名）', 'the prose column comes last')
for i, (office, date, figs, prose) in enumerate(samples):
    r = first + i
    y, m, d = map(int, date.split('-'))
    ws.cell(r, 3, [datetime.date(y, m, d), f'{y}/{m}/{d}', f'{y}年{m}月{d}日'][i % 3])
    pf = f'prose-{i:02d}.yaml'
    open(os.path.join(tmp, pf), 'w', encoding='utf-8').write(prose)
    ws.cell(r, pcol, pf)
    for k, v in figs.items():
        if k in col and not str(ws.cell(r, col[k]).value or '').startswith('='):
            ws.cell(r, col[k], int(v) if re.fullmatch(r'-?\d+', v) else float(v) if re.fullmatch(r'-?\d+\.\d+', v) else v)
ws.cell(first + 41, 1, None)  # rows after the last office stay empty
wb.save(tpl)
out = os.path.join(tmp, 'out')
r = run(nb, 'build', tpl, '-o', out, '-j', '2')
# The workbook carries what the data files meant: the YAML slip (34) and the
# misspelt key (22: its cell stays empty, a warning) are gone; 08 still
# breaks rule A1.
check(r.returncode == 1 and '39 built' in r.stderr and '1 failed' in r.stderr, f'39 of 40 built: {r.stderr[-300:]}')
o08 = samples[files.index('08.yaml')][0]
m = re.search(re.escape(o08) + r' \(' + re.escape(tpl) + r' 填报!([A-Z]+)(\d+)\): error: rule A1', r.stderr)
check(m and int(m.group(2)) == first + files.index('08.yaml') and m.group(1) in
      {L(col[k]) for k in col if k.startswith('requests.') and k.endswith('.natural')},
      f'a rule error names the office and its Excel cell: {r.stderr[:400]}')
o22 = samples[files.index('22.yaml')][0]
ref = os.path.join(tmp, 'ref')
run(nb, 'build', 'samples/county', '-o', ref, '-j', '2')
same = 0
for office, *_ in good:
    a = run('pdftotext', os.path.join(out, '2021', office + '.pdf'), '-').stdout
    b = run('pdftotext', os.path.join(ref, '2021', office + '.pdf'), '-').stdout
    same += a == b and len(a) > 100
check(same == 37, f"the PDFs from the workbook read exactly as those from the data files: {same}/37")
office, date, figs, _ = good[0]
text = run('pdftotext', '-layout', os.path.join(out, '2021', office + '.pdf'), '-').stdout
row = [figs[f'requests.new.{c}'] for c in rowcols['requests.new']]
check(re.search(r'一、本年新收政府信息公开申请数量\s+' + r'\s+'.join(row), text),
      f'the filled figures print in 表三: {row}')

# 3. The status board, cell by cell, and its CSV twin.
sb = openpyxl.load_workbook(os.path.join(out, 'status.xlsx'))['状态']
rows = list(sb.iter_rows(values_only=True))
check(list(rows[0]) == ['单位名称', '状态', '警告数', '首条消息', '页数', 'PDF', '申请总数', '结转'], f'status header: {rows[0]}')
check(len(rows) == 41, f'the status board lists all 40: {len(rows) - 1}')
ok = 0
for i, (office, date, figs, _) in enumerate(samples):
    name, verdict, warns, msg, pages, pdf, total, nxt = rows[i + 1]
    isbad = files[i] == '08.yaml'
    good_row = name == office and verdict == ('failed' if isbad else 'built')
    good_row &= warns == 0
    if isbad:
        good_row &= bool(msg) and office in msg and pdf is None
    else:
        info = run('pdfinfo', pdf).stdout
        good_row &= msg is None and pages == int(re.search(r'Pages:\s+(\d+)', info).group(1))
        if files[i] not in bad_files:  # 22/34: the sample's figures differ from the sheet's
            good_row &= total == int(figs['requests.new.total']) + int(figs['requests.carried.total'])
            good_row &= nxt == int(figs['requests.next.total'])
    ok += good_row
check(ok == 40, f'status rows match the offices cell by cell: {ok}/40')
csvrows = open(os.path.join(out, 'status.csv'), encoding='utf-8-sig', newline='').read().split('\r\n')
check(len([x for x in csvrows if x]) == 41 and csvrows[1].startswith(samples[0][0] + ',built,0,,'),
      f'status.csv twin: {csvrows[1][:80]}')
r = run(nb, 'build', tpl, '-o', out)
rows = list(openpyxl.load_workbook(os.path.join(out, 'status.xlsx'))['状态'].iter_rows(values_only=True))
check(sum(x[1] == 'unchanged' for x in rows) == 39, 'a rerun: unchanged offices on the board')
# One office's figures broken after its PDF was built: stale, the PDF kept.
wb = openpyxl.load_workbook(tpl)
ws2 = wb['填报']
ws2.cell(first, col['requests.new.natural'], int(samples[0][2]['requests.new.natural']) + 7)
wb.save(tpl)
r = run(nb, 'build', tpl, '-o', out)
rows = list(openpyxl.load_workbook(os.path.join(out, 'status.xlsx'))['状态'].iter_rows(values_only=True))
check(rows[1][0] == samples[0][0] and rows[1][1] == 'stale' and rows[1][4] and os.path.exists(rows[1][5]) and
      f'({tpl} 填报!' in (rows[1][3] or ''), f'a failed rebuild shows stale with the kept PDF: {rows[1]}')
r = run(nb, 'rollup', tpl, '--office', '繁峙县人民政府', '--year', '2021', '-o', os.path.join(tmp, 'cx.yaml'))
check(r.returncode == 1 and f'FAILED {samples[0][0]}' in r.stderr and f'{samples[0][0]} ({tpl} 填报!' in r.stderr,
      f'rollup of the workbook lists the failing offices with their cells: {r.stderr[-300:]}')
# The acceptance path: all 40 consistent → build → rollup of the workbook →
# the county report. Office 0 restored, 08's slip (4 for 3) corrected.
wb = openpyxl.load_workbook(tpl)
ws2 = wb['填报']
ws2.cell(first, col['requests.new.natural'], int(samples[0][2]['requests.new.natural']))
r08 = first + files.index('08.yaml')
ws2.cell(r08, col['requests.new.natural'], ws2.cell(r08, col['requests.new.natural']).value - 1)
wb.save(tpl)
r = run(nb, 'build', tpl, '-o', out)
check(r.returncode == 0 and '0 failed' in r.stderr, f'all 40 offices of the workbook build: {r.stderr[-300:]}')
cy2 = os.path.join(tmp, 'county-from-xlsx.yaml')
r = run(nb, 'rollup', tpl, '--office', '繁峙县人民政府', '--year', '2021', '-o', cy2)
check(r.returncode == 0 and 'the sum of 40 offices' in r.stderr, f'rollup of the workbook: {r.stderr[-300:]}')
got2 = dict(re.findall(r'^  ([\w.]+): (\S+)$', open(cy2, encoding='utf-8').read(), re.M))
wb = openpyxl.load_workbook(tpl)
ws2 = wb['填报']
from decimal import Decimal  # noqa: E402
bad_sums = []
for k in cellkeys:
    vals = [ws2.cell(first + i, col[k]).value for i in range(40)]
    if any(isinstance(v, str) and v.startswith('=') for v in vals):
        continue  # a computed cell: checked by the rules on the sum
    vals = [v for v in vals if v is not None and re.fullmatch(r'-?\d+(\.\d+)?', str(v))]
    if Decimal(got2.get(k, 'NaN')) != sum(Decimal(str(v)) for v in vals):
        bad_sums.append(k)
check(not bad_sums, f'the county cells are the sums of the workbook\'s cells: {bad_sums[:5]}')


def date_it(path):
    """The county sets its own 成文日期, as the roll-up's comment asks."""
    text = open(path, encoding='utf-8').read()
    check(re.search(r'^# date: \d{4}-01-20 ', text, re.M) is not None, f'{path}: the date left for the county to set')
    open(path, 'w', encoding='utf-8').write(re.sub(r'^# date: (\S+).*$', r'date: \1', text, count=1, flags=re.M))


r = run(nb, 'render', cy2, '-o', os.path.join(tmp, 'county-x.pdf'))
check(r.returncode == 1 and 'no date' in r.stderr, f'undated, the county report does not render: {r.stderr[-200:]}')
date_it(cy2)
r = run(nb, 'render', cy2, '-o', os.path.join(tmp, 'county-x.pdf'))
text = run('pdftotext', '-layout', os.path.join(tmp, 'county-x.pdf'), '-').stdout
row = [got2[f'requests.new.{c}'] for c in rowcols['requests.new']]
check(r.returncode == 0 and re.search(r'一、本年新收政府信息公开申请数量\s+' + r'\s+'.join(row), text),
      f'the county report renders with its totals: {row}')
chk = os.path.join(tmp, 'chk')
r = run(nb, 'check', tpl, '-o', chk)
check(os.path.exists(os.path.join(chk, 'status.csv')) and ',checked,' in open(os.path.join(chk, 'status.csv'), encoding='utf-8-sig').read(), 'check -o writes the board too')

# 4. A workbook from a hand-made writer: strings shared and inline, numbers,
# a 1904 date serial, a formula with its cached value, empty rows/columns.
office, date, figs, prose = good[1]
open(os.path.join(tmp, 'p.yaml'), 'w', encoding='utf-8').write(prose)
cells = {(0, 0): '单位名称', (0, 1): 'year', (0, 2): '成文日期', (0, 4): 'prose'}
cells[(2, 0)], cells[(2, 1)], cells[(2, 4)] = office, 2021, ('inline', 'p.yaml')
y, m, d = map(int, date.split('-'))
serial1904 = (datetime.date(y, m, d) - datetime.date(1904, 1, 1)).days
cells[(2, 2)] = ('date', serial1904)
for j, k in enumerate(cellkeys):
    c = 5 + j
    cells[(0, c)] = k
    v = figs[k]
    cells[(2, c)] = ('inline', v) if j % 3 == 0 else (int(v) if v.isdigit() else float(v))
tc = 5 + cellkeys.index('requests.new.total')
parts = [xlsxfix.col_name(5 + cellkeys.index('requests.new.' + c)) + '3' for c in rowcols['requests.new'][:-1]]
cells[(2, tc)] = ('formula', '+'.join(parts), figs['requests.new.total'])
hand = os.path.join(tmp, 'hand.xlsx')
xlsxfix.write(hand, cells, date1904=True)
r = run(nb, 'build', hand, '-o', os.path.join(tmp, 'hout'))
pdf = os.path.join(tmp, 'hout', '2021', office + '.pdf')
check(r.returncode == 0 and os.path.exists(pdf), f'a hand-written workbook builds: {r.stderr[-300:]}')
text = run('pdftotext', pdf, '-').stdout.replace('\n', '')
check(f'{y}年{m}月{d}日' in text, 'a 1904-system date serial prints as its day')
xlsxfix.write(hand, cells, date1904=True, omit=('_rels/.rels',))
r = run(nb, 'check', hand)
check(r.returncode == 0, f'a package without _rels/.rels is read at xl/workbook.xml: {r.stderr[-200:]}')
cells[(2, tc)] = ('formula', '+'.join(parts), int(figs['requests.new.total']) + 1)
xlsxfix.write(hand, cells)
r = run(nb, 'check', hand)
check(r.returncode == 1 and f'{office} ({hand} 表1!{xlsxfix.col_name(tc)}3)' in r.stderr,
      f"a formula's cached value is read and checked at its cell: {r.stderr[:300]}")

txtcells = dict(cells)
txtcells[(2, 4)] = ('inline', 'p.txt')
txtcells[(2, tc)] = ('formula', '+'.join(parts), figs['requests.new.total'])
open(os.path.join(tmp, 'p.txt'), 'w', encoding='utf-8').write(
    '一、总体情况\n本机关全年主动公开政府信息。\n五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n')
xlsxfix.write(hand, txtcells, date1904=True)
r = run(nb, 'build', hand, '-o', os.path.join(tmp, 'tout'))
text = run('pdftotext', os.path.join(tmp, 'tout', '2021', office + '.pdf'), '-').stdout
check(r.returncode == 0 and '本机关全年主动公开政府信息。' in text, f'正文 as a plain .txt file (text-file:): {r.stderr[-200:]}')
blank = dict(cells)
bc = 5 + cellkeys.index('active.rules.made')
del blank[(2, bc)]
xlsxfix.write(hand, blank)
r = run(nb, 'check', hand)
check(f"{office} ({hand} 表1!{xlsxfix.col_name(bc)}3): warning: figure 'active.rules.made'" in r.stderr,
      f'a blank cell is named by its office and Excel cell: {r.stderr[:300]}')

# 5. Damaged workbooks: clear errors, never a crash.
badzip = os.path.join(tmp, 'bad.xlsx')
open(badzip, 'wb').write(b'PK\x03\x04 this is no zip at all' * 10)
r = run(nb, 'check', badzip)
check(r.returncode == 1 and f'{badzip}: error: not a zip package' in r.stderr and '[syntax]' in r.stderr, f'bad zip: {r.stderr[:200]}')
nosheet = os.path.join(tmp, 'nosheet.xlsx')
xlsxfix.write(nosheet, cells, omit=('xl/worksheets/sheet1.xml',))
r = run(nb, 'build', nosheet, '-o', os.path.join(tmp, 'x'))
check(r.returncode == 1 and "has no part 'xl/worksheets/sheet1.xml'" in r.stderr, f'missing sheet: {r.stderr[:200]}')
cells2 = dict(cells)
cells2[(2, 1)] = 'twenty'
xlsxfix.write(nosheet, cells2)
r = run(nb, 'check', nosheet)
check(r.returncode == 1 and f'{office} ({nosheet} 表1!B3)' in r.stderr, f'a bad year names the office and B3: {r.stderr[:300]}')



def patched(name, member, edit):
    """hand.xlsx with one member rewritten by edit(text)."""
    import zipfile
    dst = os.path.join(tmp, name)
    with zipfile.ZipFile(hand) as zi, zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as zo:
        for n in zi.namelist():
            t = zi.read(n)
            zo.writestr(n, edit(t.decode()) if n == member else t)
    return dst


xlsxfix.write(hand, cells)
sheet = 'xl/worksheets/sheet1.xml'
bad_cases = [
    ('badstring.xlsx', 'xl/sharedStrings.xml', lambda t: re.sub(r'<si>.*</si>', '<si><t>x</t></si>', t, flags=re.S),
     'refers to shared string', 'syntax'),
    ('badref.xlsx', sheet, lambda t: t.replace('r="A1"', 'r="1A"', 1), "a cell named '1A'", 'syntax'),
    ('doctype.xlsx', sheet, lambda t: t.replace('<?xml version="1.0"?>', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'),
     'DOCTYPE', 'syntax'),
    ('notxml.xlsx', sheet, lambda t: t[:len(t) // 2], 'malformed', 'syntax'),
    ('wide.xlsx', sheet, lambda t: t.replace('</row>', '<c r="XFD1"><v>1</v></c></row>', 1), 'larger than', 'limit'),
]
for name, member, edit, what, code in bad_cases:
    r = run(nb, 'check', patched(name, member, edit))
    check(r.returncode == 1 and what in r.stderr and f'[{code}]' in r.stderr and 'Traceback' not in r.stderr,
          f'{name}: {what} [{code}]: {r.stderr[:300]}')
import zipfile  # noqa: E402
bomb = os.path.join(tmp, 'bomb.xlsx')
with zipfile.ZipFile(hand) as zi, zipfile.ZipFile(bomb, 'w', zipfile.ZIP_DEFLATED) as zo:
    for n in zi.namelist():
        zo.writestr(n, zi.read(n) + (b' ' * (80 << 20) if n == sheet else b''))
check(os.path.getsize(bomb) < 1 << 20, 'the bomb is small packed')
r = run(nb, 'check', bomb)
check(r.returncode == 1 and '[limit]' in r.stderr, f'a zip bomb stops at the limit: {r.stderr[:300]}')

# 6. Tolerant CSV: Chinese label paths as headers, Excel dates, trailing
# empty rows and columns, a bad header reported once, columns as letters.
office, date, figs, prose = good[2]
chain = {k: ' › '.join(header_chain(col[k])) for k in cellkeys}
y, m, d = map(int, date.split('-'))
head = ['单位名称', '年度', '成文日期', '正文'] + [chain[k] for k in cellkeys] + ['', '']
rowv = [office, '2021', f'{y}/{m}/{d}', 'p.yaml'] + [figs[k] for k in cellkeys] + ['', '']
csvp = os.path.join(tmp, 'labels.csv')
open(csvp, 'w', encoding='utf-8').write(','.join(head) + '\n' + ','.join(rowv) + '\n' + ',' * (len(head) - 1) + '\n\n')
r = run(nb, 'check', csvp)
check(r.returncode == 0 and '1 consistent' in r.stderr, f'label-path headers, 2022/1/20, trailing empties: {r.stderr[-300:]}')
head[5] = '表三 › 不存在的栏目'
rows3 = '\n'.join(','.join([f'单位{i}'] + rowv[1:]) for i in range(3))
open(csvp, 'w', encoding='utf-8').write(','.join(head) + '\n' + rows3 + '\n')
r = run(nb, 'check', csvp)
check(r.stderr.count('不存在的栏目') == 1 and f'{csvp}:1:6: error: column F' in r.stderr, f'a bad header once, as column F: {r.stderr[:300]}')
for form in ['2022年1月20日', '44581', '2022-01-20']:
    open(csvp, 'w', encoding='utf-8').write('office,year,date\n某县,2021,' + form + '\n')
    r = run(nb, 'check', csvp)
    check('date' not in r.stderr.split('error:')[-1][:40] and 'not a date' not in r.stderr, f'date {form} accepted: {r.stderr[:200]}')

# 7. The county 汇总 against an independent sum.
gdir = os.path.join(tmp, 'good')
os.mkdir(gdir)
for f in files:
    if f not in bad_files:
        shutil.copy(os.path.join('samples/county', f), gdir)
cy = os.path.join(tmp, 'county.yaml')
r = run(nb, 'rollup', gdir, '--office', '繁峙县人民政府', '--year', '2021', '-o', cy)
check(r.returncode == 0, f'rollup: {r.stderr[-300:]}')
got = dict(re.findall(r'^  ([\w.]+): (\S+)$', open(cy, encoding='utf-8').read(), re.M))
from decimal import Decimal  # noqa: E402
want = {k: sum(Decimal(s[2][k]) for s in good) for k in cellkeys}
check(all(Decimal(got.get(k, 'NaN')) == want[k] for k in cellkeys), f'every cell is the sum of the offices: {[k for k in cellkeys if Decimal(got.get(k, "NaN")) != want[k]][:5]}')
before = open(cy, 'rb').read()
r = run(nb, 'rollup', *sorted((os.path.join(gdir, f) for f in os.listdir(gdir)), reverse=True),
        '--office', '繁峙县人民政府', '--year', '2021', '-o', cy)
check(open(cy, 'rb').read() == before, 'same offices in another order: the same bytes')
r = run(nb, 'rollup', 'samples/county', '--office', '繁峙县人民政府', '--year', '2021', '-o', os.path.join(tmp, 'c2.yaml'))
check(r.returncode == 1 and r.stderr.count('FAILED') == 3 and not os.path.exists(os.path.join(tmp, 'c2.yaml')),
      f'offices failing their own rules are listed and stop the roll-up: {r.stderr[-200:]}')
date_it(cy)
r = run(nb, 'render', cy, '-o', os.path.join(tmp, 'county.pdf'))
text = run('pdftotext', os.path.join(tmp, 'county.pdf'), '-').stdout
check(r.returncode == 0 and '繁峙县人民政府' in text and '【待填写】' in text, 'the county report renders')
prev = os.path.join(tmp, 'prev.yaml')
txt = before.decode('utf-8').replace('year: 2021', 'year: 2020')
open(prev, 'w', encoding='utf-8').write(txt)
r = run(nb, 'rollup', gdir, '--office', '繁峙县人民政府', '--year', '2021', '-o', os.path.join(tmp, 'c3.yaml'), '--previous', prev)
check(r.returncode == 1 and 'rule X1' in r.stderr, f'--previous runs the cross-year rules on the sum: {r.stderr[-300:]}')
for c in rowcols['requests.next']:
    txt = re.sub(rf'^  requests.next.{c}: .*$', f'  requests.next.{c}: {got["requests.carried." + c]}', txt, flags=re.M)
for g in ('rules', 'normative'):
    v = int(got[f'active.{g}.valid']) - int(got[f'active.{g}.made']) + int(got[f'active.{g}.repealed'])
    txt = re.sub(rf'^  active.{g}.valid: .*$', f'  active.{g}.valid: {v}', txt, flags=re.M)
open(prev, 'w', encoding='utf-8').write(txt)
r = run(nb, 'rollup', gdir, '--office', '繁峙县人民政府', '--year', '2021', '-o', os.path.join(tmp, 'c3.yaml'), '--previous', prev)
check(r.returncode == 0, f'a matching last year passes X1/X2: {r.stderr[-300:]}')

shutil.rmtree(tmp)
finish()
