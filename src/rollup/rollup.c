/* `nianbao rollup`: the county 汇总.
 *
 * Every office is bound to the county's layout with its own rules; those
 * that fail are listed and, unless allowed, stop the roll-up (a county
 * total over inconsistent parts would be published as fact). Every
 * additive cell (model/cell_paths.h: counts and amounts) is summed exactly
 * — decimals as integers of 10⁻⁶ — the rules are run on the sum, and the
 * result is written as an ordinary data file: layout, office, year, a
 * placeholder paragraph for each prose section the county writes itself,
 * and every cell's total in `nianbao keys` order. Nothing in it depends on
 * the time or on the order of the inputs. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/cell_paths.h"
#include "../model/layout.h"
#include "../bind/figures.h"
#include "../model/table.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "inputs.h"

#define SCALE 1000000 /* six decimals: 万元 to the cent and beyond */
#define MAX_DIGITS 12 /* whole digits of one value; sums stay in int64 */

/* "12", "-3", "24252.311082" → units of 10⁻⁶; false for anything else. */
static bool parse_fixed(const char *s, int64_t *out)
{
    bool neg = *s == '-';
    s += neg;
    int64_t ip = 0, fp = 0;
    int nd = 0, nf = 0;
    for (; *s >= '0' && *s <= '9'; s++, nd++)
        if (nd >= MAX_DIGITS)
            return false;
        else
            ip = ip * 10 + (*s - '0');
    if (!nd)
        return false;
    if (*s == '.') {
        for (s++; *s >= '0' && *s <= '9'; s++, nf++)
            if (nf >= 6)
                return false;
            else
                fp = fp * 10 + (*s - '0');
        if (!nf)
            return false;
    }
    if (*s)
        return false;
    for (; nf < 6; nf++)
        fp *= 10;
    *out = (ip * SCALE + fp) * (neg ? -1 : 1);
    return true;
}

static void put_fixed(nb_buf *b, int64_t v)
{
    if (v < 0) {
        nb_buf_putc(b, '-');
        v = -v;
    }
    nb_buf_printf(b, "%" PRId64, v / SCALE);
    int64_t f = v % SCALE;
    if (f) {
        char frac[8];
        snprintf(frac, sizeof frac, "%06" PRId64, f);
        for (int i = 5; i > 0 && frac[i] == '0'; i--)
            frac[i] = '\0';
        nb_buf_printf(b, ".%s", frac);
    }
}

static void put_quoted(nb_buf *b, const char *s)
{
    nb_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            nb_buf_putc(b, '\\');
        nb_buf_putc(b, *s);
    }
    nb_buf_putc(b, '"');
}

/* An earlier input of the same office (the same file given twice, or a
 * folder and a workbook both holding it), or NULL. */
static const nb_office_in *earlier_twin(const nb_offices_in *offs, size_t i)
{
    const char *name = offs->items[i].data->office;
    for (size_t k = 0; name && k < i; k++) {
        const nb_data *other = offs->items[k].data;
        if (other && other->office && !strcmp(other->office, name))
            return &offs->items[k];
    }
    return NULL;
}

/* The layout for the county: -l, else the format in force for the year. */
static nb_status county_layout(const nb_rollup_opts *o, nb_layout **out, nb_diags *d)
{
    char *path = NULL;
    nb_status s = NB_OK;
    if (o->layout) { /* a name in the layout folders, else a file */
        s = nb_layout_path(o->layout, &path);
        if (s == NB_ERR_NOT_FOUND)
            s = (path = nb_strdup(o->layout)) ? NB_OK : NB_ERR_NOMEM;
        if (s)
            return nb_diag_nomem(d);
    } else
        s = nb_layout_for_year(o->year, &path, d);
    if (!s)
        s = nb_layout_load(path, out, d);
    nb_free(path);
    return s;
}

/* The county's data file. */
static void write_yaml(nb_buf *y, const nb_rollup_opts *o, const nb_layout *l,
                       const nb_cell_path *p, size_t n, const int64_t *sum, const bool *has,
                       size_t noffices)
{
    nb_buf_printf(y, "# %s %d年度 汇总: the sum of %zu offices, written by nianbao rollup.\n",
                  o->office, o->year, noffices);
    nb_buf_puts(y, "# Replace each 【待填写】 paragraph with the county's own text.\n");
    nb_buf_printf(y, "layout: %s\noffice: ", l->name);
    put_quoted(y, o->office);
    nb_buf_printf(y, "\nyear: %d\n", o->year);
    /* The county dates its own report; the signature prints with it. */
    nb_buf_printf(y, "# date: %d-01-20            成文日期: uncomment and set it\ntext:\n",
                  o->year + 1);
    const char *heading = NULL;
    for (size_t i = 0; i < l->nblocks; i++) {
        const nb_block *b = &l->blocks[i];
        if (b->kind == NB_BLK_HEADING && b->nlines)
            heading = b->lines[0];
        if (b->kind != NB_BLK_PROSE || b->optional || !b->key)
            continue;
        nb_buf_printf(y, "  %s:\n    - ", b->key);
        nb_buf t = {0};
        nb_buf_printf(&t, "【待填写】%s%s本级汇总了%zu个单位的数据，请在此填写全县（区）的情况。",
                      heading ? heading : "", heading ? "：" : "", noffices);
        put_quoted(y, nb_buf_cstr(&t));
        nb_buf_free(&t);
        nb_buf_putc(y, '\n');
    }
    nb_buf_puts(y, "figures:\n");
    for (size_t j = 0; j < n; j++) {
        if (!has[j])
            continue;
        nb_buf_printf(y, "  %s: ", p[j].key);
        put_fixed(y, sum[j]);
        nb_buf_putc(y, '\n');
    }
}

