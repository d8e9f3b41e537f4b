/* Loading layouts/NAME.yaml into an nb_layout (schema: see layout.h).
 *
 * The loader keeps going after a schema error so that one run reports as
 * many problems as it can; it returns the first error code. References
 * (style → font role, block → style) are checked as soon as their target
 * table is loaded, so each error points at the referring value. Running out
 * of memory stops everything at once. */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "model_internal.h"

typedef struct ctx {
    nb_layout *l;
    nb_yload y;     /* the document, its diagnostics, the first error */
    bool roles_ok;  /* all roles loaded: an unknown role is the style's fault */
    bool styles_ok; /* `styles` present: an unknown style is the user's fault */
    bool tables_ok; /* `tables` read: an unknown table is the item's fault */
} ctx;

/* ---- Free ---------------------------------------------------------------- */

static void block_free(nb_block *b)
{
    for (size_t i = 0; i < b->nlines; i++)
        nb_free(b->lines[i]);
    nb_free(b->lines);
    nb_free(b->style);
    nb_free(b->key);
}

void nb_layout_free(nb_layout *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->nroles; i++)
        nb_role_free(&l->roles[i]);
    nb_free(l->roles);
    for (size_t i = 0; i < l->nstyles; i++) {
        nb_free(l->styles[i].name);
        nb_free(l->styles[i].role);
    }
    nb_free(l->styles);
    for (size_t i = 0; i < l->nblocks; i++)
        block_free(&l->blocks[i]);
    nb_free(l->blocks);
    nb_layout_free_tables(l);
    nb_free(l->page.body_style);
    nb_free(l->page.pn_style);
    nb_free(l->page.pn_format);
    nb_free(l->prose_paragraph);
    nb_free(l->prose_h2);
    nb_free(l->prose_h3);
    nb_free(l->name);
    nb_free(l->fonts_file);
    nb_free(l->file);
    nb_free(l->dir);
    nb_ydoc_free(l->ydoc);
    nb_ydoc_free(l->fonts_ydoc);
    nb_free(l);
}

/* ---- Small typed helpers ----------------------------------------------- */

/* "a, b, c": names of the styles (or roles) for "unknown X" messages. */
static const char *name_list(const nb_layout *l, bool styles, char *buf, size_t size)
{
    size_t n = styles ? l->nstyles : l->nroles, o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && o < size; i++) {
        const char *s = styles ? l->styles[i].name : l->roles[i].name;
        if (s)
            o += (size_t)snprintf(buf + o, size - o, "%s%s", o ? ", " : "", s);
    }
    return buf;
}

/* Reports `name` (written at `at`) if no style has it. */
static void check_style(ctx *c, const char *name, const nb_ynode *at)
{
    char list[512];
    if (!c->styles_ok || !name || nb_layout_style(c->l, name))
        return;
    nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, at), "unknown style '%s' (styles: %s)", name,
                name_list(c->l, true, list, sizeof list));
}

static void opt_int(ctx *c, const nb_ynode *m, const char *key, long lo, long hi, int *out)
{
    const nb_ynode *v = nb_y_get(m, key);
    if (v)
        nb_yl_int(&c->y, v, key, lo, hi, out);
}

static void opt_len(ctx *c, const nb_ynode *m, const char *key, unsigned flags, nb_length *out)
{
    const nb_ynode *v = nb_y_get(m, key);
    if (v)
        nb_yl_length(&c->y, v, key, flags, out);
}

/* A required absolute length into *out; false if it is missing or bad. */
static bool req_len(ctx *c, const nb_ynode *m, const char *key, const char *where, unsigned flags,
                    nb_mpt *out)
{
    const nb_ynode *v;
    nb_length len;
    if (!nb_yl_require(&c->y, m, key, where, &v) || !nb_yl_length(&c->y, v, key, flags, &len))
        return false;
    *out = len.value;
    return true;
}

