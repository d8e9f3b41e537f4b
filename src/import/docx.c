/* .docx (Word, WPS) → idoc: the main document part found through the
 * package relationships, its paragraphs with automatic numbering written
 * out (numbering.xml), emphasis from runs and paragraph styles
 * (styles.xml), and tables with w:gridSpan / w:vMerge merged cells. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../ooxml/ooxml.h"
#include "../util/alloc.h"
#include "import_internal.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"

#define MAX_LEVELS 9
#define MAX_DEPTH 64 /* element nesting the walker follows */

static bool is_w(const xmlNode *n, const char *local)
{
    return nb_xml_is(n, W_NS, local) || nb_xml_is(n, W_STRICT, local);
}

static const char *w_attr(const xmlNode *n, const char *local)
{
    const char *v = nb_xml_attr(n, W_NS, local);
    return v ? v : nb_xml_attr(n, W_STRICT, local);
}

static xmlNode *w_child(const xmlNode *n, const char *local)
{
    xmlNode *c = nb_xml_child(n, W_NS, local);
    return c ? c : nb_xml_child(n, W_STRICT, local);
}

/* <w:b/>, <w:b w:val="1"/> are on; w:val 0/false/off is off; -1 = absent. */
static int toggle(const xmlNode *rpr, const char *local)
{
    const xmlNode *t = w_child(rpr, local);
    if (!t)
        return -1;
    const char *v = w_attr(t, "val");
    return !(v && (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "off")));
}

/* A 楷体 face named in w:rFonts (楷体, 楷体_GB2312, KaiTi, STKaiti, …). */
static int kai_font(const xmlNode *rpr)
{
    const xmlNode *f = w_child(rpr, "rFonts");
    if (!f)
        return -1;
    static const char *const attrs[] = {"eastAsia", "ascii", "hAnsi", "cs"};
    for (size_t i = 0; i < 4; i++) {
        const char *v = w_attr(f, attrs[i]);
        if (v && (strstr(v, "楷") || strstr(v, "Kai") || strstr(v, "KAI")))
            return 1;
    }
    return 0;
}

/* ---- styles ---------------------------------------------------------------- */

typedef struct wstyle {
    const char *id, *based_on;
    int bold, kai, center; /* -1 = not set by this style */
    int num_id, ilvl;      /* numbering from the style, num_id 0 = none */
} wstyle;

typedef struct wnumlvl {
    int start;
    const char *fmt, *text;
} wnumlvl;

typedef struct wnum {
    int num_id;
    wnumlvl lvl[MAX_LEVELS];
    int counter[MAX_LEVELS];
    bool used[MAX_LEVELS];
} wnum;

typedef struct docx {
    nb_zip *zip;
    nb_idoc *doc;
    nb_diags *d;
    xmlDocPtr styles_doc, numbering_doc;
    wstyle *styles;
    size_t nstyles;
    wnum *nums;
    size_t nnums;
} docx;

static const wstyle *find_style(const docx *x, const char *id)
{
    for (size_t i = 0; id && i < x->nstyles; i++)
        if (!strcmp(x->styles[i].id, id))
            return &x->styles[i];
    return NULL;
}

/* A style's property through its basedOn chain (at most 16 steps: a
 * cycle must not loop). */
static int style_prop(const docx *x, const char *id, size_t off)
{
    const wstyle *s = find_style(x, id);
    for (int i = 0; s && i < 16; i++) {
        int v = *(const int *)((const char *)s + off);
        if (v >= 0)
            return v;
        s = find_style(x, s->based_on);
    }
    return -1;
}

static void read_num_pr(const xmlNode *ppr, int *num_id, int *ilvl)
{
    const xmlNode *np = w_child(ppr, "numPr");
    if (!np)
        return;
    const xmlNode *n = w_child(np, "numId"), *l = w_child(np, "ilvl");
    if (n && w_attr(n, "val"))
        *num_id = atoi(w_attr(n, "val"));
    if (l && w_attr(l, "val"))
        *ilvl = atoi(w_attr(l, "val"));
}

