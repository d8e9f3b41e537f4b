/* Reading an .xlsx workbook (ECMA-376 SpreadsheetML) into a grid.
 *
 * The package goes through src/ooxml (libzip for the archive with its
 * member and size limits, libxml2 for the parts with no network, no
 * entities, no DOCTYPE; Debian 12 packages no xlsx reader). Parts read: the
 * workbook (the package's main part, else xl/workbook.xml: the first
 * sheet's name and relationship id, the 1904 date system flag), its
 * relationships (that sheet's part), xl/sharedStrings.xml (the string
 * table) and the sheet. Cells: shared strings (t="s"), inline strings
 * (t="inlineStr"), formula strings (t="str"), booleans, numbers; a
 * formula's cached value <v> is its value. Limits: the workbook 64 MiB,
 * ooxml's per-member and total limits, the grid's rows and columns
 * (grid.h), 1,000,000 shared strings. */
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../ooxml/ooxml.h"
#include "../util/diag.h"
#include "../util/fileio.h"
#include "sheet.h"

#define XLSX_MAX_FILE ((size_t)64 << 20)
#define XLSX_MAX_STRINGS 1000000

typedef struct xlsx {
    const char *path;
    nb_zip *zip;
    nb_diags *d;
    char **strings; /* the shared string table */
    size_t nstrings;
} xlsx;

static nb_status fail(xlsx *x, nb_status code, const char *fmt, const char *arg)
{
    return nb_diag_at(x->d, NB_ERROR, code, (nb_pos){x->path, 0, 0}, fmt, arg);
}

/* Parses a part; `optional` parts may be absent (NB_ERR_NOT_FOUND, no
 * message). */
static nb_status parse_part(xlsx *x, const char *name, bool optional, xmlDocPtr *doc)
{
    char *bytes = NULL;
    size_t len = 0;
    *doc = NULL;
    if (optional && !nb_zip_has(x->zip, name))
        return NB_ERR_NOT_FOUND;
    if (!nb_zip_has(x->zip, name))
        return fail(x, NB_ERR_SCHEMA,
                    "the workbook has no part '%s': it is not an .xlsx saved by Excel, WPS or "
                    "LibreOffice, or it is damaged; save it again as .xlsx",
                    name);
    nb_status s = nb_zip_read(x->zip, name, true, &bytes, &len, x->d);
    if (s)
        return s;
    nb_buf where = {0};
    nb_buf_printf(&where, "%s:%s", x->path, name);
    *doc = nb_xml_parse(bytes, len, nb_buf_cstr(&where), x->d);
    nb_buf_free(&where);
    nb_free(bytes);
    if (!*doc || !xmlDocGetRootElement(*doc)) {
        if (*doc)
            xmlFreeDoc(*doc);
        *doc = NULL;
        return nb_diags_first_error(x->d) ? nb_diags_first_error(x->d) : NB_ERR_SYNTAX;
    }
    return NB_OK;
}

static bool is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static char *attr(const xmlNode *n, const char *name)
{
    const char *v = nb_xml_attr(n, NULL, name);
    return v ? nb_strdup(v) : NULL;
}

/* An attribute in the officeDocument relationships namespace (r:id). */
static char *rel_attr(const xmlNode *n)
{
    for (xmlAttr *a = n->properties; a; a = a->next)
        if (!strcmp((const char *)a->name, "id") && a->ns) {
            xmlChar *v = xmlNodeGetContent((const xmlNode *)a);
            char *s = v ? nb_strdup((const char *)v) : NULL;
            xmlFree(v);
            return s;
        }
    return NULL;
}

/* The text of a string item (<si>, <is>): its <t>, or its runs' <t>s;
 * phonetic runs (<rPh>) are not part of the value. */
static void item_text(const xmlNode *n, nb_buf *b)
{
    for (const xmlNode *k = n->children; k; k = k->next) {
        if (is(k, "t")) {
            xmlChar *v = xmlNodeGetContent(k);
            if (v)
                nb_buf_puts(b, (const char *)v);
            xmlFree(v);
        } else if (is(k, "r")) {
            item_text(k, b);
        }
    }
}