/* One of the NULL-terminated `names`; *out is its index. */
static void opt_enum(ctx *c, const nb_ynode *m, const char *key, const char *const *names, int *out)
{
    const nb_ynode *v = nb_y_get(m, key);
    if (!v)
        return;
    char list[128], buf[NB_Y_DESCRIBE];
    size_t o = 0;
    for (int i = 0; names[i]; i++) {
        if (nb_y_str_is(v, names[i])) {
            *out = i;
            return;
        }
        o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "", names[i]);
    }
    nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, v), "'%s' must be one of: %s; found %s", key,
                list, nb_y_describe(v, buf, sizeof buf));
}

/* ---- styles ------------------------------------------------------------ */

static void resolve_role(ctx *c, nb_style *s, const nb_ynode *at)
{
    char list[512];
    s->role_index = nb_layout_role_index(c->l, s->role);
    if (s->role_index == (size_t)-1 && c->roles_ok)
        nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, at),
                    "style '%s': unknown font role '%s' (roles: %s)", s->name, s->role,
                    name_list(c->l, false, list, sizeof list));
}

static void load_style(ctx *c, const nb_ypair *p, nb_style *s)
{
    static const char *const keys[] = {
        "font",       "size",         "align",       "indent",         "chars-per-line",
        "line-pitch", "space-before", "space-after", "keep-with-next", "outline",
        NULL};
    static const char *const aligns[] = {"justify", "left", "center", "right", NULL};
    const nb_ynode *m = p->value, *v;
    char where[NB_Y_SNIPPET + 16];
    s->pos = nb_yl_pos(&c->y, p->key);
    s->role_index = (size_t)-1;
    if (!nb_yl_name(&c->y, p->key, "style name", &s->name) ||
        !nb_yl_expect(&c->y, m, NB_Y_MAP, s->name))
        return;
    snprintf(where, sizeof where, "style '%s'", s->name);
    nb_yl_check_keys(&c->y, m, where, keys);
    if (nb_yl_require(&c->y, m, "font", where, &v) && nb_yl_name(&c->y, v, "font", &s->role))
        resolve_role(c, s, v);
    req_len(c, m, "size", where, NB_YLEN_POSITIVE, &s->size);
    int align = NB_ALIGN_JUSTIFY;
    opt_enum(c, m, "align", aligns, &align);
    s->align = (nb_align)align;
    opt_len(c, m, "indent", NB_YLEN_EM, &s->indent);
    opt_int(c, m, "chars-per-line", 0, 1000, &s->chars_per_line);
    nb_length pitch = {0, false};
    opt_len(c, m, "line-pitch", NB_YLEN_POSITIVE, &pitch);
    s->line_pitch = pitch.value;
    opt_int(c, m, "space-before", 0, 100, &s->space_before);
    opt_int(c, m, "space-after", 0, 100, &s->space_after);
    if ((v = nb_y_get(m, "keep-with-next")))
        nb_yl_bool(&c->y, v, "keep-with-next", &s->keep_with_next);
    opt_int(c, m, "outline", 0, 9, &s->outline);
}

static void load_styles(ctx *c, const nb_ynode *root)
{
    const nb_ynode *m;
    if (!nb_yl_require(&c->y, root, "styles", NULL, &m) ||
        !nb_yl_expect(&c->y, m, NB_Y_MAP, "styles"))
        return;
    c->l->styles = nb_calloc(m->count, sizeof *c->l->styles);
    if (!c->l->styles) {
        nb_yl_nomem(&c->y);
        return;
    }
    c->l->nstyles = m->count;
    for (size_t i = 0; i < m->count && !nb_yl_oom(&c->y); i++)
        load_style(c, &m->pairs[i], &c->l->styles[i]);
    c->styles_ok = true;
}

/* ---- page -------------------------------------------------------------- */

static double mm(nb_mpt v) { return v * 25.4 / 72000.0; }

