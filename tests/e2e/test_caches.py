#!/usr/bin/env python3
"""The persistent caches ($XDG_CACHE_HOME/nianbao, pointed at a temporary
folder here): a report made again gives the same bytes from the cache; a
corrupt or truncated entry is ignored (and the output is unchanged); the
subset cache stays within its budget; a font file replaced under the same
name is noticed (the font resolution is checked against the file's size
and mtime); NIANBAO_CACHE=off writes nothing."""
import glob
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from pdftools import *  # noqa: E402,F403

nb = sys.argv[1]
tmp = tempfile.mkdtemp()
cache = os.path.join(tmp, 'cache')
os.environ['XDG_CACHE_HOME'] = cache
os.environ['SOURCE_DATE_EPOCH'] = '0'
SEED = 'samples/fanshi-2021.yaml'


def render(name, *extra, env=None):
    out = os.path.join(tmp, name)
    r = run(nb, 'render', SEED, '-o', out, *extra, env=env)
    check(r.returncode == 0, f'render {name}: {r.stderr[-300:]}')
    return open(out, 'rb').read() if r.returncode == 0 else b''


def entries(ns):
    return sorted(glob.glob(os.path.join(cache, 'nianbao', ns, '*')))


cold = render('cold.pdf')
check(len(entries('fonts-1')) == 1, f'one font resolution cached: {entries("fonts-1")}')
check(len(entries('subsets-1')) == 5, f'five subsets cached (five faces): {len(entries("subsets-1"))}')
warm = render('warm.pdf')
check(cold == warm, 'a report made again from the caches is byte-identical')

# Corruption: a flipped byte, a truncated file, a file of zeros.
subs = entries('subsets-1')
with open(subs[0], 'r+b') as f:
    f.seek(os.path.getsize(subs[0]) // 2)
    b = f.read(1)
    f.seek(-1, 1)
    f.write(bytes([b[0] ^ 0xFF]))
with open(subs[1], 'r+b') as f:
    f.truncate(os.path.getsize(subs[1]) - 7)
open(subs[2], 'wb').write(bytes(300))
open(entries('fonts-1')[0], 'wb').write(b'NBC1 not really')
again = render('again.pdf')
check(again == cold, 'corrupt cache entries are ignored: the same bytes')
r = run('pdffonts', os.path.join(tmp, 'again.pdf'))
check(r.stdout.count(' yes yes yes ') == 5, f'all fonts embedded and subset after corruption:\n{r.stdout}')
check(render('repaired.pdf') == cold, 'the rewritten entries serve the next run')

# A font file replaced under the same name (other content, size, mtime).
fandol = '/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol'
mine = os.path.join(tmp, 'myfont.otf')
shutil.copy(os.path.join(fandol, 'FandolFang-Regular.otf'), mine)
render('fang.pdf', '--font', f'fangsong={mine}')
r = run('pdffonts', os.path.join(tmp, 'fang.pdf'))
check('FandolFang' in r.stdout, f'--font FILE used: {r.stdout}')
shutil.copy(os.path.join(fandol, 'FandolKai-Regular.otf'), mine)
os.utime(mine, (1, 1))
render('kai.pdf', '--font', f'fangsong={mine}')
r = run('pdffonts', os.path.join(tmp, 'kai.pdf'))
check('FandolKai' in r.stdout and 'FandolFang' not in r.stdout,
      f'the replaced file is read again, not taken from the cache: {r.stdout}')
r = run('qpdf', '--check', os.path.join(tmp, 'kai.pdf'))
check(r.returncode == 0, f'qpdf --check after the font changed: {r.stdout[-200:]}')

# The budget: 1 MB for the subsets of 40 offices (several MB of subsets).
shutil.rmtree(cache)
env = dict(os.environ, NIANBAO_CACHE_MB='1')
r = run(nb, 'build', 'samples/county', '-o', os.path.join(tmp, 'county'), '-j', '2', env=env)
sizes = [os.path.getsize(p) for p in entries('subsets-1')]
# trimmed every 8 stores down to 3/4 of the budget: at most 8 entries over
check(sizes and sum(sizes) <= 1024 * 1024 + 8 * max(sizes),
      f'the subset cache stays within its budget: {sum(sizes)} bytes in {len(sizes)} entries')
check(not glob.glob(os.path.join(cache, 'nianbao', '*', '*.tmp.*')), 'no temporary files left in the cache')

# Off: nothing written, same bytes.
shutil.rmtree(cache)
off = render('off.pdf', env=dict(os.environ, NIANBAO_CACHE='off'))
check(off == cold and not os.path.exists(cache), 'NIANBAO_CACHE=off: same bytes, no cache folder')
shutil.rmtree(tmp)
finish()
