/* `nianbao init`: a data file to fill in, from the layout of the year or
 * from last year's report (roll forward). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../model/data.h"
#include "../bind/figures.h"
#include "../model/table.h"
#include "../model/textfile.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "draft.h"
#include "init.h"

nb_status nb_init_load_layout(const char *name_or_file, nb_layout **out, nb_diags *d)
{
    char *path = NULL; /* a name in the layout folders, else a file */
    nb_status s = nb_layout_path(name_or_file, &path);
    if (s == NB_ERR_NOMEM)
        return nb_diag_nomem(d);
    s = nb_layout_load(path ? path : name_or_file, out, d);
    nb_free(path);
    return s;
}

nb_status nb_init_layout_of_year(const char *given, int year, nb_layout **out, nb_diags *d)
{
    if (given)
        return nb_init_load_layout(given, out, d);
    char *path = NULL;
    nb_status s = nb_layout_for_year(year, &path, d);
    if (!s)
        s = nb_layout_load(path, out, d);
    nb_free(path);
    return s;
}

/* realpath of the folder of `file` (which need not exist yet). */
static char *folder_of(const char *file)
{
    const char *slash = strrchr(file, '/');
    char *dir = slash ? nb_strndup(file, (size_t)(slash - file) + (slash == file)) : nb_strdup(".");
    char *real = dir ? realpath(dir, NULL) : NULL;
    nb_free(dir);
    return real;
}

char *nb_init_relpath(const char *target, const char *out_file)
{
    char *t = realpath(target, NULL);
    if (!t)
        return nb_strdup(target);
    char *base = out_file ? folder_of(out_file) : NULL;
    nb_buf b = {0};
    if (!base) {
        nb_buf_puts(&b, t);
    } else {
        /* Longest common folder prefix, then one ../ per remaining folder. */
        size_t common = 0;
        for (size_t i = 0; base[i] && base[i] == t[i]; i++)
            if (base[i] == '/')
                common = i + 1;
        if (!strncmp(t, base, strlen(base)) && t[strlen(base)] == '/')
            common = strlen(base) + 1;
        if (common <= 1) {
            nb_buf_puts(&b, t);
        } else {
            for (const char *p = base + common - 1; *p; p++)
                if (*p == '/')
                    nb_buf_puts(&b, "../");
            nb_buf_puts(&b, t + common);
        }
    }
    free(t);
    free(base);
    return nb_buf_take(&b);
}

/* A whole number as published ("12", "-3"); false for anything else. */
static bool integer(const char *s, long *v)
{
    if (!s || !*s)
        return false;
    char *end;
    *v = strtol(s, &end, 10);
    return !*end;
}

/* Last year's figures, bound with last year's own layout (computed cells
 * included); its problems were reported when it was checked. */
typedef struct lastyear {
    nb_layout *layout;
    nb_figures figures;
    bool bound;
} lastyear;

static const char *last_value(const lastyear *ly, const char *key)
{
    return ly->bound ? nb_figures_value(ly->layout, &ly->figures, key) : NULL;
}

/* The cells the cross-year rules tie to last year:
 *   X1 上年结转 (requests.carried.*) = last year's 结转下年度继续办理;
 *   2019 format: 上一年项目数量 = last year's 上一年项目数量 + 本年增/减;
 *   2021 format (X2 needs this year's figures): last year's 现行有效件数
 *   as a note beside the row. */
static nb_status carry_figures(nb_draft *dr, const lastyear *ly)
{
    char key[512];
    for (size_t i = 0; i < dr->map.nrows; i++) {
        const nb_maprow *r = &dr->map.rows[i];
        size_t rk = strlen(r->rowkey);
        bool carried = !strcmp(r->rowkey, "requests.carried");
        for (int j = 0; j < r->ncols; j++) {
            const char *col = r->cols[j].key + rk + 1;
            const char *v = NULL;
            char sum[64];
            if (carried) {
                snprintf(key, sizeof key, "requests.next.%s", col);
                v = last_value(ly, key);
            } else if (!strcmp(col, "previous")) {
                long a, b;
                snprintf(key, sizeof key, "%s.previous", r->rowkey);
                bool ok = integer(last_value(ly, key), &a);
                snprintf(key, sizeof key, "%s.change", r->rowkey);
                if (ok && integer(last_value(ly, key), &b)) {
                    snprintf(sum, sizeof sum, "%ld", a + b);
                    v = sum;
                }
            } else if (!strcmp(col, "valid")) {
                snprintf(key, sizeof key, "%s.valid", r->rowkey);
                const char *last = last_value(ly, key);
                nb_buf note = {0};
                if (last && *last)
                    nb_buf_printf(&note,
                                  "上年现行有效件数 %s（X2：%s + 本年制发 − 本年废止 = 现行有效）",
                                  last, last);
                nb_free(dr->row_notes[i]);
                dr->row_notes[i] = note.len ? nb_buf_take(&note) : NULL;
                nb_buf_free(&note);
            }
            if (v && !(dr->values[i][j] = nb_strdup(v)))
                return NB_ERR_NOMEM;
        }
    }
    return NB_OK;
}

