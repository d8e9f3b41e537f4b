/* Loading a layout's `tables:` (schema: see table.h) and computing each
 * table's grid.
 *
 * A table is a stack of groups; each group is an optional caption row,
 * the header rows of its column tree, and one body row per leaf of its row
 * tree. The grid is computed once here, so that layout, drawing and the
 * golden dumps all see the same cells. Like the rest of the layout loader
 * this reports every problem it can and returns the first error code. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "table_internal.h"

typedef struct tctx {
    nb_layout *l;
    nb_yload y; /* the document, its diagnostics, the first error */
    bool styles_ok;
} tctx;

/* ---- lookup and free ---------------------------------------------------- */

const nb_table *nb_layout_table(const nb_layout *l, const char *id)
{
    for (size_t i = 0; i < l->ntables; i++)
        if (l->tables[i].id && strcmp(l->tables[i].id, id) == 0)
            return &l->tables[i];
    return NULL;
}

static int key_cmp(const void *a, const void *b)
{
    return strcmp(((const nb_tkey *)a)->key, ((const nb_tkey *)b)->key);
}

const nb_tkey *nb_table_lookup(const nb_table *t, const char *key)
{
    if (!t->info || !t->info->keys)
        return NULL;
    nb_tkey probe = {.key = key};
    return bsearch(&probe, t->info->keys, t->info->nkeys, sizeof probe, key_cmp);
}

long nb_table_find_key(const nb_table *t, const char *key)
{
    const nb_tkey *k = nb_table_lookup(t, key);
    if (k)
        return k->cell;
    if (t->info && t->info->keys)
        return -1;
    for (size_t i = 0; i < t->ncells; i++) /* no index: a table with errors */
        if (t->cells[i].key && strcmp(t->cells[i].key, key) == 0)
            return (long)i;
    return -1;
}

static void tnode_free(nb_tnode *n)
{
    for (size_t i = 0; i < n->nkids; i++)
        tnode_free(&n->kids[i]);
    nb_free(n->kids);
    nb_free(n->label);
    nb_free(n->key);
    nb_free(n->path);
}

static void table_free(nb_table *t)
{
    nb_free(t->id);
    nb_free(t->style);
    nb_free(t->head_style);
    nb_free(t->continued);
    nb_free(t->widths);
    nb_free(t->width_fr);
    nb_free(t->rows);
    for (size_t i = 0; i < t->ncells; i++) {
        nb_free(t->cells[i].text);
        nb_free(t->cells[i].key);
    }
    nb_free(t->cells);
    nb_table_info *in = t->info;
    if (in) {
        for (size_t g = 0; g < in->ngroups; g++) {
            nb_tgroup *gr = &in->groups[g];
            tnode_free(&gr->cols);
            tnode_free(&gr->rows);
            nb_free(gr->col_leaves);
            nb_free(gr->row_leaves);
            nb_free(gr->caption_text);
            nb_free(gr->corner_text);
            nb_free(gr->cells);
        }
        nb_free(in->groups);
        nb_free(in->refs);
        for (size_t i = 0; i < in->nrowkeys; i++)
            nb_free(in->rowkeys[i]);
        nb_free(in->rowkeys);
        nb_free(in->keys);
        nb_free(in);
    }
}

static void rule_free(nb_rule *r)
{
    nb_free(r->id);
    nb_free(r->text);
    nb_free(r->table);
    for (size_t i = 0; i < r->nlhs; i++)
        nb_free(r->lhs[i].name);
    for (size_t i = 0; i < r->nrhs; i++)
        nb_free(r->rhs[i].name);
    nb_free(r->lhs);
    nb_free(r->rhs);
    if (r->info) {
        size_t nterms = r->nlhs + r->nrhs;
        for (size_t i = 0; i < r->info->nres; i++) {
            nb_rres *res = &r->info->res[i];
            for (size_t k = 0; k < nterms && res->idx; k++)
                nb_free(res->idx[k]);
            nb_free(res->idx);
            nb_free(res->nidx);
            nb_free(res->nodes);
        }
        nb_free(r->info->res);
        nb_free(r->info);
    }
}

