#include "formulas.h"

#include <stdlib.h>
#include <string.h>

#include "../model/data.h"
#include "../bind/figures.h"
#include "../model/table.h"
#include "../util/alloc.h"
#include "../util/buf.h"

/* Binds figures: value[i] for each cell, NULL = left out. Fills `got`
 * with the bound values as integers and `computed` with what a rule
 * filled in. */
static nb_status bind(const nb_layout *l, const nb_cell_path *p, size_t n, const char **value,
                      long *got, bool *computed)
{
    nb_buf y = {0};
    nb_buf_printf(&y, "layout: %s\noffice: probe\nyear: 2021\nfigures:\n", l->name);
    for (size_t i = 0; i < n; i++)
        if (value[i])
            nb_buf_printf(&y, "  %s: %s\n", p[i].key, value[i]);
    if (y.oom)
        return NB_ERR_NOMEM;
    nb_diags d;
    nb_diags_init(&d);
    nb_data *data = NULL;
    nb_status s = nb_data_load_mem("probe", y.data, y.len, &data, &d);
    nb_buf_free(&y);
    nb_figures f = {0};
    if (!s) {
        s = nb_figures_bind(l, data, NULL, true, &f, &d);
        if (s != NB_ERR_NOMEM)
            s = NB_OK; /* left-out cells no rule computes are expected */
    }
    for (size_t i = 0; !s && i < n; i++) {
        const nb_tvalues *tv = p[i].table < f.count ? &f.tables[p[i].table] : NULL;
        const char *v = tv && tv->values ? tv->values[p[i].cell] : NULL;
        got[i] = v && *v ? strtol(v, NULL, 10) : 0;
        computed[i] = tv && tv->computed && tv->computed[p[i].cell];
    }
    nb_figures_free(&f);
    nb_data_free(data);
    nb_diags_free(&d);
    return s;
}

nb_status nb_layout_formulas(const nb_layout *l, const nb_cell_path *p, size_t n, nb_formula **out)
{
    nb_formula *f = nb_calloc(n + 1, sizeof *f);
    const char **value = nb_calloc(n + 1, sizeof *value);
    long *got = nb_calloc(n + 1, sizeof *got);
    bool *computed = nb_calloc(n + 1, sizeof *computed);
    nb_status s = f && value && got && computed ? NB_OK : NB_ERR_NOMEM;
    /* Which cells a rule fills in when they are left out. */
    for (size_t i = 0; i < n && !s; i++) {
        for (size_t k = 0; k < n; k++)
            value[k] = k == i ? NULL : "0";
        s = bind(l, p, n, value, got, computed);
        f[i].computed = computed[i];
    }
    /* Each input's contribution to every computed cell. */
    for (size_t i = 0; i < n && !s; i++) {
        if (f[i].computed)
            continue;
        for (size_t k = 0; k < n; k++)
            value[k] = f[k].computed ? NULL : k == i ? "1" : "0";
        s = bind(l, p, n, value, got, computed);
        for (size_t k = 0; k < n && !s; k++) {
            if (!f[k].computed || !got[k])
                continue;
            size_t *t = nb_realloc(f[k].terms, (f[k].nterms + 1) * sizeof *t);
            int *sg = nb_realloc(f[k].signs, (f[k].nterms + 1) * sizeof *sg);
            if (t)
                f[k].terms = t;
            if (sg)
                f[k].signs = sg;
            if (!t || !sg) {
                s = NB_ERR_NOMEM;
                break;
            }
            f[k].terms[f[k].nterms] = i;
            f[k].signs[f[k].nterms++] = got[k] > 0 ? 1 : -1;
        }
    }
    nb_free(value);
    nb_free(got);
    nb_free(computed);
    if (s) {
        nb_formulas_free(f, n);
        f = NULL;
    }
    *out = f;
    return s;
}

void nb_formulas_free(nb_formula *f, size_t n)
{
    for (size_t i = 0; f && i < n; i++) {
        nb_free(f[i].terms);
        nb_free(f[i].signs);
    }
    nb_free(f);
}