static void load_text_block(ctx *c, const nb_ynode *page)
{
    static const char *const keys[] = {"top", "left", "width", "height", NULL};
    nb_page_geom *g = &c->l->page;
    const nb_ynode *m;
    if (!nb_yl_require(&c->y, page, "text-block", "page", &m) ||
        !nb_yl_expect(&c->y, m, NB_Y_MAP, "text-block"))
        return;
    nb_yl_check_keys(&c->y, m, "text-block", keys);
    bool ok = req_len(c, m, "top", "text-block", 0, &g->top);
    ok &= req_len(c, m, "left", "text-block", 0, &g->left);
    ok &= req_len(c, m, "width", "text-block", NB_YLEN_POSITIVE, &g->text_width);
    ok &= req_len(c, m, "height", "text-block", NB_YLEN_POSITIVE, &g->text_height);
    if (!ok || g->width <= 0 || g->height <= 0) /* page size already reported */
        return;
    if ((int64_t)g->left + g->text_width > g->width)
        nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, m),
                    "text-block does not fit the page: left %.1fmm + width "
                    "%.1fmm > page width %.1fmm",
                    mm(g->left), mm(g->text_width), mm(g->width));
    if ((int64_t)g->top + g->text_height > g->height)
        nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, m),
                    "text-block does not fit the page: top %.1fmm + height "
                    "%.1fmm > page height %.1fmm",
                    mm(g->top), mm(g->text_height), mm(g->height));
}

static void load_page_size(ctx *c, const nb_ynode *page)
{
    nb_page_geom *g = &c->l->page;
    const nb_ynode *v;
    nb_length w, h;
    if (!nb_yl_require(&c->y, page, "size", "page", &v))
        return;
    if (v->kind != NB_Y_SEQ || v->count != 2) {
        nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, v),
                    "'size' must be [width, height], such as [210mm, 297mm]");
        return;
    }
    if (nb_yl_length(&c->y, v->items[0], "width", NB_YLEN_POSITIVE, &w) &&
        nb_yl_length(&c->y, v->items[1], "height", NB_YLEN_POSITIVE, &h)) {
        g->width = w.value;
        g->height = h.value;
    }
}

static void load_page_number(ctx *c, const nb_ynode *m)
{
    static const char *const keys[] = {"style", "format", "below", "indent", "position", NULL};
    static const char *const positions[] = {"outer", "center", "right", NULL};
    nb_page_geom *g = &c->l->page;
    const nb_ynode *v;
    if (!nb_yl_expect(&c->y, m, NB_Y_MAP, "page-number"))
        return;
    nb_yl_check_keys(&c->y, m, "page-number", keys);
    g->page_numbers = true;
    /* GB/T 9704 §7.5: the number sits 7 mm below the text block, one
     * character in from the outer edge. */
    g->pn_below = NB_MM(7);
    g->pn_indent = (nb_length){1000, true};
    if (nb_yl_require(&c->y, m, "style", "page-number", &v) &&
        nb_yl_name(&c->y, v, "style", &g->pn_style))
        check_style(c, g->pn_style, v);
    if ((v = nb_y_get(m, "format"))) {
        if (nb_yl_name(&c->y, v, "format", &g->pn_format) && !strstr(g->pn_format, "{n}"))
            nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, v),
                        "'format' must contain {n} (the page number)");
    } else if (!(g->pn_format = nb_strdup("{n}"))) {
        nb_yl_nomem(&c->y);
    }
    nb_length below = {g->pn_below, false};
    opt_len(c, m, "below", 0, &below);
    g->pn_below = below.value;
    opt_len(c, m, "indent", NB_YLEN_EM, &g->pn_indent);
    int p = NB_PN_OUTER;
    opt_enum(c, m, "position", positions, &p);
    g->pn_position = (nb_pn_pos)p;
}

