#!/usr/bin/env python3
"""Text as offices really write it (issue 9): tests/fixtures/word-pasted.yaml
is prose pasted from Word — indentation, line breaks, blank lines, no-break
and zero-width spaces, a BOM, a line separator, URLs, an e-mail address,
document numbers, a Latin sentence, the office's own title, a 31-character
signing body. Rendered, every paragraph must extract as the normalised
text, URL and e-mail with no inserted spaces; every line stays inside the
156 × 225 mm block; no protected run is letter-spaced; the notes list each
normalisation at its file:line:col."""
import html
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from pdftools import *  # noqa: E402,F403

nb = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
tmp = tempfile.mkdtemp()
data = os.path.join(tmp, 'word-pasted.yaml')
shutil.copy(os.path.join(here, '..', 'fixtures', 'word-pasted.yaml'), data)
out = os.path.join(tmp, 'word.pdf')
r = run(nb, 'render', data, '-o', out)
check(r.returncode == 0, f'renders (exit {r.returncode}): {r.stderr[-300:]}')

# ---- the notes: one per normalisation, each at file:line:col ----------------
notes = [l for l in r.stderr.splitlines() if ': note: ' in l]
for l in notes:
    check(re.match(r'^.*word-pasted\.yaml:\d+:\d+: note: ', l) is not None, f'note has file:line:col: {l}')
for what, pattern in [
        ('indentation', r':22:8: note: removed the indentation .*2 × U\+3000'),
        ('joined lines', r':24:\d+: note: joined 2 line breaks'),
        ('blank line', r':28:9: note: a new paragraph starts here \(a blank line\)'),
        ('Word indentation', r':38:9: note: a new paragraph starts here \(a line that starts with indentation'),
        ('no-break space', r':30:\d+: note: 2 U\+00A0 NO-BREAK SPACE kept'),
        ('zero-width and BOM', r':30:\d+: note: removed 3 invisible formatting characters \(the first: U\+200B'),
        ('line separator', r':32:15: note: removed 1 line or paragraph separator'),
        ('heading number', r'note: heading printed as \'五、存在的问题及改进措施\'')]:
    check(any(re.search(pattern, l) for l in notes), f'a note for the {what}')
check(' error: ' not in r.stderr, 'no error for harmless characters')

# ---- the text a reader gets back -------------------------------------------
NB = '\u00a0'
expected = [
    '示例市示例新区管理委员会', '2021年政府信息公开工作年度报告',
    '本报告依据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）编制。',
    '2021年，示例新区管理委员会认真贯彻落实党中央、国务院关于政务公开的决策部署，全面推进决策、执行、管理、服务、结果公开。本报告电子版可在示例新区门户网站（http://www.example.gov.cn/zwgk/xxgk/ndbg/2021/index.html）下载。',
    f'如对本报告有疑问，请与示例新区党政办公室联系（电话：0351{NB}12345678，电子邮箱：gongkai@example.gov.cn）。',
    f'全年通过政府门户网站发布信息1{NB}234条，其中政策解读{NB}56篇，图解16篇。',
    'The Regulations on the Disclosure of Government Information require every administrative organ to publish its annual report before 31 January.',
    '平台建设方面：政务新媒体7家，全部开通互动回应渠道，详见https://www.example.gov.cn/hdjl/index.html?type=annual&year=2021。',
    '一是信息公开目录更新不够及时；二是政策解读形式较为单一。',
    '下一步，将依据繁政办函〔2021〕61号文件要求加强培训。',
    '五、存在的问题及改进情况'.replace('改进情况', '改进措施'),
    '中共示例市委示例新区工作委员会示例新区管理委员会党政办公室', '2022年1月20日']


def squash(t):
    """Extractors print a no-break space as a space and may show a widened
    gap between Chinese characters as one: compare without white space."""
    return re.sub(r'[\s\u00a0]+', '', t)


