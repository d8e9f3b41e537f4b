#!/usr/bin/env python3
"""An installed nianbao works from any folder and after its prefix moves.

`cmake --install BUILD --prefix TMP/prefix`, then the installed binary is
run from another folder with NIANBAO_HOME unset (and HOME/XDG_DATA_HOME
pointing at empty folders, so nothing of the developer's leaks in):
--version says where the layouts are, render gives the same bytes as the
build tree's binary, keys/fonts/check/layouts work. User layouts in
$XDG_DATA_HOME/nianbao/layouts come before the shipped ones. Then the whole
prefix is moved and everything again; last, a binary without its data must
say which folder is missing, never fall back to the source tree.

usage: test_install.py NIANBAO CMAKE BUILD_DIR SOURCE_DIR"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'e2e'))
from pdftools import check, finish  # noqa: E402

nb_build, cmake, build_dir, src = (os.path.abspath(a) for a in sys.argv[1:5])
tmp = tempfile.mkdtemp(prefix='nb-install-')
work = os.path.join(tmp, 'work')  # the folder commands run in
os.makedirs(work)
sample = os.path.join(work, 'fanshi-2021.yaml')
shutil.copy(os.path.join(src, 'samples', 'fanshi-2021.yaml'), sample)

env = {k: v for k, v in os.environ.items() if k not in ('NIANBAO_HOME', 'XDG_DATA_HOME')}
env['HOME'] = os.path.join(tmp, 'home')
env['XDG_DATA_HOME'] = os.path.join(tmp, 'xdg')
env['SOURCE_DATE_EPOCH'] = '1700000000'
os.makedirs(env['HOME'])
user_layouts = os.path.join(env['XDG_DATA_HOME'], 'nianbao', 'layouts')


def run(*cmd, cwd=work, extra=None):
    e = dict(env, **(extra or {}))
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env=e)


# The reference PDF from the build tree's binary (its data: the source tree).
ref = os.path.join(tmp, 'ref.pdf')
r = run(nb_build, 'render', sample, '-o', ref)
check(r.returncode == 0, f'build-tree render: {r.stderr[-300:]}')
ref_bytes = open(ref, 'rb').read() if os.path.exists(ref) else b''

prefix = os.path.join(tmp, 'prefix')
r = subprocess.run([cmake, '--install', build_dir, '--prefix', prefix], capture_output=True,
                   text=True)
check(r.returncode == 0, f'cmake --install: {r.stderr[-300:]}')
for rel in ('bin/nianbao', 'share/nianbao/layouts/annual-report-2021.yaml',
            'share/nianbao/layouts/annual-report-2019.yaml', 'share/nianbao/fonts/default.yaml',
            'share/man/man1/nianbao.1.gz', 'share/bash-completion/completions/nianbao',
            'share/doc/nianbao/copyright'):
    check(os.path.isfile(os.path.join(prefix, rel)), f'installed {rel}')


def exercise(prefix, label):
    nb = os.path.join(prefix, 'bin', 'nianbao')
    data = os.path.join(prefix, 'share', 'nianbao')
    r = run(nb, '--version')
    check(r.returncode == 0 and r.stdout.startswith('nianbao '), f'{label}: --version runs')
    check(f'layouts (installed): {data}/layouts\n' in r.stdout,
          f'{label}: --version names the installed layouts: {r.stdout!r}')
    check(f'fonts (installed): {data}/fonts\n' in r.stdout, f'{label}: --version names fonts')
    check(f'layouts (user, absent): {user_layouts}\n' in r.stdout,
          f'{label}: --version names the user folder first: {r.stdout!r}')

    pdf = os.path.join(work, f'{label}.pdf')
    r = run(nb, 'render', 'fanshi-2021.yaml', '-o', pdf)
    check(r.returncode == 0 and os.path.exists(pdf), f'{label}: render: {r.stderr[-300:]}')
    if os.path.exists(pdf):
        check(open(pdf, 'rb').read() == ref_bytes,
              f'{label}: the PDF is byte-identical to the build tree\'s')

    r = run(nb, 'keys', 'annual-report-2021')
    check(r.returncode == 0 and 'requests.new.natural' in r.stdout,
          f'{label}: keys by name: {r.stderr[-200:]}')
    r = run(nb, 'keys', 'fanshi-2021.yaml')
    check(r.returncode == 0 and 'requests.new.natural' in r.stdout, f'{label}: keys of data')
    r = run(nb, 'check', 'fanshi-2021.yaml')  # its blank cells are warnings: exit 0
    check(r.returncode == 0 and r.stdout.startswith('fanshi-2021.yaml: '),
          f'{label}: check: {r.stdout[-200:]} {r.stderr[-200:]}')
    r = run(nb, 'fonts')
    check(r.returncode == 0 and 'fangsong' in r.stdout and 'Fandol' in r.stdout,
          f'{label}: fonts: {r.stdout[:200]} {r.stderr[-200:]}')
    has_layouts = 'layouts' in run(nb, '--help').stdout.split('commands:')[1]
    if has_layouts:
        r = run(nb, 'layouts')
        check(r.returncode == 0 and 'annual-report-2021' in r.stdout, f'{label}: layouts')

    # A user layout: found by name, before the shipped ones, and its
    # `fonts: default` still means the shipped role map.
    os.makedirs(user_layouts)
    shutil.copy(os.path.join(data, 'layouts', 'annual-report-2021.yaml'),
                os.path.join(user_layouts, 'my-report.yaml'))
    r = run(nb, '--version')
    check(f'layouts (user): {user_layouts}\n' in r.stdout, f'{label}: user folder present')
    if has_layouts:
        r = run(nb, 'layouts')
        check(r.returncode == 0 and f'{user_layouts}/my-report.yaml\n' in r.stdout and
              f'{data}/layouts/annual-report-2021.yaml\n' in r.stdout,
              f'{label}: layouts lists the user\'s and the shipped: {r.stdout} {r.stderr}')
    r = run(nb, 'render', 'fanshi-2021.yaml', '-l', 'my-report', '-o', 'mine.pdf')
    check(r.returncode == 0 and os.path.exists(os.path.join(work, 'mine.pdf')),
          f'{label}: render -l with a user layout: {r.stderr[-300:]}')
    shadow = os.path.join(user_layouts, 'annual-report-2021.yaml')
    with open(shadow, 'w') as f:
        f.write('page: [unclosed\n')
    r = run(nb, 'keys', 'annual-report-2021')
    check(r.returncode == 1 and shadow in r.stderr,
          f'{label}: a user layout shadows the shipped one of its name: {r.stderr[-300:]}')
    r = run(nb, 'render', 'fanshi-2021.yaml', '-l', os.path.join(data, 'layouts',
                                                                 'annual-report-2021.yaml'),
            '-o', 'given.pdf')
    check(r.returncode == 0, f'{label}: -l FILE beats a user layout of the same name')
    shutil.rmtree(os.path.join(env['XDG_DATA_HOME']))


exercise(prefix, 'installed')

# Relocation: the whole prefix moves; nothing was rebuilt.
moved = os.path.join(tmp, 'elsewhere', 'opt', 'nianbao')
os.makedirs(os.path.dirname(moved))
shutil.move(prefix, moved)
exercise(moved, 'moved')

# Through a symbolic link (/usr/local/bin/nianbao → /opt/…/bin/nianbao): the
# data is found beside the real binary.
os.makedirs(os.path.join(tmp, 'links'))
link = os.path.join(tmp, 'links', 'nianbao')
os.symlink(os.path.join(moved, 'bin', 'nianbao'), link)
r = run(link, 'keys', 'annual-report-2021')
check(r.returncode == 0 and 'requests.new.natural' in r.stdout, 'run through a symlink')

# NIANBAO_HOME wins over the installed data.
r = run(os.path.join(moved, 'bin', 'nianbao'), '--version', extra={'NIANBAO_HOME': src})
check(f'layouts (NIANBAO_HOME): {src}/layouts\n' in r.stdout, f'NIANBAO_HOME: {r.stdout!r}')

# A binary without its data says what is missing, exit 1, and never uses the
# source tree it was built from.
lonely = os.path.join(tmp, 'lonely', 'bin')
os.makedirs(lonely)
shutil.copy(os.path.join(moved, 'bin', 'nianbao'), lonely)
nb = os.path.join(lonely, 'nianbao')
missing = os.path.join(tmp, 'lonely', 'share', 'nianbao')
r = run(nb, '--version')
check(r.returncode == 0 and f'layouts (missing, absent): {missing}/layouts\n' in r.stdout,
      f'no data: --version says missing: {r.stdout!r}')
r = run(nb, 'render', 'fanshi-2021.yaml', '-o', 'x.pdf')
check(r.returncode == 1 and f'{missing}/layouts' in r.stderr and src not in r.stderr,
      f'no data: render names the missing folder: {r.stderr[-300:]}')
r = run(nb, 'fonts')
check(r.returncode == 1 and f'{missing}/layouts' in r.stderr, f'no data: fonts: {r.stderr}')
r = run(nb, 'keys', 'annual-report-2021')
check(r.returncode == 1 and f"no layout 'annual-report-2021' in " in r.stderr and
      f'{missing}/layouts (missing)' in r.stderr, f'no data: keys: {r.stderr}')
check(not os.path.exists(os.path.join(work, 'x.pdf')), 'no data: no PDF')

shutil.rmtree(tmp)
finish()