static void load_page(ctx *c, const nb_ynode *root)
{
    static const char *const keys[] = {"size",        "text-block", "lines-per-page", "line-pitch",
                                       "page-number", "body-style", "latin-spacing",  NULL};
    static const char *const spacings[] = {"none", "quarter-em", NULL};
    nb_page_geom *g = &c->l->page;
    const nb_ynode *m, *v;
    if (!nb_yl_require(&c->y, root, "page", NULL, &m) || !nb_yl_expect(&c->y, m, NB_Y_MAP, "page"))
        return;
    g->pos = nb_yl_pos(&c->y, m);
    nb_yl_check_keys(&c->y, m, "page", keys);
    load_page_size(c, m);
    load_text_block(c, m);
    const nb_ypair *lpp = nb_y_pair(m, "lines-per-page"), *lp = nb_y_pair(m, "line-pitch");
    if (!lpp && !lp)
        nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, m),
                    "page needs one of 'lines-per-page' or 'line-pitch'");
    else if (lpp && lp)
        nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, lp->key),
                    "page has both 'lines-per-page' and 'line-pitch'; "
                    "give only one");
    opt_int(c, m, "lines-per-page", 1, 1000, &g->lines_per_page);
    nb_length pitch = {0, false};
    opt_len(c, m, "line-pitch", NB_YLEN_POSITIVE, &pitch);
    g->line_pitch = pitch.value;
    if ((v = nb_y_get(m, "page-number")))
        load_page_number(c, v);
    int sp = 0;
    opt_enum(c, m, "latin-spacing", spacings, &sp);
    g->latin_quarter_ems = sp;
    if ((v = nb_y_get(m, "body-style"))) {
        if (nb_yl_name(&c->y, v, "body-style", &g->body_style))
            check_style(c, g->body_style, v);
    } else if (!(g->body_style = nb_strdup("body"))) {
        nb_yl_nomem(&c->y);
    } else if (c->styles_ok && !nb_layout_style(c->l, "body")) {
        nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, m),
                    "page has no 'body-style' and no style is named 'body'");
    }
}

/* ---- prose ------------------------------------------------------------- */

static void load_prose(ctx *c, const nb_ynode *root)
{
    static const char *const keys[] = {"paragraph", "h2", "h3", NULL};
    static const char *const defaults[] = {"body", "h2", "h3"};
    nb_layout *l = c->l;
    char **slots[] = {&l->prose_paragraph, &l->prose_h2, &l->prose_h3};
    const nb_ynode *m = nb_y_get(root, "prose");
    if (m && !nb_yl_expect(&c->y, m, NB_Y_MAP, "prose"))
        m = NULL;
    if (m)
        nb_yl_check_keys(&c->y, m, "prose", keys);
    for (int i = 0; i < 3 && !nb_yl_oom(&c->y); i++) {
        const nb_ynode *v = m ? nb_y_get(m, keys[i]) : NULL;
        if (v) {
            if (nb_yl_name(&c->y, v, keys[i], slots[i]))
                check_style(c, *slots[i], v);
        } else if (nb_layout_style(l, defaults[i]) && !(*slots[i] = nb_strdup(defaults[i]))) {
            nb_yl_nomem(&c->y);
        }
    }
}

/* ---- document ---------------------------------------------------------- */

/* Kind keys in nb_block_kind order, then the modifiers. */
static const char *const item_keys[] = {"title",     "heading", "paragraph", "prose",    "table",
                                        "signature", "space",   "style",     "optional", NULL};
#define NKINDS 7 /* the kind keys at the front of item_keys */

static const char *default_style(nb_block_kind k)
{
    switch (k) {
    case NB_BLK_TITLE:
        return "title";
    case NB_BLK_HEADING:
        return "h1";
    case NB_BLK_PARAGRAPH:
        return "body";
    case NB_BLK_SIGNATURE:
        return "signature";
    default:
        return NULL;
    }
}

static void alloc_lines(ctx *c, nb_block *b, size_t n)
{
    b->lines = nb_calloc(n, sizeof *b->lines);
    if (b->lines)
        b->nlines = n;
    else
        nb_yl_nomem(&c->y);
}

/* title: a string or a sequence of strings, one per line. */
static void load_title(ctx *c, const nb_ynode *v, nb_block *b)
{
    if (v->kind == NB_Y_SCALAR) {
        alloc_lines(c, b, 1);
        if (b->lines)
            nb_yl_name(&c->y, v, "title", &b->lines[0]);
        return;
    }
    if (v->kind != NB_Y_SEQ || v->count == 0) {
        nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, v),
                    "'title' must be a string or a non-empty sequence of "
                    "strings");
        return;
    }
    alloc_lines(c, b, v->count);
    for (size_t i = 0; i < b->nlines && !nb_yl_oom(&c->y); i++)
        nb_yl_name(&c->y, v->items[i], "title", &b->lines[i]);
}