static nb_status load_styles(docx *x, const char *part)
{
    char *bytes;
    size_t len;
    nb_status s = nb_zip_read(x->zip, part, false, &bytes, &len, x->d);
    if (s == NB_ERR_NOT_FOUND)
        return NB_OK;
    if (s)
        return s;
    x->styles_doc = nb_xml_parse(bytes, len, part, x->d);
    nb_free(bytes);
    if (!x->styles_doc)
        return NB_ERR_SYNTAX;
    const xmlNode *root = xmlDocGetRootElement(x->styles_doc);
    size_t cap = 0;
    for (const xmlNode *n = root->children; n; n = n->next) {
        if (!is_w(n, "style") || !w_attr(n, "styleId"))
            continue;
        if (!nb_grow(&x->styles, x->nstyles, 1, &cap, sizeof *x->styles))
            return nb_diag_at(x->d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
        wstyle *st = &x->styles[x->nstyles++];
        *st = (wstyle){w_attr(n, "styleId"), NULL, -1, -1, -1, 0, 0};
        const xmlNode *b = w_child(n, "basedOn");
        st->based_on = b ? w_attr(b, "val") : NULL;
        const xmlNode *rpr = w_child(n, "rPr"), *ppr = w_child(n, "pPr");
        st->bold = rpr ? toggle(rpr, "b") : -1;
        st->kai = rpr ? kai_font(rpr) : -1;
        const xmlNode *jc = ppr ? w_child(ppr, "jc") : NULL;
        const char *jv = jc ? w_attr(jc, "val") : NULL;
        st->center = jv ? !strcmp(jv, "center") : -1;
        if (ppr)
            read_num_pr(ppr, &st->num_id, &st->ilvl);
    }
    return NB_OK;
}

static nb_status load_numbering(docx *x, const char *part)
{
    char *bytes;
    size_t len;
    nb_status s = nb_zip_read(x->zip, part, false, &bytes, &len, x->d);
    if (s == NB_ERR_NOT_FOUND)
        return NB_OK;
    if (s)
        return s;
    x->numbering_doc = nb_xml_parse(bytes, len, part, x->d);
    nb_free(bytes);
    if (!x->numbering_doc)
        return NB_ERR_SYNTAX;
    const xmlNode *root = xmlDocGetRootElement(x->numbering_doc);
    size_t cap = 0;
    for (const xmlNode *n = root->children; n; n = n->next) {
        if (!is_w(n, "num") || !w_attr(n, "numId"))
            continue;
        const xmlNode *an = w_child(n, "abstractNumId");
        const char *aid = an ? w_attr(an, "val") : NULL;
        const xmlNode *abs = NULL;
        for (const xmlNode *m = root->children; m && aid && !abs; m = m->next)
            if (is_w(m, "abstractNum") && w_attr(m, "abstractNumId") &&
                !strcmp(w_attr(m, "abstractNumId"), aid))
                abs = m;
        if (!abs)
            continue;
        if (!nb_grow(&x->nums, x->nnums, 1, &cap, sizeof *x->nums))
            return nb_diag_at(x->d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
        wnum *w = &x->nums[x->nnums++];
        memset(w, 0, sizeof *w);
        w->num_id = atoi(w_attr(n, "numId"));
        for (const xmlNode *l = abs->children; l; l = l->next) {
            if (!is_w(l, "lvl") || !w_attr(l, "ilvl"))
                continue;
            int il = atoi(w_attr(l, "ilvl"));
            if (il < 0 || il >= MAX_LEVELS)
                continue;
            const xmlNode *st = w_child(l, "start"), *fmt = w_child(l, "numFmt"),
                          *txt = w_child(l, "lvlText");
            w->lvl[il].start = st && w_attr(st, "val") ? atoi(w_attr(st, "val")) : 1;
            w->lvl[il].fmt = fmt ? w_attr(fmt, "val") : NULL;
            w->lvl[il].text = txt ? w_attr(txt, "val") : NULL;
        }
    }
    return NB_OK;
}

/* ---- numbering text ------------------------------------------------------------ */

static void chinese_number(nb_buf *b, int n)
{
    static const char *const digit[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (n < 0 || n > 99) {
        nb_buf_printf(b, "%d", n);
        return;
    }
    if (n < 10) {
        nb_buf_puts(b, digit[n]);
        return;
    }
    if (n / 10 > 1)
        nb_buf_puts(b, digit[n / 10]);
    nb_buf_puts(b, "十");
    if (n % 10)
        nb_buf_puts(b, digit[n % 10]);
}

static void format_counter(nb_buf *b, const char *fmt, int n)
{
    if (!fmt || !strcmp(fmt, "decimal") || !strcmp(fmt, "decimalZero"))
        nb_buf_printf(b, "%d", n);
    else if (strstr(fmt, "chinese") || strstr(fmt, "Counting") || strstr(fmt, "ideograph"))
        chinese_number(b, n);
    else if (!strcmp(fmt, "decimalFullWidth") || !strcmp(fmt, "decimalFullWidth2")) {
        char tmp[16];
        snprintf(tmp, sizeof tmp, "%d", n);
        for (char *p = tmp; *p; p++)
            nb_buf_printf(b, "\xEF\xBC%c", (char)(0x90 + (*p - '0'))); /* U+FF10 + digit */
    } else if (!strcmp(fmt, "lowerLetter") || !strcmp(fmt, "upperLetter"))
        nb_buf_putc(b, (char)((fmt[0] == 'l' ? 'a' : 'A') + (n - 1 + 26) % 26));
    else if (!strcmp(fmt, "decimalEnclosedCircle") && n >= 1 && n <= 20)
        nb_buf_printf(b, "\xE2\x91%c", (char)(0x9F + n)); /* ① = U+2460 */
    else
        nb_buf_printf(b, "%d", n);
}

/* The automatic number of a paragraph in list num_id at level ilvl, with
 * the counters moved on; "" for bullets and unknown lists. */
static void number_text(docx *x, int num_id, int ilvl, nb_buf *out)
{
    wnum *w = NULL;
    for (size_t i = 0; i < x->nnums && !w; i++)
        if (x->nums[i].num_id == num_id)
            w = &x->nums[i];
    if (!w || ilvl < 0 || ilvl >= MAX_LEVELS)
        return;
    if (!w->used[ilvl]) {
        w->used[ilvl] = true;
        w->counter[ilvl] = w->lvl[ilvl].start;
    } else {
        w->counter[ilvl]++;
    }
    for (int l = ilvl + 1; l < MAX_LEVELS; l++)
        w->used[l] = false;
    const char *fmt = w->lvl[ilvl].fmt;
    const char *text = w->lvl[ilvl].text;
    if (!text || (fmt && (!strcmp(fmt, "bullet") || !strcmp(fmt, "none"))))
        return;
    for (const char *p = text; *p; p++) {
        if (*p == '%' && p[1] >= '1' && p[1] <= '9') {
            int l = p[1] - '1';
            int n = w->used[l] ? w->counter[l] : w->lvl[l].start;
            format_counter(out, w->lvl[l].fmt, n);
            p++;
        } else {
            nb_buf_putc(out, *p);
        }
    }
}

/* ---- paragraphs ------------------------------------------------------------------ */

typedef struct pstate {
    nb_ipara_builder *pb;
    int style_bold, style_kai; /* from the paragraph style; -1 unset */
} pstate;

static void add_run(docx *x, const xmlNode *r, pstate *ps)
{
    const xmlNode *rpr = w_child(r, "rPr");
    int bold = rpr ? toggle(rpr, "b") : -1, kai = rpr ? kai_font(rpr) : -1;
    const xmlNode *rs = rpr ? w_child(rpr, "rStyle") : NULL;
    const char *rsid = rs ? w_attr(rs, "val") : NULL;
    if (bold < 0)
        bold = rsid ? style_prop(x, rsid, offsetof(wstyle, bold)) : -1;
    if (kai < 0)
        kai = rsid ? style_prop(x, rsid, offsetof(wstyle, kai)) : -1;
    if (bold < 0)
        bold = ps->style_bold > 0;
    if (kai < 0)
        kai = ps->style_kai > 0;
    nb_irun kind = bold > 0 || kai > 0 ? NB_RUN_EMPH : NB_RUN_PLAIN;
    for (const xmlNode *c = r->children; c; c = c->next) {
        if (is_w(c, "t") && c->children) {
            for (const xmlNode *t = c->children; t; t = t->next)
                if (t->type == XML_TEXT_NODE && t->content)
                    nb_ipara_run(ps->pb, (const char *)t->content, strlen((const char *)t->content),
                                 kind);
        } else if (is_w(c, "tab")) {
            nb_ipara_run(ps->pb, " ", 1, NB_RUN_NEUTRAL);
        } else if (is_w(c, "noBreakHyphen")) {
            nb_ipara_run(ps->pb, "-", 1, kind);
        }
    }
}

/* Runs inside a paragraph, through hyperlinks, insertions, smart tags,
 * fields and content controls; deletions and drawings are not text. */
static void add_runs(docx *x, const xmlNode *parent, pstate *ps, int depth)
{
    if (depth > MAX_DEPTH)
        return;
    for (const xmlNode *c = parent->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_w(c, "r"))
            add_run(x, c, ps);
        else if (is_w(c, "hyperlink") || is_w(c, "ins") || is_w(c, "smartTag") ||
                 is_w(c, "fldSimple") || is_w(c, "sdt") || is_w(c, "sdtContent") ||
                 is_w(c, "customXml"))
            add_runs(x, c, ps, depth + 1);
    }
}

/* A paragraph's text into `pb` (which the caller flushes). */
static void read_paragraph(docx *x, const xmlNode *p, nb_ipara_builder *pb)
{
    const xmlNode *ppr = w_child(p, "pPr");
    const xmlNode *ps_node = ppr ? w_child(ppr, "pStyle") : NULL;
    const char *sid = ps_node ? w_attr(ps_node, "val") : NULL;
    pstate ps = {pb, sid ? style_prop(x, sid, offsetof(wstyle, bold)) : -1,
                 sid ? style_prop(x, sid, offsetof(wstyle, kai)) : -1};
    const xmlNode *jc = ppr ? w_child(ppr, "jc") : NULL;
    const char *jv = jc ? w_attr(jc, "val") : NULL;
    pb->centered =
        jv ? !strcmp(jv, "center") : sid && style_prop(x, sid, offsetof(wstyle, center)) > 0;
    pb->line = 0;
    int num_id = 0, ilvl = 0;
    const wstyle *st = find_style(x, sid);
    if (st && st->num_id) {
        num_id = st->num_id;
        ilvl = st->ilvl;
    }
    if (ppr)
        read_num_pr(ppr, &num_id, &ilvl);
    if (num_id > 0) {
        nb_buf num = {0};
        number_text(x, num_id, ilvl, &num);
        nb_ipara_run(pb, nb_buf_cstr(&num), num.len, NB_RUN_NEUTRAL);
        nb_buf_free(&num);
    }
    add_runs(x, p, &ps, 0);
}

/* ---- tables ------------------------------------------------------------------------ */

static nb_status read_block_list(docx *x, const xmlNode *parent, int depth);

static int int_val(const xmlNode *n, int dflt)
{
    const char *v = n ? w_attr(n, "val") : NULL;
    int i = v ? atoi(v) : dflt;
    return i < 1 ? dflt : i;
}

/* The text of a table cell: its paragraphs (and any nested table's)
 * joined without separators — a label Word broke over two lines is one
 * label. */
static void cell_text(docx *x, const xmlNode *tc, nb_ipara_builder *pb, int depth)
{
    if (depth > MAX_DEPTH)
        return;
    for (const xmlNode *c = tc->children; c; c = c->next) {
        if (is_w(c, "p"))
            read_paragraph(x, c, pb);
        else if (is_w(c, "tbl") || is_w(c, "tr") || is_w(c, "tc") || is_w(c, "sdt") ||
                 is_w(c, "sdtContent"))
            cell_text(x, c, pb, depth + 1);
    }
}

static nb_status read_table(docx *x, const xmlNode *tbl, int depth)
{
    nb_itable_builder b;
    nb_itable_begin(&b, 0);
    nb_status s = NB_OK;
    for (const xmlNode *tr = tbl->children; tr && !s; tr = tr->next) {
        if (!is_w(tr, "tr"))
            continue;
        if ((s = nb_itable_row(&b, x->d, x->doc->name)))
            break;
        const xmlNode *trpr = w_child(tr, "trPr");
        nb_itable_skip(&b, trpr ? int_val(w_child(trpr, "gridBefore"), 0) : 0);
        for (const xmlNode *tc = tr->children; tc && !s; tc = tc->next) {
            if (!is_w(tc, "tc"))
                continue;
            const xmlNode *tcpr = w_child(tc, "tcPr");
            int span = tcpr ? int_val(w_child(tcpr, "gridSpan"), 1) : 1;
            const xmlNode *vm = tcpr ? w_child(tcpr, "vMerge") : NULL;
            const char *vv = vm ? w_attr(vm, "val") : NULL;
            if (vm && (!vv || !strcmp(vv, "continue"))) {
                s = nb_itable_merge_down(&b, span, x->d, x->doc->name);
                continue;
            }
            nb_ipara_builder pb = {0};
            cell_text(x, tc, &pb, depth + 1);
            char *text = nb_itext_trim(nb_buf_cstr(&pb.text), pb.text.len, true);
            if (pb.text.oom || !text)
                s = nb_diag_at(x->d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
            else
                s = nb_itable_cell(&b, text, 1, span, 0, x->d, x->doc->name);
            nb_free(text);
            nb_buf_free(&pb.text);
        }
    }
    if (s) {
        nb_itable_abandon(&b);
        return s;
    }
    return nb_itable_end(x->doc, &b, x->d);
}

static nb_status read_block_list(docx *x, const xmlNode *parent, int depth)
{
    if (depth > MAX_DEPTH)
        return NB_OK;
    nb_status s = NB_OK;
    for (const xmlNode *c = parent->children; c && !s; c = c->next) {
        if (is_w(c, "p")) {
            nb_ipara_builder pb = {0};
            read_paragraph(x, c, &pb);
            s = nb_ipara_flush(x->doc, &pb, x->d);
        } else if (is_w(c, "tbl")) {
            s = read_table(x, c, depth + 1);
        } else if (is_w(c, "sdt") || is_w(c, "sdtContent") || is_w(c, "customXml")) {
            s = read_block_list(x, c, depth + 1);
        }
    }
    return s;
}

nb_status nb_import_docx(nb_zip *zip, nb_idoc *doc, nb_diags *d)
{
    docx x = {.zip = zip, .doc = doc, .d = d};
    char *main = NULL;
    nb_opc_rels rels = {0};
    xmlDocPtr xdoc = NULL;
    char *bytes = NULL;
    size_t len;
    nb_status s = nb_opc_main_part(zip, "a Word document", &main, d);
    if (!s)
        s = nb_opc_rels_read(zip, main, &rels, d);
    if (!s) {
        const nb_opc_rel *r = nb_opc_rels_find(&rels, "/styles");
        if (r && !r->external)
            s = load_styles(&x, r->target);
    }
    if (!s) {
        const nb_opc_rel *r = nb_opc_rels_find(&rels, "/numbering");
        if (r && !r->external)
            s = load_numbering(&x, r->target);
    }
    if (!s)
        s = nb_zip_read(zip, main, true, &bytes, &len, d);
    if (!s) {
        nb_buf where = {0};
        nb_buf_printf(&where, "%s:%s", nb_zip_name(zip), main);
        xdoc = nb_xml_parse(bytes, len, nb_buf_cstr(&where), d);
        nb_buf_free(&where);
        if (!xdoc)
            s = NB_ERR_SYNTAX;
    }
    const xmlNode *body = xdoc ? w_child(xmlDocGetRootElement(xdoc), "body") : NULL;
    if (!s && !body)
        s = nb_diag_at(d, NB_ERROR, NB_ERR_SYNTAX, (nb_pos){nb_zip_name(zip), 0, 0},
                       "%s has no w:body: not a Word document", main);
    if (!s)
        s = read_block_list(&x, body, 0);
    xmlFreeDoc(xdoc);
    xmlFreeDoc(x.styles_doc);
    xmlFreeDoc(x.numbering_doc);
    nb_free(x.styles);
    nb_free(x.nums);
    nb_free(bytes);
    nb_free(main);
    nb_opc_rels_free(&rels);
    return s;
}
