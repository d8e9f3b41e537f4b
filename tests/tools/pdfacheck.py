#!/usr/bin/env python3
"""A checker of the ISO 19005-2 (PDF/A-2b) requirements that apply to what
nianbao writes. No PDF/A validator (veraPDF) can be installed on Debian 12;
this is the honest substitute, not a full validator: it checks what our
files contain and refuses what they must not contain.

Usage: pdfacheck.py FILE.pdf   (exit 0 when every check holds; the last
line is "N passed, N failed").

Reads the file through qpdf's JSON (objects with decoded streams) and the
embedded font programs through fontTools (python3-fonttools).

Checked (clause numbers of ISO 19005-2):
 6.1.2  header %PDF-1.n (n >= 4) and a binary comment line
 6.1.3  trailer /ID of two strings; no /Encrypt; nothing after %%EOF
 6.1.7  no stream with /F, /FFilter or /FDecodeParms; no LZWDecode
 6.1.13 names <= 127 bytes, strings <= 32767 bytes, integers in 32 bits
 6.2.2–6.2.4  an OutputIntent /GTS_PDFA1 with an embedded ICC profile whose
        colour space matches /N; one profile only; no CMYK operators
        without a CMYK intent
 6.2.5  no /TR, /HTP; /TR2 only /Default
 6.2.8–6.2.9  no /Alternates, /OPI, PostScript XObjects, /Interpolate true
 6.2.10 (and our own rule: no transparency at all) no /SMask other than
        /None, no transparency /Group, /CA and /ca 1, /BM Normal
 6.2.11 every font embedded; CIDFontType2 with /CIDToGIDMap; our rule: a
        /CIDSet on every subset CIDFont, naming exactly the CIDs of the
        program; /W and /DW equal to the program's advances; a CFF's ROS
        equal to /CIDSystemInfo
 6.5–6.6 no JavaScript, no /AA, no /Launch, /ImportData, /ResetForm
 6.6.2  catalog /Metadata: /Type /Metadata /Subtype /XML, unfiltered or
        Flate; well-formed XMP with pdfaid:part 2 and conformance B; every
        Info entry equal to its XMP property (Title, Author, Subject,
        Keywords, Creator, Producer, CreationDate, ModDate)
 6.8    no /EmbeddedFiles
"""
import base64
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

from fontTools.cffLib import CFFFontSet
from fontTools.ttLib import TTFont

NS = {
    'x': 'adobe:ns:meta/',
    'rdf': 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
    'dc': 'http://purl.org/dc/elements/1.1/',
    'xmp': 'http://ns.adobe.com/xap/1.0/',
    'pdf': 'http://ns.adobe.com/pdf/1.3/',
    'pdfaid': 'http://www.aiim.org/pdfa/ns/id/',
}
XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'


class Checker:
    def __init__(self, path):
        self.path = path
        self.passes = 0
        self.fails = []
        self.facts = []

    def check(self, cond, what):
        if cond:
            self.passes += 1
        else:
            self.fails.append(what)
            print('FAIL:', what)
        return cond


def load(path):
    r = subprocess.run(['qpdf', '--json=2', '--json-stream-data=inline', '--decode-level=generalized',
                        path, '-'], capture_output=True, text=True)
    if r.returncode not in (0, 3):
        raise SystemExit(f'qpdf cannot read {path}: {r.stderr}')
    q = json.loads(r.stdout)['qpdf'][1]
    objs = {k[4:]: v for k, v in q.items() if k.startswith('obj:')}
    return q['trailer']['value'], objs


def text_of(v):
    """A qpdf JSON string value as Python text."""
    if isinstance(v, str) and v.startswith('u:'):
        return v[2:]
    if isinstance(v, str) and v.startswith('b:'):
        raw = bytes.fromhex(v[2:])
        if raw.startswith(b'\xfe\xff'):
            return raw[2:].decode('utf-16-be')
        return raw.decode('latin-1')
    return None


class Doc:
    def __init__(self, trailer, objs):
        self.trailer, self.objs = trailer, objs

    def get(self, v):
        """Follows an indirect reference; returns (value, stream or None)."""
        if isinstance(v, str) and re.fullmatch(r'\d+ \d+ R', v):
            o = self.objs.get(v, {})
            if 'stream' in o:
                return o['stream']['dict'], o['stream']
            return o.get('value'), None
        return v, None

    def val(self, v):
        return self.get(v)[0]

    def data(self, stream):
        return base64.b64decode(stream.get('data', '')) if stream else b''


