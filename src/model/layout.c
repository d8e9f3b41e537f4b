/* Lookups in a loaded layout: styles and roles by name, tables by id,
 * figure keys and the labels of a table's cells. The loaders use them to
 * check references and later stages to resolve them; they read the layout
 * and call nothing else in src/model/. */
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "table_info.h"

const nb_style *nb_layout_style(const nb_layout *l, const char *name)
{
    for (size_t i = 0; i < l->nstyles; i++)
        if (l->styles[i].name && strcmp(l->styles[i].name, name) == 0)
            return &l->styles[i];
    return NULL;
}

size_t nb_layout_role_index(const nb_layout *l, const char *name)
{
    for (size_t i = 0; i < l->nroles; i++)
        if (l->roles[i].name && strcmp(l->roles[i].name, name) == 0)
            return i;
    return (size_t)-1;
}

const nb_table *nb_layout_find_table(const nb_layout *l, const char *id)
{
    for (size_t i = 0; i < l->ntables; i++)
        if (l->tables[i].id && strcmp(l->tables[i].id, id) == 0)
            return &l->tables[i];
    return NULL;
}

int nb_tkey_cmp(const void *a, const void *b)
{
    return strcmp(((const nb_tkey *)a)->key, ((const nb_tkey *)b)->key);
}

const nb_tkey *nb_table_lookup(const nb_table *t, const char *key)
{
    if (!t->info || !t->info->keys)
        return NULL;
    nb_tkey probe = {.key = key};
    return bsearch(&probe, t->info->keys, t->info->nkeys, sizeof probe, nb_tkey_cmp);
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
