#!/usr/bin/env python3
"""Writes the import fixtures: small annual reports as a Word/WPS .docx and
as portal web pages, with the prose and figures each should import to.

Usage: python3 tests/import/make_fixtures.py   (from the repository root)

The .docx files are written with zipfile as Word and WPS write them (a
package with _rels, styles.xml, numbering.xml, tables with w:gridSpan and
w:vMerge); the pages as portals publish them (navigation, breadcrumbs, a
sidebar of other years' reports, share buttons, a footer). Each fixture's
expectations go to expected/NAME.json: the layout, office, year, date,
every prose paragraph as the PDF must give it back, every figure by key,
the cells that must be reported unmatched and the rules its own arithmetic
breaks. The outputs are committed; rerun this after changing it."""
import json
import os
import zipfile
from html import escape

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'fixtures')
EXP = os.path.join(HERE, 'expected')

APPLICANTS = ['natural', 'business', 'research', 'welfare', 'legal', 'other']

# ---- report content ----------------------------------------------------------


def requests_figures(seed, rows, error=None):
    """Consistent table (b) figures: per applicant column, new + carried =
    outcomes + next; 总计 the row sums. `rows`: the outcome row keys."""
    fig = {}
    for j, col in enumerate(APPLICANTS):
        new = (seed * 7 + j * 5) % 23 + (3 if j == 0 else 0)
        carried = (seed + j) % 3
        pool = new + carried
        vals = {}
        for i, r in enumerate(rows):
            v = ((seed + i * 3 + j) % 4) if pool > 0 else 0
            v = min(v, pool)
            vals[r] = v
            pool -= v
        nxt = pool
        fig[f'requests.new.{col}'] = new
        fig[f'requests.carried.{col}'] = carried
        for r, v in vals.items():
            fig[f'requests.result.{r}.{col}'] = v
        fig[f'requests.result.total.{col}'] = sum(vals.values())
        fig[f'requests.next.{col}'] = nxt
    for row in ['new', 'carried', 'next', 'result.total'] + [f'result.{r}' for r in rows]:
        fig[f'requests.{row}.total'] = sum(fig[f'requests.{row}.{c}'] for c in APPLICANTS)
    if error:
        key, delta = error
        fig[key] += delta
    return {k: str(v) for k, v in fig.items()}


ROWS_2021 = ['granted', 'partial'] + [f'denied.{k}' for k in
             ['secret', 'law', 'safety', 'third_party', 'internal', 'process', 'enforcement', 'query']] + \
    [f'unable.{k}' for k in ['no_info', 'need_create', 'unclear']] + \
    [f'unprocessed.{k}' for k in ['complaint', 'repeated', 'publication', 'massive', 'confirm']] + \
    [f'other.{k}' for k in ['no_fix', 'no_fee', 'misc']]
ROWS_2019 = ROWS_2021[:-3] + ['other']

REVIEW_COLS = [f'{g}.{c}' for g in ['review', 'suit.direct', 'suit.after_review']
               for c in ['upheld', 'corrected', 'other', 'pending', 'total']]


def reviews(values):
    return {f'reviews.{k}': str(v) for k, v in zip(REVIEW_COLS, values)}


# ---- tables as grids: (row, col, rowspan, colspan, text, key or None) --------

