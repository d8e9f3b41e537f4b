"""A tiny .xlsx writer for the tests: zipfile + hand-written SpreadsheetML,
so the reader is checked against a writer other than libxlsxwriter (and
other than openpyxl). Cells are given as {(row, col): value} with 0-based
positions; a value is an int/float (a number), a str (a shared string),
('inline', s), ('formula', f, cached or None), ('date', serial), ('bool', 0|1)."""
import zipfile
from xml.sax.saxutils import escape


def col_name(c):
    s = ''
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def write(path, cells, sheet='表1', date1904=False, omit=()):
    strings, index = [], {}
    rows = {}
    for (r, c), v in sorted(cells.items()):
        rows.setdefault(r, []).append((c, v))
    out = []
    for r in sorted(rows):
        xs = []
        for c, v in rows[r]:
            ref = f'{col_name(c)}{r + 1}'
            if isinstance(v, tuple) and v[0] == 'inline':
                xs.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(v[1])}</t></is></c>')
            elif isinstance(v, tuple) and v[0] == 'formula':
                cached = '' if v[2] is None else f'<v>{v[2]}</v>'
                xs.append(f'<c r="{ref}"><f>{escape(v[1])}</f>{cached}</c>')
            elif isinstance(v, tuple) and v[0] == 'bool':
                xs.append(f'<c r="{ref}" t="b"><v>{v[1]}</v></c>')
            elif isinstance(v, tuple) and v[0] == 'date':
                xs.append(f'<c r="{ref}" s="1"><v>{v[1]}</v></c>')
            elif isinstance(v, str):
                if v not in index:
                    index[v] = len(strings)
                    strings.append(v)
                xs.append(f'<c r="{ref}" t="s"><v>{index[v]}</v></c>')
            else:
                xs.append(f'<c r="{ref}"><v>{v}</v></c>')
        out.append(f'<row r="{r + 1}">{"".join(xs)}</row>')
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    parts = {
        '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
        '_rels/.rels': '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        'xl/workbook.xml': f'<?xml version="1.0"?><workbook {ns} {rel}>'
        + ('<workbookPr date1904="1"/>' if date1904 else '<workbookPr/>')
        + f'<sheets><sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        'xl/_rels/workbook.xml.rels': '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        'xl/sharedStrings.xml': f'<?xml version="1.0"?><sst {ns} count="{len(strings)}">'
        + ''.join(f'<si><t>{escape(s)}</t></si>' for s in strings) + '</sst>',
        'xl/worksheets/sheet1.xml': f'<?xml version="1.0"?><worksheet {ns}><sheetData>{"".join(out)}</sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            if name not in omit:
                z.writestr(name, text)