void nb_layout_free_tables(nb_layout *l)
{
    for (size_t i = 0; i < l->ntables; i++)
        table_free(&l->tables[i]);
    nb_free(l->tables);
    for (size_t i = 0; i < l->nrules; i++)
        rule_free(&l->rules[i]);
    nb_free(l->rules);
    l->tables = NULL;
    l->rules = NULL;
    l->ntables = l->nrules = 0;
}

/* ---- labels ------------------------------------------------------------- */

static void label_path(nb_buf *b, const nb_tnode *n, bool *first)
{
    if (!n || n->depth < 0)
        return;
    label_path(b, n->parent, first);
    if (!*first)
        nb_buf_puts(b, " › ");
    nb_buf_puts(b, n->label);
    *first = false;
}

char *nb_table_cell_labels(const nb_table *t, long cell)
{
    if (!t->info || cell < 0 || (size_t)cell >= t->ncells || t->info->refs[cell].group < 0)
        return NULL;
    const nb_tref *r = &t->info->refs[cell];
    const nb_tgroup *g = &t->info->groups[r->group];
    nb_buf b = {0};
    bool first = true;
    if (g->caption) {
        nb_buf_puts(&b, g->caption_text);
        first = false;
    }
    if (g->nrow_leaves)
        label_path(&b, g->row_leaves[r->row], &first);
    label_path(&b, g->col_leaves[r->leaf], &first);
    return nb_buf_take(&b);
}

/* ---- header trees ------------------------------------------------------- */

/* Keys are what figures and rules name: ASCII letters, digits and _. */
static bool key_ok(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_'))
            return false;
    return true;
}

static bool load_key(tctx *c, const nb_ynode *v, const char *what, char **out)
{
    if (!nb_yl_keep(&c->y, nb_y_name(c->y.doc, v, what, out, c->y.d)))
        return false;
    if (key_ok(*out))
        return true;
    nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, v),
                "%s '%s' must be ASCII letters, digits and _ (it becomes part of the "
                "figure keys)",
                what, *out);
    nb_free(*out);
    *out = NULL;
    return false;
}

static char *join_path(const char *a, const char *b)
{
    if (!*a)
        return nb_strdup(b);
    size_t la = strlen(a), lb = strlen(b);
    char *p = nb_malloc(la + lb + 2);
    if (!p)
        return NULL;
    memcpy(p, a, la);
    p[la] = '.';
    memcpy(p + la + 1, b, lb + 1);
    return p;
}

/* Parses the sequence `seq` into parent->kids. `cols`: the column tree
 * (leaves may have `span`). */