for tool in ('poppler', 'mupdf'):
    lines = text_lines(out, tool)
    joined = ''.join(lines)
    flat = squash(joined)
    missing = [p for p in expected if squash(p) not in flat]
    check(not missing, f'{tool}: every paragraph extracts as the normalised text; missing {missing[:1]}')
    for token in ('http://www.example.gov.cn/zwgk/xxgk/ndbg/2021/index.html', 'gongkai@example.gov.cn',
                  'https://www.example.gov.cn/hdjl/index.html?type=annual&year=2021',
                  '国办公开办函〔2021〕30号', '繁政办函〔2021〕61号'):
        check(token in joined, f'{tool}: {token} comes back with no inserted space')
    check('0351 12345678' in joined or f'0351{NB}12345678' in joined,
          f'{tool}: the no-break space comes back as one space')
    # The Latin sentence: its words in order, none split or glued.
    words = re.findall(r'[A-Za-z0-9]+', expected[6])
    got = re.findall(r'[A-Za-z0-9]+', ' '.join(lines))
    k = next((i for i in range(len(got)) if got[i:i + len(words)] == words), None)
    check(k is not None, f'{tool}: the Latin sentence comes back word for word')
    for ch in ('\u200b', '\ufeff', '\u2028', '\u3000'):
        check(ch not in joined, f'{tool}: no U+{ord(ch):04X} in the text')

# ---- geometry: every line inside the block ---------------------------------
tol = 0.5 * MM + 0.2
for i, ((w, h), plines) in enumerate(visual_lines(out), 1):
    for x0, y0, x1, y1, t in plines:
        if PAGENO.match(t) or re.match(r'^[—–-]\d+[—–-]$', t):
            continue
        inside = x0 >= BLOCK[0] - tol and x1 <= BLOCK[2] + tol and y0 >= BLOCK[1] - tol and y1 <= BLOCK[3] + tol
        check(inside, f'page {i}: inside the block: {t[:16]} ({x0/MM:.1f}..{x1/MM:.1f} mm)')

# ---- no protected run letter-spaced ----------------------------------------
# Body text is set on the 28-character grid: every character's advance is
# followed by the same tracking. Inside a URL, an e-mail address, a number
# or a document number, the gap from one character's box to the next must
# be exactly that tracking — justification never adds to it.
tracking = (156 * MM - 28 * 16) / 27
stext = run('mutool', 'draw', '-q', '-F', 'stext', '-o', '-', out).stdout
chars = []  # (page line key, x0, x1, char)
for line in re.findall(r'<line .*?</line>', stext, re.S):
    cs = re.findall(r'<char quad="([\d.\s-]+)" x="[\d.-]+" y="([\d.-]+)"[^>]* c="([^"]*)"', line)
    for quad, y, c in cs:
        q = [float(v) for v in quad.split()]
        chars.append((y, q[0], q[2], html.unescape(c)))
text = ''.join(c for _, _, _, c in chars)
runs = ['http://www', '.example.gov.cn/zwgk/xxgk/ndbg/2021/index.html', 'gongkai@example.gov.cn',
        'https://www.example.gov.cn/hdjl/index.html?type=annual', '〔2021〕30号', '〔2021〕61号',
        '12345678', 'Regulations', 'administrative']
for token in runs:
    at = text.find(token)
    check(at >= 0, f'mupdf gives {token} without an inserted space')
    if at < 0:
        continue
    seg = chars[at:at + len(token)]
    gaps = [b[1] - a[2] for a, b in zip(seg, seg[1:]) if a[0] == b[0]]
    bad = [round(g, 3) for g in gaps if abs(g - tracking) > 0.02]
    check(gaps and not bad, f'{token}: not letter-spaced (gaps {bad[:3]} vs tracking {tracking:.3f} pt)')
# The signing body's own date (signature: {date}) is the report's 成文日期
# everywhere: under the 署名 and in the PDF's Info dates.
fanshi = open('samples/fanshi-2021.yaml', encoding='utf-8').read()
signed = os.path.join(tmp, 'signed.yaml')
open(signed, 'w', encoding='utf-8').write(
    fanshi.replace('date: 2022-01-24', 'date: 2022-01-24\nsignature: { date: 2022-01-28 }', 1))
spdf = os.path.join(tmp, 'signed.pdf')
r = run(nb, 'render', signed, '-o', spdf)
check(r.returncode == 0, f'signature date renders: {r.stderr[-300:]}')
info = run('pdfinfo', '-isodates', spdf).stdout
check('2022-01-28' in info and '2022-01-24' not in info, f'Info dates follow the signed date: {info}')
check('2022年1月28日' in run('pdftotext', spdf, '-').stdout, 'the signed date is printed')

finish()
