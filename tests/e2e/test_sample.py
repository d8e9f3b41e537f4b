#!/usr/bin/env python3
"""End to end: render samples/fanshi-2021.yaml and check what a reader gets:
exact text (poppler and mupdf), embedded subset fonts, a valid file, the
GB/T 9704 geometry, Chinese line-breaking rules, bookmarks, Info and
byte-identical output."""
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from pdftools import *  # noqa: E402,F403

nb = sys.argv[1]
tmp = tempfile.mkdtemp()
out = os.path.join(tmp, 'fanshi.pdf')
r = run(nb, 'render', 'samples/fanshi-2021.yaml', '-o', out)
check(r.returncode == 0, f'render exit {r.returncode}: {r.stderr}')
if r.returncode:
    finish()

check(run('qpdf', '--check', out).returncode == 0, 'qpdf --check')

fonts = run('pdffonts', out).stdout.strip().split('\n')[2:]
check(len(fonts) >= 3, f'at least 3 fonts, got {len(fonts)}')
for f in fonts:
    check(re.search(r'\byes\s+yes\s+yes\s+\d+\s+\d+\s*$', f) is not None, f'font embedded, subset, unicode: {f}')
    check(re.match(r'^[A-Z]{6}\+', f) is not None, f'subset tag: {f}')

# Text: every paragraph and heading comes back exactly, with no spaces that
# the source does not have.
paras = sample_paragraphs('samples/fanshi-2021.yaml')
expected = paras + ['繁峙县人民政府办公室', '2021年度政府信息公开工作年度报告', '2022年1月24日',
                    '一、总体情况', '六、其他需要报告的事项']
for tool in ('poppler', 'mupdf'):
    joined = ''.join(text_lines(out, tool))
    nospace = re.sub(r'\s+', '', joined)
    missing = [p for p in expected if re.sub(r'\s+', '', p) not in nospace]
    check(not missing, f'{tool}: all {len(expected)} texts extracted exactly; missing {missing[:1]}')
    # No spurious spaces: a paragraph without spaces of its own comes back
    # without any (lines joined with nothing between them).
    spaced = [p for p in expected if ' ' not in p and p not in joined]
    check(not spaced, f'{tool}: no spurious spaces inside paragraphs: {spaced[:1]}')

# Geometry and line composition.
pages = visual_lines(out)
check(len(pages) >= 3, f'at least 3 pages, got {len(pages)}')
tol = 0.5 * MM + 0.2
for i, ((w, h), lines) in enumerate(pages, 1):
    check(abs(w - 595.28) < 1 and abs(h - 841.89) < 1, f'page {i} is A4')
    body = [l for l in lines if not PAGENO.match(l[4]) and not re.match(r'^[—–-]\d+[—–-]$', l[4])]
    nums = [l for l in lines if l not in body]
    for x0, y0, x1, y1, t in body:
        inside = x0 >= BLOCK[0] - tol and x1 <= BLOCK[2] + tol and y0 >= BLOCK[1] - tol and y1 <= BLOCK[3] + tol
        check(inside, f'page {i}: line inside the text block: {t[:12]} ({x0/MM:.1f},{y0/MM:.1f})-({x1/MM:.1f},{y1/MM:.1f}) mm')
        check(t[0] not in NO_START, f'page {i}: line starts with a forbidden mark: {t[:12]}')
        check(t[-1] not in NO_END, f'page {i}: line ends with a forbidden mark: {t[-12:]}')
    check(len(nums) == 1, f'page {i}: one page number, got {len(nums)}')
    for x0, y0, x1, y1, t in nums:
        check(abs(y0 - (BLOCK[3] + 7 * MM)) < tol, f'page {i}: page number 7 mm below the block (top at {y0/MM:.2f} mm)')
        if i % 2:
            check(abs(x1 - (BLOCK[2] - 14)) < 1.5, f'page {i}: odd page number one character from the right ({x1/MM:.1f} mm)')
        else:
            check(abs(x0 - (BLOCK[0] + 14)) < 1.5, f'page {i}: even page number one character from the left ({x0/MM:.1f} mm)')
        check(re.sub(r'\s', '', t) == f'—{i}—', f'page {i}: number reads — {i} —: {t}')
page2 = [l for l in pages[1][1] if not PAGENO.match(l[4])]
check(len(page2) == 22, f'22 lines on full page 2, got {len(page2)}')
full = [l for l in page2 if abs(l[0] - BLOCK[0]) < 1 and abs(l[2] - BLOCK[2]) < 1]
check(len(full) >= 15, f'page 2 lines justified edge to edge: {len(full)}')
cjk = sorted(len(l[4]) for l in full if not re.search(r'[A-Za-z0-9]', l[4]))
check(cjk and cjk[len(cjk) // 2] == 28, f'28 characters on a full line: {cjk}')

# Bookmarks and Info.
outline = run('mutool', 'show', out, 'outline').stdout
for h in ('一、总体情况', '（一）主动公开情况', '六、其他需要报告的事项'):
    check(h in outline, f'bookmark {h}')
info = run('pdfinfo', out).stdout
check(re.search(r'^Author:\s+繁峙县人民政府办公室$', info, re.M) is not None, 'Info Author is the office')
check('2021年度政府信息公开工作年度报告' in info, 'Info Title')

# Reproducible and atomic.
out2 = os.path.join(tmp, 'again.pdf')
run(nb, 'render', 'samples/fanshi-2021.yaml', '-o', out2)
check(open(out, 'rb').read() == open(out2, 'rb').read(), 'byte-identical output for identical input')
size = os.path.getsize(out)
# The size budget is the typeset report's; the structure tree of the
# tagged PDF (on by default) comes on top and is measured against it.
untagged = os.path.join(tmp, 'untagged.pdf')
run(nb, 'render', 'samples/fanshi-2021.yaml', '-o', untagged, '--untagged')
usize = os.path.getsize(untagged)
check(usize < 300_000, f'untagged PDF under 300 KB: {usize}')
check(size < usize * 1.10, f'the structure tree adds under 10 %: {size} vs {usize}')
print(f'PDF: {size} bytes, {len(pages)} pages, {len(fonts)} fonts')

# `nianbao fonts`: each role's faces, and whether the data is covered.
r = run(nb, 'fonts', 'samples/fanshi-2021.yaml')
check(r.returncode == 0 and r.stdout.count('covers every character') == 5, f'fonts: five roles cover the sample: {r.stdout[:200]}')
check(re.search(r'^fangsong:\n  main +FandolFang', r.stdout, re.M) is not None, 'fonts: the body role resolves to FandolFang')

# A user's own TrueType file for a role, without touching code.
ttf = '/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf'
if os.path.exists(ttf):
    own = os.path.join(tmp, 'own.pdf')
    r = run(nb, 'render', 'samples/fanshi-2021.yaml', '-o', own, '--font', f'fangsong={ttf}')
    check(r.returncode == 0, f'render with --font fangsong=FILE: {r.stderr[-200:]}')
    pf = run('pdffonts', own).stdout
    check('+GBZenKai-Medium' in pf, f'the own font (gkai00mp.ttf, PostScript name GBZenKai-Medium) is embedded: {pf[:300]}')
    check(re.search(r'CID TrueType\s+Identity-H\s+yes\s+yes\s+yes', pf) is not None, 'TrueType subset: CID TrueType, embedded, subset, unicode')
    joined = re.sub(r'\s+', '', ''.join(text_lines(own)))
    check(all(re.sub(r'\s+', '', p) in joined for p in paras), 'text exact with the TrueType body font')
finish()