static void load_nodes(tctx *c, const nb_ynode *seq, nb_tnode *parent, bool cols)
{
    static const char *const col_keys[] = {"label", "key",   "span", "children",
                                           "type",  "allow", NULL};
    static const char *const row_keys[] = {"label", "key", "children", "type", "allow", NULL};
    const char *what = cols ? "columns" : "rows";
    const char *one = cols ? "column" : "row";
    if (!nb_yl_keep(&c->y, nb_y_expect(c->y.doc, seq, NB_Y_SEQ,
                                       parent->depth < 0 ? what : "children", c->y.d)))
        return;
    if (seq->count == 0) {
        nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, seq), "'%s' must list at least one %s",
                    parent->depth < 0 ? what : "children", one);
        return;
    }
    parent->kids = nb_calloc(seq->count, sizeof *parent->kids);
    if (!parent->kids) {
        nb_yl_nomem(&c->y);
        return;
    }
    parent->nkids = seq->count;
    for (size_t i = 0; i < seq->count && !nb_yl_oom(&c->y); i++) {
        const nb_ynode *m = seq->items[i], *v;
        nb_tnode *n = &parent->kids[i];
        n->parent = parent;
        n->depth = parent->depth + 1;
        n->leaf = -1;
        n->span = 1;
        n->pos = nb_yl_pos(&c->y, m);
        if (!nb_yl_keep(&c->y, nb_y_expect(c->y.doc, m, NB_Y_MAP, one, c->y.d)))
            continue;
        nb_yl_keep(&c->y, nb_y_check_keys(c->y.doc, m, one, cols ? col_keys : row_keys, c->y.d));
        if (nb_yl_keep(&c->y, nb_y_require(c->y.doc, m, "label", one, &v, c->y.d)))
            nb_yl_keep(&c->y, nb_y_string(c->y.doc, v, "label", &n->label, c->y.d));
        const nb_ynode *kv = nb_y_get(m, "key"), *kids = nb_y_get(m, "children");
        if (kv && load_key(c, kv, "key", &n->key)) {
            for (size_t j = 0; j < i; j++)
                if (parent->kids[j].key && strcmp(parent->kids[j].key, n->key) == 0) {
                    nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, kv),
                                "key '%s' is used twice among these %ss (first at line "
                                "%d); keys must differ",
                                n->key, one, parent->kids[j].pos.line);
                    break;
                }
        } else if (!kv && !kids) {
            nb_yl_error(&c->y, NB_ERR_SCHEMA, n->pos,
                        "%s '%s' has no 'key'; every %s without children needs one", one,
                        n->label ? n->label : "", one);
        }
        if (!nb_yl_oom(&c->y) &&
            !(n->path = n->key ? join_path(parent->path, n->key) : nb_strdup(parent->path))) {
            nb_yl_nomem(&c->y);
            continue;
        }
        nb_vspec_load(&c->y, m, &n->vspec);
        if (cols && (v = nb_y_get(m, "span"))) {
            if (kids)
                nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, v),
                            "'span' is for a column without children; a column with "
                            "children spans its children");
            else
                nb_yl_keep(&c->y,
                           nb_y_int(c->y.doc, v, "span", 1, NB_TABLE_MAX_CELLS, &n->span, c->y.d));
        }
        if (kids)
            load_nodes(c, kids, n, cols);
    }
}

/* Depth of the tree below `n` (a leaf: 1). */
static int tree_depth(const nb_tnode *n)
{
    int d = 0;
    for (size_t i = 0; i < n->nkids; i++) {
        int k = tree_depth(&n->kids[i]);
        if (k > d)
            d = k;
    }
    return n->depth < 0 ? d : d + 1;
}

/* Sum of the leaf spans, saturating above NB_TABLE_MAX_CELLS. */
static long long tree_width(const nb_tnode *n)
{
    if (!n->nkids)
        return n->span;
    long long w = 0;
    for (size_t i = 0; i < n->nkids && w <= NB_TABLE_MAX_CELLS; i++)
        w += tree_width(&n->kids[i]);
    return w;
}

static int count_leaves(const nb_tnode *n)
{
    if (!n->nkids)
        return n->depth < 0 ? 0 : 1;
    int k = 0;
    for (size_t i = 0; i < n->nkids; i++)
        k += count_leaves(&n->kids[i]);
    return k;
}

/* Places the nodes: `*x` is the next grid column (columns) or body row
 * (rows); the leaves are collected into `leaves`. */
static void place(nb_tnode *n, int *x, nb_tnode **leaves, int *nleaves, bool cols)
{
    n->first = *x;
    if (!n->nkids) {
        n->leaf = (*nleaves)++;
        leaves[n->leaf] = n;
        *x += cols ? n->span : 1;
        if (!cols)
            n->span = 1;
        return;
    }
    for (size_t i = 0; i < n->nkids; i++)
        place(&n->kids[i], x, leaves, nleaves, cols);
    n->span = *x - n->first;
}

/* ---- groups ------------------------------------------------------------- */