static nb_status carry_prose(nb_draft *dr, const nb_data *prev)
{
    const nb_layout *l = dr->layout;
    for (size_t i = 0; i < l->nblocks; i++) {
        const nb_block *b = &l->blocks[i];
        const nb_section *ps =
            b->kind == NB_BLK_PROSE && b->key ? nb_data_section(prev, b->key) : NULL;
        if (!ps || !ps->count)
            continue;
        nb_draft_section *s = nb_draft_section_get(dr, b->key);
        if (!s)
            return NB_ERR_NOMEM;
        s->carried = true;
        for (size_t j = 0; j < ps->count; j++)
            if (!nb_draft_add(s, ps->paras[j].level, ps->paras[j].head, ps->paras[j].text))
                return NB_ERR_NOMEM;
    }
    return NB_OK;
}

static nb_status load_last_year(const char *from, nb_data **prev, lastyear *ly, nb_diags *d)
{
    nb_status s = nb_data_load(from, prev, d);
    if (s)
        return s;
    char *path = NULL;
    if ((s = nb_data_layout_path(*prev, &path, d)) || (s = nb_layout_load(path, &ly->layout, d))) {
        nb_free(path);
        return s;
    }
    nb_free(path);
    nb_diags scratch;
    nb_diags_init(&scratch);
    s = nb_figures_bind(ly->layout, *prev, NULL, true, &ly->figures, &scratch);
    nb_diags_free(&scratch);
    if (s == NB_ERR_NOMEM)
        return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
    ly->bound = true;
    return NB_OK;
}

nb_status nb_init(const nb_init_opts *o, char **yaml, nb_diags *d)
{
    *yaml = NULL;
    nb_data *prev = NULL;
    lastyear ly = {0};
    nb_layout *layout = NULL;
    nb_draft dr;
    memset(&dr, 0, sizeof dr);
    nb_status s = NB_OK;
    if (o->from && (s = load_last_year(o->from, &prev, &ly, d)))
        goto done;
    int year = o->year ? o->year : prev ? prev->year + 1 : 0;
    const char *office = o->office ? o->office : prev ? prev->office : NULL;
    if (!year || !office) {
        s = nb_diag_at(d, NB_ERROR, NB_ERR_USAGE, NB_NOPOS,
                       "init needs --year and --office (or --from last year's data)");
        goto done;
    }
    if ((s = nb_init_layout_of_year(o->layout, year, &layout, d)))
        goto done;
    if (nb_draft_init(&dr, layout)) {
        s = NB_ERR_NOMEM;
        goto done;
    }
    dr.year = year;
    nb_buf origin = {0};
    if (prev) {
        dr.from_year = prev->year;
        dr.omit_empty_optional = true;
        nb_buf_printf(&origin,
                      "%s %d年度政府信息公开工作年度报告 — rolled forward by `nianbao init "
                      "--from` from the %d report",
                      office, year, prev->year);
        dr.previous = nb_init_relpath(o->from, o->out);
        /* Last year's text-file sections under its layout's keys. */
        nb_data view;
        nb_section *owned = NULL;
        nb_diags scratch;
        nb_diags_init(&scratch);
        nb_status vs = nb_data_prose_view(ly.layout, prev, &view, &owned, &scratch);
        nb_diags_free(&scratch);
        if (vs == NB_ERR_NOMEM || !dr.previous || carry_prose(&dr, vs ? prev : &view) ||
            carry_figures(&dr, &ly))
            s = NB_ERR_NOMEM;
        nb_free(owned);
    } else {
        nb_buf_printf(&origin,
                      "%s %d年度政府信息公开工作年度报告 — a template made by `nianbao "
                      "init` for layout %s",
                      office, year, layout->name);
    }
    dr.origin = nb_buf_take(&origin);
    if (!s && (!dr.origin || !(dr.office = nb_strdup(office))))
        s = NB_ERR_NOMEM;
    if (!s) {
        nb_buf out = {0};
        nb_draft_write(&dr, &out);
        if (!(*yaml = nb_buf_take(&out)))
            s = NB_ERR_NOMEM;
    }
done:
    if (s == NB_ERR_NOMEM)
        nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
    nb_draft_free(&dr);
    nb_layout_free(layout);
    if (ly.bound)
        nb_figures_free(&ly.figures);
    nb_layout_free(ly.layout);
    nb_data_free(prev);
    return s;
}