static void load_signature(ctx *c, const nb_ynode *v, nb_block *b)
{
    static const char *const keys[] = {"name", "date", NULL};
    const nb_ynode *n;
    if (!nb_yl_expect(&c->y, v, NB_Y_MAP, "signature"))
        return;
    nb_yl_check_keys(&c->y, v, "signature", keys);
    alloc_lines(c, b, 2);
    for (int i = 0; i < 2 && b->lines && !nb_yl_oom(&c->y); i++)
        if (nb_yl_require(&c->y, v, keys[i], "signature", &n))
            nb_yl_name(&c->y, n, keys[i], &b->lines[i]);
}

static void load_content(ctx *c, const nb_ypair *kp, nb_block *b)
{
    const nb_ynode *v = kp->value;
    const char *what = kp->key->str;
    switch (b->kind) {
    case NB_BLK_TITLE:
        load_title(c, v, b);
        break;
    case NB_BLK_HEADING:
    case NB_BLK_PARAGRAPH:
        alloc_lines(c, b, 1);
        if (b->lines)
            nb_yl_name(&c->y, v, what, &b->lines[0]);
        break;
    case NB_BLK_PROSE:
    case NB_BLK_TABLE:
        nb_yl_name(&c->y, v, what, &b->key);
        break;
    case NB_BLK_SIGNATURE:
        load_signature(c, v, b);
        break;
    case NB_BLK_SPACE:
        nb_yl_int(&c->y, v, what, 1, 100, &b->space);
        break;
    }
}

/* Finds the single kind key of a document item. */
static const nb_ypair *item_kind(ctx *c, const nb_ynode *m, nb_block *b)
{
    const nb_ypair *kind = NULL;
    for (size_t i = 0; i < m->count; i++)
        for (int k = 0; k < NKINDS; k++) {
            if (!nb_y_str_is(m->pairs[i].key, item_keys[k]))
                continue;
            if (kind) {
                nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, m->pairs[i].key),
                            "document item has both '%s' and '%s'; give one per item",
                            kind->key->str, item_keys[k]);
                return NULL;
            }
            kind = &m->pairs[i];
            b->kind = (nb_block_kind)k;
        }
    if (!kind)
        nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, m),
                    "document item needs one of: title, heading, paragraph, "
                    "prose, table, signature, space");
    return kind;
}

static void load_block(ctx *c, const nb_ynode *m, nb_block *b)
{
    const nb_ynode *v;
    b->pos = nb_yl_pos(&c->y, m);
    if (!nb_yl_expect(&c->y, m, NB_Y_MAP, "document item"))
        return;
    nb_yl_check_keys(&c->y, m, "document item", item_keys);
    const nb_ypair *kind = item_kind(c, m, b);
    if (!kind)
        return;
    load_content(c, kind, b);
    if (b->kind == NB_BLK_TABLE && b->key && c->tables_ok && !nb_layout_find_table(c->l, b->key))
        nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, kind->value),
                    "no table '%s' is declared under 'tables'", b->key);
    if ((v = nb_y_get(m, "optional")))
        nb_yl_bool(&c->y, v, "optional", &b->optional);
    if ((v = nb_y_get(m, "style"))) {
        if (nb_yl_name(&c->y, v, "style", &b->style))
            check_style(c, b->style, v);
        return;
    }
    const char *def = default_style(b->kind);
    if (def && c->styles_ok && !nb_layout_style(c->l, def))
        nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, m),
                    "%s uses the default style '%s', which is not defined "
                    "under styles",
                    kind->key->str, def);
    if (b->kind == NB_BLK_PROSE && c->styles_ok && !c->l->prose_paragraph)
        nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, m),
                    "prose needs a paragraph style: define a style 'body' or "
                    "set prose.paragraph");
}

static void load_document(ctx *c, const nb_ynode *root)
{
    const nb_ynode *s;
    if (!nb_yl_require(&c->y, root, "document", NULL, &s) ||
        !nb_yl_expect(&c->y, s, NB_Y_SEQ, "document"))
        return;
    if (s->count == 0) {
        nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, s),
                    "'document' must list at least one block");
        return;
    }
    c->l->blocks = nb_calloc(s->count, sizeof *c->l->blocks);
    if (!c->l->blocks) {
        nb_yl_nomem(&c->y);
        return;
    }
    c->l->nblocks = s->count;
    for (size_t i = 0; i < s->count && !nb_yl_oom(&c->y); i++)
        load_block(c, s->items[i], &c->l->blocks[i]);
}