static void load_group(tctx *c, const nb_ynode *m, nb_tgroup *g)
{
    static const char *const keys[] = {"caption", "corner", "label-columns",
                                       "columns", "rows",   NULL};
    const nb_ynode *v;
    g->pos = nb_yl_pos(&c->y, m);
    g->cols.depth = g->rows.depth = -1;
    g->cols.leaf = g->rows.leaf = -1;
    g->cols.pos = g->rows.pos = g->pos;
    if (!(g->cols.path = nb_strdup("")) || !(g->rows.path = nb_strdup(""))) {
        nb_yl_nomem(&c->y);
        return;
    }
    if (!nb_yl_keep(&c->y, nb_y_expect(c->y.doc, m, NB_Y_MAP, "group", c->y.d)))
        return;
    nb_yl_keep(&c->y, nb_y_check_keys(c->y.doc, m, "table group", keys, c->y.d));
    if ((v = nb_y_get(m, "caption"))) {
        g->caption = true;
        g->caption_pos = nb_yl_pos(&c->y, v);
        nb_yl_keep(&c->y, nb_y_string(c->y.doc, v, "caption", &g->caption_text, c->y.d));
    }
    const nb_ynode *corner = nb_y_get(m, "corner");
    if (corner) {
        g->corner_pos = nb_yl_pos(&c->y, corner);
        nb_yl_keep(&c->y, nb_y_string(c->y.doc, corner, "corner", &g->corner_text, c->y.d));
    } else {
        g->corner_pos = g->pos;
    }
    if (nb_yl_keep(&c->y, nb_y_require(c->y.doc, m, "columns", "table group", &v, c->y.d)))
        load_nodes(c, v, &g->cols, true);
    const nb_ynode *rows = nb_y_get(m, "rows");
    if (rows)
        load_nodes(c, rows, &g->rows, false);
    if (nb_yl_oom(&c->y))
        return;
    g->head_depth = tree_depth(&g->cols);
    g->row_depth = tree_depth(&g->rows);
    g->label_cols = g->row_depth;
    const nb_ynode *lc = nb_y_get(m, "label-columns");
    if (lc && nb_yl_keep(&c->y,
                         nb_y_int(c->y.doc, lc, "label-columns", 0, 100, &g->label_cols, c->y.d))) {
        if (!rows && g->label_cols > 0)
            nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, lc),
                        "a group without 'rows' has no row labels; 'label-columns' must "
                        "be 0");
        else if (rows && g->label_cols < g->row_depth)
            nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, lc),
                        "'label-columns' is %d but the row tree is %d levels deep; give "
                        "at least %d",
                        g->label_cols, g->row_depth, g->row_depth);
    }
    if (corner && g->label_cols == 0)
        nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, corner),
                    "'corner' sits over the row labels, but this group has none");
}

/* ---- widths -------------------------------------------------------------- */

/* "2fr", "0.5fr" → thousandths; false if `s` is not a fraction. */
static bool parse_fr(const char *s, int32_t *out)
{
    long v = 0;
    int digits = 0, frac = -1;
    for (; (*s >= '0' && *s <= '9') || *s == '.'; s++) {
        if (*s == '.') {
            if (frac >= 0)
                return false;
            frac = 0;
            continue;
        }
        if (frac >= 0 && ++frac > 3)
            return false;
        if (++digits > 9)
            return false;
        v = v * 10 + (*s - '0');
    }
    if (digits == 0 || frac == 0 || strcmp(s, "fr") != 0)
        return false;
    for (int i = frac < 0 ? 0 : frac; i < 3; i++)
        v *= 10;
    if (v <= 0 || v > 1000000000L)
        return false;
    *out = (int32_t)v;
    return true;
}

static void load_widths(tctx *c, const nb_ynode *v, nb_table *t)
{
    if (!nb_yl_keep(&c->y, nb_y_expect(c->y.doc, v, NB_Y_SEQ, "widths", c->y.d)))
        return;
    if ((long)v->count != t->ncols) {
        nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, v),
                    "'widths' lists %zu widths but table '%s' has %d grid columns; give "
                    "one per column (auto, a length such as 12mm, or a fraction such as "
                    "2fr)",
                    v->count, t->id, t->ncols);
        return;
    }
    for (size_t i = 0; i < v->count; i++) {
        const nb_ynode *w = v->items[i];
        int32_t fr;
        if (nb_y_str_is(w, "auto"))
            continue;
        if (w->kind == NB_Y_SCALAR && w->plain && parse_fr(w->str, &fr)) {
            t->widths[i] = (nb_length){fr, true};
            t->width_fr[i] = true;
            continue;
        }
        nb_yl_keep(&c->y,
                   nb_y_length(c->y.doc, w, "width", NB_YLEN_POSITIVE, &t->widths[i], c->y.d));
    }
}

/* ---- the grid ------------------------------------------------------------ */

