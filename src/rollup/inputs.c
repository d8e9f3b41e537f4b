#include "inputs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../batch/csv_import.h"
#include "../sheet/sheet.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/fileio.h"

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

static nb_office_in *add(nb_offices_in *o, const char *source)
{
    if (!nb_grow(&o->items, o->count, 1, &o->cap, sizeof *o->items))
        return NULL;
    nb_office_in *x = &o->items[o->count];
    memset(x, 0, sizeof *x);
    nb_diags_init(&x->diags);
    x->sheet = -1;
    if (!(x->source = nb_strdup(source)))
        return NULL;
    o->count++;
    return x;
}

/* ctx: the offices (also nb_each_file_in's callback). */
static nb_status add_file(void *ctx, const char *path)
{
    nb_offices_in *o = ctx;
    nb_office_in *x = add(o, path);
    if (!x)
        return NB_ERR_NOMEM;
    nb_status s = nb_data_load(path, &x->data, &x->diags);
    return s == NB_ERR_NOMEM ? s : NB_OK;
}

static nb_status add_sheet(nb_offices_in *o, const char *path, const char *encoding, nb_diags *d)
{
    if (!nb_grow(&o->sheets, o->nsheets, 1, &o->capsheets, sizeof *o->sheets))
        return NB_ERR_NOMEM;
    nb_sheet_batch *b = &o->sheets[o->nsheets];
    nb_status s =
        ends_with(path, ".xlsx") ? nb_xlsx_import(path, b, d) : nb_csv_import(path, encoding, b, d);
    long si = (long)o->nsheets++;
    for (size_t i = 0; i < b->count && s != NB_ERR_NOMEM; i++) {
        const nb_sheet_office *so = &b->offices[i];
        nb_office_in *x = add(o, so->name);
        if (!x) {
            s = NB_ERR_NOMEM;
            break;
        }
        x->sheet = si;
        x->row = i;
        size_t from = x->diags.count;
        if (nb_data_load_mem(so->name, so->yaml, so->len, &x->data, &x->diags) == NB_ERR_NOMEM)
            s = NB_ERR_NOMEM;
        nb_sheet_map_diags(b, so, &x->diags, from);
        if (*so->office) { /* "县教育局 (county.xlsx 填报 row 14)" */
            nb_buf n = {0};
            nb_buf_printf(&n, "%s (%s)", so->office, so->name);
            nb_free(x->source);
            if (!(x->source = nb_buf_take(&n)))
                s = NB_ERR_NOMEM;
        }
    }
    return s;
}

void nb_office_in_map(const nb_offices_in *o, nb_office_in *x, size_t from)
{
    if (x->sheet >= 0 && (size_t)x->sheet < o->nsheets) {
        const nb_sheet_batch *b = &o->sheets[x->sheet];
        if (x->row < b->count)
            nb_sheet_map_diags(b, &b->offices[x->row], &x->diags, from);
    }
}

nb_status nb_offices_load(const char *const *inputs, size_t n, const char *encoding,
                          nb_offices_in *out, nb_diags *d)
{
    memset(out, 0, sizeof *out);
    nb_status first = NB_OK;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        nb_status s;
        if (stat(inputs[i], &st) != 0)
            s = nb_diag_at(d, NB_ERROR, NB_ERR_IO, (nb_pos){inputs[i], 0, 0},
                           "cannot read '%s': %s", inputs[i], strerror(errno));
        else if (S_ISDIR(st.st_mode))
            s = nb_each_file_in(inputs[i], ".yaml", add_file, out, d);
        else if (ends_with(inputs[i], ".csv") || ends_with(inputs[i], ".xlsx"))
            s = add_sheet(out, inputs[i], encoding, d);
        else
            s = add_file(out, inputs[i]);
        if (s == NB_ERR_NOMEM)
            return s;
        first = first ? first : s;
    }
    return first;
}

void nb_offices_free(nb_offices_in *o)
{
    for (size_t i = 0; i < o->count; i++) {
        nb_data_free(o->items[i].data);
        nb_diags_free(&o->items[i].diags);
        nb_free(o->items[i].source);
    }
    nb_free(o->items);
    for (size_t i = 0; i < o->nsheets; i++)
        nb_sheet_batch_free(&o->sheets[i]);
    nb_free(o->sheets);
    memset(o, 0, sizeof *o);
}