static nb_status load_strings(xlsx *x)
{
    xmlDocPtr doc = NULL;
    nb_status s = parse_part(x, "xl/sharedStrings.xml", true, &doc);
    if (s == NB_ERR_NOT_FOUND)
        return NB_OK; /* a workbook without strings */
    if (s)
        return s;
    size_t n = 0;
    xmlNode *root = xmlDocGetRootElement(doc);
    for (xmlNode *k = root->children; k; k = k->next)
        n += is(k, "si");
    if (n > XLSX_MAX_STRINGS) {
        xmlFreeDoc(doc);
        return fail(x, NB_ERR_LIMIT, "the workbook has more than %s distinct strings", "1000000");
    }
    x->strings = nb_calloc(n + 1, sizeof *x->strings);
    for (xmlNode *k = root->children; k && x->strings; k = k->next) {
        if (!is(k, "si"))
            continue;
        nb_buf b = {0};
        item_text(k, &b);
        if (!(x->strings[x->nstrings++] = nb_strdup(nb_buf_cstr(&b)))) {
            nb_buf_free(&b);
            s = NB_ERR_NOMEM;
            break;
        }
        nb_buf_free(&b);
    }
    xmlFreeDoc(doc);
    return x->strings ? s : NB_ERR_NOMEM;
}

/* The first sheet: its name, its part and the date system. */
static nb_status find_sheet(xlsx *x, nb_grid *g, char **part)
{
    xmlDocPtr wb = NULL;
    char *main_part = NULL;
    /* Excel, WPS and LibreOffice name the workbook in _rels/.rels; a
     * package without it is read at the usual place. */
    nb_status s = nb_zip_has(x->zip, "_rels/.rels")
                      ? nb_opc_main_part(x->zip, "an Excel workbook", &main_part, x->d)
                      : ((main_part = nb_strdup("xl/workbook.xml")) ? NB_OK : NB_ERR_NOMEM);
    if (!s)
        s = parse_part(x, main_part, false, &wb);
    if (s) {
        nb_free(main_part);
        return s;
    }
    char *rid = NULL;
    for (xmlNode *k = xmlDocGetRootElement(wb)->children; k; k = k->next) {
        if (is(k, "workbookPr")) {
            const char *v = nb_xml_attr(k, NULL, "date1904");
            g->date1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
        }
        if (is(k, "sheets"))
            for (xmlNode *sh = k->children; sh && !rid; sh = sh->next)
                if (is(sh, "sheet")) {
                    g->sheet = attr(sh, "name");
                    rid = rel_attr(sh);
                }
    }
    xmlFreeDoc(wb);
    nb_opc_rels rels = {0};
    if (!rid || !g->sheet)
        s = fail(x, NB_ERR_SCHEMA, "%s",
                 "the workbook has no sheet; put the offices on the first sheet");
    else
        s = nb_opc_rels_read(x->zip, main_part, &rels, x->d);
    const nb_opc_rel *r = s ? NULL : nb_opc_rels_by_id(&rels, rid);
    if (!s && (!r || r->external))
        s = fail(x, NB_ERR_SCHEMA,
                 "the workbook's first sheet '%s' has no part (a damaged workbook); save it again",
                 g->sheet);
    else if (!s && !(*part = nb_strdup(r->target)))
        s = NB_ERR_NOMEM;
    nb_opc_rels_free(&rels);
    nb_free(rid);
    nb_free(main_part);
    return s;
}

static nb_status read_cell(xlsx *x, nb_grid *g, const xmlNode *c, int row, int col)
{
    char *type = attr(c, "t");
    const xmlNode *v = NULL, *is_node = NULL;
    bool formula = false;
    for (const xmlNode *k = c->children; k; k = k->next) {
        if (is(k, "v"))
            v = k;
        else if (is(k, "is"))
            is_node = k;
        else if (is(k, "f"))
            formula = true;
    }
    char *text = NULL;
    nb_gcell_kind kind = NB_GC_TEXT;
    nb_status s = NB_OK;
    xmlChar *raw = v ? xmlNodeGetContent(v) : NULL;
    if (type && !strcmp(type, "inlineStr")) {
        nb_buf b = {0};
        if (is_node)
            item_text(is_node, &b);
        text = nb_strdup(nb_buf_cstr(&b));
        nb_buf_free(&b);
    } else if (type && !strcmp(type, "s")) {
        char *end;
        long i = raw ? strtol((const char *)raw, &end, 10) : -1;
        if (!raw || *end || i < 0 || (size_t)i >= x->nstrings) {
            char name[8];
            nb_col_name(col, name);
            s = nb_diag_at(x->d, NB_ERROR, NB_ERR_SYNTAX, (nb_pos){x->path, 0, 0},
                           "cell %s!%s%d refers to shared string %s, which the workbook does "
                           "not have (a damaged workbook)",
                           g->sheet, name, row + 1, raw ? (const char *)raw : "(none)");
        } else {
            text = nb_strdup(x->strings[i]);
        }
    } else if (type && !strcmp(type, "e")) {
        text = raw ? nb_strdup((const char *)raw) : NULL; /* #DIV/0! and the like */
    } else if (type && !strcmp(type, "b") && raw) {
        /* A ticked box is TRUE, never the figure 1: as words, a count cell
         * is refused and a 署名 column reads it as yes/no. */
        text = nb_strdup(!strcmp((const char *)raw, "0") ? "false" : "true");
    } else if (raw) {
        /* n (or none), str, d: the text of <v> */
        kind = !type || !strcmp(type, "n") ? NB_GC_NUMBER : NB_GC_TEXT;
        text = nb_strdup((const char *)raw);
    }
    xmlFree(raw);
    nb_free(type);
    if (s)
        return s;
    if (!text && (v || is_node) && !formula)
        return NB_ERR_NOMEM;
    if (text && !*text) {
        nb_free(text);
        text = NULL;
    }
    if (!text && !formula)
        return NB_OK;
    return nb_grid_set(g, row, col, text, kind, formula);
}