def walk(v, fn, seen=None):
    """Visits every dict (stream dicts included) in a value tree."""
    if isinstance(v, dict):
        fn(v)
        for x in v.values():
            walk(x, fn)
    elif isinstance(v, list):
        for x in v:
            walk(x, fn)


def pdf_date(s):
    m = re.fullmatch(r"D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?(Z|[+-]\d\d'?(\d\d)?'?)?", s or '')
    if not m:
        return None
    y, mo, d, h, mi, se = (m.group(i) or dflt for i, dflt in zip(range(1, 7), ['', '01', '01', '00', '00', '00']))
    z = m.group(7) or ''
    if z.startswith(('+', '-')):
        z = f'{z[:3]}:{m.group(8) or "00"}'
    return f'{y}-{mo}-{d}T{h}:{mi}:{se}{z}'


def xmp_date(s):
    m = re.fullmatch(r'(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d))?(Z|[+-]\d\d:\d\d)?', s or '')
    if not m:
        return None
    return f'{m.group(1)}-{m.group(2)}-{m.group(3)}T{m.group(4)}:{m.group(5)}:{m.group(6) or "00"}{m.group(7) or ""}'


def check_file_structure(c, raw, doc):
    c.check(re.match(rb'%PDF-1\.[4-7]\r?\n', raw) is not None, f'6.1.2 header: {raw[:9]!r}')
    m = re.match(rb'%PDF-1\.\d\r?\n%(....)', raw)
    c.check(m is not None and all(b > 127 for b in m.group(1)), '6.1.2 binary comment after the header')
    c.check(re.search(rb'%%EOF\r?\n?$', raw) is not None, '6.1.3 nothing after the last %%EOF')
    ids = doc.trailer.get('/ID')
    c.check(isinstance(ids, list) and len(ids) == 2 and all(isinstance(i, str) and i.startswith('b:') for i in ids),
            f'6.1.3 trailer /ID: {ids}')
    c.check('/Encrypt' not in doc.trailer, '6.1.3 no /Encrypt')


def check_objects(c, doc):
    bad = []

    def visit(d):
        for k in ('/F', '/FFilter', '/FDecodeParms'):
            if k in d and '/Length' in d:
                bad.append(f'6.1.7.1 stream with {k}')
        filt = d.get('/Filter')
        if filt in ('/LZWDecode',) or (isinstance(filt, list) and '/LZWDecode' in filt):
            bad.append('6.1.7.2 LZWDecode')
        for k in ('/JS', '/JavaScript', '/AA', '/EmbeddedFiles', '/Alternates', '/OPI', '/TR', '/HTP',
                  '/NeedsRendering', '/XFA'):
            if k in d:
                bad.append(f'forbidden key {k}')
        if d.get('/S') in ('/JavaScript', '/Launch', '/ImportData', '/ResetForm', '/Movie', '/Sound', '/Hide'):
            bad.append(f'6.6.1 action {d.get("/S")}')
        if d.get('/Subtype') == '/PS' or d.get('/Subtype2') == '/PS':
            bad.append('6.2.9 PostScript XObject')
        if d.get('/Interpolate') is True:
            bad.append('6.2.8 /Interpolate true')
        if '/TR2' in d and d['/TR2'] != '/Default':
            bad.append('6.2.5 /TR2 not /Default')
        if '/SMask' in d and d['/SMask'] != '/None':
            bad.append('no transparency: /SMask')
        if d.get('/S') == '/Transparency':
            bad.append('no transparency: a transparency group')
        for k in ('/CA', '/ca'):
            if k in d and d[k] not in (1, 1.0):
                bad.append(f'no transparency: {k} {d[k]}')
        if '/BM' in d and d['/BM'] not in ('/Normal', '/Compatible', ['/Normal']):
            bad.append(f'no transparency: /BM {d["/BM"]}')
        for k, v in d.items():
            if len(k.encode('utf-8')) - 1 > 127:
                bad.append('6.1.13 a name longer than 127 bytes')
            if isinstance(v, str) and v.startswith('/') and len(v.encode('utf-8')) - 1 > 127:
                bad.append('6.1.13 a name longer than 127 bytes')
            if isinstance(v, str) and v[:2] in ('u:', 'b:'):
                n = len(bytes.fromhex(v[2:])) if v.startswith('b:') else len(v[2:].encode('utf-16-be')) + 2
                if n > 32767:
                    bad.append('6.1.13 a string longer than 32767 bytes')
            if isinstance(v, int) and not isinstance(v, bool) and not -2**31 <= v < 2**31:
                bad.append('6.1.13 an integer outside 32 bits')

    for o in doc.objs.values():
        walk(o.get('value', o.get('stream', {}).get('dict')), visit)
    walk(doc.trailer, visit)
    c.check(not bad, f'forbidden content: {sorted(set(bad))}')


