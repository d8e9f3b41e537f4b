/* A table's grid: its groups placed on rows and columns, the cells of
 * captions, headers, row labels and figures, a check that they tile the
 * grid exactly, and the index of every figure key. Computed once at load,
 * so that layout, binding and the golden dumps all see the same cells. */
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "model_internal.h"

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

typedef struct cells {
    nb_tcell *v;
    size_t n, cap;
} cells;

static bool add_cell(nb_yload *ld, cells *cs, nb_tcell_kind kind, int row, int col, int rs,
                     int cspan, const char *text, char *key, nb_pos at)
{
    if (!nb_grow(&cs->v, cs->n, 1, &cs->cap, sizeof *cs->v)) {
        nb_free(key);
        nb_yl_nomem(ld);
        return false;
    }
    nb_tcell *cell = &cs->v[cs->n];
    *cell = (nb_tcell){kind, row, col, rs, cspan, NULL, key, at};
    if (text && !(cell->text = nb_strdup(text))) {
        nb_free(key);
        nb_yl_nomem(ld);
        return false;
    }
    cs->n++;
    return true;
}

static bool head_cells(nb_yload *ld, cells *cs, const nb_tgroup *g, const nb_tnode *n, int r0)
{
    for (size_t i = 0; i < n->nkids; i++) {
        const nb_tnode *k = &n->kids[i];
        int rs = k->nkids ? 1 : g->head_depth - k->depth;
        if (!add_cell(ld, cs, NB_TC_HEAD, r0 + k->depth, k->first, rs, k->span, k->label, NULL,
                      k->pos) ||
            !head_cells(ld, cs, g, k, r0))
            return false;
    }
    return true;
}

