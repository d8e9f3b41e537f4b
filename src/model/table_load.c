/* Loading a layout's `tables:` (schema: see table.h): ids, styles, widths
 * and each group's header trees; table_grid.c then computes the grid.
 *
 * A table is a stack of groups; each group is an optional caption row,
 * the header rows of its column tree, and one body row per leaf of its row
 * tree. Like the rest of the layout loader this reports every problem it
 * can and returns the first error code. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "model_internal.h"

typedef struct tctx {
    nb_layout *l;
    nb_yload y; /* the document, its diagnostics, the first error */
    bool styles_ok;
} tctx;

/* ---- free ------------------------------------------------------------------ */

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

void nb_layout_free_tables(nb_layout *l)
{
    for (size_t i = 0; i < l->ntables; i++)
        table_free(&l->tables[i]);
    nb_free(l->tables);
    for (size_t i = 0; i < l->nrules; i++)
        nb_rule_free(&l->rules[i]);
    nb_free(l->rules);
    l->tables = NULL;
    l->rules = NULL;
    l->ntables = l->nrules = 0;
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
    if (!nb_yl_name(&c->y, v, what, out))
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
    return *a ? nb_strjoin(a, '.', b) : nb_strdup(b);
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
    if (!nb_yl_expect(&c->y, seq, NB_Y_SEQ, parent->depth < 0 ? what : "children"))
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
        if (!nb_yl_expect(&c->y, m, NB_Y_MAP, one))
            continue;
        nb_yl_check_keys(&c->y, m, one, cols ? col_keys : row_keys);
        if (nb_yl_require(&c->y, m, "label", one, &v))
            nb_yl_string(&c->y, v, "label", &n->label);
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
                nb_yl_int(&c->y, v, "span", 1, NB_TABLE_MAX_CELLS, &n->span);
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
    if (!nb_yl_expect(&c->y, m, NB_Y_MAP, "group"))
        return;
    nb_yl_check_keys(&c->y, m, "table group", keys);
    if ((v = nb_y_get(m, "caption"))) {
        g->caption = true;
        g->caption_pos = nb_yl_pos(&c->y, v);
        nb_yl_string(&c->y, v, "caption", &g->caption_text);
    }
    const nb_ynode *corner = nb_y_get(m, "corner");
    if (corner) {
        g->corner_pos = nb_yl_pos(&c->y, corner);
        nb_yl_string(&c->y, corner, "corner", &g->corner_text);
    } else {
        g->corner_pos = g->pos;
    }
    if (nb_yl_require(&c->y, m, "columns", "table group", &v))
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
    if (lc && nb_yl_int(&c->y, lc, "label-columns", 0, 100, &g->label_cols)) {
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
    if (!nb_yl_expect(&c->y, v, NB_Y_SEQ, "widths"))
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
        nb_yl_length(&c->y, w, "width", NB_YLEN_POSITIVE, &t->widths[i]);
    }
}

/* ---- tables -------------------------------------------------------------- */

static void load_style_ref(tctx *c, const nb_ynode *v, const char *what, char **out)
{
    if (!nb_yl_name(&c->y, v, what, out))
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
    if (!nb_yl_name(&c->y, p->key, "table id", &t->id))
        return;
    if (!key_ok(t->id) || strcmp(t->id, "previous") == 0)
        nb_yl_error(&c->y, NB_ERR_SCHEMA, t->pos,
                    "table id '%s' must be ASCII letters, digits and _ (it starts the "
                    "figure keys) and not 'previous'",
                    t->id);
    if (!nb_yl_expect(&c->y, m, NB_Y_MAP, t->id))
        return;
    char where[64];
    snprintf(where, sizeof where, "table '%.40s'", t->id);
    nb_yl_check_keys(&c->y, m, where, keys);
    if (nb_yl_require(&c->y, m, "style", where, &v))
        load_style_ref(c, v, "style", &t->style);
    if ((v = nb_y_get(m, "header-style")))
        load_style_ref(c, v, "header-style", &t->head_style);
    else if (t->style && !(t->head_style = nb_strdup(t->style)))
        nb_yl_nomem(&c->y);
    if ((v = nb_y_get(m, "continued")))
        nb_yl_string(&c->y, v, "continued", &t->continued);
    if (!(t->info = nb_calloc(1, sizeof *t->info))) {
        nb_yl_nomem(&c->y);
        return;
    }
    nb_vspec_load(&c->y, m, &t->info->vspec);
    const nb_ynode *groups;
    if (!nb_yl_require(&c->y, m, "groups", where, &groups) ||
        !nb_yl_expect(&c->y, groups, NB_Y_SEQ, "groups"))
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
    if (nb_yl_oom(&c->y) || c->y.d->errors != errors || !nb_table_size_grid(&c->y, t))
        return;
    const nb_ynode *widths = nb_y_get(m, "widths");
    if (widths)
        load_widths(c, widths, t);
    nb_table_build_cells(&c->y, t);
}

nb_status nb_layout_load_tables(nb_layout *l, const nb_ydoc *doc, const nb_ynode *root,
                                bool styles_ok, nb_diags *d)
{
    tctx c = {.l = l, .y = {.doc = doc, .d = d}, .styles_ok = styles_ok};
    const nb_ynode *m = nb_y_get(root, "tables");
    if (!m)
        return NB_OK;
    if (!nb_yl_expect(&c.y, m, NB_Y_MAP, "tables"))
        return c.y.st;
    if (!(l->tables = nb_calloc(m->count, sizeof *l->tables)))
        return nb_y_nomem(d);
    l->ntables = m->count;
    for (size_t i = 0; i < m->count && !nb_yl_oom(&c.y); i++)
        load_table(&c, &m->pairs[i], &l->tables[i]);
    return c.y.st;
}
