#!/usr/bin/env python3
"""The include graph of src/ follows the pipeline (README "Layout of the
code"): every #include "..." of a file under src/ must name a header of
its own module or of a module that module may use, and libharu's headers
are included only in src/draw/ (its internal ones only in hpdf_glue.c).

A file's module is its first folder under src/ ("render" for src/render.c,
"api" for src/nianbao.h). Prints one line per broken edge and a last line
`N passed, N failed` (one check per include)."""
import os
import re
import sys

# Each module and the modules it may include, besides itself. Keep this
# list and the README's in step.
ALLOWED = {
    'api': set(),
    'util': {'api'},
    'parse': {'util', 'api'},
    'ooxml': {'util', 'api'},
    'model': {'parse', 'util', 'api'},
    'bind': {'model', 'parse', 'util', 'api'},
    'fonts': {'model', 'util', 'api'},
    'shape': {'fonts', 'util', 'api'},
    'break': {'shape', 'model', 'util', 'api'},
    'doc': {'fonts', 'util', 'api'},
    'layout': {'doc', 'break', 'shape', 'fonts', 'bind', 'model', 'util', 'api'},
    'paginate': {'layout', 'doc', 'shape', 'fonts', 'bind', 'model', 'util', 'api'},
    'draw': {'doc', 'fonts', 'util', 'api'},
    'html': {'bind', 'model', 'util', 'api'},
    'render': {'paginate', 'layout', 'draw', 'html', 'doc', 'bind', 'model', 'util', 'api'},
    'batch': {'sheet', 'bind', 'fonts', 'model', 'parse', 'util', 'api'},
    'rollup': {'batch', 'sheet', 'bind', 'model', 'util', 'api'},
    'sheet': {'ooxml', 'bind', 'model', 'util', 'api'},
    'init': {'bind', 'model', 'util', 'api'},
    'import': {'init', 'ooxml', 'model', 'util', 'api'},
    'serve': {'util', 'api'},
    'cli': {'api'},
}
HPDF = re.compile(r'#\s*include\s*<(hpdf[a-z_]*)\.h>')
LOCAL = re.compile(r'#\s*include\s*"([^"]+)"')


def module_of(rel):
    """Module of a path relative to src/."""
    parts = rel.split('/')
    if len(parts) == 1:
        return 'api' if parts[0] == 'nianbao.h' else os.path.splitext(parts[0])[0]
    return parts[0]


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'src')
    root = os.path.normpath(root)
    passed = failed = 0

    def fail(msg):
        nonlocal failed
        failed += 1
        print('FAIL ' + msg)

    for dirpath, _, files in os.walk(root):
        for name in sorted(files):
            if not name.endswith(('.c', '.h')):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            mod = module_of(rel)
            if mod not in ALLOWED:
                fail(f'{rel}: module {mod!r} is not in the graph; add it to ALLOWED and the README')
                continue
            with open(path, encoding='utf-8') as f:
                lines = f.read().splitlines()
            for no, line in enumerate(lines, 1):
                m = HPDF.search(line)
                if m:
                    internal = m.group(1) != 'hpdf'
                    if mod != 'draw' or (internal and rel != 'draw/hpdf_glue.c'):
                        fail(f'{rel}:{no}: includes <{m.group(1)}.h>; only src/draw/ uses '
                             'libharu, and only hpdf_glue.c its internals')
                    else:
                        passed += 1
                    continue
                m = LOCAL.search(line)
                if not m:
                    continue
                target = os.path.normpath(os.path.join(dirpath, m.group(1)))
                if not os.path.exists(target):  # render.c names "bind/bind.h"
                    target = os.path.normpath(os.path.join(root, m.group(1)))
                trel = os.path.relpath(target, root)
                if trel.startswith('..') or not os.path.exists(target):
                    fail(f'{rel}:{no}: includes "{m.group(1)}", which is not a file under src/')
                    continue
                tmod = module_of(trel)
                if tmod == mod or tmod in ALLOWED[mod]:
                    passed += 1
                else:
                    fail(f'{rel}:{no}: {mod} includes {trel} ({tmod}); {mod} may include '
                         f'only {", ".join(sorted(ALLOWED[mod])) or "nothing"}')
    if passed == 0:
        fail('no #include found under src/: is the path right?')
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