static nb_status read_sheet(xlsx *x, nb_grid *g, const char *part)
{
    xmlDocPtr doc = NULL;
    nb_status s = parse_part(x, part, false, &doc);
    if (s)
        return s;
    const xmlNode *data = NULL;
    for (xmlNode *k = xmlDocGetRootElement(doc)->children; k; k = k->next)
        if (is(k, "sheetData"))
            data = k;
    int row = -1;
    for (const xmlNode *r = data ? data->children : NULL; r && !s; r = r->next) {
        if (!is(r, "row"))
            continue;
        char *rn = attr(r, "r");
        row = rn ? atoi(rn) - 1 : row + 1; /* r is optional: the next row */
        nb_free(rn);
        int col = -1;
        for (const xmlNode *c = r->children; c && !s; c = c->next) {
            if (!is(c, "c"))
                continue;
            char *ref = attr(c, "r");
            int rr = row, cc = col + 1;
            if (ref && !nb_cell_ref_parse(ref, &rr, &cc)) {
                s = nb_diag_at(x->d, NB_ERROR, NB_ERR_SYNTAX, (nb_pos){x->path, 0, 0},
                               "sheet %s has a cell named '%s', which is no cell name (a "
                               "damaged workbook)",
                               g->sheet, ref);
                nb_free(ref);
                break;
            }
            nb_free(ref);
            col = cc;
            s = read_cell(x, g, c, rr, cc);
            if (s == NB_ERR_LIMIT)
                s = nb_diag_at(x->d, NB_ERROR, NB_ERR_LIMIT, (nb_pos){x->path, 0, 0},
                               "sheet %s is larger than %d rows or %d columns", g->sheet,
                               NB_GRID_MAX_ROWS, NB_GRID_MAX_COLS);
        }
    }
    xmlFreeDoc(doc);
    return s;
}

/* Reads the first sheet of the workbook at `path` into *g. */
static nb_status xlsx_read(const char *path, nb_grid *g, nb_diags *d)
{
    xlsx x = {.path = path, .d = d};
    nb_buf bytes = {0};
    nb_status s = nb_read_file(path, XLSX_MAX_FILE, NB_NOPOS, &bytes, d);
    if (!s)
        s = nb_zip_open_mem(bytes.data ? bytes.data : "", bytes.len, path, NULL, &x.zip, d);
    if (s) {
        nb_buf_free(&bytes);
        return s;
    }
    char *part = NULL;
    g->xlsx = true;
    if (!(g->path = nb_strdup(path)))
        s = NB_ERR_NOMEM;
    if (!s)
        s = find_sheet(&x, g, &part);
    if (!s)
        s = load_strings(&x);
    if (!s)
        s = read_sheet(&x, g, part);
    nb_free(part);
    for (size_t i = 0; i < x.nstrings; i++)
        nb_free(x.strings[i]);
    nb_free(x.strings);
    nb_zip_close(x.zip);
    nb_buf_free(&bytes);
    return s;
}

static nb_status xlsx_offices(const char *path, bool prose_elsewhere, nb_sheet_batch *out,
                              nb_diags *d)
{
    nb_grid g = {0};
    memset(out, 0, sizeof *out);
    nb_status s = xlsx_read(path, &g, d);
    if (s) {
        out->path = nb_strdup(path);
        nb_grid_free(&g);
        return s;
    }
    g.prose_elsewhere = prose_elsewhere;
    return nb_sheet_offices(&g, out, d);
}

nb_status nb_xlsx_import(const char *path, nb_sheet_batch *out, nb_diags *d)
{
    return xlsx_offices(path, false, out, d);
}

nb_status nb_xlsx_import_upload(const char *path, nb_sheet_batch *out, nb_diags *d)
{
    return xlsx_offices(path, true, out, d);
}
