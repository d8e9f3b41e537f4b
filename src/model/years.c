/* Which report years a layout covers (`years:` in a layout file), the list
 * of installed layouts, and choosing the layout for a year.
 *
 * The 2019 format (国办公开办函〔2019〕60号) was used for the 2019 and 2020
 * reports; the 2021 format (〔2021〕30号) from 2021 on. A data file that
 * names no layout gets the one covering its year; one that names a layout
 * which does not cover its year is an error, because the tables would be
 * the wrong format — `-l` overrides that on purpose. */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../parse/yaml_tree.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/home.h"
#include "data.h"
#include "model_internal.h"

/* years: { from: 2021 }  or  years: { from: 2019, to: 2020 } */
static nb_status read_years(const nb_ydoc *doc, const nb_ynode *root, int *from, int *to,
                            nb_diags *d)
{
    static const char *const keys[] = {"from", "to", NULL};
    *from = *to = 0;
    const nb_ynode *y = nb_y_get(root, "years"), *v;
    if (!y)
        return NB_OK;
    nb_status s = nb_y_expect(doc, y, NB_Y_MAP, "years", d);
    if (!s)
        s = nb_y_check_keys(doc, y, "years", keys, d);
    if (!s)
        s = nb_y_require(doc, y, "from", "years", &v, d);
    if (!s)
        s = nb_y_int(doc, v, "years.from", 1900, 2999, from, d);
    if (!s && (v = nb_y_get(y, "to")) && !nb_y_is_null(v)) {
        s = nb_y_int(doc, v, "years.to", 1900, 2999, to, d);
        if (!s && *to < *from)
            s = nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, nb_y_pos(doc, v),
                           "'years.to' (%d) is before 'years.from' (%d); a layout covers the "
                           "years from..to",
                           *to, *from);
    }
    return s;
}

nb_status nb_layout_load_years(nb_layout *l, const nb_ydoc *doc, const nb_ynode *root, nb_diags *d)
{
    return read_years(doc, root, &l->year_from, &l->year_to, d);
}

bool nb_layout_covers(const nb_layout *l, int year)
{
    if (!l->year_from)
        return true; /* a layout without `years:` (a user's own) covers any */
    return year >= l->year_from && (!l->year_to || year <= l->year_to);
}

void nb_layout_years(const nb_layout *l, int *from, int *to)
{
    *from = l->year_from;
    *to = l->year_to;
}

const char *nb_layout_name(const nb_layout *l) { return l->name; }

/* "2019–2020", "2021 onward", "any year". */
static void put_span(nb_buf *b, int from, int to)
{
    if (!from)
        nb_buf_puts(b, "any year");
    else if (!to)
        nb_buf_printf(b, "%d onward", from);
    else if (to == from)
        nb_buf_printf(b, "%d", from);
    else
        nb_buf_printf(b, "%d–%d", from, to);
}

/* ---- the installed layouts -------------------------------------------- */

static int by_name(const void *a, const void *b)
{
    return strcmp(((const nb_layout_entry *)a)->name, ((const nb_layout_entry *)b)->name);
}

void nb_layouts_free(nb_layout_entry *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        nb_free(v[i].name);
        nb_free(v[i].path);
    }
    nb_free(v);
}

/* Reads only `name` and `years` of one layout file: listing must not
 * depend on its fonts being installed. */
static nb_status read_entry(const char *path, nb_layout_entry *e, nb_diags *d)
{
    nb_ydoc *doc = NULL;
    nb_status s = nb_ydoc_load_file(path, NB_NOPOS, &doc, d);
    const nb_ynode *root = s ? NULL : doc->root, *v;
    if (!s)
        s = nb_y_expect(doc, root, NB_Y_MAP, NULL, d);
    if (!s)
        s = nb_y_require(doc, root, "name", NULL, &v, d);
    if (!s)
        s = nb_y_name(doc, v, "name", &e->name, d);
    if (!s)
        s = read_years(doc, root, &e->year_from, &e->year_to, d);
    if (!s && !(e->path = nb_strdup(path)))
        s = nb_y_nomem(d);
    nb_ydoc_free(doc);
    return s;
}

/* Whether v[0..n) already has a layout file named `file` (NAME.yaml): a
 * user layout shadows a shipped one of the same name. */
static bool listed(const nb_layout_entry *v, size_t n, const char *file)
{
    for (size_t i = 0; i < n; i++) {
        const char *slash = strrchr(v[i].path, '/');
        if (!strcmp(slash ? slash + 1 : v[i].path, file))
            return true;
    }
    return false;
}

