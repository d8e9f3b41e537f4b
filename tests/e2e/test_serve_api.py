"""`nianbao serve` over HTTP, every route and status code (urllib):
the board, the page, data with ETag, saves with If-Match (200, 412, 422,
428, 401 without the token), check JSON with the cells' keys and labels,
PDF/PDF-A/web edition rendered on demand and cached, import, ids that try
to climb out of the data folder, body limits, the Host check, a file
edited by hand seen without a restart, and a server killed in the middle
of saves leaving a whole, valid file."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(__file__))
from pdftools import check, finish, layout_keys  # noqa: E402
from serve_util import Server, county_copy, req  # noqa: E402
import xlsxfix  # noqa: E402

NB = os.path.abspath(sys.argv[1])
TMP, DATA = county_copy()


def read(name):
    with open(os.path.join(DATA, name), 'rb') as f:
        return f.read()


def jbody(b):
    try:
        return json.loads(b)
    except ValueError:
        return {}


def outside_files():
    """Every file of the scratch folder outside the data folder."""
    found = []
    for d, _, files in os.walk(TMP):
        if not os.path.abspath(d).startswith(os.path.abspath(DATA)):
            found += [os.path.join(d, f) for f in files]
    return found


srv = Server(NB, DATA)
U = srv.url
check(re.search(r'\(40 offices in ', srv.line), 'readiness line names the 40 offices: ' + srv.line)

# ---- the board ---------------------------------------------------------
st, h, body = req(U + '/')
html = body.decode()
check(st == 200 and h['Content-Type'].startswith('text/html'), 'GET / is 200 HTML')
check(html.count('<tr class=') == 40, 'the board has one row per office (40)')
check('示例县人民政府办公室' in html and '示例县财政局' in html, 'the board names the offices')
row08 = re.search(r'<tr class="(\w+)" data-id="08">.*?</tr>', html).group(0)
check('有错误' in row08 and 'class="bad"' in row08, 'office 08 (A1 broken) is flagged with errors')
row34 = re.search(r'<tr class="(\w+)" data-id="34">.*?</tr>', html).group(0)
check('无法读取' in row34, 'office 34 (broken YAML) is flagged unreadable')
cli_bad = {f[:-5] for f in os.listdir(DATA) if f.endswith('.yaml') and
           subprocess.run([NB, 'check', os.path.join(DATA, f)], capture_output=True).returncode != 0}
web_bad = set(re.findall(r'<tr class="bad" data-id="([^"]+)"', html))
check(cli_bad == web_bad, 'the board fails exactly the offices `nianbao check` fails: %r vs %r' % (sorted(cli_bad), sorted(web_bad)))
check('/o/01.pdf' in html and '/o/01.pdfa.pdf' in html and '/o/01.html' in html,
      'the board links the PDF, PDF/A and web edition')
check("script-src 'self'" in h['Content-Security-Policy'], 'pages carry a CSP without inline script')
check(not re.search(r'<script(?![^>]*\bsrc=)', html), 'no inline script on the board')

st, h, body = req(U + '/static/app.js')
check(st == 200 and h['Content-Type'].startswith('text/javascript') and b'officeInit' in body,
      'GET /static/app.js serves the built-in script')
check(req(U + '/static/../../etc/passwd')[0] == 404, 'an unknown asset is 404')
check(req(U + '/nothing')[0] == 404, 'an unknown route is 404')
check(req(U + '/', 'POST', b'x')[0] == 405, 'POST / is 405')

# ---- the workspace page and data --------------------------------------
st, h, body = req(U + '/o/01')
check(st == 200 and b'data-office="01"' in body and '示例县人民政府办公室'.encode() in body,
      'GET /o/01 is the workspace page')
check(req(U + '/o/99')[0] == 404, 'GET /o/99 (no such office) is 404')
st, h, body = req(U + '/o/01/data')
etag = h['ETag']
check(st == 200 and body == read('01.yaml') and re.fullmatch(r'"[0-9a-f]+-[0-9a-f]{16}"', etag or ''),
      'GET /o/01/data returns the file with a strong ETag')
st, h, body = req(U + '/o/01/state')
state = jbody(body)
check(st == 200 and state.get('etag') == etag and state['layout']['name'] == 'annual-report-2021',
      'GET /o/01/state gives the layout, data and ETag')
cells = [c for t in state['layout']['tables'] for c in t['cells']]
check(any(c.get('key') == 'requests.result.total.natural' and c['computable'] for c in cells),
      'computed cells are marked computable')
check(any(c['kind'] == 'head' and c['cs'] > 1 for c in cells), 'merged headers have column spans')
types = {c['key']: c['type'] for c in cells if c.get('key')}
check(types.get('requests.new.natural') == 'count' and 'amount' in types.values(),
      'each cell carries the layout\'s value type (count, amount): %r' % sorted(set(types.values())))

# ---- check -------------------------------------------------------------
st, h, body = req(U + '/o/08/check')
j = jbody(body)
a1 = [g for g in j.get('diagnostics', []) if g['message'].startswith('rule A1')]
check(st == 200 and j.get('errors') == 2 and a1, 'GET /o/08/check reports A1 twice')
g = a1[0]
check(g['file'] == '08.yaml' and g['line'] == 22 and g['column'] == 18 and g['code'] == 'rule',
      'a diagnostic has file, line, column and code: %r' % {k: g.get(k) for k in ('file', 'line', 'column', 'code')})
keys = {c['key']: c['labels'] for c in g['cells']}
check(keys.get('requests.new.natural') == '一、本年新收政府信息公开申请数量 › 申请人情况 › 自然人',
      'the A1 diagnostic names its cells with key and labels')
st, h, body = req(U + '/o/34/check')
j = jbody(body)
check(st == 200 and j['diagnostics'][0]['code'] == 'syntax' and j['diagnostics'][0]['line'] == 48,
      'GET /o/34/check reports the YAML syntax error at line 48')
before = read('01.yaml')
st, h, body = req(U + '/o/01/check', 'POST', before.replace(b'requests.new: [8,', b'requests.new: [9,'))
j = jbody(body)
check(st == 200 and j['errors'] >= 1 and read('01.yaml') == before,
      'POST /o/01/check checks a candidate and writes nothing')

# ---- saves ---------------------------------------------------------------
new = before.replace(b'requests.new: [8, 2,', b'requests.new: [8, 3,').replace(
    b'requests.result.granted: [0, 2,', b'requests.result.granted: [0, 3,')
new = re.sub(rb'requests\.new: \[8, 3, 0, 0, 0, 1, 11\]', b'requests.new: [8, 3, 0, 0, 0, 1, 12]', new)
new = new.replace(b'requests.result.granted: [0, 3, 0, 0, 0, 0, 2]', b'requests.result.granted: [0, 3, 0, 0, 0, 0, 3]')
new = new.replace(b'requests.result.total: [7, 3, 0, 0, 0, 1, 11]', b'requests.result.total: [7, 4, 0, 0, 0, 1, 12]')
st, h, body = req(U + '/o/01/check', 'POST', new)
check(jbody(body).get('errors') == 0, 'the edited file is consistent: %s' % body[:300])
check(req(U + '/o/01/data', 'PUT', new)[0] == 428, 'PUT without If-Match is 428')
check(read('01.yaml') == before, '... and writes nothing')
st, h, body = req(U + '/o/01/data', 'PUT', new, {'If-Match': '"0-0000000000000000"'})
check(st == 412 and jbody(body).get('etag') == etag and read('01.yaml') == before,
      'PUT with a stale If-Match is 412, names the current ETag, writes nothing')
st, h, body = req(U + '/o/01/data', 'PUT', new, {'If-Match': 'W/' + etag})
check(st == 412, 'a weak ETag never matches (412)')
st, h, body = req(U + '/o/01/data', 'PUT', b'office: [unclosed\n', {'If-Match': etag})
j = jbody(body)
check(st == 422 and j['diagnostics'][0]['code'] == 'syntax' and read('01.yaml') == before,
      'PUT of broken YAML is 422 with diagnostics, nothing written')
broken = before.replace(b'requests.new: [8,', b'requests.new: [9,')
st, h, body = req(U + '/o/01/data', 'PUT', broken, {'If-Match': etag})
j = jbody(body)
check(st == 422 and any(c['key'] == 'requests.new.natural' for g in j['diagnostics'] for c in g['cells'])
      and read('01.yaml') == before, 'PUT of figures breaking A1 is 422 naming the cell, nothing written')
st, h, body = req(U + '/o/01/data', 'PUT', new, {'If-Match': etag})
etag2 = h['ETag']
check(st == 200 and jbody(body).get('etag') == etag2 and etag2 != etag and read('01.yaml') == new,
      'PUT with the current ETag saves: 200 and the new ETag')
check(req(U + '/o/01/data')[1]['ETag'] == etag2, 'GET /data now gives the new ETag')
st, h, body = req(U + '/o/01/data', 'PUT', before, {'If-Match': etag})
check(st == 412 and read('01.yaml') == new, 'a second save from the old version is 412, nothing lost')
check(req(U + '/o/01/data', 'DELETE')[0] == 405, 'DELETE is 405')
check(req(U + '/o/01.pdf', 'PUT', b'x', {'If-Match': '*'})[0] == 405, 'PUT on a PDF is 405')
check(not [f for f in os.listdir(DATA) if '.tmp.' in f], 'no temporary files left in the data folder')

# ---- a file edited by hand shows up without a restart ---------------------
hand = new.replace('示例县人民政府办公室'.encode(), '示例县人民政府办公室（手改）'.encode())
with open(os.path.join(DATA, '01.yaml'), 'wb') as f:
    f.write(hand)
st, h, body = req(U + '/o/01/data')
check(body == hand and h['ETag'] != etag2, 'a hand edit is served at once with a new ETag')
check('示例县人民政府办公室（手改）' in req(U + '/')[2].decode(), 'the board shows the hand edit')
with open(os.path.join(DATA, '41.yaml'), 'wb') as f:
    f.write(read('02.yaml'))
check(req(U + '/')[2].decode().count('<tr class=') == 41, 'a new file is a new office on the board')
os.unlink(os.path.join(DATA, '41.yaml'))

# ---- outputs ---------------------------------------------------------------
st, h, pdf = req(U + '/o/01.pdf')
check(st == 200 and h['Content-Type'] == 'application/pdf' and pdf.startswith(b'%PDF-'),
      'GET /o/01.pdf renders the PDF')
PDFDIR = tempfile.mkdtemp(prefix='nb-serve-pdf-')
out = os.path.join(PDFDIR, 'o1.pdf')
with open(out, 'wb') as f:
    f.write(pdf)
text = subprocess.run(['pdftotext', '-layout', out, '-'], capture_output=True, text=True).stdout
shutil.rmtree(PDFDIR)
check('示例县人民政府办公室（手改）' in text, 'the PDF is made from the saved data')
check(req(U + '/o/01.pdf')[2] == pdf, 'a second GET gives the same bytes (cached)')
st, h, page = req(U + '/o/01.html')
check(st == 200 and h['Content-Type'].startswith('text/html') and b'<table' in page
      and "default-src 'none'" in h['Content-Security-Policy'], 'GET /o/01.html is the web edition')
st, h, pdfa = req(U + '/o/01.pdfa.pdf')
check(st == 200 and pdfa.startswith(b'%PDF-1.7') and b'pdfaid' in pdfa, 'GET /o/01.pdfa.pdf is PDF/A')
st, h, body = req(U + '/o/08.pdf')
check(st == 422 and jbody(body)['errors'] == 2, 'an office breaking a rule gets 422, no PDF')

# ---- import ------------------------------------------------------------------
docx = open('tests/import/fixtures/word-2021.docx', 'rb').read()
st, h, body = req(U + '/import', 'POST', docx, {'X-File-Name': '%E6%95%99%E8%82%B2%2F..%2Fword-2021.docx'})
j = jbody(body)
check(st == 201 and j.get('id') == 'word-2021' and os.path.exists(os.path.join(DATA, 'word-2021.yaml')),
      'POST /import of a .docx makes a new office (201, id from the file name): %s' % body[:200])
made = read('word-2021.yaml').decode()
check('office: "示例县教育局"' in made and 'nianbao-upload' not in made and 'word-2021.docx' in made,
      'the imported office comes from the .docx, quoting its name')
st, h, body = req(U + '/import', 'POST', docx, {'X-File-Name': 'word-2021.docx'})
check(st == 201 and jbody(body).get('id') == 'word-2021-2', 'a second import of one name never overwrites')
check(req(U + '/o/word-2021/check')[0] == 200, 'the imported office is served at once')
page = open('tests/import/fixtures/plain-2019.html', 'rb').read()
st, h, body = req(U + '/import', 'POST', page, {'X-File-Name': 'plain-2019.html'})
check(st == 201 and jbody(body).get('id') == 'plain-2019', 'POST /import of a web page (.html)')
st, h, body = req(U + '/import', 'POST', b'PK\x03\x04 not a zip', {'X-File-Name': 'bad.docx'})
j = jbody(body)
check(st == 422 and j['diagnostics'][0]['file'] == 'bad.docx' and not os.path.exists(os.path.join(DATA, 'bad.yaml')),
      'a broken .docx is 422 naming the uploaded file, nothing written')

# A workbook of offices (the tests' own .xlsx writer), one new office a row:
# office 01's figures under two new names, the first naming a prose file
# the upload cannot bring.
rowcols, cellkeys = layout_keys(NB, 'annual-report-2021')
figs = {}
for line in read('02.yaml').decode().split('\nfigures:\n', 1)[1].splitlines():
    m = re.match(r'^  ([\w.]+): \[(.*)\]$', line)
    if m and m.group(1) in rowcols:
        figs.update({f'{m.group(1)}.{c}': v.strip() for c, v in zip(rowcols[m.group(1)], m.group(2).split(','))})
    elif re.match(r'^  ([\w.]+): (\S+)$', line):
        k, v = line.split(':', 1)
        figs[k.strip()] = v.strip()
cells = {(0, 0): '单位名称', (0, 1): 'year', (0, 2): '成文日期', (0, 3): '正文'}
for r, name in ((1, '示例县测试局甲'), (2, '示例县测试局乙')):
    cells[(r, 0)], cells[(r, 1)], cells[(r, 2)] = name, 2021, '2022-01-20'
    for j, k in enumerate(cellkeys):
        cells[(0, 4 + j)] = k
        cells[(r, 4 + j)] = int(figs[k]) if figs[k].isdigit() else figs[k]
cells[(1, 3)] = 'prose-甲.yaml'
BOOKS = tempfile.mkdtemp(prefix='nb-serve-book-')  # outside TMP: TMP is watched for strays
book = os.path.join(BOOKS, 'offices.xlsx')
xlsxfix.write(book, cells)
st, h, body = req(U + '/import', 'POST', open(book, 'rb').read(), {'X-File-Name': 'offices.xlsx'})
j = jbody(body)
check(st == 201 and j.get('ids') == ['示例县测试局甲', '示例县测试局乙']
      and all(os.path.exists(os.path.join(DATA, i + '.yaml')) for i in j['ids']),
      'POST /import of an .xlsx makes one office per row (201, ids from 单位名称): %s' % body[:300])
warn = [g for g in j.get('diagnostics', []) if g['severity'] == 'warning' and 'prose-甲.yaml' in g['message']]
check(warn and warn[0]['file'] == '示例县测试局甲 (offices.xlsx 表1!D2)',
      'the prose file a row names is left out, a warning at its cell: %s' % warn)
r = subprocess.run([NB, 'check', os.path.join(DATA, '示例县测试局乙.yaml')], capture_output=True, text=True)
check(r.returncode == 0, 'nianbao check passes on an office made from the workbook: %s' % r.stderr[-300:])
st, h, body = req(U + '/import', 'POST', open(book, 'rb').read(), {'X-File-Name': 'offices.xlsx'})
check(st == 201 and jbody(body).get('ids') == ['示例县测试局甲-2', '示例县测试局乙-2'],
      'a second upload of the workbook never overwrites')
before = sorted(os.listdir(DATA))
st, h, body = req(U + '/import', 'POST', b'PK\x03\x04 not a zip', {'X-File-Name': 'sheet.xlsx'})
j = jbody(body)
check(st == 422 and j['diagnostics'][0]['file'].startswith('sheet.xlsx') and j['errors'] >= 1
      and sorted(os.listdir(DATA)) == before,
      'a corrupt .xlsx is 422 naming the uploaded file, nothing written: %s' % body[:300])
bad = dict(cells)
bad[(0, 4 + len(cellkeys))], bad[(1, 4 + len(cellkeys))] = 'requests.bogus', 3
xlsxfix.write(book, bad)
st, h, body = req(U + '/import', 'POST', open(book, 'rb').read(), {'X-File-Name': 'offices.xlsx'})
j = jbody(body)
col = xlsxfix.col_name(4 + len(cellkeys))
shutil.rmtree(BOOKS, ignore_errors=True)
check(st == 422 and any(g['file'] == 'offices.xlsx 表1!%s1' % col and g['severity'] == 'error' for g in j['diagnostics'])
      and sorted(os.listdir(DATA)) == before,
      'a workbook with a column naming no cell is 422 naming its header cell, nothing written: %s' % body[:400])
check(req(U + '/import', 'POST', b'MZ', {'X-File-Name': 'x.exe'})[0] == 415, 'an .exe upload is 415')
check(req(U + '/import', 'POST', b'x')[0] == 400, 'an upload without a name is 400')
check(req(U + '/import')[0] == 405, 'GET /import is 405')
st = req(U + '/import', 'POST', b'PK' + b'\0' * (65 << 20), {'X-File-Name': 'big.docx'})[0]
check(st == 413, 'an upload over 64 MiB is 413')

# An office naming last year's file (previous:, relative to it): the web
# runs the cross-year rules as `nianbao check` does.
os.makedirs(os.path.join(DATA, 'last'))
o01 = read('01.yaml').decode()
open(os.path.join(DATA, 'last', '01.yaml'), 'w', encoding='utf-8').write(o01.replace('\nyear: 2021', '\nyear: 2020'))
open(os.path.join(DATA, 'x1.yaml'), 'w', encoding='utf-8').write(o01.replace('\nyear: 2021', '\nyear: 2021\nprevious: last/01.yaml'))
r = subprocess.run([NB, 'check', 'x1.yaml'], capture_output=True, text=True, cwd=DATA)
cli = sorted(re.findall(r'^x1\.yaml:(\d+):(\d+): error: (rule X[12] .*) \[rule\]$', r.stderr, re.M))
st, h, body = req(U + '/o/x1/check')
j = jbody(body)
web = sorted((str(g['line']), str(g['column']), g['message']) for g in j.get('diagnostics', [])
             if g['severity'] == 'error' and re.match(r'rule X[12] ', g['message']))
check(r.returncode == 1 and len(cli) == 3 and web == cli,
      'GET /o/x1/check names X1 and X2 exactly as nianbao check does: %r vs %r' % (web, cli))
st, h, body = req(U + '/o/x1/check', 'POST', read('x1.yaml'))
check(sorted((str(g['line']), str(g['column']), g['message']) for g in jbody(body)['diagnostics']
             if re.match(r'rule X[12] ', g['message'])) == cli, 'POST /o/x1/check runs them too')
row = [t for t in req(U + '/')[2].decode().split('<tr ') if '/o/x1"' in t]
check(len(row) == 1 and '有错误' in row[0], 'the board fails the office on X1/X2: %r' % row[:1])
shutil.rmtree(os.path.join(DATA, 'last'))
os.unlink(os.path.join(DATA, 'x1.yaml'))

for f in ('word-2021.yaml', 'word-2021-2.yaml', 'plain-2019.yaml', '示例县测试局甲.yaml', '示例县测试局乙.yaml',
          '示例县测试局甲-2.yaml', '示例县测试局乙-2.yaml'):
    os.unlink(os.path.join(DATA, f))
check(not [f for f in os.listdir(tempfile.gettempdir()) if f.startswith('nianbao-upload-')],
      'no upload left in the temporary folder')

# ---- hostile ids, bodies and hosts ---------------------------------------------
for bad in ['/o/..%2F..%2Fetc%2Fpasswd', '/o/%2e%2e', '/o/.hidden', '/o/a%2Fb/data',
            '/o/..%2Fdata%2F01/data', '/o/%00/data', '/o/01/data/x', '/o/01%5C..%5C02']:
    st = req(U + bad)[0]
    check(st == 400, 'hostile id %s is 400 (got %d)' % (bad, st))
    st = req(U + bad, 'PUT', b'office: x\n', {'If-Match': '*'})[0]
    check(st in (400, 405), 'PUT to hostile id %s is refused (got %d)' % (bad, st))
check(outside_files() == [], 'nothing was written outside the data folder')
st = req(U + '/o/01/data', 'PUT', b'#' * (17 << 20), {'If-Match': '*'})[0]
check(st == 413 and read('01.yaml') == hand, 'a body over 16 MiB is 413, nothing written')
st = req(U + '/', headers={'Host': 'evil.example:80'})[0]
check(st == 403, 'a foreign Host header is refused (DNS rebinding)')
check(srv.stop() == 0, 'SIGTERM stops the server cleanly')

# ---- the token ------------------------------------------------------------------
srv = Server(NB, DATA, token='s3cret')
U = srv.url
cur = req(U + '/o/02/data')
st = req(U + '/o/02/data', 'PUT', cur[2], {'If-Match': cur[1]['ETag']})[0]
check(st == 401, 'with --token, a save without it is 401')
st = req(U + '/o/02/data', 'PUT', cur[2], {'If-Match': cur[1]['ETag'], 'X-Nianbao-Token': 'wrong'})[0]
check(st == 401, 'a wrong token is 401')
st = req(U + '/o/02/data', 'PUT', cur[2], {'If-Match': cur[1]['ETag'], 'Authorization': 'Bearer s3cret'})[0]
check(st == 200, 'the right token (Bearer) saves')
check(req(U + '/import', 'POST', b'x', {'X-File-Name': 'a.docx'})[0] == 401, 'import needs the token')
check(req(U + '/o/02')[0] == 200, 'reading needs no token')
srv.stop()

# ---- a kill in the middle of saves never loses the file ----------------------
srv = Server(NB, DATA)
U = srv.url
orig = read('03.yaml')
bodies = [orig.replace(b'\ntext:', ('\n# save %d\ntext:' % i).encode()) for i in range(400)]
done = threading.Event()
count = [0]


def saver():
    for b in bodies:
        if done.is_set():
            return
        try:
            cur = req(U + '/o/03/data', timeout=30)
            if req(U + '/o/03/data', 'PUT', b, {'If-Match': cur[1]['ETag']}, timeout=30)[0] == 200:
                count[0] += 1
                if count[0] == 20:
                    srv.kill()  # SIGKILL while the next saves are in flight
        except Exception:
            return


threads = [threading.Thread(target=saver) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
final = read('03.yaml')
check(count[0] >= 20 and (final in bodies or final == orig),
      'after SIGKILL during saves the file is a whole saved version (%d saves)' % count[0])
check(subprocess.run([NB, 'check', os.path.join(DATA, '03.yaml')], capture_output=True).returncode == 0,
      'and it still checks clean')
shutil.rmtree(TMP, ignore_errors=True)
finish()
