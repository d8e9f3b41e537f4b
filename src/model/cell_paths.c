#include "cell_paths.h"
#include "values.h"

#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "table_info.h"

/* "表三" for the table a heading "三、收到和处理…" introduces: the report
 * format numbers its tables by their sections; else the table id. */
static char *table_name(const nb_layout *l, const char *id)
{
    const char *heading = NULL;
    for (size_t i = 0; i < l->nblocks; i++) {
        const nb_block *b = &l->blocks[i];
        if (b->kind == NB_BLK_HEADING && b->nlines)
            heading = b->lines[0];
        if (b->kind == NB_BLK_TABLE && b->key && !strcmp(b->key, id))
            break;
        if (i + 1 == l->nblocks)
            heading = NULL;
    }
    const char *mark = heading ? strstr(heading, "、") : NULL;
    nb_buf b = {0};
    if (mark && mark > heading && mark - heading <= 9) {
        nb_buf_puts(&b, "表");
        nb_buf_append(&b, heading, (size_t)(mark - heading));
    } else {
        nb_buf_puts(&b, id);
    }
    return nb_buf_take(&b);
}

static void push_labels(nb_cell_path *p, const nb_tnode *n)
{
    if (!n || n->depth < 0)
        return;
    push_labels(p, n->parent);
    if (p->nlabels < NB_CELL_PATH_MAX)
        p->labels[p->nlabels++] = n->label;
}

nb_status nb_layout_cell_paths(const nb_layout *l, nb_cell_path **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t total = 0;
    for (size_t ti = 0; ti < l->ntables; ti++)
        for (size_t i = 0; i < l->tables[ti].ncells; i++)
            total += l->tables[ti].cells[i].kind == NB_TC_DATA;
    nb_cell_path *v = nb_calloc(total + 1, sizeof *v);
    if (!v)
        return NB_ERR_NOMEM;
    size_t k = 0;
    for (size_t ti = 0; ti < l->ntables; ti++) {
        const nb_table *t = &l->tables[ti];
        if (!t->info)
            continue;
        char *name = table_name(l, t->id);
        for (size_t g = 0; g < t->info->ngroups; g++) {
            const nb_tgroup *gr = &t->info->groups[g];
            for (int r = 0; r < gr->nbody; r++)
                for (int j = 0; j < gr->ncol_leaves && k < total; j++) {
                    nb_cell_path *p = &v[k++];
                    p->cell = nb_tgroup_cell(gr, r, j);
                    p->key = t->cells[p->cell].key;
                    p->table = ti;
                    p->table_name = name ? nb_strdup(name) : NULL;
                    p->labels[p->nlabels++] = p->table_name ? p->table_name : t->id;
                    if (gr->caption)
                        p->labels[p->nlabels++] = gr->caption_text;
                    push_labels(p, gr->nrow_leaves ? gr->row_leaves[r] : NULL);
                    push_labels(p, gr->col_leaves[j]);
                }
        }
        nb_free(name);
    }
    *out = v;
    *n = k;
    return NB_OK;
}

void nb_cell_paths_free(nb_cell_path *p, size_t n)
{
    for (size_t i = 0; p && i < n; i++)
        nb_free(p[i].table_name);
    nb_free(p);
}

/* Copies `s` without spaces and separators. */
static void squeeze(nb_buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '>' || *s == '/' || *s == '\n' || *s == '\r')
            continue;
        if (!strncmp(s, "›", strlen("›"))) {
            s += strlen("›") - 1;
            continue;
        }
        if (!strncmp(s, "\xE3\x80\x80", 3)) { /* ideographic space */
            s += 2;
            continue;
        }
        nb_buf_putc(b, *s);
    }
}

long nb_cell_paths_match(const nb_cell_path *p, size_t n, const char *text)
{
    nb_buf want = {0};
    squeeze(&want, text);
    const char *w = nb_buf_cstr(&want);
    long found = -1;
    for (size_t i = 0; i < n && found < 0; i++)
        for (int from = 0; from < 2 && found < 0; from++) {
            nb_buf have = {0};
            for (int k = from; k < p[i].nlabels; k++)
                squeeze(&have, p[i].labels[k]);
            if (!strcmp(nb_buf_cstr(&have), w))
                found = (long)i;
            nb_buf_free(&have);
        }
    nb_buf_free(&want);
    return found;
}

int nb_cell_value_type(const nb_layout *l, const nb_cell_path *p)
{
    return nb_table_cell_vspec(&l->tables[p->table], p->cell).type;
}

bool nb_value_type_additive(int t) { return t != NB_VT_TEXT; }
