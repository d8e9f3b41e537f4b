/* Binding an office's figures to the layout's tables: each figure key to
 * its cell (a row list to its row), values kept exactly as written, then
 * the layout's rules run over them (rule_check.c). Schema and rules: see
 * model/table.h. */
#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../model/dates.h"
#include "../model/previous.h"
#include "figures_internal.h"

/* ---- supplying values ---------------------------------------------------- */

static bool pos_before(nb_pos a, nb_pos b)
{
    return a.line < b.line || (a.line == b.line && a.col < b.col);
}

static void set_value(nb_figctx *c, size_t ti, long cell, const char *value, nb_pos at)
{
    nb_tvalues *tv = &c->f->tables[ti];
    const nb_table *t = tv->table;
    if (c->state[ti][cell] != NB_FIG_ABSENT) {
        nb_pos first = tv->where[cell], later = at;
        if (pos_before(later, first)) {
            nb_pos x = first;
            first = later;
            later = x;
        }
        nb_yl_error(&c->y, NB_ERR_SCHEMA, later,
                    "figure '%s' is given twice (also at line %d); give each cell once",
                    t->cells[cell].key, first.line);
        return;
    }
    if (!(tv->values[cell] = nb_strdup(value))) {
        nb_yl_nomem(&c->y);
        return;
    }
    tv->where[cell] = at;
    c->state[ti][cell] = NB_FIG_SUPPLIED;
    c->nsupplied[ti]++;
}

/* The table a key starts with and the key's entry; false if unknown. */
static bool find_key(const nb_figctx *c, const char *key, size_t *ti, const nb_tkey **k)
{
    const char *dot = strchr(key, '.');
    size_t n = dot ? (size_t)(dot - key) : strlen(key);
    for (size_t i = 0; i < c->l->ntables; i++) {
        const nb_table *t = &c->l->tables[i];
        if (t->id && strlen(t->id) == n && memcmp(t->id, key, n) == 0) {
            *ti = i;
            *k = nb_table_lookup(t, key);
            return *k != NULL;
        }
    }
    return false;
}

static void unknown_key(nb_figctx *c, const char *key, nb_pos at)
{
    nb_yl_error(&c->y, NB_ERR_SCHEMA, at, "unknown figure key '%s'; `nianbao keys` lists the keys",
                key);
}

/* "(natural, business, …)": the column keys of a group, for messages. */
static void put_columns(nb_buf *b, const nb_tgroup *g)
{
    nb_buf_puts(b, "(");
    for (int j = 0; j < g->ncol_leaves; j++)
        nb_buf_printf(b, "%s%s", j ? ", " : "", g->col_leaves[j]->path);
    nb_buf_puts(b, ")");
}

static void supply_scalar(nb_figctx *c, const nb_figure *fg)
{
    size_t ti;
    const nb_tkey *k;
    if (!fg->key || !fg->value)
        return;
    if (!find_key(c, fg->key, &ti, &k)) {
        unknown_key(c, fg->key, fg->pos);
        return;
    }
    if (k->cell >= 0) {
        set_value(c, ti, k->cell, fg->value, fg->vpos);
        return;
    }
    const nb_tgroup *g = &c->l->tables[ti].info->groups[k->group];
    if (g->ncol_leaves == 1) {
        set_value(c, ti, nb_tgroup_cell(g, k->row, 0), fg->value, fg->vpos);
        return;
    }
    nb_buf msg = {0};
    nb_buf_printf(&msg,
                  "figure '%s' is a row of %d cells; give its values as a list [...] in "
                  "the order ",
                  fg->key, g->ncol_leaves);
    put_columns(&msg, g);
    nb_buf_printf(&msg, ", or name one cell such as %s.%s", fg->key, g->col_leaves[0]->path);
    nb_yl_report(&c->y, NB_ERROR, NB_ERR_SCHEMA, fg->pos, &msg);
}