typedef struct cells {
    nb_tcell *v;
    size_t n, cap;
} cells;

static bool add_cell(tctx *c, cells *cs, nb_tcell_kind kind, int row, int col, int rs, int cspan,
                     const char *text, char *key, nb_pos at)
{
    if (cs->n == cs->cap) {
        size_t cap = cs->cap ? cs->cap * 2 : 64;
        nb_tcell *p = nb_realloc(cs->v, cap * sizeof *p);
        if (!p) {
            nb_free(key);
            nb_yl_nomem(&c->y);
            return false;
        }
        cs->v = p;
        cs->cap = cap;
    }
    nb_tcell *cell = &cs->v[cs->n];
    *cell = (nb_tcell){kind, row, col, rs, cspan, NULL, key, at};
    if (text && !(cell->text = nb_strdup(text))) {
        nb_free(key);
        nb_yl_nomem(&c->y);
        return false;
    }
    cs->n++;
    return true;
}

static bool head_cells(tctx *c, cells *cs, const nb_tgroup *g, const nb_tnode *n, int r0)
{
    for (size_t i = 0; i < n->nkids; i++) {
        const nb_tnode *k = &n->kids[i];
        int rs = k->nkids ? 1 : g->head_depth - k->depth;
        if (!add_cell(c, cs, NB_TC_HEAD, r0 + k->depth, k->first, rs, k->span, k->label, NULL,
                      k->pos) ||
            !head_cells(c, cs, g, k, r0))
            return false;
    }
    return true;
}

static bool label_cells(tctx *c, cells *cs, const nb_tgroup *g, const nb_tnode *n)
{
    for (size_t i = 0; i < n->nkids; i++) {
        const nb_tnode *k = &n->kids[i];
        int cspan = k->nkids ? 1 : g->label_cols - k->depth;
        if (!add_cell(c, cs, NB_TC_LABEL, g->body_row + k->first, k->depth, k->span, cspan,
                      k->label, NULL, k->pos) ||
            !label_cells(c, cs, g, k))
            return false;
    }
    return true;
}

static char *cell_key(const char *id, const char *rowpath, const char *colpath)
{
    nb_buf b = {0};
    nb_buf_puts(&b, id);
    if (*rowpath)
        nb_buf_printf(&b, ".%s", rowpath);
    nb_buf_printf(&b, ".%s", colpath);
    return nb_buf_take(&b);
}

static bool group_cells(tctx *c, nb_table *t, cells *cs, nb_tgroup *g)
{
    int r = g->first_row;
    if (g->caption &&
        !add_cell(c, cs, NB_TC_CAPTION, r++, 0, 1, t->ncols, g->caption_text, NULL, g->caption_pos))
        return false;
    if (g->label_cols > 0 && !add_cell(c, cs, NB_TC_CORNER, r, 0, g->head_depth, g->label_cols,
                                       g->corner_text ? g->corner_text : "", NULL, g->corner_pos))
        return false;
    if (!head_cells(c, cs, g, &g->cols, r) || !label_cells(c, cs, g, &g->rows))
        return false;
    for (int i = 0; i < g->nbody; i++) {
        const nb_tnode *row = g->nrow_leaves ? g->row_leaves[i] : NULL;
        for (int j = 0; j < g->ncol_leaves; j++) {
            const nb_tnode *col = g->col_leaves[j];
            char *key = cell_key(t->id, row ? row->path : "", col->path);
            if (!key) {
                nb_yl_nomem(&c->y);
                return false;
            }
            if (!add_cell(c, cs, NB_TC_DATA, g->body_row + i, col->first, 1, col->span, NULL, key,
                          row ? row->pos : col->pos))
                return false;
        }
    }
    for (int i = g->first_row; i < g->body_row; i++)
        t->rows[i].header = true;
    for (int i = 0; i < g->nbody; i++) {
        t->rows[g->body_row + i].header_first = g->first_row;
        t->rows[g->body_row + i].header_count = g->body_row - g->first_row;
    }
    return true;
}

static int cell_cmp(const void *a, const void *b)
{
    const nb_tcell *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return x->col < y->col ? -1 : x->col > y->col;
}

