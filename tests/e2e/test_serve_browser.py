"""The web workspace in a real browser: Debian's chromium, headless,
driven by python3-selenium through chromium-driver, against
`nianbao serve` on a scratch copy of samples/county:
open the board; open an office; type figures that break A1 and see the
rule named on its cells (and only there), full-width digits and 1,234
flagged as typed; computed totals updated live; fix; save and reload;
download the PDF and find the typed figures in it (pdftotext); two
browsers on one office (the second save gets 412, the page offers to
reload, nobody's data lost); a pasted Word paragraph with 　　 and a URL;
import a .docx; a hostile upload name and text, a hostile office name, id and prose:
nothing runs as script, nothing leaves the data folder. Waits on the DOM,
never sleeps."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import selenium  # noqa: F401
except ImportError:
    if os.path.exists('/usr/bin/python3') and os.path.realpath(sys.executable) != '/usr/bin/python3':
        os.execv('/usr/bin/python3', ['/usr/bin/python3'] + sys.argv)
    raise

from selenium import webdriver
from selenium.common.exceptions import (NoAlertPresentException, NoSuchElementException,
                                        StaleElementReferenceException)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.dirname(__file__))
from pdftools import check, finish  # noqa: E402
from serve_util import Server, county_copy, req  # noqa: E402

NB = os.path.abspath(sys.argv[1])
TMP, DATA = county_copy('nb-serve-ui-')
FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run']
HOSTILE = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
with open(os.path.join(DATA, 'evil.yaml'), 'w', encoding='utf-8') as f:
    f.write(open('samples/county/02.yaml', encoding='utf-8').read()
            .replace('office: 示例县发展和改革局', 'office: ' + '"' + HOSTILE.replace('"', '\\"') + '"'))


def browser(name, size='1280,800'):
    o = webdriver.ChromeOptions()
    o.binary_location = '/usr/bin/chromium'
    for a in FLAGS + ['--user-data-dir=' + os.path.join(TMP, 'profile-' + name), '--window-size=' + size]:
        o.add_argument(a)
    o.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    return webdriver.Chrome(service=Service('/usr/bin/chromedriver'), options=o)


def wait(d, cond, what, timeout=60):
    try:
        WebDriverWait(d, timeout, ignored_exceptions=[StaleElementReferenceException,
                                                      NoSuchElementException]).until(lambda _: cond())
        return True
    except Exception:
        check(False, 'timed out waiting: ' + what)
        return False


def fig(d, key):
    return d.find_element(By.CSS_SELECTOR, 'input[data-key="%s"]' % key)


def classes(e):
    return (e.get_attribute('class') or '').split()


def retype(e, text):
    e.clear()
    e.send_keys(text)


def open_office(d, oid):
    d.get(U + '/o/' + oid)
    wait(d, lambda: d.find_elements(By.CSS_SELECTOR, 'input.fig') and
         d.find_element(By.ID, 'status').text == '已载入', 'office %s loaded' % oid)


def no_alert(d):
    try:
        d.switch_to.alert
        return False
    except NoAlertPresentException:
        return True


def console_errors(d):
    """Script errors; refused requests (400, 404, 501) the test makes on
    purpose show as network messages and are left out."""
    return [m for m in d.get_log('browser') if m['level'] == 'SEVERE' and m.get('source') != 'network']


srv = Server(NB, DATA)
U = srv.url
a = browser('a')
b = browser('b', '1366,768')
try:
    # ---- the board --------------------------------------------------------
    a.get(U + '/')
    rows = a.find_elements(By.CSS_SELECTOR, '#board tbody tr')
    check(len(rows) == 41, 'the board lists 41 offices (40 + the hostile one): %d' % len(rows))
    verdict = {r.get_attribute('data-id'): r.find_element(By.CSS_SELECTOR, '.verdict').text for r in rows}
    check(verdict['01'] == '通过' and verdict['08'] == '有错误' and verdict['34'] == '无法读取',
          'the board shows each office\'s verdict')
    check(no_alert(a) and a.execute_script('return window.pwned') is None, 'the hostile office name runs nothing on the board')
    check(any(HOSTILE in r.text for r in rows), 'the hostile office name is shown as text')
    check(not a.find_elements(By.CSS_SELECTOR, '#board img, #board script'), 'no markup from a data file on the board')

    # ---- open an office and break A1 ---------------------------------------
    open_office(a, '05')
    check(a.execute_script('return document.documentElement.scrollWidth <= window.innerWidth'),
          'the workspace fits 1280 wide without horizontal page scrolling')
    heads = a.find_elements(By.CSS_SELECTOR, '#table-requests th.head')
    check(any(h.get_attribute('colspan') for h in heads), 'the requests table has merged headers')
    new_nat = fig(a, 'requests.new.natural')
    total_nat = fig(a, 'requests.result.total.natural')
    granted_nat = fig(a, 'requests.result.granted.natural')
    n0, g0, t0 = int(new_nat.get_attribute('value')), int(granted_nat.get_attribute('value')), int(total_nat.get_attribute('value'))
    check(total_nat.get_attribute('readonly') is not None, 'the computed （七）总计 cell is read-only')
    retype(new_nat, str(n0 + 5))
    wait(a, lambda: 'bad' in classes(fig(a, 'requests.new.natural')), 'A1 highlighted on 本年新收 自然人')
    rule = fig(a, 'requests.new.natural').get_attribute('data-rule') or ''
    check('A1' in rule.split(), 'the cell names rule A1: %r' % rule)
    check('一+二=三（七）总计+四' in fig(a, 'requests.new.natural').get_attribute('title'),
          'the cell states the rule in the layout\'s words')
    for key in ['requests.carried.natural', 'requests.result.total.natural', 'requests.next.natural']:
        check('bad' in classes(fig(a, key)), 'A1 highlights %s too' % key)
    for key in ['requests.new.business', 'requests.result.granted.natural', 'active.rules.made']:
        check('bad' not in classes(fig(a, key)), '%s, not in the broken rule, is not highlighted' % key)
    notes = a.find_element(By.ID, 'notes-requests').text
    check('A1：一+二=三（七）总计+四' in notes and '自然人' in notes, 'the note under the table states the rule: ' + notes[:80])
    check('A1' in a.find_element(By.ID, 'problems').text, 'the problems list names A1')

    # ---- typed-as-you-go flags ---------------------------------------------
    biz = fig(a, 'requests.new.business')
    b0 = biz.get_attribute('value')
    retype(biz, '１２')
    check('format' in classes(biz) and '全角' in biz.get_attribute('title'), 'full-width digits flagged as typed')
    retype(biz, '1,234')
    check('format' in classes(biz) and '千分位' in biz.get_attribute('title'), '1,234 flagged as typed')
    retype(biz, '2.5')
    check('format' in classes(biz), 'a fraction in a count flagged')
    retype(biz, b0)
    check('format' not in classes(biz), 'a whole number is accepted')

    # ---- fix: the computed total follows live, A1 holds again ------------
    retype(granted_nat, str(g0 + 5))
    wait(a, lambda: fig(a, 'requests.result.total.natural').get_attribute('value') == str(t0 + 5),
         'the computed total updates live')
    wait(a, lambda: not a.find_elements(By.CSS_SELECTOR, 'input.fig.bad'), 'no cell highlighted after the fix')
    check('A1' not in a.find_element(By.ID, 'notes-requests').text, 'the rule note is gone')

    # ---- save and reload ----------------------------------------------------
    a.find_element(By.ID, 'save').click()
    wait(a, lambda: a.find_element(By.ID, 'status').text == '已保存', 'saved')
    a.refresh()
    open_office(a, '05')
    check(fig(a, 'requests.new.natural').get_attribute('value') == str(n0 + 5) and
          fig(a, 'requests.result.total.natural').get_attribute('value') == str(t0 + 5),
          'after reload the typed figures are there')
    st, h, pdf = req(U + '/o/05.pdf')
    pdfdir = tempfile.mkdtemp(prefix='nb-serve-pdf-')
    out = os.path.join(pdfdir, '05.pdf')
    with open(out, 'wb') as f:
        f.write(pdf)
    text = subprocess.run(['pdftotext', '-layout', out, '-'], capture_output=True, text=True).stdout
    shutil.rmtree(pdfdir)
    row = re.search(r'一、本年新收政府信息公开申请数量\s+(\d+)', text)
    total = re.search(r'（七）总计\s+(\d+)', text)
    check(st == 200 and row and int(row.group(1)) == n0 + 5 and total and int(total.group(1)) == t0 + 5,
          'the downloaded PDF has the typed figures (pdftotext)')

    # ---- two browsers, one office -------------------------------------------
    open_office(a, '06')
    open_office(b, '06')
    check(b.execute_script('return document.documentElement.scrollWidth <= window.innerWidth'),
          'the workspace is usable at 1366x768')
    retype(fig(a, 'active.penalty.count'), '111')
    a.find_element(By.ID, 'save').click()
    wait(a, lambda: a.find_element(By.ID, 'status').text == '已保存', 'browser A saved')
    retype(fig(b, 'active.license.count'), '222')
    b.find_element(By.ID, 'save').click()
    wait(b, lambda: b.find_element(By.ID, 'banner').is_displayed(), 'browser B is told of the conflict')
    check('他人' in b.find_element(By.ID, 'banner').text and b.find_element(By.ID, 'reload').is_displayed(),
          'the page offers to reload')
    check(fig(b, 'active.license.count').get_attribute('value') == '222', 'B\'s typing is still in the page')
    href = b.find_element(By.ID, 'keep-mine').get_attribute('href')
    check(href.startswith('blob:'), 'B can download its own version')
    saved = open(os.path.join(DATA, '06.yaml'), encoding='utf-8').read()
    check('active.penalty.count: 111' in saved and '222' not in saved, 'A\'s save is on disk, untouched by B')
    b.find_element(By.ID, 'reload').click()
    wait(b, lambda: fig(b, 'active.penalty.count').get_attribute('value') == '111', 'B reloads A\'s version')

    # ---- pasted Word text ------------------------------------------------------
    with open(os.path.join(DATA, '07.yaml'), 'a', encoding='utf-8') as f:
        f.write('signature: false   # a key the page does not edit\n')
    open_office(a, '07')
    area = a.find_element(By.CSS_SELECTOR, 'textarea[data-section="other"]')
    url = 'https://www.gov.cn/zhengce/content/2021-01/01/content_5.htm'
    word = '\u3000\u3000本年度政府信息公开工作情况详见 ' + url + ' 。'
    # pasted as one insertion (DevTools Input.insertText, what a paste
    # does to a textarea), two Word paragraphs with CRLF between them
    area.click()
    a.execute_script('arguments[0].setSelectionRange(arguments[0].value.length, arguments[0].value.length)', area)
    a.execute_cdp_cmd('Input.insertText', {'text': '\r\n' + word + '\r\n\u3000\u3000第二段。'})
    a.find_element(By.ID, 'save').click()
    wait(a, lambda: a.find_element(By.ID, 'status').text == '已保存', 'saved the pasted paragraph')
    data = req(U + '/o/07/data')[2].decode()
    check('"本年度政府信息公开工作情况详见 ' + url + ' 。"' in data and '- "第二段。"' in data,
          'the pasted paragraphs are saved without their 　　 indent, URL intact')
    check('\nsignature: false   # a key the page does not edit\n' in data, 'a key the page does not edit is kept as written')
    edition = req(U + '/o/07.html')[2].decode()
    check(url in edition, 'the web edition carries the URL')

    # ---- import a .docx -------------------------------------------------------
    a.get(U + '/')
    docx = os.path.join(TMP, 'word-2021.docx')
    shutil.copy('tests/import/fixtures/word-2021.docx', docx)
    a.find_element(By.ID, 'import-file').send_keys(docx)
    a.find_element(By.ID, 'import').click()
    wait(a, lambda: a.find_elements(By.CSS_SELECTOR, 'main#app[data-office="word-2021"] input.fig'),
         'the imported office opens in the workspace')
    check(a.find_element(By.ID, 'f-office').get_attribute('value') == '示例县教育局',
          'the imported office\'s data is in the page')
    check(os.path.exists(os.path.join(DATA, 'word-2021.yaml')), 'the import wrote a new office file')
    os.unlink(docx)

    # ---- a hostile upload: its name and its text --------------------------------
    a.get(U + '/')
    evil_page = open('tests/import/fixtures/plain-2019.html', encoding='utf-8').read().replace(
        '推进政府信息公开工作。</p>',
        '推进政府信息公开工作。&lt;img src=x onerror="window.pwned=5"&gt;<script>window.pwned=6</script></p>')
    evil_name = os.path.join(TMP, '<img src=x onerror=window.pwned=7>.html')
    with open(evil_name, 'w', encoding='utf-8') as f:
        f.write(evil_page)
    a.find_element(By.ID, 'import-file').send_keys(evil_name)
    a.find_element(By.ID, 'import').click()
    wait(a, lambda: a.find_elements(By.CSS_SELECTOR, 'main#app input.fig'), 'the hostile upload opens')
    oid = a.find_element(By.ID, 'app').get_attribute('data-office')
    check('<' not in oid and '/' not in oid and os.path.exists(os.path.join(DATA, oid + '.yaml')),
          'the hostile upload name became a safe id in the data folder: %r' % oid)
    prose = ' '.join(t.get_attribute('value') for t in a.find_elements(By.CSS_SELECTOR, 'textarea.prose'))
    check('<img src=x onerror="window.pwned=5">' in prose, 'markup in the uploaded text stays text')
    check(no_alert(a) and a.execute_script('return window.pwned') is None and
          a.execute_script("return document.querySelectorAll('script:not([src]), img').length") == 0,
          'nothing from the hostile upload ran or was injected')
    os.unlink(evil_name)

    # ---- hostile office, id and prose -----------------------------------------
    open_office(a, 'evil')
    check(a.find_element(By.ID, 'title').text == HOSTILE and a.find_element(By.ID, 'f-office').get_attribute('value') == HOSTILE,
          'the hostile office name is shown as text on the page')
    area = a.find_element(By.CSS_SELECTOR, 'textarea[data-section="other"]')
    area.send_keys('\n<script>window.pwned=3</script><img src=x onerror="window.pwned=4">')
    a.find_element(By.ID, 'save').click()
    wait(a, lambda: a.find_element(By.ID, 'status').text == '已保存', 'saved hostile prose')
    a.refresh()
    open_office(a, 'evil')
    a.get(U + '/o/evil.html')
    a.get(U + '/o/..%2F..%2Fetc%2Fpasswd')
    check('not an office id' in a.page_source, 'a hostile id in the address bar is refused')
    a.get(U + '/o/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E')
    a.get(U + '/o/evil?<script>alert(1)</script>')
    wait(a, lambda: a.find_elements(By.CSS_SELECTOR, 'input.fig'), 'evil loads with a hostile query')
    check(no_alert(a) and a.execute_script('return window.pwned') is None, 'nothing hostile ran as script')
    check(a.execute_script("return document.querySelectorAll('script:not([src]), img').length") == 0,
          'no inline script or image injected into the workspace')
    leaked = [os.path.join(d, f) for d, _, fs in os.walk(TMP) for f in fs
              if not os.path.abspath(d).startswith(os.path.abspath(DATA)) and 'profile-' not in d
              ]
    check(leaked == [], 'nothing written outside the data folder: %r' % leaked[:3])
    errs = console_errors(a)
    check(errs == [], 'no console errors: %r' % errs[:2])
finally:
    a.quit()
    b.quit()
    srv.stop()
    shutil.rmtree(TMP, ignore_errors=True)
finish()
