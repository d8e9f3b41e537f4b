#!/usr/bin/env python3
"""Bash completion (completion/nianbao.bash) registers itself and completes
commands, options, layout names and data files.

Each case runs bash with bash-completion and our script sourced, sets
COMP_WORDS/COMP_CWORD/COMP_LINE/COMP_POINT as readline would, calls the
completion function and compares COMPREPLY. The layout names come from the
folders `nianbao --version` lists, so a user layout in $XDG_DATA_HOME shows
up beside the shipped ones. shellcheck finds nothing in the script.

usage: test_completion.py NIANBAO SOURCE_DIR"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'e2e'))
from pdftools import check, finish, run  # noqa: E402

nb, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
script = os.path.join(src, 'completion', 'nianbao.bash')
system = '/usr/share/bash-completion/bash_completion'
tmp = tempfile.mkdtemp(prefix='nb-complete-')
work = os.path.join(tmp, 'work')
os.makedirs(os.path.join(work, 'offices'))
for f in ('a.yaml', 'b.csv', 'notes.txt'):
    open(os.path.join(work, f), 'w').close()
xdg = os.path.join(tmp, 'xdg')
os.makedirs(os.path.join(xdg, 'nianbao', 'layouts'))
shutil.copy(os.path.join(src, 'layouts', 'annual-report-2021.yaml'),
            os.path.join(xdg, 'nianbao', 'layouts', 'my-report.yaml'))
env = {k: v for k, v in os.environ.items() if k != 'NIANBAO_HOME'}
env.update(XDG_DATA_HOME=xdg, HOME=tmp)

r = run('shellcheck', '-s', 'bash', script)
check(r.returncode == 0, f'shellcheck: {r.stdout[:600]}')

r = subprocess.run(['bash', '-c', f'source {system}; source {shlex.quote(script)}; '
                    'complete -p nianbao'], capture_output=True, text=True, env=env)
check(r.returncode == 0 and r.stdout.strip() == 'complete -F _nianbao nianbao',
      f'complete -p nianbao: {r.stdout!r} {r.stderr!r}')


def complete(*words, prog=nb):
    """COMPREPLY for the command line `nianbao WORDS…` (the last word is
    the one being completed), as a sorted list."""
    words = [prog] + list(words)
    line = ' '.join(shlex.quote(w) if w else '' for w in words)
    prog = f'''source {system}; source {shlex.quote(script)}
COMP_WORDS=({' '.join(shlex.quote(w) for w in words)})
COMP_CWORD={len(words) - 1}
COMP_LINE={shlex.quote(line)}
COMP_POINT=${{#COMP_LINE}}
_nianbao nianbao "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\\n' "${{COMPREPLY[@]}}"
'''
    r = subprocess.run(['bash', '-c', prog], capture_output=True, text=True, env=env, cwd=work)
    if r.returncode or r.stderr:
        check(False, f'completing {words[1:]}: exit {r.returncode}: {r.stderr[:300]}')
    return sorted(w for w in r.stdout.split('\n') if w)


def expect(words, want):
    got = complete(*words)
    check(got == sorted(want), f'nianbao {" ".join(words)}<TAB>: {got}, want {sorted(want)}')


commands = [ln.split()[0] for ln in
            run(nb, '--help').stdout.split('commands:')[1].split('\n\n')[0].splitlines()
            if ln.startswith('  ')]
check({'render', 'build', 'check', 'keys', 'fonts'} <= set(commands), f'commands: {commands}')
expect([''], commands + ['--help', '--version'])
expect(['re'], ['render'])
expect(['--v'], ['--version'])

# Options: exactly those of the command's --help.
for cmd in commands:
    options = run(nb, cmd, '--help').stdout.split('options:')[1]
    left = [re.split(r'\s{2,}', ln.strip())[0] for ln in options.splitlines() if ln.strip()]
    longs = sorted({w.rstrip(',') for ln in left for w in ln.split() if w.startswith('--')})
    expect([cmd, '--'], longs)
expect(['build', '--forc'], ['--force'])
expect(['render', 'a.yaml', '--html-fragment', '--p'], ['--pdfa', '--previous'])
expect(['check', '--fo'], [])  # check takes neither

# Layout names: shipped and the user's, for keys and for -l.
layouts = sorted(f[:-5] for f in os.listdir(os.path.join(src, 'layouts')) if f.endswith('.yaml'))
check('annual-report-2021' in layouts, f'shipped layouts {layouts}')
expect(['keys', 'ann'], [n for n in layouts if n.startswith('ann')])
expect(['keys', 'my'], ['my-report'])
expect(['render', 'a.yaml', '-l', 'my'], ['my-report'])
expect(['fonts', '--layout', 'annual-report-202'],
       [n for n in layouts if n.startswith('annual-report-202')])

# A program with a `layouts` command: its first column is the names.
stub = os.path.join(tmp, 'stub-nianbao')
with open(stub, 'w') as f:
    f.write("""#!/bin/sh
case "$1" in
--help) printf 'usage: nianbao COMMAND\\n\\ncommands:\\n  keys     k\\n  layouts  l\\n\\n' ;;
layouts) printf 'county-2021              2021 onward      /x/county-2021.yaml\\n' ;;
--version) printf 'nianbao 0\\nlayouts (installed): /nonexistent\\n' ;;
esac
""")
os.chmod(stub, 0o755)
got = complete('keys', 'c', prog=stub)
check(got == ['county-2021'], f'layout names from `nianbao layouts`: {got}')

# Data files: YAML (and CSV for batches) and folders, nothing else.
expect(['render', ''], ['a.yaml', 'offices'])
expect(['build', ''], ['a.yaml', 'b.csv', 'offices'])
expect(['check', 'b'], ['b.csv'])
expect(['build', 'a.yaml', '-o', ''], ['offices'])
expect(['check', 'a.yaml', '--previous', ''], ['a.yaml', 'b.csv', 'offices'])

# Option values.
expect(['render', 'a.yaml', '--dump', ''], ['lines', 'pages', 'shape', 'table'])
expect(['build', '.', '--encoding', 'G'], ['GB18030', 'GBK'])
expect(['build', '.', '-j', ''], [])
expect(['fonts', '--font', 'f'], ['fangsong='])
expect(['help', 'k'], ['keys'])
expect(['build', '.', '--formats', 'pdf'], ['pdf', 'pdf,html'])
open(os.path.join(work, 'w.html'), 'w').close()
expect(['render', 'a.yaml', '--html', ''], ['offices', 'w.html'])
open(os.path.join(work, 'r.docx'), 'w').close()
expect(['import', ''], ['offices', 'r.docx', 'w.html'])
expect(['init', '--from', ''], ['a.yaml', 'offices'])
expect(['init', '-y', ''], [])
expect(['merge-reports', ''], ['offices'])

shutil.rmtree(tmp)
finish()
