#!/usr/bin/env python3
"""Bad input through the CLI: every file under tests/bad/ (first line
`# expect: CODE LINE:COL`) and the cases built here (missing files, fonts that
are not fonts, a character no font has, an unwritable output). Each must give
`file:line:col: error: ... [CODE]`, exit status 1, and leave an existing
output PDF byte-for-byte as it was."""
import glob
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from pdftools import *  # noqa: E402,F403

nb = sys.argv[1]
tmp = tempfile.mkdtemp()
out = os.path.join(tmp, 'keep.pdf')
SENTINEL = b'%PDF-1.3 previous good report\n'


def expect_error(args, code, where, label):
    with open(out, 'wb') as f:
        f.write(SENTINEL)
    r = run(nb, *args, '-o', out)
    check(r.returncode == 1, f'{label}: exit status 1, got {r.returncode}')
    pat = re.escape(where) + r'(:\d+:\d+)?: error: .* \[' + code + r'\]'
    check(re.search(pat, r.stderr) is not None, f'{label}: "{where}: error: ... [{code}]" in: {r.stderr.strip()[:300]}')
    check(open(out, 'rb').read() == SENTINEL, f'{label}: existing output untouched')
    check(not [f for f in os.listdir(tmp) if '.tmp.' in f], f'{label}: no temporary file left')
    return r.stderr


# The corpus.
for path in sorted(glob.glob('tests/bad/*.yaml')):
    first = open(path, 'rb').readline().decode('utf-8', 'replace')
    m = re.match(r'# expect: (\S+) (\d+):(\d+)', first)
    if not m:
        continue
    code, pos = m.group(1), f'{m.group(2)}:{m.group(3)}'
    name = os.path.basename(path)
    args = ['render', 'samples/fanshi-2021.yaml', '-l', path] if name.startswith('layout-') else ['render', path]
    expect_error(args, code, f'{path}:{pos}', name)


def write(name, text):
    p = os.path.join(tmp, name)
    with open(p, 'w', encoding='utf-8') as f:
        f.write(text)
    return p


layout = open('layouts/annual-report-2021.yaml', encoding='utf-8').read()

# Files that do not exist.
expect_error(['render', os.path.join(tmp, 'nope.yaml')], 'io', os.path.join(tmp, 'nope.yaml'), 'missing data file')
d = write('unknown-layout.yaml', 'layout: no-such-layout\noffice: 某办公室\nyear: 2021\ntext: {}\n')
expect_error(['render', d], 'not-found', d, 'unknown layout name')

# A font role that resolves to nothing, a file that is not a font, a TTC
# index out of range.
def layout_with_roles(name, roles):
    rf = write(name + '-roles.yaml', 'roles:\n' + roles)
    body = layout.replace('fonts: default', f'fonts: {rf}')
    return write(name + '.yaml', body)


full = ('  hei: [{family: Noto Sans CJK SC}]\n  kai: [{family: Noto Serif CJK SC}]\n'
        '  song: [{family: Noto Serif CJK SC}]\n  xiaobiaosong: [{family: Noto Serif CJK SC}]\n')
lay = layout_with_roles('nofont', '  fangsong:\n    - family: 仿宋_不存在的字体\n    - file: /nonexistent/font.ttf\n' + full)
err = expect_error(['render', 'samples/fanshi-2021.yaml', '-l', lay], 'font', lay.replace('.yaml', '-roles.yaml'), 'role resolves to nothing')
check('fangsong' in err, 'the message names the role')
notfont = write('notafont.ttf', 'this is not a font\n' * 100)
lay = layout_with_roles('notfont', f'  fangsong: [{{file: {notfont}}}]\n' + full)
err = expect_error(['render', 'samples/fanshi-2021.yaml', '-l', lay], 'font', lay.replace('.yaml', '-roles.yaml'), 'not a font')
check('notafont.ttf' in err, 'the message names the file')
lay = layout_with_roles('ttcindex', '  fangsong: [{file: /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc, index: 99}]\n' + full)
err = expect_error(['render', 'samples/fanshi-2021.yaml', '-l', lay], 'font', lay.replace('.yaml', '-roles.yaml'), 'TTC index out of range')
check('out of range' in err, 'the message says out of range')

# A character that no font of the chain covers: named, with its code point.
d = write('glyph.yaml', 'layout: annual-report-2021\noffice: 某办公室\nyear: 2021\nsignature: false\n'
          'text:\n  overview:\n    - "正常文字𪚥其后"\n  problems: [无]\n  other: [无]\n')
err = expect_error(['render', d], 'glyph', f'{d}:7:7', 'character without a glyph')
check('U+2A6A5' in err and '𪚥' in err, 'the message names the character and its code point')

# An output folder that does not exist: nothing is written anywhere.
r = run(nb, 'render', 'samples/fanshi-2021.yaml', '-o', os.path.join(tmp, 'no/such/dir/x.pdf'))
check(r.returncode == 1 and 'error:' in r.stderr and '[io]' in r.stderr, f'unwritable output: {r.stderr.strip()}')

# Usage errors exit 2.
for args in (['render'], ['frobnicate'], ['render', 'samples/fanshi-2021.yaml', '--bogus']):
    check(run(nb, *args).returncode == 2, f'usage error exits 2: {args}')
r = run(nb, 'render', 'samples/fanshi-2021.yaml', '-o', out, '--font', 'nosuchrole=Foo')
check(r.returncode == 1 and '[usage]' in r.stderr, f'--font with an unknown role: {r.stderr.strip()}')
finish()