static void supply_row(nb_figctx *c, const nb_figrow *fr)
{
    size_t ti;
    const nb_tkey *k;
    if (!fr->key)
        return;
    if (!find_key(c, fr->key, &ti, &k)) {
        unknown_key(c, fr->key, fr->pos);
        return;
    }
    if (k->cell >= 0) {
        nb_yl_error(&c->y, NB_ERR_SCHEMA, fr->list_pos,
                    "figure '%s' is a single cell; give one value, not a list", fr->key);
        return;
    }
    const nb_tgroup *g = &c->l->tables[ti].info->groups[k->group];
    if (fr->count == 0)
        return; /* a template's `[]`: reported as not filled in (filled.c) */
    if (fr->count != (size_t)g->ncol_leaves) {
        nb_buf msg = {0};
        nb_buf_printf(&msg, "figure row '%s' has %zu value%s but the row has %d cell%s ", fr->key,
                      fr->count, fr->count == 1 ? "" : "s", g->ncol_leaves,
                      g->ncol_leaves == 1 ? "" : "s");
        put_columns(&msg, g);
        nb_yl_report(&c->y, NB_ERROR, NB_ERR_SCHEMA, fr->list_pos, &msg);
        return;
    }
    for (size_t j = 0; j < fr->count && !nb_yl_oom(&c->y); j++)
        if (fr->values[j])
            set_value(c, ti, nb_tgroup_cell(g, k->row, (int)j), fr->values[j], fr->vpos[j]);
}

/* Each figure the office wrote against its cell's value type (values.c). */
static void check_values(nb_figctx *c)
{
    for (size_t ti = 0; ti < c->l->ntables && !nb_yl_oom(&c->y); ti++) {
        const nb_table *t = &c->l->tables[ti];
        const nb_tvalues *tv = &c->f->tables[ti];
        for (size_t i = 0; i < t->ncells && !nb_yl_oom(&c->y); i++)
            if (c->state[ti][i] == NB_FIG_SUPPLIED &&
                !nb_value_check(t, (long)i, tv->values[i], tv->where[i],
                                c->allow ? NB_WARNING : NB_ERROR, c->y.d, &c->y.st)) {
                c->bad[ti][i] = 1;
                c->f->invalid++;
            }
    }
}

/* ---- binding --------------------------------------------------------------- */

static void free_state(const nb_layout *l, nb_figctx *c)
{
    for (size_t i = 0; c->state && i < l->ntables; i++)
        nb_free(c->state[i]);
    for (size_t i = 0; c->bad && i < l->ntables; i++)
        nb_free(c->bad[i]);
    nb_free(c->state);
    nb_free(c->bad);
    nb_free(c->nsupplied);
}

/* quiet: last year's data — values and computed cells only. */
static nb_status bind(const nb_layout *l, const nb_data *data, const nb_figures *prev, bool quiet,
                      bool allow, nb_figures *out, nb_diags *d)
{
    nb_figctx c = {.l = l, .data = data, .y = {.d = d}, .f = out, .prev = prev, .allow = allow};
    memset(out, 0, sizeof *out);
    out->tables = nb_calloc(l->ntables + 1, sizeof *out->tables);
    c.state = nb_calloc(l->ntables + 1, sizeof *c.state);
    c.nsupplied = nb_calloc(l->ntables + 1, sizeof *c.nsupplied);
    c.bad = nb_calloc(l->ntables + 1, sizeof *c.bad);
    if (!out->tables || !c.state || !c.nsupplied || !c.bad) {
        free_state(l, &c);
        return nb_y_nomem(d);
    }
    out->count = l->ntables;
    for (size_t i = 0; i < l->ntables && !nb_yl_oom(&c.y); i++) {
        const nb_table *t = &l->tables[i];
        nb_tvalues *tv = &out->tables[i];
        tv->table = t;
        tv->values = nb_calloc(t->ncells + 1, sizeof *tv->values);
        tv->where = nb_calloc(t->ncells + 1, sizeof *tv->where);
        tv->computed = nb_calloc(t->ncells + 1, sizeof *tv->computed);
        c.state[i] = nb_calloc(t->ncells + 1, 1);
        c.bad[i] = nb_calloc(t->ncells + 1, 1);
        if (!tv->values || !tv->where || !tv->computed || !c.state[i] || !c.bad[i])
            nb_yl_nomem(&c.y);
    }
    for (size_t i = 0; i < data->nfigures && !nb_yl_oom(&c.y); i++)
        supply_scalar(&c, &data->figures[i]);
    for (size_t i = 0; i < data->nfigrows && !nb_yl_oom(&c.y); i++)
        supply_row(&c, &data->figrows[i]);
    if (!quiet && !nb_yl_oom(&c.y))
        check_values(&c);
    if (!nb_yl_oom(&c.y))
        nb_figrules_compute(&c);
    if (!quiet && !nb_yl_oom(&c.y)) {
        nb_figrules_check_blanks(&c);
        nb_figrules_check(&c);
    }
    for (size_t i = 0; i < l->ntables && !nb_yl_oom(&c.y); i++) {
        const nb_table *t = &l->tables[i];
        for (size_t j = 0; j < t->ncells; j++)
            if (t->cells[j].kind == NB_TC_DATA && !out->tables[i].values[j] &&
                !(out->tables[i].values[j] = nb_strdup("")))
                nb_yl_nomem(&c.y);
    }
    free_state(l, &c);
    return c.y.st;
}

