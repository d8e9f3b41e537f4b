/* JSON views for the web workspace (`nianbao serve`): the layout's tables
 * as the header trees draw them, an office's data, and its diagnostics
 * with the table cells they are about. Written with jansson. */
#include <jansson.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../model/filled.h"
#include "../model/textfile.h"
#include "../model/values.h"
#include "figures_internal.h"

static char *dump(json_t *j)
{
    if (!j)
        return NULL;
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    return s;
}

static json_t *jstr(const char *s) { return json_string(s ? s : ""); }

/* "第二十条第（一）项 › 规章 › 本年制发件数": the labels a reader sees
 * beside and above a data cell, in the order `nianbao keys` prints them. */
static char *cell_labels(const nb_table *t, long cell)
{
    const nb_tref *ref = &t->info->refs[cell];
    if (ref->group < 0)
        return NULL;
    const nb_tgroup *g = &t->info->groups[ref->group];
    nb_buf b = {0};
    bool first = true;
    if (g->caption) {
        nb_buf_puts(&b, g->caption_text);
        first = false;
    }
    nb_put_labels(&b, g->nrow_leaves ? g->row_leaves[ref->row] : NULL, &first);
    nb_put_labels(&b, g->col_leaves[ref->leaf], &first);
    return nb_buf_take(&b);
}

/* The value type a figure's input takes, as the layout declares it
 * (model/values.h): "count", "change", "amount", "text", or "number" when
 * nothing is declared (any number). */
static const char *cell_type(const nb_table *t, long cell, bool *blank, bool *na)
{
    static const char *const names[] = {"number", "count", "change", "amount", "text"};
    nb_vspec v = nb_table_cell_vspec(t, cell);
    *blank = v.allow & NB_VALLOW_BLANK;
    *na = v.allow & NB_VALLOW_NA;
    return v.type < sizeof names / sizeof *names ? names[v.type] : "number";
}

/* Cells a compute rule fills in when the data leaves them out. */
static void mark_computable(const nb_layout *l, size_t ti, bool *out)
{
    const nb_table *t = &l->tables[ti];
    for (size_t ri = 0; ri < l->nrules; ri++) {
        const nb_rule *r = &l->rules[ri];
        if (!r->compute || !r->info || r->info->table != ti)
            continue;
        for (size_t xi = 0; xi < r->info->nres; xi++) {
            const nb_rres *x = &r->info->res[xi];
            if (!x->nidx[0])
                continue;
            long i = x->idx[0][0];
            if (r->each == NB_EACH_NONE) {
                out[i] = true;
                continue;
            }
            const nb_tgroup *g = &t->info->groups[x->group];
            int n = r->each == NB_EACH_ROW ? g->nbody : g->ncol_leaves;
            for (int fx = 0; fx < n; fx++)
                out[r->each == NB_EACH_ROW ? nb_tgroup_cell(g, fx, (int)i)
                                           : nb_tgroup_cell(g, (int)i, fx)] = true;
        }
    }
}

static const char *const kind_names[] = {"caption", "corner", "head", "label", "data"};

static json_t *table_json(const nb_layout *l, size_t ti)
{
    const nb_table *t = &l->tables[ti];
    json_t *cells = json_array();
    bool *computable = nb_calloc(t->ncells ? t->ncells : 1, sizeof *computable);
    if (!cells || !computable) {
        json_decref(cells);
        nb_free(computable);
        return NULL;
    }
    if (t->info)
        mark_computable(l, ti, computable);
    for (size_t i = 0; i < t->ncells; i++) {
        const nb_tcell *c = &t->cells[i];
        json_t *o = json_pack("{s:i,s:i,s:i,s:i,s:s}", "r", c->row, "c", c->col, "rs", c->rowspan,
                              "cs", c->colspan, "kind", kind_names[c->kind]);
        if (!o)
            continue;
        if (c->text)
            json_object_set_new(o, "text", jstr(c->text));
        if (c->key && t->info) {
            char *labels = cell_labels(t, (long)i);
            json_object_set_new(o, "key", jstr(c->key));
            json_object_set_new(o, "labels", jstr(labels));
            bool blank, na;
            json_object_set_new(o, "type", jstr(cell_type(t, (long)i, &blank, &na)));
            json_object_set_new(o, "allow_blank", json_boolean(blank));
            json_object_set_new(o, "allow_na", json_boolean(na));
            json_object_set_new(o, "computable", json_boolean(computable[i]));
            nb_free(labels);
        }
        json_array_append_new(cells, o);
    }
    nb_free(computable);
    return json_pack("{s:s,s:i,s:i,s:o}", "id", t->id, "rows", t->nrows, "cols", t->ncols, "cells",
                     cells);
}

char *nb_layout_json(const nb_layout *l)
{
    json_t *tables = json_array(), *rules = json_array(), *blocks = json_array();
    for (size_t i = 0; i < l->ntables; i++)
        json_array_append_new(tables, table_json(l, i));
    for (size_t i = 0; i < l->nrules; i++) {
        const nb_rule *r = &l->rules[i];
        json_array_append_new(rules, json_pack("{s:s,s:s,s:s,s:b}", "id", r->id, "text",
                                               r->text ? r->text : "", "table", r->table,
                                               "cross_year", r->cross_year));
    }
    for (size_t i = 0; i < l->nblocks; i++) {
        const nb_block *b = &l->blocks[i];
        json_t *o = NULL;
        if (b->kind == NB_BLK_HEADING && b->nlines)
            o = json_pack("{s:s,s:s}", "kind", "heading", "text", b->lines[0]);
        else if (b->kind == NB_BLK_PROSE)
            o = json_pack("{s:s,s:s,s:b}", "kind", "prose", "key", b->key, "optional", b->optional);
        else if (b->kind == NB_BLK_TABLE)
            o = json_pack("{s:s,s:s}", "kind", "table", "id", b->key);
        if (o)
            json_array_append_new(blocks, o);
    }
    return dump(json_pack("{s:s,s:o,s:o,s:o}", "name", l->name ? l->name : "", "tables", tables,
                          "rules", rules, "blocks", blocks));
}