def xmp_props(xml_bytes):
    root = ET.fromstring(xml_bytes)
    props = {}
    for desc in root.iter(f'{{{NS["rdf"]}}}Description'):
        for k, v in desc.attrib.items():
            props[k] = v
        for el in desc:
            alt = el.find(f'rdf:Alt/rdf:li', NS)
            seq = el.findall(f'rdf:Seq/rdf:li', NS)
            if alt is not None:
                props[el.tag] = ('alt', alt.get(XML_LANG), alt.text or '')
            elif seq:
                props[el.tag] = ('seq', [li.text or '' for li in seq])
            else:
                props[el.tag] = el.text or ''
    return props


def q(prefix, name):
    return f'{{{NS[prefix]}}}{name}'


def check_metadata(c, doc):
    cat = doc.val(doc.trailer.get('/Root'))
    md, stream = doc.get(cat.get('/Metadata'))
    if not c.check(stream is not None, '6.6.2.1 catalog /Metadata stream'):
        return
    c.check(md.get('/Type') == '/Metadata' and md.get('/Subtype') == '/XML', '6.6.2.1 /Type /Metadata /Subtype /XML')
    c.check(md.get('/Filter') in (None, '/FlateDecode'), f'6.6.2.1 metadata filter {md.get("/Filter")}')
    data = doc.data(stream)
    c.check(re.match(rb'<\?xpacket begin="(\xef\xbb\xbf)?" id="W5M0MpCehiHzreSzNTczkc9d"\?>', data) is not None,
            '6.6.2.1 xpacket header without bytes/encoding')
    try:
        props = xmp_props(data)
    except ET.ParseError as e:
        c.check(False, f'6.6.2.1 XMP is not well-formed XML: {e}')
        return
    c.check(props.get(q('pdfaid', 'part')) == '2', f'6.6.4 pdfaid:part {props.get(q("pdfaid", "part"))}')
    c.check(props.get(q('pdfaid', 'conformance')) == 'B', '6.6.4 pdfaid:conformance B')
    info = doc.val(doc.trailer.get('/Info')) or {}
    mapping = {
        '/Title': (q('dc', 'title'), 'alt'), '/Author': (q('dc', 'creator'), 'seq'),
        '/Subject': (q('dc', 'description'), 'alt'), '/Keywords': (q('pdf', 'Keywords'), 'text'),
        '/Creator': (q('xmp', 'CreatorTool'), 'text'), '/Producer': (q('pdf', 'Producer'), 'text'),
        '/CreationDate': (q('xmp', 'CreateDate'), 'date'), '/ModDate': (q('xmp', 'ModifyDate'), 'date'),
    }
    for key, v in info.items():
        if key == '/Trapped':
            continue
        if not c.check(key in mapping, f'6.6.2.3.1 Info {key} has no XMP equivalent'):
            continue
        prop, kind = mapping[key]
        t = text_of(v)
        x = props.get(prop)
        if kind == 'alt':
            ok = isinstance(x, tuple) and x[0] == 'alt' and x[1] == 'x-default' and x[2] == t
        elif kind == 'seq':
            ok = isinstance(x, tuple) and x[0] == 'seq' and x[1] == [t]
        elif kind == 'date':
            ok = x is not None and pdf_date(t) is not None and pdf_date(t) == xmp_date(x)
        else:
            ok = x == t
        c.check(ok, f'6.6.2.3.1 Info {key} {t!r} differs from XMP {x!r}')
    c.facts.append(f'XMP matches {len(info)} Info entries')


