"""Shared helpers for the end-to-end tests: run the CLI, read a PDF back the
way a reader does (poppler, qpdf, mupdf) and measure it in millimetres."""
import html
import importlib
import json
import os
import re
import subprocess
import sys

MM = 72 / 25.4
BLOCK = (28 * MM, 37 * MM, 184 * MM, 262 * MM)  # x0, top, x1, bottom (pt)
NO_START = set('、，。：；！？”’）》」』】〕〗］｝%‰℃…·,.;:!?)]}')
NO_END = set('“‘（《「『【〔〖［｛([{')
PAGENO = re.compile(r'^[—–-]\s*\d+\s*[—–-]$')

failures = []
passes = 0


def check(cond, what):
    global passes
    if cond:
        passes += 1
    else:
        failures.append(what)
        print('FAIL:', what)


def need_debian_module(name):
    """Imports the module of a Debian python3-* package, re-running the test
    with Debian's interpreter when the one running it (a pyenv, say) does
    not have it."""
    try:
        return importlib.import_module(name)
    except ImportError:
        if os.path.exists('/usr/bin/python3') and os.path.realpath(sys.executable) != '/usr/bin/python3':
            os.execv('/usr/bin/python3', ['/usr/bin/python3'] + sys.argv)
        raise


def line_of(path, prefix):
    """The number of the first line of `path` that starts with `prefix`; 0
    when none does."""
    for i, l in enumerate(open(path, encoding='utf-8'), 1):
        if l.startswith(prefix):
            return i
    return 0


def finish():
    print(f'{passes} passed, {len(failures)} failed')
    sys.exit(1 if failures else 0)


def run(*cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def layout_keys(nb, layout):
    """What `nianbao keys LAYOUT` lists: row key → its column leaves, and
    every table cell key in order."""
    rowcols, cellkeys = {}, []
    for line in run(nb, 'keys', layout).stdout.splitlines():
        m = re.match(r'^(\S+) = \[(.*)\]', line)
        if m:
            rowcols[m.group(1)] = [c.strip() for c in m.group(2).split(',')]
        elif line and not line.startswith('#') and '\t' in line:
            cellkeys.append(line.split('\t')[0])
    return rowcols, cellkeys


def sample_paragraphs(path):
    """The prose of a data file in our sample style: plain or quoted items
    and h2:/text: items (a small reader, enough for samples/)."""
    out = []
    for line in open(path, encoding='utf-8'):
        m = re.match(r'^\s+- (h[23]: |text: )?(.*)$', line) or re.match(r'^\s+(text): (.*)$', line)
        if not m:
            continue
        v = m.group(2).strip()
        if v.startswith('"'):
            v = json.loads(v)
        out.append(v)
    return out


def text_lines(pdf, tool='poppler'):
    if tool == 'poppler':
        raw = run('pdftotext', '-enc', 'UTF-8', pdf, '-').stdout
    else:
        raw = run('mutool', 'draw', '-q', '-F', 'txt', '-o', '-', pdf).stdout
    return [l.strip() for l in re.split(r'[\n\f]', raw) if l.strip() and not PAGENO.match(l.strip())]


def visual_lines(pdf):
    """Per page: list of (x0, top, x1, bottom, text) lines from word boxes."""
    bb = run('pdftotext', '-bbox-layout', pdf, '-').stdout
    pages = []
    for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bb, re.S):
        words = [(float(a), float(b), float(c), float(d), html.unescape(s)) for a, b, c, d, s in
                 re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                            m.group(3), re.S)]
        lines = []
        for w in sorted(words, key=lambda w: (w[1], w[0])):
            for ln in lines:
                if abs(ln[1] - w[1]) < 3:
                    ln[0], ln[2] = min(ln[0], w[0]), max(ln[2], w[2])
                    ln[5].append((w[0], w[4]))
                    break
            else:
                lines.append([w[0], w[1], w[2], w[3], '', [(w[0], w[4])]])
        for ln in lines:
            ln[4] = ''.join(s for _, s in sorted(ln[5]))
        pages.append(((float(m.group(1)), float(m.group(2))), [tuple(l[:5]) for l in lines]))
    return pages