/* Adds the layouts of folder `dir` not already in *v; NB_ERR_NOT_FOUND
 * (nothing recorded) when the folder cannot be opened. */
static nb_status list_dir(const char *dir, nb_layout_entry **v, size_t *n, size_t *cap, nb_diags *d)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return NB_ERR_NOT_FOUND;
    nb_status st = NB_OK;
    struct dirent *de;
    while (st != NB_ERR_NOMEM && (de = readdir(dp))) {
        size_t len = strlen(de->d_name);
        if (de->d_name[0] == '.' || len < 6 || strcmp(de->d_name + len - 5, ".yaml") ||
            listed(*v, *n, de->d_name))
            continue;
        if (!nb_grow(v, *n, 1, cap, sizeof **v)) {
            st = nb_y_nomem(d);
            break;
        }
        char *path = nb_path_join(dir, de->d_name);
        nb_layout_entry e = {0};
        nb_status s = path ? read_entry(path, &e, d) : nb_y_nomem(d);
        nb_free(path);
        if (s) {
            nb_free(e.name);
            nb_free(e.path);
            nb_y_keep(&st, s);
            continue;
        }
        (*v)[(*n)++] = e;
    }
    closedir(dp);
    return st;
}

nb_status nb_layouts_list(nb_layout_entry **out, size_t *count, nb_diags *d)
{
    *out = NULL;
    *count = 0;
    char **dirs = nb_layout_dirs(); /* the user's first, the shipped last */
    if (!dirs)
        return nb_y_nomem(d);
    nb_layout_entry *v = NULL;
    size_t n = 0, cap = 0;
    nb_status st = NB_OK;
    for (char **dir = dirs; *dir && st != NB_ERR_NOMEM; dir++) {
        nb_status s = list_dir(*dir, &v, &n, &cap, d);
        if (s == NB_ERR_NOT_FOUND) {
            if (dir[1])
                continue; /* the user's folder is optional */
            s = nb_diag_at(d, NB_ERROR, NB_ERR_NOT_FOUND, NB_NOPOS,
                           "no layouts folder %s (%s); set NIANBAO_HOME to where layouts/ is", *dir,
                           nb_home_origin_name(nb_home_found()));
        }
        nb_y_keep(&st, s);
    }
    nb_free(dirs);
    if (st == NB_ERR_NOMEM) {
        nb_layouts_free(v, n);
        return st;
    }
    if (n)
        qsort(v, n, sizeof *v, by_name);
    *out = v;
    *count = n;
    return st;
}

/* ---- choosing by year --------------------------------------------------- */

static bool entry_covers(const nb_layout_entry *e, int year)
{
    return e->year_from && year >= e->year_from && (!e->year_to || year <= e->year_to);
}

/* The list of layouts, read once per process (and again if the layout
 * folders change, NIANBAO_HOME or XDG_DATA_HOME): a batch of offices
 * without `layout:` asks for every office. */
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static char *cache_home;
static nb_layout_entry *cache_v;
static size_t cache_n;

/* The layout folders as one string, the cache's key; NULL if out of memory. */
static char *dirs_key(void)
{
    char **dirs = nb_layout_dirs();
    nb_buf b = {0};
    for (char **dir = dirs; dir && *dir; dir++)
        nb_buf_printf(&b, "%s\n", *dir);
    nb_free(dirs);
    return dirs ? nb_buf_take(&b) : NULL;
}

/* A copy of the cached list (nb_layouts_free), read first if need be. */
static nb_status cached_list(nb_layout_entry **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    nb_status s = NB_OK;
    char *key = dirs_key();
    if (!key)
        return NB_ERR_NOMEM;
    pthread_mutex_lock(&cache_lock);
    if (!cache_home || strcmp(cache_home, key) != 0) {
        nb_layouts_free(cache_v, cache_n);
        nb_free(cache_home);
        cache_v = NULL;
        cache_n = 0;
        nb_diags scratch; /* a broken file in layouts/ matters only if chosen */
        nb_diags_init(&scratch);
        s = nb_layouts_list(&cache_v, &cache_n, &scratch);
        nb_diags_free(&scratch);
        if (s != NB_ERR_NOMEM) {
            cache_home = key;
            key = NULL;
        } else {
            cache_home = NULL;
        }
    }
    nb_layout_entry *v = s == NB_ERR_NOMEM ? NULL : nb_calloc(cache_n + 1, sizeof *v);
    if (v) {
        for (size_t i = 0; i < cache_n; i++) {
            v[i] = cache_v[i];
            v[i].name = nb_strdup(cache_v[i].name);
            v[i].path = nb_strdup(cache_v[i].path);
            if (!v[i].name || !v[i].path) {
                nb_layouts_free(v, i + 1);
                v = NULL;
                break;
            }
        }
    }
    if (v) {
        *out = v;
        *count = cache_n;
        s = NB_OK;
    } else {
        s = NB_ERR_NOMEM;
    }
    pthread_mutex_unlock(&cache_lock);
    nb_free(key);
    return s;
}