def check_output_intent(c, doc):
    cat = doc.val(doc.trailer.get('/Root'))
    ois = doc.val(cat.get('/OutputIntents')) or []
    pdfa = [doc.val(o) for o in ois if doc.val(o).get('/S') == '/GTS_PDFA1']
    if not c.check(len(pdfa) >= 1, '6.2.3 an OutputIntent /S /GTS_PDFA1'):
        return None
    profiles = {oi.get('/DestOutputProfile') for oi in pdfa}
    c.check(len(profiles) == 1, '6.2.3 one DestOutputProfile for every PDF/A output intent')
    oi = pdfa[0]
    c.check(text_of(oi.get('/OutputConditionIdentifier')) is not None, '6.2.3 /OutputConditionIdentifier')
    d, stream = doc.get(oi.get('/DestOutputProfile'))
    icc = doc.data(stream)
    ok = stream is not None and len(icc) >= 128 and icc[36:40] == b'acsp'
    if not c.check(ok, '6.2.3 DestOutputProfile is an embedded ICC profile'):
        return None
    space = icc[16:20]
    n = {b'RGB ': 3, b'GRAY': 1, b'CMYK': 4}.get(space)
    c.check(d.get('/N') == n, f'6.2.3 ICC colour space {space!r} and /N {d.get("/N")}')
    c.check(icc[8] in (2, 4), f'6.2.3 ICC version {icc[8]}')
    c.check(space in (b'RGB ', b'GRAY', b'CMYK'), f'6.2.3 output profile class {icc[12:16]!r}')
    c.facts.append(f'OutputIntent {text_of(oi.get("/OutputConditionIdentifier"))}, ICC {len(icc)} bytes')
    return space


def content_streams(doc):
    cat = doc.val(doc.trailer.get('/Root'))
    out = []

    def pages(node):
        node = doc.val(node)
        if node.get('/Type') == '/Pages':
            for k in doc.val(node.get('/Kids')):
                pages(k)
        else:
            cs = node.get('/Contents')
            refs = cs if isinstance(cs, list) else [cs]
            out.append(b'\n'.join(doc.data(doc.get(r)[1]) for r in refs if r))
    pages(cat.get('/Pages'))
    return out


def check_colour(c, doc, space):
    ops = set()
    for data in content_streams(doc):
        data = re.sub(rb'<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\)', b' ', data)
        ops.update(re.findall(rb'(?<![\w/])(k|K|rg|RG|g|G|cs|CS|sc|scn|SC|SCN|BI|sh)(?!\w)', data))
    if space != b'CMYK':
        c.check(not ops & {b'k', b'K'}, '6.2.4.3 DeviceCMYK without a CMYK output intent')
    c.check(b'BI' not in ops, 'no inline images')
    c.facts.append('colour operators ' + ' '.join(sorted(o.decode() for o in ops)) if ops else 'no colour operators')


def bits(data):
    s = set()
    for i, b in enumerate(data):
        for k in range(8):
            if b & (0x80 >> k):
                s.add(i * 8 + k)
    return s


def widths_of(doc, w):
    out = {}
    w = doc.val(w) or []
    i = 0
    while i < len(w):
        first = w[i]
        nxt = doc.val(w[i + 1])
        if isinstance(nxt, list):
            for k, x in enumerate(nxt):
                out[first + k] = float(x)
            i += 2
        else:
            for cid in range(first, nxt + 1):
                out[cid] = float(w[i + 2])
            i += 3
    return out


def program_glyphs(prog, cff):
    """CID → advance in 1/1000 em of every glyph in the program, and the
    CFF's ROS (or None)."""
    if cff:
        fs = CFFFontSet()
        fs.decompile(io.BytesIO(prog), None)
        top = fs[fs.fontNames[0]]
        ros = getattr(top, 'ROS', None)
        cs = top.CharStrings
        upem = 1000
        if hasattr(top, 'FontMatrix') and top.FontMatrix[0]:
            upem = round(1 / top.FontMatrix[0])
        out = {}
        for gid, name in enumerate(top.charset):
            cid = 0 if name == '.notdef' else int(name[3:]) if name.startswith('cid') else gid
            ch = cs[name]
            ch.draw(_NullPen())
            out[cid] = ch.width * 1000.0 / upem
        return out, ros
    f = TTFont(io.BytesIO(prog))
    upem = f['head'].unitsPerEm
    order = f.getGlyphOrder()
    hmtx = f['hmtx']
    return {gid: hmtx[name][0] * 1000.0 / upem for gid, name in enumerate(order)}, None