static bool label_cells(nb_yload *ld, cells *cs, const nb_tgroup *g, const nb_tnode *n)
{
    for (size_t i = 0; i < n->nkids; i++) {
        const nb_tnode *k = &n->kids[i];
        int cspan = k->nkids ? 1 : g->label_cols - k->depth;
        if (!add_cell(ld, cs, NB_TC_LABEL, g->body_row + k->first, k->depth, k->span, cspan,
                      k->label, NULL, k->pos) ||
            !label_cells(ld, cs, g, k))
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

static bool group_cells(nb_yload *ld, nb_table *t, cells *cs, nb_tgroup *g)
{
    int r = g->first_row;
    if (g->caption && !add_cell(ld, cs, NB_TC_CAPTION, r++, 0, 1, t->ncols, g->caption_text, NULL,
                                g->caption_pos))
        return false;
    if (g->label_cols > 0 && !add_cell(ld, cs, NB_TC_CORNER, r, 0, g->head_depth, g->label_cols,
                                       g->corner_text ? g->corner_text : "", NULL, g->corner_pos))
        return false;
    if (!head_cells(ld, cs, g, &g->cols, r) || !label_cells(ld, cs, g, &g->rows))
        return false;
    for (int i = 0; i < g->nbody; i++) {
        const nb_tnode *row = g->nrow_leaves ? g->row_leaves[i] : NULL;
        for (int j = 0; j < g->ncol_leaves; j++) {
            const nb_tnode *col = g->col_leaves[j];
            char *key = cell_key(t->id, row ? row->path : "", col->path);
            if (!key) {
                nb_yl_nomem(ld);
                return false;
            }
            if (!add_cell(ld, cs, NB_TC_DATA, g->body_row + i, col->first, 1, col->span, NULL, key,
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
static void index_keys(nb_yload *ld, nb_table *t)
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
        nb_yl_nomem(ld);
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
                nb_yl_nomem(ld);
                return;
            }
            in->rowkeys[in->nrowkeys++] = k;
            keys[n++] = (nb_tkey){k, -1, g, r};
        }
    }
    qsort(keys, n, sizeof *keys, nb_tkey_cmp);
    for (size_t i = 1; i < n; i++) {
        if (strcmp(keys[i].key, keys[i - 1].key) != 0)
            continue;
        const nb_tkey *k = keys[i].cell >= 0 ? &keys[i] : &keys[i - 1];
        nb_pos at = k->cell >= 0 ? t->cells[k->cell].pos : t->pos;
        nb_yl_error(ld, NB_ERR_SCHEMA, at,
                    "table '%s' has two %s with the key '%s'; give the rows or columns "
                    "different keys",
                    t->id, keys[i].cell >= 0 && keys[i - 1].cell >= 0 ? "cells" : "entries",
                    keys[i].key);
    }
    in->keys = keys;
    in->nkeys = n;
}

/* Counts each group's leaves and body rows; the grid's size. */
static void count_grid(nb_table_info *in, long long *ncols, long long *nrows)
{
    *ncols = *nrows = 0;
    for (size_t g = 0; g < in->ngroups; g++) {
        nb_tgroup *gr = &in->groups[g];
        long long w = gr->label_cols + tree_width(&gr->cols);
        if (w > *ncols)
            *ncols = w;
        gr->nrow_leaves = count_leaves(&gr->rows);
        gr->ncol_leaves = count_leaves(&gr->cols);
        gr->nbody = gr->nrow_leaves ? gr->nrow_leaves : 1;
        *nrows += gr->caption + gr->head_depth + gr->nbody;
    }
}

/* Every group covers all `ncols` columns; at most one has no rows. */
static bool groups_agree(nb_yload *ld, const nb_table *t, long long ncols)
{
    const nb_table_info *in = t->info;
    bool ok = true;
    size_t rowless = 0;
    for (size_t g = 0; g < in->ngroups; g++) {
        const nb_tgroup *gr = &in->groups[g];
        long long data = tree_width(&gr->cols);
        if (gr->label_cols + data != ncols) {
            ok = false;
            nb_yl_error(ld, NB_ERR_SCHEMA, gr->pos,
                        "this group covers %lld grid columns (%d for row labels, %lld for "
                        "figures) but the widest group of table '%s' covers %lld; every "
                        "group must cover the same columns (use 'span' on a column)",
                        gr->label_cols + data, gr->label_cols, data, t->id, ncols);
        }
        if (!gr->nrow_leaves && ++rowless == 2) {
            ok = false;
            nb_yl_error(ld, NB_ERR_SCHEMA, gr->pos,
                        "table '%s' has a second group without 'rows'; only one may have "
                        "none (its figures are a row keyed by the table id)",
                        t->id);
        }
    }
    return ok;
}

bool nb_table_size_grid(nb_yload *ld, nb_table *t)
{
    long long ncols, nrows;
    count_grid(t->info, &ncols, &nrows);
    if (ncols * nrows > NB_TABLE_MAX_CELLS) {
        nb_yl_error(ld, NB_ERR_LIMIT, t->pos,
                    "table '%s' has %lld rows and %s%lld columns, more than the limit of %d "
                    "grid cells",
                    t->id, nrows, ncols > NB_TABLE_MAX_CELLS ? "over " : "", ncols,
                    NB_TABLE_MAX_CELLS);
        return false;
    }
    if (!groups_agree(ld, t, ncols))
        return false;
    t->ncols = (int)ncols;
    t->nrows = (int)nrows;
    t->widths = nb_calloc((size_t)ncols, sizeof *t->widths);
    t->width_fr = nb_calloc((size_t)ncols, sizeof *t->width_fr);
    t->rows = nb_calloc((size_t)nrows, sizeof *t->rows);
    if (!t->widths || !t->width_fr || !t->rows) {
        nb_yl_nomem(ld);
        return false;
    }
    return true;
}

/* Gives every header node its grid column and every row node its body
 * row, and each group its first grid row. */
static bool place_groups(nb_yload *ld, nb_table_info *in)
{
    int r = 0;
    for (size_t g = 0; g < in->ngroups; g++) {
        nb_tgroup *gr = &in->groups[g];
        gr->col_leaves = nb_calloc((size_t)gr->ncol_leaves, sizeof *gr->col_leaves);
        gr->row_leaves = nb_calloc((size_t)gr->nrow_leaves + 1, sizeof *gr->row_leaves);
        gr->cells = nb_calloc((size_t)gr->nbody * (size_t)gr->ncol_leaves, sizeof *gr->cells);
        if (!gr->col_leaves || !gr->row_leaves || !gr->cells) {
            nb_yl_nomem(ld);
            return false;
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
    return true;
}

/* Fills `grid` (nrows × ncols) with the index of the cell covering each
 * slot; false when a cell overlaps another, leaves the grid or a slot
 * stays empty. */
static bool tile_grid(const nb_table *t, long *grid)
{
    const long long ncols = t->ncols, nslots = (long long)t->nrows * t->ncols;
    for (long long i = 0; i < nslots; i++)
        grid[i] = -1;
    for (size_t i = 0; i < t->ncells; i++) {
        const nb_tcell *cell = &t->cells[i];
        for (int y = cell->row; y < cell->row + cell->rowspan; y++)
            for (int x = cell->col; x < cell->col + cell->colspan; x++) {
                if (y >= t->nrows || x >= t->ncols || grid[y * ncols + x] >= 0)
                    return false;
                grid[y * ncols + x] = (long)i;
            }
    }
    for (long long i = 0; i < nslots; i++)
        if (grid[i] < 0)
            return false;
    return true;
}

/* Each group's data cells by (body row, column leaf), and back. */
static void index_group_cells(nb_table *t, const long *grid)
{
    nb_table_info *in = t->info;
    for (size_t g = 0; g < in->ngroups; g++) {
        nb_tgroup *gr = &in->groups[g];
        for (int i = 0; i < gr->nbody; i++)
            for (int j = 0; j < gr->ncol_leaves; j++) {
                long cell = grid[(gr->body_row + i) * t->ncols + gr->col_leaves[j]->first];
                gr->cells[(size_t)i * (size_t)gr->ncol_leaves + (size_t)j] = cell;
                in->refs[cell] = (nb_tref){(int)g, i, j};
            }
    }
}

void nb_table_build_cells(nb_yload *ld, nb_table *t)
{
    nb_table_info *in = t->info;
    if (!place_groups(ld, in))
        return;
    cells cs = {0};
    for (size_t g = 0; g < in->ngroups; g++)
        if (!group_cells(ld, t, &cs, &in->groups[g]))
            break;
    t->cells = cs.v;
    t->ncells = cs.n;
    if (nb_yl_oom(ld))
        return;
    qsort(t->cells, t->ncells, sizeof *t->cells, cell_cmp);
    long *grid = nb_malloc((size_t)t->nrows * (size_t)t->ncols * sizeof *grid);
    in->refs = nb_malloc((t->ncells + 1) * sizeof *in->refs);
    if (!grid || !in->refs) {
        nb_free(grid);
        nb_yl_nomem(ld);
        return;
    }
    for (size_t i = 0; i < t->ncells; i++)
        in->refs[i] = (nb_tref){-1, 0, 0};
    if (!tile_grid(t, grid)) {
        nb_free(grid);
        nb_yl_error(ld, NB_ERR_SCHEMA, t->pos,
                    "table '%s': its cells do not tile the grid (a cell overlaps another "
                    "or a slot is empty)",
                    t->id);
        return;
    }
    index_group_cells(t, grid);
    nb_free(grid);
    index_keys(ld, t);
}
