#!/usr/bin/env python3
"""The manual page nianbao(1) matches the program and renders cleanly.

- groff (-k: the page is UTF-8; -Tutf8: it has Chinese text, which the
  default PostScript device has no glyphs for) and man --warnings, as
  lintian runs it, print no warning;
- every command of `nianbao --help` has a SYNOPSIS line and a COMMANDS
  entry, and nothing else is documented as a command;
- every option of every command's --help is in that command's SYNOPSIS
  line and in OPTIONS under all its names; the SYNOPSIS gives a command
  no option its --help lacks, and OPTIONS has no option no command takes;
- the examples use only options their command takes;
- the exit statuses of --help are the ones EXIT STATUS documents;
- every environment variable of ours that src/ reads is in ENVIRONMENT.

usage: test_manpage.py NIANBAO SOURCE_DIR"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'e2e'))
from pdftools import check, finish, run  # noqa: E402

nb, src = sys.argv[1], sys.argv[2]
page = os.path.join(src, 'doc', 'nianbao.1')
utf8 = dict(os.environ, LC_ALL='C.UTF-8', MANROFFSEQ='')

r = run('groff', '-k', '-Tutf8', '-ww', '-z', '-mdoc', page)
check(r.returncode == 0 and r.stderr == '', f'groff -k -Tutf8 -ww -z: {r.stderr[:500]}')
r = subprocess.run(['man', '--warnings', '-E', 'UTF-8', '-l', '-Tutf8', '-Z', page],
                   capture_output=True, text=True, env=dict(utf8, MANWIDTH='80'))
check(r.returncode == 0 and r.stderr == '', f'man --warnings -l: {r.stderr[:500]}')
r = subprocess.run(['man', '-l', page], capture_output=True, text=True,
                   env=dict(utf8, MANWIDTH='250', MAN_KEEP_FORMATTING=''))
check(r.returncode == 0 and r.stderr == '' and 'SYNOPSIS' in r.stdout, 'man -l renders')
# Plain text: hyphens and minus signs as '-', overstrike bold/underline gone.
text = re.sub(r'.\x08', '', r.stdout).translate({0x2010: '-', 0x2212: '-'})

sections, name = {}, None
for line in text.splitlines():
    if re.match(r'^[A-Z][A-Z ]+$', line):
        name = line.strip()
        sections[name] = []
    elif name:
        sections[name].append(line)
for s in ('SYNOPSIS', 'DESCRIPTION', 'COMMANDS', 'OPTIONS', 'DATA FORMAT', 'ENVIRONMENT',
          'FILES', 'EXIT STATUS', 'EXAMPLES'):
    check(s in sections, f'section {s}')


def options_of(help_text):
    """{name: [all names of the option]} from a --help's options: list."""
    out = {}
    body = help_text.split('options:', 1)[1] if 'options:' in help_text else ''
    for line in body.splitlines():
        names = []
        left = re.split(r'\s{2,}', line.strip())[0]  # the text may name options
        for w in left.split():
            w = w.rstrip(',')
            if not w.startswith('-'):
                break
            names.append(w)
        for n in names:
            out[n] = names
    return out


OPT = re.compile(r'(?<![\w-])(--?[a-zA-Z][\w-]*)')

r = run(nb, '--help')
commands = re.findall(r'^  ([a-z][\w-]*) ', r.stdout.split('commands:')[1], re.M)
check(len(commands) >= 5, f'commands in --help: {commands}')
helps = {c: options_of(run(nb, c, '--help').stdout) for c in commands}
generic = {'-h', '--help'}  # documented once, for every command

# SYNOPSIS: one block per "nianbao WORD" line (continuations are indented).
synopsis, cur = {}, None
for line in sections.get('SYNOPSIS', []):
    m = re.match(r'^ +nianbao (\S+)', line)
    if m:
        cur = m.group(1)  # a command may have several forms (init)
        synopsis[cur] = synopsis.get(cur, '') + ' ' + line[m.end():]
    elif cur and line.strip():
        synopsis[cur] += ' ' + line.strip()

# COMMANDS: the items at the list's indentation.
items = [m.group(1) for m in (re.match(r'^ {5}([a-z][\w-]*)\b', ln)
                              for ln in sections.get('COMMANDS', [])) if m]
for c in commands:
    check(c in synopsis, f'SYNOPSIS has nianbao {c}')
    check(c in items, f'COMMANDS has {c}')
for c in items:
    check(c in commands or c == 'help', f'COMMANDS documents {c}, which --help does not list')
check(set(c for c in synopsis if not c.startswith('-') and c.isalpha() and c.islower())
      <= set(commands) | {'help'}, f'SYNOPSIS commands {sorted(synopsis)} exist')

# OPTIONS: the item headings ("     -o PATH, --output PATH").
headings = [ln for ln in sections.get('OPTIONS', []) if re.match(r'^ {5}-', ln)]
documented = set()
for h in headings:
    documented.update(OPT.findall(h))
taken = set()
for c, opts in helps.items():
    for name, names in opts.items():
        taken.add(name)
        if name in generic:
            continue
        check(any(n in OPT.findall(synopsis.get(c, '')) for n in names),
              f'SYNOPSIS of {c} has {"/".join(names)}')
        check(name in documented, f'OPTIONS documents {name} ({c})')
    for name in OPT.findall(synopsis.get(c, '')):
        check(name in opts, f'SYNOPSIS gives {c} option {name}, which its --help lacks')
for name in documented - taken - generic - {'-V', '--version'}:
    check(False, f'OPTIONS documents {name}, which no command takes')
check({'-h', '--help', '-V', '--version'} <= documented, 'OPTIONS has -h/--help, -V/--version')

# ENVIRONMENT: every variable of ours (NIANBAO_*, XDG_*, SOURCE_DATE_EPOCH)
# that src/ reads. HOME, fontconfig's variables and XDG_CONFIG_HOME (read
# only to see whether fontconfig's configuration changed) are not ours.
read = set()
for root, _, files in os.walk(os.path.join(src, 'src')):
    for f in files:
        if f.endswith('.c'):
            read |= set(re.findall(r'getenv\("((?:NIANBAO|XDG)_\w+|SOURCE_DATE_EPOCH)"\)',
                                   open(os.path.join(root, f), encoding='utf-8').read()))
read.discard('XDG_CONFIG_HOME')
check('NIANBAO_HOME' in read, f'variables read by src/: {sorted(read)}')
env_items = {m.group(1) for m in (re.match(r'^ {5}([A-Z][A-Z0-9_]+)$', ln)
                                  for ln in sections.get('ENVIRONMENT', [])) if m}
for v in sorted(read):
    check(v in env_items, f'ENVIRONMENT documents {v}')

# EXAMPLES: "$ nianbao CMD …" lines use only the options CMD takes.
examples = 0
for line in sections.get('EXAMPLES', []):
    m = re.match(r'^ +\$ nianbao (\S+)(.*)', line)
    if not m:
        continue
    examples += 1
    c, rest = m.group(1), m.group(2)
    check(c in commands, f'example uses command {c}')
    for name in OPT.findall(rest):
        check(name in helps.get(c, {}), f'example: {c} takes {name}')
check(examples >= 4, f'{examples} examples')

# EXIT STATUS: the codes --help states.
codes = re.findall(r'\b(\d) ', r.stdout.split('Exit status:')[1]) if 'Exit status:' in r.stdout \
    else []
listed = [m.group(1) for m in (re.match(r'^ {5}(\d)\s', ln)
                               for ln in sections.get('EXIT STATUS', [])) if m]
check(codes and codes == listed, f'exit statuses: --help {codes}, man page {listed}')

finish()