nb_status nb_rollup(const char *const *inputs, size_t ninputs, const nb_rollup_opts *o,
                    const char *out_path, nb_diags *d)
{
    FILE *log = o->log;
    if (!o->office || !*o->office || o->year < 1900)
        return nb_diag_at(d, NB_ERROR, NB_ERR_USAGE, NB_NOPOS,
                          "rollup needs the county office (--office NAME) and the year "
                          "(--year YYYY)");
    nb_layout *l = NULL;
    nb_offices_in offs = {0};
    nb_cell_path *p = NULL;
    size_t n = 0;
    int64_t *sum = NULL;
    bool *has = NULL;
    nb_data *county = NULL, *prev = NULL;
    nb_buf y = {0};
    nb_status s = county_layout(o, &l, d);
    if (!s)
        s = nb_layout_cell_paths(l, &p, &n);
    if (!s) {
        sum = nb_calloc(n + 1, sizeof *sum);
        has = nb_calloc(n + 1, sizeof *has);
        s = sum && has ? NB_OK : NB_ERR_NOMEM;
    }
    if (!s)
        s = nb_offices_load(inputs, ninputs, o->encoding, &offs, d);
    if (s == NB_ERR_NOMEM || (!offs.count && s))
        goto done;
    if (!offs.count) {
        s = nb_diag_at(d, NB_ERROR, NB_ERR_USAGE, NB_NOPOS, "no office to sum in the inputs");
        goto done;
    }
    size_t failed = 0, summed = 0;
    for (size_t i = 0; i < offs.count; i++) {
        nb_office_in *x = &offs.items[i];
        const nb_office_in *twin;
        nb_figures f = {0};
        nb_status e = NB_OK;
        size_t from = x->diags.count;
        if (!x->data)
            e = nb_diags_first_error(&x->diags);
        else if (x->data->year != o->year)
            e = nb_diag_at(&x->diags, NB_ERROR, NB_ERR_SCHEMA, x->data->year_pos,
                           "%s reports on %d, the roll-up is for %d", x->data->office,
                           x->data->year, o->year);
        else if ((twin = earlier_twin(&offs, i)))
            e = nb_diag_at(&x->diags, NB_ERROR, NB_ERR_SCHEMA, x->data->office_pos,
                           "office '%s' is given twice (also %s): it would be summed twice; "
                           "give each office once",
                           x->data->office, twin->source);
        else
            e = nb_figures_bind(l, x->data, NULL, false, &f, &x->diags);
        nb_office_in_map(&offs, x, from); /* a sheet office's messages at its cells */
        if (e == NB_ERR_NOMEM) {
            nb_figures_free(&f);
            s = e;
            goto done;
        }
        if (e) {
            failed++;
            if (log) {
                if (x->sheet >= 0 || !x->data) /* the source names the office already */
                    fprintf(log, "FAILED %s\n", x->source);
                else
                    fprintf(log, "FAILED %s (%s)\n", x->data->office, x->source);
                nb_diags_print(&x->diags, log);
            }
            if (!o->allow_inconsistent || !x->data || f.count == 0) {
                nb_figures_free(&f);
                continue;
            }
        }
        summed++;
        for (size_t j = 0; j < n; j++) {
            if (!nb_value_type_additive(nb_cell_value_type(l, &p[j])))
                continue;
            const nb_tvalues *tv = &f.tables[p[j].table];
            const char *v = tv->values ? tv->values[p[j].cell] : NULL;
            int64_t x64;
            if (!v || !*v)
                continue; /* blank: nothing to add */
            if (!parse_fixed(v, &x64) || __builtin_add_overflow(sum[j], x64, &sum[j])) {
                /* Said where the office is: a file line, or its sheet row. */
                nb_pos at = tv->where[p[j].cell];
                if (x->sheet >= 0 || !at.file)
                    at = (nb_pos){x->source, 0, 0};
                nb_diag_at(d, NB_WARNING, NB_ERR_SCHEMA, at,
                           "%s is '%s', not a number; it is left out of the county total", p[j].key,
                           v);
                continue;
            }
            has[j] = true;
        }
        nb_figures_free(&f);
    }
    if (failed && !o->allow_inconsistent) {
        s = nb_diag_at(d, NB_ERROR, NB_ERR_RULE, NB_NOPOS,
                       "%zu of %zu offices fail their own checks (listed above); correct them "
                       "or give --allow-inconsistent to sum the others",
                       failed, offs.count);
        goto done;
    }
    write_yaml(&y, o, l, p, n, sum, has, summed);
    if (y.oom) {
        s = NB_ERR_NOMEM;
        goto done;
    }
    /* The sum must pass the layout's rules like any office; its date is
     * the county's to set, so the date rules wait for its render. */
    if ((s = nb_data_load_mem(out_path, y.data, y.len, &county, d)))
        goto done;
    if (o->previous && o->previous[0] && (s = nb_data_load(o->previous[0], &prev, d)))
        goto done;
    s = nb_figures_check_draft(l, county, prev, d);
    if (s && !o->allow_inconsistent)
        goto done;
    s = nb_write_file_atomic(out_path, y.data, y.len, d);
    if (!s && log)
        fprintf(log, "%s: %s %d年度, the sum of %zu offices%s\n", out_path, o->office, o->year,
                summed, failed ? " (some failing their checks, allowed)" : "");
done:
    nb_buf_free(&y);
    nb_data_free(county);
    nb_data_free(prev);
    nb_free(sum);
    nb_free(has);
    nb_cell_paths_free(p, n);
    nb_offices_free(&offs);
    nb_layout_free(l);
    return s;
}