/* ---- tables and rules (table_load.c, rules.c) -------------------------- */

static void load_tables(ctx *c, const nb_ynode *root)
{
    const nb_ynode *t = nb_y_get(root, "tables");
    c->tables_ok = !t || t->kind == NB_Y_MAP;
    nb_yl_keep(&c->y, nb_layout_load_tables(c->l, c->y.doc, root, c->styles_ok, c->y.d));
    if (!nb_yl_oom(&c->y))
        nb_yl_keep(&c->y, nb_layout_load_rules(c->l, c->y.doc, root, c->y.d));
}

/* ---- output ------------------------------------------------------------ */

/* output: { pdfa: true, tagged: false } — what the PDF is by default
 * (render --pdfa asks for PDF/A whatever the layout says). */
static void load_output(ctx *c, const nb_ynode *root)
{
    static const char *const keys[] = {"pdfa", "tagged", NULL};
    c->l->tagged = true;
    const nb_ynode *m = nb_y_get(root, "output"), *v;
    if (!m || !nb_yl_keep(&c->y, nb_y_expect(c->y.doc, m, NB_Y_MAP, "output", c->y.d)) ||
        !nb_yl_keep(&c->y, nb_y_check_keys(c->y.doc, m, "output", keys, c->y.d)))
        return;
    if ((v = nb_y_get(m, "pdfa")))
        nb_yl_keep(&c->y, nb_y_bool(c->y.doc, v, "pdfa", &c->l->pdfa, c->y.d));
    if ((v = nb_y_get(m, "tagged")))
        nb_yl_keep(&c->y, nb_y_bool(c->y.doc, v, "tagged", &c->l->tagged, c->y.d));
}

/* ---- top level --------------------------------------------------------- */

static void load_all(ctx *c)
{
    static const char *const keys[] = {"name",   "years",  "fonts",  "font-roles",
                                       "page",   "styles", "prose",  "document",
                                       "tables", "rules",  "output", NULL};
    const nb_ynode *root = c->y.doc->root, *v;
    if (!nb_yl_expect(&c->y, root, NB_Y_MAP, NULL))
        return;
    nb_yl_check_keys(&c->y, root, "layout", keys);
    if (nb_yl_require(&c->y, root, "name", NULL, &v))
        nb_yl_name(&c->y, v, "name", &c->l->name);
    nb_yl_keep(&c->y, nb_layout_load_years(c->l, c->y.doc, root, c->y.d));
    c->roles_ok = nb_yl_keep(&c->y, nb_layout_load_roles(c->l, c->y.doc, root, c->y.d));
    void (*const steps[])(ctx *, const nb_ynode *) = {load_styles, load_page,     load_prose,
                                                      load_tables, load_document, load_output};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0] && !nb_yl_oom(&c->y); i++)
        steps[i](c, root);
}

static nb_status layout_load(const char *name, const char *bytes, size_t len, bool from_file,
                             nb_layout **out, nb_diags *d)
{
    *out = NULL;
    nb_layout *l = nb_calloc(1, sizeof *l);
    if (!l || !(l->file = nb_strdup(name)) || !(l->dir = nb_path_dir(name))) {
        nb_layout_free(l);
        return nb_y_nomem(d);
    }
    nb_status st = from_file ? nb_ydoc_load_file(name, NB_NOPOS, &l->ydoc, d)
                             : nb_ydoc_load_mem(name, bytes, len, &l->ydoc, d);
    if (st == NB_OK) {
        ctx c = {.l = l, .y = {.doc = l->ydoc, .d = d}};
        load_all(&c);
        st = c.y.st;
    }
    if (st != NB_OK) {
        nb_layout_free(l);
        return st;
    }
    *out = l;
    return NB_OK;
}

nb_status nb_layout_load(const char *path, nb_layout **out, nb_diags *d)
{
    return layout_load(path, NULL, 0, true, out, d);
}

nb_status nb_layout_load_mem(const char *name, const char *bytes, size_t len, nb_layout **out,
                             nb_diags *d)
{
    return layout_load(name, bytes, len, false, out, d);
}