class _NullPen:
    def moveTo(self, p): pass
    def lineTo(self, p): pass
    def curveTo(self, *p): pass
    def qCurveTo(self, *p): pass
    def closePath(self): pass
    def endPath(self): pass
    def addComponent(self, *a): pass


def check_fonts(c, doc):
    fonts = [o['value'] for o in doc.objs.values() if isinstance(o.get('value'), dict)
             and o['value'].get('/Type') == '/Font']
    n = 0
    for f in fonts:
        sub = f.get('/Subtype')
        name = f.get('/BaseFont', '?')
        if sub == '/Type0':
            c.check(f.get('/Encoding') in ('/Identity-H', '/Identity-V'), f'{name}: Identity encoding')
            continue
        if sub not in ('/CIDFontType0', '/CIDFontType2'):
            c.check(False, f'{name}: font type {sub} not expected')
            continue
        n += 1
        desc = doc.val(f.get('/FontDescriptor'))
        ff = desc.get('/FontFile2') or desc.get('/FontFile3')
        pd, pstream = doc.get(ff)
        if not c.check(pstream is not None, f'6.2.11.4.1 {name}: font program embedded'):
            continue
        cff = sub == '/CIDFontType0'
        if cff:
            c.check(pd.get('/Subtype') == '/CIDFontType0C', f'{name}: FontFile3 /CIDFontType0C')
        else:
            c.check(f.get('/CIDToGIDMap') is not None, f'6.2.11.3.2 {name}: CIDToGIDMap')
        try:
            glyphs, ros = program_glyphs(doc.data(pstream), cff)
        except Exception as e:  # noqa: BLE001 - a broken program is a finding
            c.check(False, f'{name}: the font program cannot be read: {e}')
            continue
        if re.match(r'/[A-Z]{6}\+', name):
            _, cs = doc.get(desc.get('/CIDSet'))
            if c.check(cs is not None, f'6.2.11.4.2 {name}: subset without /CIDSet'):
                got = bits(doc.data(cs))
                c.check(got == set(glyphs), f'6.2.11.4.2 {name}: CIDSet names {len(got)} CIDs, '
                        f'the program holds {len(glyphs)} (missing {sorted(set(glyphs) - got)[:5]}, '
                        f'extra {sorted(got - set(glyphs))[:5]})')
        csi = doc.val(f.get('/CIDSystemInfo')) or {}
        if ros:
            reg, order, supp = ros
            c.check((text_of(csi.get('/Registry')), text_of(csi.get('/Ordering')), csi.get('/Supplement'))
                    == (reg, order, supp), f'{name}: CIDSystemInfo {csi} differs from the CFF ROS {ros}')
        w = widths_of(doc, f.get('/W'))
        dw = float(f.get('/DW', 1000))
        bad = []
        for cid, adv in glyphs.items():
            if cid == 0:
                continue  # .notdef is never shown
            pw = w.get(cid, dw)
            if abs(pw - adv) > 1:
                bad.append((cid, pw, round(adv, 3)))
        extra = [cid for cid in w if cid not in glyphs]
        c.check(not bad, f'6.2.11.5 {name}: widths differ from the program (cid, /W, program): {bad[:5]}')
        c.check(not extra, f'6.2.11.5 {name}: /W names CIDs the program lacks: {extra[:5]}')
    c.facts.append(f'{n} CIDFonts embedded with CIDSet and matching widths')


def main():
    path = sys.argv[1]
    c = Checker(path)
    raw = open(path, 'rb').read()
    r = subprocess.run(['qpdf', '--check', path], capture_output=True, text=True)
    c.check(r.returncode == 0, f'qpdf --check: {r.stdout[-200:]}')
    doc = Doc(*load(path))
    check_file_structure(c, raw, doc)
    check_objects(c, doc)
    check_metadata(c, doc)
    space = check_output_intent(c, doc)
    check_colour(c, doc, space)
    check_fonts(c, doc)
    print(f'{path}: ' + '; '.join(c.facts))
    print(f'{c.passes} passed, {len(c.fails)} failed')
    sys.exit(1 if c.fails else 0)


if __name__ == '__main__':
    main()