/* Every cell and row key of the table, sorted; duplicates are errors. */
static void index_keys(tctx *c, nb_table *t)
{
    nb_table_info *in = t->info;
    size_t ndata = 0, nrows = 0;
    for (size_t i = 0; i < t->ncells; i++)
        ndata += t->cells[i].kind == NB_TC_DATA;
    for (size_t g = 0; g < in->ngroups; g++)
        nrows += (size_t)in->groups[g].nbody;
    in->rowkeys = nb_calloc(nrows, sizeof *in->rowkeys);
    nb_tkey *keys = nb_calloc(ndata + nrows, sizeof *keys);
    if (!in->rowkeys || !keys) {
        nb_free(keys);
        nb_yl_nomem(&c->y);
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < t->ncells; i++)
        if (t->cells[i].kind == NB_TC_DATA)
            keys[n++] = (nb_tkey){t->cells[i].key, (long)i, 0, 0};
    for (size_t g = 0; g < in->ngroups; g++) {
        const nb_tgroup *gr = &in->groups[g];
        for (int r = 0; r < gr->nbody; r++) {
            char *k =
                gr->nrow_leaves ? cell_key(t->id, "", gr->row_leaves[r]->path) : nb_strdup(t->id);
            if (!k) {
                nb_free(keys);
                nb_yl_nomem(&c->y);
                return;
            }
            in->rowkeys[in->nrowkeys++] = k;
            keys[n++] = (nb_tkey){k, -1, g, r};
        }
    }
    qsort(keys, n, sizeof *keys, key_cmp);
    for (size_t i = 1; i < n; i++) {
        if (strcmp(keys[i].key, keys[i - 1].key) != 0)
            continue;
        const nb_tkey *k = keys[i].cell >= 0 ? &keys[i] : &keys[i - 1];
        nb_pos at = k->cell >= 0 ? t->cells[k->cell].pos : t->pos;
        nb_yl_error(&c->y, NB_ERR_SCHEMA, at,
                    "table '%s' has two %s with the key '%s'; give the rows or columns "
                    "different keys",
                    t->id, keys[i].cell >= 0 && keys[i - 1].cell >= 0 ? "cells" : "entries",
                    keys[i].key);
    }
    in->keys = keys;
    in->nkeys = n;
}