char *nb_data_json(const nb_data *data)
{
    json_t *text = json_object();
    for (size_t i = 0; i < data->nsections; i++) {
        const nb_section *s = &data->sections[i];
        json_t *paras = json_array();
        for (size_t k = 0; k < s->count; k++) {
            const nb_para *p = &s->paras[k];
            json_t *o = json_pack("{s:i}", "level", p->level);
            if (p->head)
                json_object_set_new(o, "head", jstr(p->head));
            if (p->text)
                json_object_set_new(o, "text", jstr(p->text));
            json_array_append_new(paras, o);
        }
        json_object_set_new(text, s->key, paras);
    }
    char date[16] = "";
    if (data->date_y)
        snprintf(date, sizeof date, "%04d-%02d-%02d", data->date_y, data->date_m, data->date_d);
    return dump(json_pack("{s:s,s:s,s:i,s:s,s:b,s:o}", "layout", data->layout ? data->layout : "",
                          "office", data->office ? data->office : "", "year", data->year, "date",
                          date, "signature", data->signature, "text", text));
}

/* The data cell of a full key in any table, or -1. */
static long find_cell(const nb_layout *l, const char *key, size_t *ti)
{
    for (size_t i = 0; l && i < l->ntables; i++) {
        long c = nb_table_find_key(&l->tables[i], key);
        if (c >= 0 && l->tables[i].info) {
            *ti = i;
            return c;
        }
    }
    return -1;
}

static json_t *diag_json(const nb_diag *g, const nb_layout *l, const char *file_as)
{
    static const char *const sev[] = {"note", "warning", "error"};
    json_t *cells = json_array();
    const char *k = g->keys;
    while (k && *k) {
        size_t n = strcspn(k, " ");
        char *key = nb_strndup(k, n);
        size_t ti = 0;
        long c = key ? find_cell(l, key, &ti) : -1;
        if (c >= 0) {
            char *labels = cell_labels(&l->tables[ti], c);
            json_array_append_new(
                cells, json_pack("{s:s,s:s}", "key", key, "labels", labels ? labels : ""));
            nb_free(labels);
        }
        nb_free(key);
        k += n + (k[n] == ' ');
    }
    const char *file = g->file && file_as ? file_as : g->file;
    return json_pack("{s:s?,s:i,s:i,s:s,s:s,s:s,s:o}", "file", file, "line", g->line, "column",
                     g->col, "severity", sev[g->severity], "code", nb_status_name(g->code),
                     "message", g->msg ? g->msg : "", "cells", cells);
}

char *nb_diags_json(const nb_diags *d, const nb_layout *l, const char *file_as)
{
    json_t *list = json_array();
    for (size_t i = 0; i < d->count; i++)
        json_array_append_new(list, diag_json(&d->items[i], l, file_as));
    return dump(json_pack("{s:I,s:I,s:o}", "errors", (json_int_t)d->errors, "warnings",
                          (json_int_t)d->warnings, "diagnostics", list));
}

char *nb_check_json(const nb_layout *l, const nb_data *data, const nb_data *previous, nb_diags *d,
                    const char *file_as)
{
    /* the same checks, in the same order, as nb_check_verdict (render.c):
     * the prose as the layout names it, what is not filled in, the
     * figures with the cross-year rules when last year is given */
    nb_data view, prev_view;
    nb_section *owned = NULL, *prev_owned = NULL;
    nb_figures f = {0};
    nb_status s = nb_data_prose_view(l, data, &view, &owned, d);
    if (!s)
        s = nb_data_check_filled(l, &view, d);
    if (!s)
        s = nb_figures_bind(l, &view, previous, false, &f, d);
    if (!s && previous) {
        /* Last year's own problems were its own check's business. */
        nb_diags scratch;
        nb_diags_init(&scratch);
        if (!nb_data_prose_view(l, previous, &prev_view, &prev_owned, &scratch))
            nb_data_check_unchanged(l, &view, &prev_view, d);
        nb_diags_free(&scratch);
    }
    json_t *values = json_object();
    for (size_t ti = 0; s != NB_ERR_NOMEM && ti < f.count; ti++) {
        const nb_table *t = &l->tables[ti];
        const nb_tvalues *tv = &f.tables[ti];
        for (size_t i = 0; i < t->ncells; i++)
            if (t->cells[i].key && tv->values[i])
                json_object_set_new(
                    values, t->cells[i].key,
                    json_pack("{s:s,s:b}", "value", tv->values[i], "computed", tv->computed[i]));
    }
    nb_figures_free(&f);
    nb_free(owned);
    nb_free(prev_owned);
    char *diags = nb_diags_json(d, l, file_as);
    json_t *out = diags ? json_loads(diags, 0, NULL) : NULL;
    nb_free(diags);
    if (!out) {
        json_decref(values);
        return NULL;
    }
    json_object_set_new(out, "values", values);
    return dump(out);
}

nb_status nb_data_parse(const char *name, const char *bytes, size_t len, nb_data **out, nb_diags *d)
{
    return nb_data_load_mem(name, bytes, len, out, d);
}

const char *nb_data_office(const nb_data *data) { return data->office; }