static nb_status for_year(int year, nb_pos at, char **path, nb_diags *d)
{
    *path = NULL;
    nb_layout_entry *v;
    size_t n;
    if (cached_list(&v, &n) == NB_ERR_NOMEM)
        return nb_y_nomem(d);
    nb_status s;
    /* Among the layouts covering the year, the most recent format. */
    const nb_layout_entry *best = NULL;
    for (size_t i = 0; i < n; i++)
        if (entry_covers(&v[i], year) && (!best || v[i].year_from > best->year_from))
            best = &v[i];
    if (best) {
        *path = nb_strdup(best->path);
        nb_layouts_free(v, n);
        return *path ? NB_OK : nb_y_nomem(d);
    }
    nb_buf msg = {0};
    nb_buf_printf(&msg, "no layout in %s/layouts covers the year %d (", nb_home(), year);
    for (size_t i = 0; i < n; i++) {
        nb_buf_printf(&msg, "%s%s: ", i ? "; " : "", v[i].name);
        put_span(&msg, v[i].year_from, v[i].year_to);
    }
    nb_buf_puts(&msg, n ? "); check 'year', or give a layout file with -l"
                        : "none installed); give a layout file with -l");
    nb_layouts_free(v, n);
    if (msg.oom) {
        nb_buf_free(&msg);
        return nb_y_nomem(d);
    }
    s = nb_diag_at(d, NB_ERROR, NB_ERR_VALUE, at, "%s", nb_buf_cstr(&msg));
    nb_buf_free(&msg);
    return s;
}

nb_status nb_layout_for_year(int year, char **path, nb_diags *d)
{
    return for_year(year, NB_NOPOS, path, d);
}

nb_status nb_data_check_layout(const nb_data *data, const nb_layout *l, nb_diags *d)
{
    if (nb_layout_covers(l, data->year))
        return NB_OK;
    nb_buf span = {0};
    put_span(&span, l->year_from, l->year_to);
    char *other = NULL;
    nb_diags scratch;
    nb_diags_init(&scratch);
    for_year(data->year, NB_NOPOS, &other, &scratch);
    nb_diags_free(&scratch);
    const char *base = other ? strrchr(other, '/') : NULL;
    base = base ? base + 1 : other;
    int blen = base ? (int)(strlen(base) - (strlen(base) > 5 ? 5 : 0)) : 0;
    nb_pos at = data->layout ? data->layout_pos : data->year_pos;
    nb_status s;
    if (span.oom)
        s = nb_y_nomem(d);
    else if (base)
        s = nb_diag_at(d, NB_ERROR, NB_ERR_VALUE, at,
                       "layout '%s' is the format for %s, not for a %d report; remove "
                       "'layout:' so the year chooses %.*s, or give -l %s to use it anyway",
                       l->name, nb_buf_cstr(&span), data->year, blen, base, l->name);
    else
        s = nb_diag_at(d, NB_ERROR, NB_ERR_VALUE, at,
                       "layout '%s' is the format for %s, not for a %d report; check 'year', "
                       "or give -l %s to use it anyway",
                       l->name, nb_buf_cstr(&span), data->year, l->name);
    nb_buf_free(&span);
    nb_free(other);
    return s;
}

nb_status nb_data_layout_path(const nb_data *data, char **path, nb_diags *d)
{
    if (!data->layout)
        return for_year(data->year, data->year_pos, path, d);
    nb_status s = nb_layout_path(data->layout, path);
    if (s != NB_ERR_NOT_FOUND)
        return s == NB_ERR_NOMEM ? nb_diag_nomem(d) : s;
    char **dirs = nb_layout_dirs(); /* where it looked, user layouts first */
    if (!dirs)
        return nb_diag_nomem(d);
    s = nb_diag_at(d, NB_ERROR, NB_ERR_NOT_FOUND, data->layout_pos,
                   "no layout '%s' in %s%s%s (`nianbao layouts` lists them); remove "
                   "'layout:' to choose it from the year, or give a layout file with -l",
                   data->layout, dirs[0], dirs[1] ? " or " : "", dirs[1] ? dirs[1] : "");
    nb_free(dirs);
    return s;
}