/* Lays the groups out on the grid and builds the cells. */
static void build_grid(tctx *c, nb_table *t, const nb_ynode *widths)
{
    nb_table_info *in = t->info;
    long long ncols = 0, nrows = 0;
    for (size_t g = 0; g < in->ngroups; g++) {
        nb_tgroup *gr = &in->groups[g];
        long long w = gr->label_cols + tree_width(&gr->cols);
        if (w > ncols)
            ncols = w;
        gr->nrow_leaves = count_leaves(&gr->rows);
        gr->ncol_leaves = count_leaves(&gr->cols);
        gr->nbody = gr->nrow_leaves ? gr->nrow_leaves : 1;
        nrows += gr->caption + gr->head_depth + gr->nbody;
    }
    if (ncols * nrows > NB_TABLE_MAX_CELLS) {
        nb_yl_error(&c->y, NB_ERR_LIMIT, t->pos,
                    "table '%s' has %lld rows and %s%lld columns, more than the limit of %d "
                    "grid cells",
                    t->id, nrows, ncols > NB_TABLE_MAX_CELLS ? "over " : "", ncols,
                    NB_TABLE_MAX_CELLS);
        return;
    }
    bool ok = true;
    size_t rowless = 0;
    for (size_t g = 0; g < in->ngroups; g++) {
        const nb_tgroup *gr = &in->groups[g];
        long long data = tree_width(&gr->cols);
        if (gr->label_cols + data != ncols) {
            ok = false;
            nb_yl_error(&c->y, NB_ERR_SCHEMA, gr->pos,
                        "this group covers %lld grid columns (%d for row labels, %lld for "
                        "figures) but the widest group of table '%s' covers %lld; every "
                        "group must cover the same columns (use 'span' on a column)",
                        gr->label_cols + data, gr->label_cols, data, t->id, ncols);
        }
        if (!gr->nrow_leaves && ++rowless == 2) {
            ok = false;
            nb_yl_error(&c->y, NB_ERR_SCHEMA, gr->pos,
                        "table '%s' has a second group without 'rows'; only one may have "
                        "none (its figures are a row keyed by the table id)",
                        t->id);
        }
    }
    if (!ok)
        return;
    t->ncols = (int)ncols;
    t->nrows = (int)nrows;
    t->widths = nb_calloc((size_t)ncols, sizeof *t->widths);
    t->width_fr = nb_calloc((size_t)ncols, sizeof *t->width_fr);
    t->rows = nb_calloc((size_t)nrows, sizeof *t->rows);
    if (!t->widths || !t->width_fr || !t->rows) {
        nb_yl_nomem(&c->y);
        return;
    }
    if (widths)
        load_widths(c, widths, t);
    int r = 0;
    for (size_t g = 0; g < in->ngroups; g++) {
        nb_tgroup *gr = &in->groups[g];
        gr->col_leaves = nb_calloc((size_t)gr->ncol_leaves, sizeof *gr->col_leaves);
        gr->row_leaves = nb_calloc((size_t)gr->nrow_leaves + 1, sizeof *gr->row_leaves);
        gr->cells = nb_calloc((size_t)gr->nbody * (size_t)gr->ncol_leaves, sizeof *gr->cells);
        if (!gr->col_leaves || !gr->row_leaves || !gr->cells) {
            nb_yl_nomem(&c->y);
            return;
        }
        int x = gr->label_cols, n = 0;
        place(&gr->cols, &x, gr->col_leaves, &n, true);
        x = n = 0;
        if (gr->rows.nkids)
            place(&gr->rows, &x, gr->row_leaves, &n, false);
        gr->first_row = r;
        gr->body_row = r + gr->caption + gr->head_depth;
        r = gr->body_row + gr->nbody;
    }
    cells cs = {0};
    for (size_t g = 0; g < in->ngroups; g++)
        if (!group_cells(c, t, &cs, &in->groups[g]))
            break;
    t->cells = cs.v;
    t->ncells = cs.n;
    if (nb_yl_oom(&c->y))
        return;
    qsort(t->cells, t->ncells, sizeof *t->cells, cell_cmp);

    /* Every slot covered exactly once; the cell of each slot. */
    long *grid = nb_malloc((size_t)(nrows * ncols) * sizeof *grid);
    in->refs = nb_malloc((t->ncells + 1) * sizeof *in->refs);
    if (!grid || !in->refs) {
        nb_free(grid);
        nb_yl_nomem(&c->y);
        return;
    }
    for (long long i = 0; i < nrows * ncols; i++)
        grid[i] = -1;
    for (size_t i = 0; i < t->ncells && ok; i++) {
        const nb_tcell *cell = &t->cells[i];
        in->refs[i] = (nb_tref){-1, 0, 0};
        for (int y = cell->row; y < cell->row + cell->rowspan && ok; y++)
            for (int x = cell->col; x < cell->col + cell->colspan && ok; x++) {
                if (y >= nrows || x >= ncols || grid[y * ncols + x] >= 0)
                    ok = false;
                else
                    grid[y * ncols + x] = (long)i;
            }
    }
    for (long long i = 0; i < nrows * ncols && ok; i++)
        ok = grid[i] >= 0;
    if (!ok) {
        nb_free(grid);
        nb_yl_error(&c->y, NB_ERR_SCHEMA, t->pos,
                    "table '%s': its cells do not tile the grid (a cell overlaps another "
                    "or a slot is empty)",
                    t->id);
        return;
    }
    for (size_t g = 0; g < in->ngroups; g++) {
        nb_tgroup *gr = &in->groups[g];
        for (int i = 0; i < gr->nbody; i++)
            for (int j = 0; j < gr->ncol_leaves; j++) {
                long cell = grid[(gr->body_row + i) * ncols + gr->col_leaves[j]->first];
                gr->cells[(size_t)i * (size_t)gr->ncol_leaves + (size_t)j] = cell;
                in->refs[cell] = (nb_tref){(int)g, i, j};
            }
    }
    nb_free(grid);
    index_keys(c, t);
}

/* ---- tables -------------------------------------------------------------- */