static nb_status bind_all(const nb_layout *l, const nb_data *data, const nb_data *previous,
                          bool allow_inconsistent, bool dates, nb_figures *out, nb_diags *d)
{
    nb_figures prev = {0};
    memset(out, 0, sizeof *out);
    if (previous) {
        /* Last year's figures against this year's tables: its own problems
         * were reported when it was checked; only its values count here. */
        nb_diags scratch;
        nb_diags_init(&scratch);
        nb_status s = bind(l, previous, NULL, true, true, &prev, &scratch);
        nb_diags_free(&scratch);
        if (s == NB_ERR_NOMEM) {
            nb_figures_free(&prev);
            return nb_y_nomem(d);
        }
    }
    /* the year, the date and last year's pairing, before the cells */
    nb_status first = dates ? nb_dates_check(data, d) : NB_OK;
    if (previous)
        nb_y_keep(&first, nb_previous_check(l, data, previous, d));
    nb_status s = bind(l, data, previous ? &prev : NULL, false, allow_inconsistent, out, d);
    nb_figures_free(&prev);
    if (s != NB_ERR_NOMEM && first)
        s = first;
    if (s == NB_ERR_NOMEM)
        nb_figures_free(out);
    return s;
}

nb_status nb_figures_bind(const nb_layout *l, const nb_data *data, const nb_data *previous,
                          bool allow_inconsistent, nb_figures *out, nb_diags *d)
{
    return bind_all(l, data, previous, allow_inconsistent, true, out, d);
}

nb_status nb_figures_check_draft(const nb_layout *l, const nb_data *data, const nb_data *previous,
                                 nb_diags *d)
{
    nb_figures f;
    nb_status s = bind_all(l, data, previous, false, false, &f, d);
    nb_figures_free(&f);
    return s;
}

void nb_figures_free(nb_figures *f)
{
    if (!f)
        return;
    for (size_t i = 0; f->tables && i < f->count; i++) {
        nb_tvalues *tv = &f->tables[i];
        for (size_t j = 0; tv->values && j < tv->table->ncells; j++)
            nb_free(tv->values[j]);
        nb_free(tv->values);
        nb_free(tv->where);
        nb_free(tv->computed);
    }
    nb_free(f->tables);
    memset(f, 0, sizeof *f);
}

const char *nb_figures_value(const nb_layout *l, const nb_figures *f, const char *key)
{
    const char *dot = strchr(key, '.');
    size_t n = dot ? (size_t)(dot - key) : strlen(key);
    for (size_t i = 0; i < l->ntables && i < f->count; i++) {
        const nb_table *t = &l->tables[i];
        if (!t->id || strlen(t->id) != n || memcmp(t->id, key, n) != 0)
            continue;
        long cell = nb_table_find_key(t, key);
        return cell >= 0 && f->tables[i].values ? f->tables[i].values[cell] : NULL;
    }
    return NULL;
}
