#!/usr/bin/env python3
"""The Debian package: CPack's DEB generator over the build tree, then

- dpkg-deb -I: name, version, architecture, Depends computed by
  dpkg-shlibdeps (libc6, libhpdf, HarfBuzz…) plus the font packages the
  default role map names, Recommends, section, maintainer;
- dpkg-deb -c: exactly the expected files under /usr, owned by root, with
  Debian's permissions; the man page and changelog compressed;
- the package's files, unpacked into any folder, render the sample (the
  data is found relative to the binary);
- lintian: no error and no warning.

usage: test_deb.py CPACK BUILD_DIR SOURCE_DIR"""
import glob
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'e2e'))
from pdftools import check, finish, run  # noqa: E402

cpack, build_dir, src = (os.path.abspath(a) for a in sys.argv[1:4])
tmp = tempfile.mkdtemp(prefix='nb-deb-')

r = run(cpack, '-G', 'DEB', '-B', tmp, '--config', os.path.join(build_dir, 'CPackConfig.cmake'))
debs = glob.glob(os.path.join(tmp, '*.deb'))
check(r.returncode == 0 and len(debs) == 1, f'cpack -G DEB: {r.stdout[-300:]} {r.stderr[-300:]}')
if not debs:
    finish()
deb = debs[0]

version = re.search(r'project\(nianbao VERSION ([\d.]+)',
                    open(os.path.join(src, 'CMakeLists.txt')).read()).group(1)
arch = run('dpkg', '--print-architecture').stdout.strip()
check(os.path.basename(deb) == f'nianbao_{version}_{arch}.deb', f'file name {deb}')

# ---- control ---------------------------------------------------------------
info = run('dpkg-deb', '-I', deb).stdout
fields = dict(re.findall(r'^ ([A-Z][\w-]*): (.*)$', info, re.M))
check(fields.get('Package') == 'nianbao', f'Package: {fields.get("Package")}')
check(fields.get('Version') == version, f'Version: {fields.get("Version")}')
check(fields.get('Architecture') == arch, f'Architecture: {fields.get("Architecture")}')
check(fields.get('Section') == 'text' and fields.get('Priority') == 'optional',
      'Section/Priority')
check(re.match(r'.+ <[^@\s]+@[^@\s]+>$', fields.get('Maintainer', '')), 'Maintainer')
depends = [d.strip().split(' ')[0] for d in fields.get('Depends', '').split(',')]
for pkg in ('texlive-lang-chinese', 'fonts-noto-cjk',  # the default role map
            'libc6', 'libhpdf-2.3.0', 'libharfbuzz0b', 'libharfbuzz-subset0', 'libfreetype6',
            'libfontconfig1', 'libyaml-0-2', 'libunibreak1', 'libcsv3'):  # dpkg-shlibdeps
    check(pkg in depends, f'Depends has {pkg}: {fields.get("Depends")}')
check(re.search(r'libc6 \(>= [\d.]+\)', fields.get('Depends', '')), 'versioned libc6 (shlibdeps)')
check(fields.get('Recommends') == 'fonts-arphic-ukai, icc-profiles-free | colord-data',
      f'Recommends: {fields.get("Recommends")}')
check('Description' in fields and 'annual report' in info, 'Description')

# ---- contents --------------------------------------------------------------
listing = run('dpkg-deb', '-c', deb).stdout.splitlines()
entries = {}
for line in listing:
    perms, owner, size, date, time, path = line.split(None, 5)
    entries[path] = (perms, owner)
files = {p for p, (m, _) in entries.items() if m.startswith('-')}
layouts = sorted(f for f in os.listdir(os.path.join(src, 'layouts')) if f.endswith('.yaml'))
want = {'./usr/bin/nianbao', './usr/share/nianbao/fonts/default.yaml',
        './usr/share/man/man1/nianbao.1.gz', './usr/share/bash-completion/completions/nianbao',
        './usr/share/doc/nianbao/copyright', './usr/share/doc/nianbao/changelog.gz'}
want |= {f'./usr/share/nianbao/layouts/{f}' for f in layouts}
check(files == want, f'files: extra {sorted(files - want)}, missing {sorted(want - files)}')
for path, (perms, owner) in entries.items():
    check(owner == 'root/root', f'{path} owned by {owner}')
    expected = ('drwxr-xr-x' if perms.startswith('d') else
                '-rwxr-xr-x' if path == './usr/bin/nianbao' else '-rw-r--r--')
    check(perms == expected, f'{path}: {perms}, want {expected}')
    check(path.startswith('./usr/'), f'{path} outside /usr')

# ---- unpacked anywhere, it works -------------------------------------------
root = os.path.join(tmp, 'root')
check(run('dpkg-deb', '-x', deb, root).returncode == 0, 'dpkg-deb -x')
usr = os.path.join(root, 'usr')
env = {k: v for k, v in os.environ.items() if k != 'NIANBAO_HOME'}
env.update(HOME=tmp, XDG_DATA_HOME=os.path.join(tmp, 'xdg'))
nb = os.path.join(usr, 'bin', 'nianbao')
r = subprocess.run([nb, '--version'], capture_output=True, text=True, env=env, cwd=tmp)
check(f'layouts (installed): {usr}/share/nianbao/layouts\n' in r.stdout,
      f'unpacked: --version {r.stdout!r}')
pdf = os.path.join(tmp, 'out.pdf')
r = subprocess.run([nb, 'render', os.path.join(src, 'samples', 'fanshi-2021.yaml'), '-o', pdf],
                   capture_output=True, text=True, env=env, cwd=tmp)
check(r.returncode == 0 and os.path.getsize(pdf) > 10000, f'unpacked: render {r.stderr[-300:]}')
check(run('file', nb).stdout.find('not stripped') < 0, 'the binary is stripped')
man = gzip.open(os.path.join(usr, 'share', 'man', 'man1', 'nianbao.1.gz')).read()
check(man == open(os.path.join(src, 'doc', 'nianbao.1'), 'rb').read(), 'the man page is doc/')
changelog = gzip.open(os.path.join(usr, 'share', 'doc', 'nianbao', 'changelog.gz')).read()
check(changelog.startswith(f'nianbao ({version})'.encode()), 'changelog names the version')

# ---- lintian -----------------------------------------------------------------
r = run('lintian', '--tag-display-limit', '0', '--no-cfg', deb)
tags = [ln for ln in r.stdout.splitlines() if re.match(r'^[EWIPX]: ', ln)]
check(r.returncode == 0 and not [t for t in tags if t[0] in 'EW'],
      f'lintian: exit {r.returncode}: {tags} {r.stderr[-300:]}')
print(f'lintian: {len(tags)} tags', *tags, sep='\n  ')

shutil.rmtree(tmp)
finish()
