#!/usr/bin/env python3
"""The command line follows the GNU conventions: --help and -h everywhere
(exit 0, on stdout), --version, options a command does not take and unknown
commands are usage errors (exit 2) with a suggestion, `keys` accepts a data
file, and every option a command's help lists is one its parser takes."""
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from pdftools import *  # noqa: E402,F403

nb = sys.argv[1]
tmp = tempfile.mkdtemp()

r = run(nb, '--help')
check(r.returncode == 0 and 'commands:' in r.stdout, f'--help: {r.returncode}')
commands = re.findall(r'^  (\w[\w-]*) ', r.stdout.split('commands:')[1], re.M)
check({'render', 'build', 'check', 'keys', 'fonts'} <= set(commands), f'commands listed: {commands}')
check(run(nb, '-h').stdout == r.stdout, '-h is --help')
check(run(nb).returncode == 2, 'no command: usage, exit 2')
r = run(nb, '--version')
check(r.returncode == 0 and re.match(r'nianbao \d+\.\d+\.\d+', r.stdout), f'--version: {r.stdout}')

for cmd in commands:
    for flag in ('--help', '-h'):
        r = run(nb, cmd, flag)
        check(r.returncode == 0 and r.stdout.startswith(f'usage: nianbao {cmd} '),
              f'{cmd} {flag}: exit {r.returncode}')
    r = run(nb, 'help', cmd)
    check(r.returncode == 0 and r.stdout.startswith(f'usage: nianbao {cmd} '), f'help {cmd}')
    # Every long option the help lists is accepted by the parser: given
    # without its value it is "needs a value" or the command's own usage
    # complaint, never "unknown option".
    help_text = run(nb, cmd, '--help').stdout
    for opt in re.findall(r'--([a-z][a-z-]+)', help_text):
        r = run(nb, cmd, f'--{opt}')
        check('unknown option' not in r.stderr and 'takes no option' not in r.stderr,
              f'{cmd} --{opt} is parsed: {r.stderr.strip()[:120]}')

# Unknown commands suggest the nearest one.
r = run(nb, 'rendr', 'x.yaml')
check(r.returncode == 2 and "did you mean 'render'" in r.stderr, f'rendr: {r.stderr.strip()}')
r = run(nb, 'chek')
check(r.returncode == 2 and "did you mean 'check'" in r.stderr, f'chek: {r.stderr.strip()}')
r = run(nb, 'frobnicate')
check(r.returncode == 2 and 'did you mean' not in r.stderr, 'no suggestion for a far miss')

# Options a command does not take, unknown options, missing values.
out = os.path.join(tmp, 'x.pdf')
for args, says in ((['render', 'samples/fanshi-2021.yaml', '-o', out, '--pattern', 'x'], 'takes no option --pattern'),
                   (['render', 'samples/fanshi-2021.yaml', '--bogus'], "unknown option '--bogus'"),
                   (['render', 'samples/fanshi-2021.yaml', '-o'], "needs a value"),
                   (['build', 'samples/county', '-o', tmp, '-j', '0'], 'whole number'),
                   (['build', 'samples/county', '-o', tmp, '-j', 'two'], 'whole number'),
                   (['render', 'a.yaml', 'b.yaml', '-o', out], 'one data file')):
    r = run(nb, *args)
    check(r.returncode == 2 and says in r.stderr and '--help' in r.stderr, f'{args}: {r.stderr.strip()[:160]}')
check(not os.path.exists(out), 'usage errors write nothing')

# Options after operands (GNU permutation) and long forms.
r = run(nb, 'render', '--output', out, 'samples/fanshi-2021.yaml', '--layout', 'annual-report-2021')
check(r.returncode == 0 and os.path.getsize(out) > 100000, f'long options in any order: {r.stderr[-200:]}')

# keys: a layout name, a layout file, or a data file (its layout).
by_name = run(nb, 'keys', 'annual-report-2021')
by_file = run(nb, 'keys', 'layouts/annual-report-2021.yaml')
by_data = run(nb, 'keys', 'samples/fanshi-2021.yaml')
check(by_name.returncode == 0 and by_name.stdout.count('\n') > 150, 'keys by name')
check(by_name.stdout == by_file.stdout == by_data.stdout, 'keys: name, layout file and data file agree')
by_2019 = run(nb, 'keys', 'samples/example-2019.yaml')
check(by_2019.returncode == 0 and by_2019.stdout != by_name.stdout, 'keys of a 2019 data file use the 2019 layout')
finish()