REQ_ROW_LABELS_2021 = [
    ('granted', '（一）予以公开'), ('partial', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）'),
    ('denied', '（三）不予公开', [('secret', '1.属于国家秘密'), ('law', '2.其他法律行政法规禁止公开'),
                           ('safety', '3.危及“三安全一稳定”'), ('third_party', '4.保护第三方合法权益'),
                           ('internal', '5.属于三类内部事务信息'), ('process', '6.属于四类过程性信息'),
                           ('enforcement', '7.属于行政执法案卷'), ('query', '8.属于行政查询事项')]),
    ('unable', '（四）无法提供', [('no_info', '1.本机关不掌握相关政府信息'), ('need_create', '2.没有现成信息需要另行制作'),
                           ('unclear', '3.补正后申请内容仍不明确')]),
    ('unprocessed', '（五）不予处理', [('complaint', '1.信访举报投诉类申请'), ('repeated', '2.重复申请'),
                                ('publication', '3.要求提供公开出版物'), ('massive', '4.无正当理由大量反复申请'),
                                ('confirm', '5.要求行政机关确认或重新出具已获取信息')]),
    ('other', '（六）其他处理', [('no_fix', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'),
                          ('no_fee', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'),
                          ('misc', '3.其他')]),
]
REQ_ROW_LABELS_2019 = REQ_ROW_LABELS_2021[:-1] + [('other', '（六）其他处理')]


def requests_grid(fig, rows_spec, variant=None, extra_row=None):
    """Table (b). variant: a dict of label replacements, and
    'flat_header': no 法人或其他组织 level."""
    variant = variant or {}
    lab = lambda s: variant.get(s, s)  # noqa: E731
    cells = []
    cols = APPLICANTS + ['total']
    flat = variant.get('flat_header')
    head = 2 if flat else 3
    cells.append((0, 0, head, 3, lab('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）'), None))
    cells.append((0, 3, 1, 7, lab('申请人情况'), None))
    if flat:
        for j, t in enumerate(['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计']):
            cells.append((1, 3 + j, 1, 1, lab(t), None))
    else:
        cells.append((1, 3, 2, 1, lab('自然人'), None))
        cells.append((1, 4, 1, 5, lab('法人或其他组织'), None))
        cells.append((1, 9, 2, 1, lab('总计'), None))
        for j, t in enumerate(['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']):
            cells.append((2, 4 + j, 1, 1, lab(t), None))
    r = head

    def values(row, key):
        for j, c in enumerate(cols):
            cells.append((row, 3 + j, 1, 1, fig[f'requests.{key}.{c}'], f'requests.{key}.{c}'))

    cells.append((r, 0, 1, 3, lab('一、本年新收政府信息公开申请数量'), None)); values(r, 'new'); r += 1
    cells.append((r, 0, 1, 3, lab('二、上年结转政府信息公开申请数量'), None)); values(r, 'carried'); r += 1
    start = r
    for spec in rows_spec:
        if len(spec) == 2:
            cells.append((r, 1, 1, 2, lab(spec[1]), None)); values(r, f'result.{spec[0]}'); r += 1
        else:
            cells.append((r, 1, len(spec[2]), 1, lab(spec[1]), None))
            for k, t in spec[2]:
                cells.append((r, 2, 1, 1, lab(t), None)); values(r, f'result.{spec[0]}.{k}'); r += 1
    if extra_row:
        label, vals = extra_row
        cells.append((r, 1, 1, 2, label, None))
        for j, v in enumerate(vals):
            cells.append((r, 3 + j, 1, 1, v, None))
        r += 1
    cells.append((r, 1, 1, 2, lab('（七）总计'), None)); values(r, 'result.total'); r += 1
    cells.insert(0, (start, 0, r - start, 1, lab('三、本年度办理结果'), None))
    cells.append((r, 0, 1, 3, lab('四、结转下年度继续办理'), None)); values(r, 'next'); r += 1
    return cells, r, 10


def reviews_grid(fig, variant=None):
    variant = variant or {}
    lab = lambda s: variant.get(s, s)  # noqa: E731
    cells = [(0, 0, 1, 5, lab('行政复议'), None), (0, 5, 1, 10, lab('行政诉讼'), None)]
    for j, t in enumerate(['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']):
        cells.append((1, j, 2, 1, lab(t), None))
    cells.append((1, 5, 1, 5, lab('未经复议直接起诉'), None))
    cells.append((1, 10, 1, 5, lab('复议后起诉'), None))
    for g in range(2):
        for j, t in enumerate(['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']):
            cells.append((2, 5 + 5 * g + j, 1, 1, lab(t), None))
    for j, k in enumerate(REVIEW_COLS):
        cells.append((3, j, 1, 1, fig[f'reviews.{k}'], f'reviews.{k}'))
    return cells, 4, 15


def active_grid_2021(fig, variant=None):
    variant = variant or {}
    lab = lambda s: variant.get(s, s)  # noqa: E731
    cells, r = [], 0

    def block(caption, heads, rows):
        nonlocal r
        cells.append((r, 0, 1, 4, lab(caption), None)); r += 1
        cells.append((r, 0, 1, 1, lab('信息内容'), None))
        c = 1
        for t, span in heads:
            cells.append((r, c, 1, span, lab(t), None)); c += span
        r += 1
        for key, label in rows:
            cells.append((r, 0, 1, 1, lab(label), None))
            c = 1
            for (t, span), col in zip(heads, [k for k in fig if k.startswith(f'active.{key}.')]):
                cells.append((r, c, 1, span, fig[col], col)); c += span
            r += 1

    block('第二十条第（一）项', [('本年制发件数', 1), ('本年废止件数', 1), ('现行有效件数', 1)],
          [('rules', '规章'), ('normative', '行政规范性文件')])
    block('第二十条第（五）项', [('本年处理决定数量', 3)], [('license', '行政许可')])
    block('第二十条第（六）项', [('本年处理决定数量', 3)], [('penalty', '行政处罚'), ('coercion', '行政强制')])
    block('第二十条第（八）项', [('本年收费金额（单位：万元）', 3)], [('fees', '行政事业性收费')])
    return cells, r, 4


def active_grid_2019(fig):
    cells, r = [], 0

    def block(caption, heads, rows):
        nonlocal r
        cells.append((r, 0, 1, 4, caption, None)); r += 1
        cells.append((r, 0, 1, 1, '信息内容', None))
        c = 1
        for t, span in heads:
            cells.append((r, c, 1, span, t, None)); c += span
        r += 1
        for key, label in rows:
            cells.append((r, 0, 1, 1, label, None))
            c = 1
            for (t, span), col in zip(heads, [k for k in fig if k.startswith(f'active.{key}.')]):
                cells.append((r, c, 1, span, fig[col], col)); c += span
            r += 1

    three = [('上一年项目数量', 1), ('本年增/减', 1), ('处理决定数量', 1)]
    block('第二十条第（一）项', [('本年新制作数量', 1), ('本年新公开数量', 1), ('对外公开总数量', 1)],
          [('rules', '规章'), ('normative', '规范性文件')])
    block('第二十条第（五）项', three, [('license', '行政许可'), ('services', '其他对外管理服务事项')])
    block('第二十条第（六）项', three, [('penalty', '行政处罚'), ('coercion', '行政强制')])
    block('第二十条第（八）项', [('上一年项目数量', 1), ('本年增/减', 2)], [('fees', '行政事业性收费')])
    block('第二十条第（九）项', [('采购项目数量', 1), ('采购总金额', 2)], [('procurement', '政府集中采购')])
    return cells, r, 4


# ---- prose: (kind, head, text): kind p (paragraph), h2/h3 stand-alone, r2/r3 run-in


def prose_2021(office, year):
    return [
        ('preamble', None, [('p', None, f'本报告依据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室关于年度报告的通知要求编制，统计期限自{year}年1月1日起至{year}年12月31日止。')]),
        ('overview', '一、总体情况', [
            ('p', None, f'{year}年，{office}坚持“公开为常态、不公开为例外”，围绕教育重点工作推进政府信息公开。'),
            ('r2', '（一）主动公开方面。', f'全年通过门户网站主动公开信息412条，其中政策文件37条。'),
            ('r2', '（二）依申请公开方面。', '规范受理、登记、答复流程，全部申请均在法定期限内答复。'),
            ('h2', '（三）政府信息管理', None),
            ('p', None, '建立公开属性源头认定机制，开展规范性文件清理，公布继续有效的规范性文件17件。'),
            ('r3', '一是加强平台建设：', '完成门户网站信息公开专栏改版。'),
            ('r2', '（四）平台建设方面。', '政务新媒体全年发布信息368条。'),
            ('r2', '（五）监督保障方面。', '将政务公开纳入年度考核，组织培训2次。'),
        ]),
        ('problems', '五、存在的主要问题及改进情况', [
            ('p', None, '一是政策解读形式较为单一；二是部分信息更新不够及时。'),
            ('p', None, '下一步，将丰富解读形式，建立信息更新提醒机制。'),
        ]),
        ('other', '六、其他需要报告的事项', [('p', None, f'{year}年度未收取信息处理费。')]),
    ]


def prose_2019(office, year):
    return [
        ('overview', '一、总体情况', [
            ('p', None, f'{year}年，{office}认真贯彻新修订的《条例》，推进政府信息公开工作。'),
            ('r2', '（一）主动公开情况。', '全年主动公开政府信息860条。'),
            ('r2', '（二）依申请公开情况。', '全年新收申请均按期答复。'),
            ('r2', '（三）政府信息管理情况。', '修订政府信息公开指南和目录。'),
            ('r2', '（四）平台建设情况。', '完成政府信息公开专栏改版。'),
            ('r2', '（五）监督保障情况。', '调整政务公开工作领导小组。'),
        ]),
        ('problems', '五、政府信息公开工作存在的主要问题及改进情况', [
            ('p', None, '主动公开的及时性有待提高。下一步将加强培训。'),
        ]),
        ('other', '六、其他需要报告的事项', [('p', None, '无。')]),
    ]


TABLE_HEADS_2021 = {'active': '二、主动公开政府信息情况', 'requests': '三、收到和处理政府信息公开申请情况',
                    'reviews': '四、政府信息公开行政复议、行政诉讼情况'}


def expected_paragraphs(prose):
    out = []
    for key, heading, paras in prose:
        for kind, head, text in paras:
            out.append((head or '') + (text or ''))
    return out


# ---- .docx --------------------------------------------------------------------

W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'


def run_xml(text, bold=False, kai=False):
    props = ''
    if kai:
        props += '<w:rFonts w:ascii="楷体_GB2312" w:eastAsia="楷体_GB2312" w:hAnsi="楷体_GB2312"/>'
    if bold:
        props += '<w:b/><w:bCs/>'
    rpr = f'<w:rPr>{props}</w:rPr>' if props else ''
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text, quote=False)}</w:t></w:r>'


def para_xml(runs, center=False, num=None, style=None):
    ppr = ''
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num:
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    if center:
        ppr += '<w:jc w:val="center"/>'
    return f'<w:p>{"<w:pPr>" + ppr + "</w:pPr>" if ppr else ""}{"".join(runs)}</w:p>'


def table_xml(cells, nrows, ncols):
    start = {(c[0], c[1]): c for c in cells}
    cover = {}
    for c in cells:
        for r in range(c[0], c[0] + c[2]):
            cover[(r, c[1])] = c
    rows = []
    for r in range(nrows):
        tcs, col = [], 0
        while col < ncols:
            c = cover.get((r, col))
            if c is None:
                tcs.append('<w:tc><w:p/></w:tc>'); col += 1
                continue
            pr = f'<w:gridSpan w:val="{c[3]}"/>' if c[3] > 1 else ''
            if c[2] > 1:
                pr += '<w:vMerge w:val="restart"/>' if c[0] == r else '<w:vMerge/>'
            body = para_xml([run_xml(c[4])]) if c[0] == r else '<w:p/>'
            tcs.append(f'<w:tc><w:tcPr>{pr}</w:tcPr>{body}</w:tc>')
            col += c[3]
        rows.append('<w:tr>' + ''.join(tcs) + '</w:tr>')
    grid = '<w:tblGrid>' + '<w:gridCol w:w="900"/>' * ncols + '</w:tblGrid>'
    return f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>{grid}{"".join(rows)}</w:tbl>'


CONTENT_TYPES = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>'''
ROOT_RELS = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'''
DOC_RELS = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>'''
STYLES = f'''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/></w:rPr></w:style></w:styles>'''
# Word's automatic numbering: list 1 is 一、 (chineseCounting), list 2 （一）.
NUMBERING = f'''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>'''


def write_docx(path, body, numbering=True):
    doc = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body}<w:sectPr/></w:body></w:document>'
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        # Fixed timestamps: the committed files do not change on a rerun.
        def add(name, data):
            info = zipfile.ZipInfo(name, date_time=(2023, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
        add('[Content_Types].xml', CONTENT_TYPES)
        add('_rels/.rels', ROOT_RELS)
        add('word/_rels/document.xml.rels', DOC_RELS)
        add('word/styles.xml', STYLES)
        add('word/numbering.xml', NUMBERING)
        add('word/document.xml', doc)


def docx_body(office, year, date, prose, tables, word_numbering, kai):
    """word_numbering: 一、 and （一） come from numbering.xml (Word's
    automatic lists); else typed (WPS users type them). kai: run-in heads
    in 楷体 (else bold)."""
    out = [para_xml([run_xml(office)], center=True, style='Title'),
           para_xml([run_xml(f'{year}年度政府信息公开工作年度报告')], center=True, style='Title')]
    for key, heading, paras in prose:
        if heading:
            if word_numbering:
                out.append(para_xml([run_xml(heading.split('、', 1)[1])], num=(1, 0), style='Heading1'))
            else:
                out.append(para_xml([run_xml(heading, bold=True)]))
        for kind, head, text in paras:
            if kind == 'p':
                out.append(para_xml([run_xml(text)]))
            elif kind in ('h2', 'h3'):
                if word_numbering and head.startswith('（'):
                    out.append(para_xml([run_xml(head.split('）', 1)[1], kai=kai, bold=not kai)], num=(2, 0)))
                else:
                    out.append(para_xml([run_xml(head, kai=kai, bold=not kai)]))
            else:
                if word_numbering and head.startswith('（'):
                    out.append(para_xml([run_xml(head.split('）', 1)[1], kai=kai, bold=not kai), run_xml(text)], num=(2, 0)))
                else:
                    out.append(para_xml([run_xml(head, kai=kai, bold=not kai), run_xml(text)]))
        if heading and heading[:1] == '一':
            for tkey in ('active', 'requests', 'reviews'):
                h = TABLE_HEADS_2021[tkey]
                if word_numbering:
                    out.append(para_xml([run_xml(h.split('、', 1)[1])], num=(1, 0), style='Heading1'))
                else:
                    out.append(para_xml([run_xml(h, bold=True)]))
                out.append(table_xml(*tables[tkey]))
    out.append(para_xml([run_xml(office)]))
    out.append(para_xml([run_xml(f'{date[0]}年{date[1]}月{date[2]}日')]))
    return ''.join(out)


# ---- .html ----------------------------------------------------------------------


def table_html(cells, nrows, ncols):
    rows = []
    for r in range(nrows):
        tds = []
        for c in sorted((c for c in cells if c[0] == r), key=lambda c: c[1]):
            span = (f' rowspan="{c[2]}"' if c[2] > 1 else '') + (f' colspan="{c[3]}"' if c[3] > 1 else '')
            tds.append(f'<td{span}>{escape(c[4])}</td>')
        rows.append('<tr>' + ''.join(tds) + '</tr>')
    return '<table border="1" cellspacing="0">\n<tbody>\n' + '\n'.join(rows) + '\n</tbody>\n</table>'


def html_page(office, year, date, prose, tables, chrome=True):
    body = []
    for key, heading, paras in prose:
        if heading:
            body.append(f'<p style="text-indent:2em"><strong>{escape(heading)}</strong></p>')
        for kind, head, text in paras:
            if kind == 'p':
                body.append(f'<p style="text-indent:2em">{escape(text)}</p>')
            elif kind in ('h2', 'h3'):
                body.append(f'<p style="text-indent:2em"><span style="font-family:楷体_GB2312">{escape(head)}</span></p>')
            else:
                body.append(f'<p style="text-indent:2em"><strong>{escape(head)}</strong>{escape(text)}</p>')
        if heading and heading[:1] == '一':
            for tkey in ('active', 'requests', 'reviews'):
                body.append(f'<p style="text-indent:2em"><strong>{escape(TABLE_HEADS_2021[tkey])}</strong></p>')
                body.append(table_html(*tables[tkey]))
    body.append(f'<p style="text-align:right">{escape(office)}<br/>{date[0]}年{date[1]}月{date[2]}日</p>')
    nav = '''<div class="header"><div class="logo">示例县人民政府门户网站</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; 政府信息公开年报</div>
<div class="sidebar"><h3>年报列表</h3><ul><li><a href="/nb/2020.html">示例县教育局2020年度政府信息公开工作年度报告</a></li></ul></div>''' if chrome else ''
    meta = f'<div class="info">发布时间：{date[0]}-{date[1]:02d}-{date[2]:02d} 来源：{escape(office)} 浏览次数：128</div>' if chrome else ''
    foot = '''<div class="bdsharebuttonbox">分享到：<a class="bds_weixin">微信</a><a class="bds_tsina">微博</a></div>
<div class="print">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
<div class="footer">主办：示例县人民政府办公室　网站标识码：1409000001　晋ICP备00000000号</div>''' if chrome else ''
    return f'''<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{escape(office)}{year}年度政府信息公开工作年度报告_示例县人民政府</title>
<script>var _hmt = _hmt || [];</script><style>.nav li{{float:left}}</style></head>
<body>
{nav}
<div class="article">
<h1 class="article-title">{escape(office)}{year}年度政府信息公开工作年度报告</h1>
{meta}
<div class="article-content">
{chr(10).join(body)}
</div>
{foot}
</div>
</body></html>
'''


# ---- the fixtures -------------------------------------------------------------------


def active_2021(seed):
    return {'active.rules.made': str(seed % 3), 'active.rules.repealed': '0', 'active.rules.valid': str(3 + seed % 5),
            'active.normative.made': str(5 + seed), 'active.normative.repealed': '2', 'active.normative.valid': str(17 + seed),
            'active.license.count': str(1234 + seed), 'active.penalty.count': str(56 + seed),
            'active.coercion.count': str(7 + seed), 'active.fees.amount': f'{12 + seed}.5'}


def active_2019():
    return {'active.rules.made': '1', 'active.rules.published': '1', 'active.rules.total': '4',
            'active.normative.made': '6', 'active.normative.published': '6', 'active.normative.total': '31',
            'active.license.previous': '88', 'active.license.change': '-2', 'active.license.decisions': '1502',
            'active.services.previous': '13', 'active.services.change': '1', 'active.services.decisions': '407',
            'active.penalty.previous': '120', 'active.penalty.change': '-5', 'active.penalty.decisions': '233',
            'active.coercion.previous': '5', 'active.coercion.change': '0', 'active.coercion.decisions': '9',
            'active.fees.previous': '4', 'active.fees.change': '-1',
            'active.procurement.count': '11', 'active.procurement.amount': '3865210.50元'}


def fixture(name, layout, office, year, date, prose, fig, tables, kind, unmatched=(), rules=(), **kw):
    path = os.path.join(OUT, name)
    if kind == 'docx':
        write_docx(path, docx_body(office, year, date, prose, tables, kw.get('word_numbering', True), kw.get('kai', False)))
    else:
        open(path, 'w', encoding='utf-8').write(html_page(office, year, date, prose, tables, kw.get('chrome', True)))
    figures = {k: v for k, v in fig.items() if not kw.get('skip') or k not in kw['skip']}
    exp = {'layout': layout, 'office': office, 'year': year, 'date': '%04d-%02d-%02d' % date,
           'paragraphs': expected_paragraphs(prose), 'figures': figures,
           'unmatched': list(unmatched), 'rules': list(rules)}
    json.dump(exp, open(os.path.join(EXP, name + '.json'), 'w', encoding='utf-8'), ensure_ascii=False, indent=1)


def main():
    os.makedirs(OUT, exist_ok=True)
    os.makedirs(EXP, exist_ok=True)

    # 1. Word, 2021 format: automatic numbering (一、 and （一） from
    #    numbering.xml), bold run-in heads, merged cells; its own arithmetic
    #    is wrong: （七）总计 of 自然人 is one too many (rules A1, A2 — the
    #    row's 总计 no longer adds up — and A3).
    office, year = '示例县教育局', 2022
    fig = {**active_2021(1), **requests_figures(1, ROWS_2021, ('requests.result.total.natural', 1)),
           **reviews([2, 1, 0, 1, 4, 1, 0, 0, 1, 2, 0, 0, 0, 0, 0])}
    tables = {'active': active_grid_2021(fig), 'requests': requests_grid(fig, REQ_ROW_LABELS_2021),
              'reviews': reviews_grid(fig)}
    fixture('word-2021.docx', 'annual-report-2021', office, year, (2023, 1, 18), prose_2021(office, year),
            fig, tables, 'docx', rules=['A1', 'A2', 'A3'], word_numbering=True)

    # 2. WPS, 2019 format: numbers typed, 楷体 run-in heads, and a table (b)
    #    row the format does not have (（八）其他情形), which must be listed.
    office, year = '示例市交通运输局', 2020
    fig = {**active_2019(), **requests_figures(2, ROWS_2019),
           **reviews([0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1])}
    tables = {'active': active_grid_2019(fig),
              'requests': requests_grid(fig, REQ_ROW_LABELS_2019, extra_row=('（八）其他情形', ['1', '0', '0', '0', '0', '0', '1'])),
              'reviews': reviews_grid(fig)}
    unmatched = [f'（八）其他情形 / 申请人情况 › {c}' for c in ['自然人', '法人或其他组织 › 商业企业']]
    fixture('wps-2019.docx', 'annual-report-2019', office, year, (2021, 1, 25), prose_2019(office, year),
            fig, tables, 'docx', unmatched=unmatched, word_numbering=False, kai=True)

    # 3. A portal page, 2021 format, in the site's chrome, with the label
    #    differences real pages have: spaces, half-width punctuation, 年 for
    #    年度, no 法人或其他组织 level, ASCII quotes, 1、 for 1., and the typo
    #    行政法复议.
    office, year = '示例县教育局', 2023
    fig = {**active_2021(2), **requests_figures(3, ROWS_2021), **reviews([1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0])}
    variant = {'自然人': '自 然 人', '（一）予以公开': '(一)予以公开', '三、本年度办理结果': '三、本年办理结果',
               '3.危及“三安全一稳定”': '3.危及"三安全一稳定"', '1.属于国家秘密': '1、属于国家秘密',
               '行政复议': '行政法复议', 'flat_header': True, '第二十条第（五）项': '第二十条第(五)项'}
    tables = {'active': active_grid_2021(fig, variant), 'requests': requests_grid(fig, REQ_ROW_LABELS_2021, variant),
              'reviews': reviews_grid(fig, variant)}
    fixture('portal-2021.html', 'annual-report-2021', office, year, (2024, 1, 22), prose_2021(office, year),
            fig, tables, 'html')

    # 4. A plain page, 2019 format, no chrome.
    office, year = '示例市交通运输局', 2019
    fig = {**active_2019(), **requests_figures(4, ROWS_2019), **reviews([0] * 15)}
    tables = {'active': active_grid_2019(fig), 'requests': requests_grid(fig, REQ_ROW_LABELS_2019),
              'reviews': reviews_grid(fig)}
    fixture('plain-2019.html', 'annual-report-2019', office, year, (2020, 1, 20), prose_2019(office, year),
            fig, tables, 'html', chrome=False)


def fuzz_seeds():
    """Seeds for tests/fuzz/fuzz_docx under its 16 KB run length: a short
    report's word/document.xml, numbering.xml and styles.xml in the
    target's "--numbering--" / "--styles--" form, and the .docx files."""
    seeds = os.path.join(HERE, '..', 'fuzz', 'corpus', 'docx')
    os.makedirs(seeds, exist_ok=True)
    fig = {**active_2021(1), **reviews([2, 1, 0, 1, 4, 1, 0, 0, 1, 2, 0, 0, 0, 0, 0])}
    office, year = '示例县教育局', 2022
    prose = prose_2021(office, year)[1:2]
    body = [para_xml([run_xml(office)], center=True, style='Title'),
            para_xml([run_xml(f'{year}年度政府信息公开工作年度报告')], center=True, style='Title')]
    for key, heading, paras in prose:
        body.append(para_xml([run_xml(heading.split('、', 1)[1])], num=(1, 0), style='Heading1'))
        for kind, head, text in paras[:4]:
            runs = [run_xml(head.split('）', 1)[-1], bold=True, kai=kind == 'r3')] if head else []
            body.append(para_xml(runs + ([run_xml(text)] if text else []), num=(2, 0) if head and head.startswith('（') else None))
    body.append(table_xml(*reviews_grid(fig)))
    cells, nrows, ncols = active_grid_2021(fig)
    body.append(table_xml([c for c in cells if c[0] < 4], 4, ncols))
    doc = f'<w:document xmlns:w="{W}"><w:body>{"".join(body)}</w:body></w:document>'
    data = doc + '\n--numbering--\n' + NUMBERING + '\n--styles--\n' + STYLES
    open(os.path.join(seeds, 'short-report.xml'), 'w', encoding='utf-8').write(data)
    for name in ('word-2021.docx', 'wps-2019.docx'):
        open(os.path.join(seeds, name), 'wb').write(open(os.path.join(OUT, name), 'rb').read())
    pages = os.path.join(HERE, '..', 'fuzz', 'corpus', 'html')
    os.makedirs(pages, exist_ok=True)
    for name in ('portal-2021.html', 'plain-2019.html'):
        open(os.path.join(pages, name), 'wb').write(open(os.path.join(OUT, name), 'rb').read())


if __name__ == '__main__':
    main()
    fuzz_seeds()
