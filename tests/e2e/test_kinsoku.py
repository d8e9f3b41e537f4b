#!/usr/bin/env python3
"""Chinese line-breaking rules under stress: punctuation-dense paragraphs,
shifted one character at a time so that every mark meets every column. No
line may start with a line-start-forbidden mark or end with a line-end-
forbidden one; ——, ……, digit runs and numbers with units stay whole; and
every paragraph's last line keeps at least two characters."""
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from pdftools import *  # noqa: E402,F403

nb = sys.argv[1]
tmp = tempfile.mkdtemp()
core = ('“三安全一稳定”，（一）、《条例》：依法公开。“公开为常态”！？'
        '——重点领域……2021年发布信息4820条，占51.85%；IPV6改造完成。'
        '「内部事务」『过程信息』【专栏】〔2021〕61号，')
paras = []
for k in range(30):
    paras.append('政' * k + core * 3)
# The first line has 26 places (2-character indent).
squeeze = ('春夏秋冬' * 7)[:26] + '。'  # 26 + a forbidden mark: squeezed in
orphan = ('东南西北' * 7)[:27] + '。'   # 27 + mark: 孤字 unless fixed
paras += [squeeze, orphan]
data = os.path.join(tmp, 'stress.yaml')
with open(data, 'w', encoding='utf-8') as f:
    f.write('layout: annual-report-2021\noffice: 压力测试办公室\nyear: 2021\nsignature: false\n')
    f.write('text:\n  overview:\n')
    for p in paras:
        f.write(f'    - "{p}"\n')
    f.write('  problems: ["无"]\n  other: ["无"]\n')
out = os.path.join(tmp, 'stress.pdf')
r = run(nb, 'render', data, '-o', out)
check(r.returncode == 0, f'render: {r.stderr}')
if r.returncode:
    finish()

lines = [l for _, page in visual_lines(out) for l in page if not PAGENO.match(l[4])]
check(len(lines) > 100, f'enough lines to test: {len(lines)}')
bad_start = [l[4] for l in lines if l[4][0] in NO_START]
bad_end = [l[4] for l in lines if l[4][-1] in NO_END]
check(not bad_start, f'no forbidden line start: {bad_start[:3]}')
check(not bad_end, f'no forbidden line end: {bad_end[:3]}')

# Units that must not be split across lines.
text = text_lines(out)
for a, b in zip(text, text[1:]):
    pair = a[-1] + b[0]
    check(not (a[-1].isdigit() and (b[0].isdigit() or b[0] in '年条%号')),
          f'number split across lines: {a[-6:]}|{b[:6]}')
    check(pair not in ('——', '……'), f'dash or ellipsis split: {a[-4:]}|{b[:4]}')
    check(not (a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalnum()),
          f'Latin word split: {a[-6:]}|{b[:6]}')

# 孤字: the last line of each paragraph has two or more characters.
chars = lambda s: len(re.sub(r'[\s、，。：；！？”’）》」』】〕%…—“‘（《「『【〔]', '', s))
lines_text = [l[4] for l in lines]
last = [t for t in lines_text if t.endswith(orphan[-3:])]
check(last and chars(last[-1]) >= 2, f'孤字: last line {last[-1:]!r} of the orphan paragraph')
# 26 characters and a forbidden full stop: the stop is squeezed in (先挤进),
# the paragraph stays on one line.
check(squeeze in lines_text, 'a mark is squeezed into a full first line')
finish()
