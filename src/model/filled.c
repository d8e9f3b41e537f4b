/* Whether an office's data is filled in, and whether its prose was
 * rewritten since last year.
 *
 * A template from `nianbao init` loads (so that it can be checked while it
 * is being filled), with placeholders for what the clerk must write:
 * `date: ~`, `overview: []`, `requests.new: []`. Rendering or checking it
 * names every placeholder left, one message each, before any figure is
 * looked at — never a PDF of empty tables. */
#include <string.h>

#include "../util/alloc.h"
#include "cellmap.h"
#include "data.h"
#include "filled.h"

static nb_status section_name(const nb_layout *l, const char *key, char *buf, size_t size)
{
    const char *heading = NULL;
    char num[32];
    nb_layout_section_of(l, key, &heading, num, sizeof num);
    if (heading)
        snprintf(buf, size, "%s (text.%s)", heading, key);
    else
        snprintf(buf, size, "the %s section (text.%s)", key, key);
    return NB_OK;
}

/* One cell left as the placeholder NB_UNFILLED. */
static void unfilled_cell(const nb_layout *l, const nb_cellmap *map, const char *key, nb_pos at,
                          nb_status *first, nb_diags *d)
{
    for (size_t k = 0; key && k < map->nrows; k++) {
        const nb_maprow *r = &map->rows[k];
        for (int j = 0; j < r->ncols; j++) {
            if (strcmp(r->cols[j].key, key))
                continue;
            char *title = nb_maprow_title(l, r);
            const nb_mapcol *c = &r->cols[j];
            nb_status st =
                nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, at,
                           "%s › %s (%s) is not filled in: replace %s", title ? title : r->rowkey,
                           c->nlabels ? c->labels[c->nlabels - 1] : key, key, NB_UNFILLED);
            nb_free(title);
            if (!*first)
                *first = st;
            return;
        }
    }
}

nb_status nb_data_check_filled(const nb_layout *l, const nb_data *data, nb_diags *d)
{
    nb_status first = NB_OK;
    if (data->date_pos.line && !data->date_y)
        first = nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, data->date_pos,
                           "date (成文日期) is not filled in: write the day the report is signed, "
                           "such as %d-01-20",
                           data->year + 1);
    char name[512];
    for (size_t i = 0; i < data->nsections; i++) {
        const nb_section *s = &data->sections[i];
        if (!s->key || s->count)
            continue;
        section_name(l, s->key, name, sizeof name);
        nb_status st = nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, s->pos,
                                  "%s is not filled in: write its paragraphs as a list, one "
                                  "\"- …\" each (h2: for a （一） sub-heading), or delete it if "
                                  "the section is optional",
                                  name);
        if (!first)
            first = st;
    }
    bool any_row = false;
    for (size_t i = 0; i < data->nfigrows; i++) {
        const nb_figrow *fr = &data->figrows[i];
        any_row |= fr->key && fr->count == 0;
        for (size_t j = 0; j < fr->count; j++)
            any_row |= fr->values[j] && !strcmp(fr->values[j], NB_UNFILLED);
    }
    for (size_t i = 0; i < data->nfigures; i++)
        any_row |= data->figures[i].value && !strcmp(data->figures[i].value, NB_UNFILLED);
    if (!any_row)
        return first;
    nb_cellmap map;
    if (nb_cellmap_build(l, &map))
        return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
    for (size_t i = 0; i < data->nfigrows; i++) {
        const nb_figrow *fr = &data->figrows[i];
        const nb_maprow *r = NULL;
        for (size_t k = 0; fr->key && k < map.nrows && !r; k++)
            if (!strcmp(map.rows[k].rowkey, fr->key))
                r = &map.rows[k];
        if (!r)
            continue; /* an unknown key: binding the figures reports it */
        for (size_t j = 0; j < fr->count && (int)j < r->ncols; j++)
            if (fr->values[j] && !strcmp(fr->values[j], NB_UNFILLED))
                unfilled_cell(l, &map, r->cols[j].key, fr->vpos[j], &first, d);
        if (fr->count)
            continue;
        char *title = nb_maprow_title(l, r), *cols = nb_maprow_columns(r);
        nb_status st = nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, fr->list_pos,
                                  "%s (%s) is not filled in: give its %d value%s in column "
                                  "order (%s) between the brackets",
                                  title ? title : fr->key, fr->key, r->ncols,
                                  r->ncols == 1 ? "" : "s", cols ? cols : "");
        nb_free(title);
        nb_free(cols);
        if (!first)
            first = st;
    }
    for (size_t i = 0; i < data->nfigures; i++)
        if (data->figures[i].value && !strcmp(data->figures[i].value, NB_UNFILLED))
            unfilled_cell(l, &map, data->figures[i].key, data->figures[i].vpos, &first, d);
    nb_cellmap_free(&map);
    return first;
}

/* Both NULL, or equal strings. */
static bool same_str(const char *a, const char *b) { return a && b ? !strcmp(a, b) : a == b; }

static bool same_para(const nb_para *a, const nb_para *b)
{
    return a->level == b->level && same_str(a->head, b->head) && same_str(a->text, b->text);
}

size_t nb_data_check_unchanged(const nb_layout *l, const nb_data *data, const nb_data *previous,
                               nb_diags *d)
{
    size_t n = 0;
    char name[512];
    for (size_t i = 0; previous && i < data->nsections; i++) {
        const nb_section *s = &data->sections[i];
        const nb_section *p = s->key ? nb_data_section(previous, s->key) : NULL;
        if (!p || !s->count || p->count != s->count)
            continue;
        size_t j = 0;
        while (j < s->count && same_para(&s->paras[j], &p->paras[j]))
            j++;
        if (j < s->count)
            continue;
        section_name(l, s->key, name, sizeof name);
        nb_diag_at(d, NB_WARNING, NB_ERR_SCHEMA, s->pos,
                   "%s is word for word last year's (%s): rewrite it for %d", name, previous->file,
                   data->year);
        n++;
    }
    return n;
}