static void load_style_ref(tctx *c, const nb_ynode *v, const char *what, char **out)
{
    if (!nb_yl_keep(&c->y, nb_y_name(c->y.doc, v, what, out, c->y.d)))
        return;
    if (c->styles_ok && !nb_layout_style(c->l, *out))
        nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, v), "unknown style '%s' in '%s'", *out,
                    what);
}

static void load_table(tctx *c, const nb_ypair *p, nb_table *t)
{
    static const char *const keys[] = {"style",  "header-style", "continued", "widths",
                                       "groups", "type",         "allow",     NULL};
    const nb_ynode *m = p->value, *v;
    t->pos = nb_yl_pos(&c->y, p->key);
    if (!nb_yl_keep(&c->y, nb_y_name(c->y.doc, p->key, "table id", &t->id, c->y.d)))
        return;
    if (!key_ok(t->id) || strcmp(t->id, "previous") == 0)
        nb_yl_error(&c->y, NB_ERR_SCHEMA, t->pos,
                    "table id '%s' must be ASCII letters, digits and _ (it starts the "
                    "figure keys) and not 'previous'",
                    t->id);
    if (!nb_yl_keep(&c->y, nb_y_expect(c->y.doc, m, NB_Y_MAP, t->id, c->y.d)))
        return;
    char where[64];
    snprintf(where, sizeof where, "table '%.40s'", t->id);
    nb_yl_keep(&c->y, nb_y_check_keys(c->y.doc, m, where, keys, c->y.d));
    if (nb_yl_keep(&c->y, nb_y_require(c->y.doc, m, "style", where, &v, c->y.d)))
        load_style_ref(c, v, "style", &t->style);
    if ((v = nb_y_get(m, "header-style")))
        load_style_ref(c, v, "header-style", &t->head_style);
    else if (t->style && !(t->head_style = nb_strdup(t->style)))
        nb_yl_nomem(&c->y);
    if ((v = nb_y_get(m, "continued")))
        nb_yl_keep(&c->y, nb_y_string(c->y.doc, v, "continued", &t->continued, c->y.d));
    if (!(t->info = nb_calloc(1, sizeof *t->info))) {
        nb_yl_nomem(&c->y);
        return;
    }
    nb_vspec_load(&c->y, m, &t->info->vspec);
    const nb_ynode *groups;
    if (!nb_yl_keep(&c->y, nb_y_require(c->y.doc, m, "groups", where, &groups, c->y.d)) ||
        !nb_yl_keep(&c->y, nb_y_expect(c->y.doc, groups, NB_Y_SEQ, "groups", c->y.d)))
        return;
    if (groups->count == 0) {
        nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, groups),
                    "'groups' must list at least one group");
        return;
    }
    t->info->groups = nb_calloc(groups->count, sizeof *t->info->groups);
    if (!t->info->groups) {
        nb_yl_nomem(&c->y);
        return;
    }
    t->info->ngroups = groups->count;
    size_t errors = c->y.d->errors;
    for (size_t i = 0; i < groups->count && !nb_yl_oom(&c->y); i++)
        load_group(c, groups->items[i], &t->info->groups[i]);
    if (!nb_yl_oom(&c->y) && c->y.d->errors == errors)
        build_grid(c, t, nb_y_get(m, "widths"));
}

nb_status nb_layout_load_tables(nb_layout *l, const nb_ydoc *doc, const nb_ynode *root,
                                bool styles_ok, nb_diags *d)
{
    tctx c = {.l = l, .y = {.doc = doc, .d = d}, .styles_ok = styles_ok};
    const nb_ynode *m = nb_y_get(root, "tables");
    if (!m)
        return NB_OK;
    if (!nb_yl_keep(&c.y, nb_y_expect(doc, m, NB_Y_MAP, "tables", d)))
        return c.y.st;
    if (!(l->tables = nb_calloc(m->count, sizeof *l->tables)))
        return nb_y_nomem(d);
    l->ntables = m->count;
    for (size_t i = 0; i < m->count && !nb_yl_oom(&c.y); i++)
        load_table(&c, &m->pairs[i], &l->tables[i]);
    return c.y.st;
}
