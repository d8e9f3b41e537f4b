"""PDF/A-2b: --pdfa output of the seed sample, the 2019 sample and a county
batch passes our ISO 19005-2 checker (tests/tools/pdfacheck.py) and every
existing check (pdfcheck: text, fonts, geometry); output is reproducible;
a layout's `output: {pdfa: true}` makes it the default; and a Ghostscript
round trip (-dPDFA=2) renders, keeps the text and prints nothing but the
expected "Text string detected in DOCINFO cannot be represented in XMP"
(Ghostscript 10.0 cannot carry UTF-16 Info strings into its XMP)."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

# python3-fonttools is a Debian package: use Debian's interpreter when the
# one running us does not have it.
try:
    import fontTools  # noqa: F401
except ImportError:
    if os.path.exists('/usr/bin/python3') and os.path.realpath(sys.executable) != '/usr/bin/python3':
        os.execv('/usr/bin/python3', ['/usr/bin/python3'] + sys.argv)
    raise

sys.path.insert(0, os.path.dirname(__file__))
from pdftools import check, finish, run, text_lines  # noqa: E402

NB = os.path.abspath(sys.argv[1])
HERE = os.path.dirname(os.path.abspath(__file__))
CHECKER = os.path.join(HERE, '..', 'tools', 'pdfacheck.py')
TMP = tempfile.mkdtemp(prefix='nb-pdfa-')
GS_EXPECTED = 'Text string detected in DOCINFO cannot be represented in XMP'


def pdfa_check(pdf, name):
    r = run(sys.executable, CHECKER, pdf)
    last = r.stdout.strip().split('\n')[-1] if r.stdout.strip() else ''
    check(r.returncode == 0 and last.endswith(' 0 failed'), f'{name}: pdfacheck: {r.stdout[-600:]}{r.stderr[-300:]}')
    return r


def gs_round_trip(pdf, name):
    out = pdf[:-4] + '-gs.pdf'
    r = run('gs', '-dPDFA=2', '-dBATCH', '-dNOPAUSE', '-dQUIET', '-sColorConversionStrategy=RGB',
            '-sDEVICE=pdfwrite', '-dPDFACompatibilityPolicy=1', '-sOutputFile=' + out, pdf)
    msgs = [l for l in (r.stdout + r.stderr).splitlines() if l.strip()]
    other = [m for m in msgs if GS_EXPECTED not in m]
    check(r.returncode == 0 and os.path.exists(out), f'{name}: gs -dPDFA=2 failed: {msgs[-3:]}')
    check(not other, f'{name}: gs printed more than the expected DOCINFO message: {other[:3]}')
    check(text_lines(out) == text_lines(pdf), f'{name}: the text changed in the Ghostscript round trip')
    png = os.path.join(TMP, 'gs-page')
    r = run('pdftoppm', '-r', '40', '-gray', '-f', '1', '-l', '1', out, png)
    pgm = [f for f in os.listdir(TMP) if f.startswith('gs-page')]
    ink = 0
    if pgm:
        data = open(os.path.join(TMP, pgm[0]), 'rb').read()
        body = data.split(b'\n', 3)[3]
        ink = sum(1 for b in body if b < 128)
        for f in pgm:
            os.remove(os.path.join(TMP, f))
    check(ink > 1000, f'{name}: the Ghostscript copy renders no ink on page 1 ({ink} dark pixels)')


def main():
    seed = os.path.join(HERE, '..', 'fixtures', 'seed-fanshi-2021.txt')
    for data in ['samples/fanshi-2021.yaml', 'samples/example-2019.yaml']:
        name = os.path.basename(data)[:-5]
        pdf = os.path.join(TMP, name + '.pdf')
        r = run(NB, 'render', data, '-o', pdf, '--pdfa')
        check(r.returncode == 0, f'render --pdfa {data}: {r.stderr[-300:]}')
        if r.returncode:
            continue
        pdfa_check(pdf, name)
        gs_round_trip(pdf, name)
        again = pdf[:-4] + '-again.pdf'
        run(NB, 'render', data, '-o', again, '--pdfa')
        check(open(pdf, 'rb').read() == open(again, 'rb').read(), f'{name}: --pdfa output is not reproducible')
        r = run(NB, 'render', data, '-o', pdf[:-4] + '-plain.pdf')
        check(text_lines(pdf) == text_lines(pdf[:-4] + '-plain.pdf'), f'{name}: PDF/A text differs from the plain PDF')
        if 'fanshi' in name:
            r = run(sys.executable, os.path.join(HERE, '..', 'tools', 'pdfcheck.py'), seed, pdf)
            check(r.returncode == 0 and r.stdout.strip().split('\n')[-1].startswith('OK'),
                  f'{name}: pdfcheck on the PDF/A: {r.stdout[-400:]}')
    # The two reports get different IDs (the ID is a content hash).
    ids = [re.search(rb'/ID \[ ?<([0-9A-Fa-f]+)>', open(os.path.join(TMP, n + '.pdf'), 'rb').read())
           for n in ('fanshi-2021', 'example-2019')]
    check(all(ids) and ids[0].group(1) != ids[1].group(1), 'two reports, two document IDs')

    # The checker refuses a plain PDF for what it lacks.
    r = run(sys.executable, CHECKER, os.path.join(TMP, 'fanshi-2021-plain.pdf'))
    for what in ('6.1.3 trailer /ID', '6.6.2.1 catalog /Metadata', '6.2.3 an OutputIntent',
                 'subset without /CIDSet'):
        check(r.returncode == 1 and what in r.stdout, f'pdfacheck misses "{what}" on a plain PDF')

    # output: { pdfa: true } in a layout makes PDF/A the default.
    lay = os.path.join(TMP, 'annual-report-2021.yaml')
    src = open('layouts/annual-report-2021.yaml', encoding='utf-8').read()
    open(lay, 'w', encoding='utf-8').write(src + '\noutput:\n  pdfa: true\n')
    pdf = os.path.join(TMP, 'by-layout.pdf')
    r = run(NB, 'render', 'samples/fanshi-2021.yaml', '-l', lay, '-o', pdf)
    check(r.returncode == 0, f'render with output.pdfa: {r.stderr[-300:]}')
    if r.returncode == 0:
        pdfa_check(pdf, 'layout output.pdfa')
    open(lay, 'w', encoding='utf-8').write(src + '\noutput:\n  pdfa: yes\n')
    r = run(NB, 'render', 'samples/fanshi-2021.yaml', '-l', lay, '-o', pdf)
    check(r.returncode == 1 and re.search(r':\d+:\d+: error: .*pdfa', r.stderr), f'output.pdfa: yes is an error: {r.stderr[-300:]}')
    open(lay, 'w', encoding='utf-8').write(src + '\noutput:\n  pdf-a: true\n')
    r = run(NB, 'render', 'samples/fanshi-2021.yaml', '-l', lay, '-o', pdf)
    check(r.returncode == 1 and 'pdf-a' in r.stderr, f'an unknown output key is an error: {r.stderr[-300:]}')

    # A batch with --pdfa: every office's PDF is PDF/A (three checked in full).
    out = os.path.join(TMP, 'county')
    r = run(NB, 'build', 'samples/county', '-o', out, '-j', '2', '--pdfa')
    pdfs = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(out) for f in fs if f.endswith('.pdf'))
    check(len(pdfs) == 37, f'county --pdfa: {len(pdfs)} PDFs')
    check(all(open(p, 'rb').read(8) == b'%PDF-1.7' for p in pdfs), 'county --pdfa: every PDF is 1.7')
    for p in pdfs[:: max(1, len(pdfs) // 3)][:3]:
        pdfa_check(p, os.path.relpath(p, TMP))
    shutil.rmtree(TMP, ignore_errors=True)
    finish()


main()
