/* The flat cell view of model/cellmap.h. */
#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "cellmap.h"
#include "table_info.h"

/* Fills labels[] with the path from the top of the tree down to `n`. */
static int label_path(const nb_tnode *n, const char **labels)
{
    const nb_tnode *stack[64];
    int depth = 0;
    for (; n && n->depth >= 0 && depth < 64; n = n->parent)
        stack[depth++] = n;
    int k = 0;
    for (int i = depth - 1; i >= 0 && k < NB_MAP_DEPTH; i--)
        if (stack[i]->label)
            labels[k++] = stack[i]->label;
    return k;
}

nb_status nb_cellmap_build(const nb_layout *l, nb_cellmap *out)
{
    memset(out, 0, sizeof *out);
    size_t cap = 0;
    for (size_t ti = 0; ti < l->ntables; ti++) {
        const nb_table *t = &l->tables[ti];
        if (!t->info)
            continue;
        for (size_t g = 0; g < t->info->ngroups; g++) {
            const nb_tgroup *gr = &t->info->groups[g];
            for (int r = 0; r < gr->nbody; r++) {
                if (!nb_grow(&out->rows, out->nrows, 1, &cap, sizeof *out->rows))
                    goto nomem;
                nb_maprow *mr = &out->rows[out->nrows];
                memset(mr, 0, sizeof *mr);
                out->nrows++;
                const nb_tnode *row = gr->nrow_leaves ? gr->row_leaves[r] : NULL;
                mr->table = ti;
                mr->group = g;
                mr->row = r;
                mr->caption = gr->caption ? gr->caption_text : NULL;
                nb_buf key = {0};
                nb_buf_puts(&key, t->id);
                if (row)
                    nb_buf_printf(&key, ".%s", row->path);
                if (!(mr->rowkey = nb_buf_take(&key)))
                    goto nomem;
                mr->nlabels = row ? label_path(row, mr->labels) : 0;
                mr->cols = nb_calloc((size_t)gr->ncol_leaves + 1, sizeof *mr->cols);
                if (!mr->cols)
                    goto nomem;
                mr->ncols = gr->ncol_leaves;
                for (int j = 0; j < gr->ncol_leaves; j++) {
                    nb_mapcol *mc = &mr->cols[j];
                    mc->key = t->cells[nb_tgroup_cell(gr, r, j)].key;
                    mc->nlabels = label_path(gr->col_leaves[j], mc->labels);
                }
            }
        }
    }
    return NB_OK;
nomem:
    nb_cellmap_free(out);
    return NB_ERR_NOMEM;
}

void nb_cellmap_free(nb_cellmap *m)
{
    for (size_t i = 0; i < m->nrows; i++) {
        nb_free(m->rows[i].rowkey);
        nb_free(m->rows[i].cols);
    }
    nb_free(m->rows);
    memset(m, 0, sizeof *m);
}

const char *nb_layout_section_of(const nb_layout *l, const char *key, const char **heading,
                                 char *num, size_t numsize)
{
    const char *h = NULL;
    for (size_t i = 0; i < l->nblocks; i++) {
        const nb_block *b = &l->blocks[i];
        if (b->kind == NB_BLK_HEADING && b->nlines)
            h = b->lines[0];
        if ((b->kind == NB_BLK_TABLE || b->kind == NB_BLK_PROSE) && b->key && !strcmp(b->key, key))
            break;
        if (i + 1 == l->nblocks)
            h = NULL;
    }
    if (heading)
        *heading = h;
    const char *sep = h ? strstr(h, "、") : NULL;
    if (!sep || (size_t)(sep - h) >= numsize || sep == h)
        return NULL;
    memcpy(num, h, (size_t)(sep - h));
    num[sep - h] = 0;
    return num;
}

char *nb_maprow_title(const nb_layout *l, const nb_maprow *r)
{
    const nb_table *t = &l->tables[r->table];
    char num[32];
    nb_buf b = {0};
    if (nb_layout_section_of(l, t->id, NULL, num, sizeof num))
        nb_buf_printf(&b, "表%s", num);
    else
        nb_buf_printf(&b, "table %s", t->id);
    const char *sep = " ";
    if (r->caption) {
        nb_buf_printf(&b, "%s%s", sep, r->caption);
        sep = " › ";
    }
    for (int i = 0; i < r->nlabels; i++) {
        nb_buf_printf(&b, "%s%s", sep, r->labels[i]);
        sep = " › ";
    }
    return nb_buf_take(&b);
}

char *nb_maprow_columns(const nb_maprow *r)
{
    nb_buf b = {0};
    for (int j = 0; j < r->ncols; j++) {
        const nb_mapcol *c = &r->cols[j];
        const char *leaf = c->nlabels ? c->labels[c->nlabels - 1] : c->key;
        bool shared = false;
        for (int k = 0; k < r->ncols && !shared; k++) {
            const nb_mapcol *o = &r->cols[k];
            shared = k != j && o->nlabels && !strcmp(o->labels[o->nlabels - 1], leaf);
        }
        if (j)
            nb_buf_puts(&b, ", ");
        if (shared && c->nlabels >= 2)
            nb_buf_printf(&b, "%s/", c->labels[c->nlabels - 2]);
        nb_buf_puts(&b, leaf);
    }
    return nb_buf_take(&b);
}
