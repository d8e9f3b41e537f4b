/* A workbook uploaded alone (nianbao serve's POST /import) made into one
 * data file per office: the rows the batch would build, checked by the
 * data loader now, since they are written as files rather than built. */
#include <string.h>

#include "../util/alloc.h"
#include "../util/diag.h"
#include "sheet.h"

/* The upload sits in a temporary folder: its messages name the file the
 * clerk chose instead. */
static void rename_file(nb_diags *d, size_t from, const char *path, const char *shown)
{
    size_t n = strlen(path);
    for (size_t i = from; i < d->count; i++) {
        char *f = d->items[i].file, *at = f ? strstr(f, path) : NULL;
        if (!at)
            continue;
        size_t head = (size_t)(at - f), tail = strlen(at + n);
        char *g = nb_malloc(head + strlen(shown) + tail + 1);
        if (!g)
            continue;
        memcpy(g, f, head);
        strcpy(g + head, shown);
        strcpy(g + head + strlen(shown), at + n);
        nb_free(f);
        d->items[i].file = g;
    }
}

static nb_status take_rows(nb_sheet_batch *b, nb_sheet_row **rows, size_t *count)
{
    *rows = nb_calloc(b->count + 1, sizeof **rows);
    if (!*rows)
        return NB_ERR_NOMEM;
    for (size_t i = 0; i < b->count; i++) {
        nb_sheet_office *o = &b->offices[i];
        (*rows)[i] = (nb_sheet_row){o->office, o->yaml, o->len};
        o->office = o->yaml = NULL;
    }
    *count = b->count;
    return NB_OK;
}

nb_status nb_sheet_split(const char *path, const char *shown, nb_sheet_row **rows, size_t *count,
                         nb_diags *d)
{
    *rows = NULL;
    *count = 0;
    size_t from = d->count;
    nb_sheet_batch b;
    nb_status s = nb_xlsx_import_upload(path, &b, d);
    for (size_t i = 0; s != NB_ERR_NOMEM && i < b.count; i++) {
        nb_sheet_office *o = &b.offices[i];
        size_t mark = d->count;
        nb_data *data = NULL;
        nb_status e = nb_data_parse(o->name, o->yaml, o->len, &data, d);
        nb_data_free(data);
        nb_sheet_map_diags(&b, o, d, mark);
        s = s ? s : e;
    }
    if (!s && !b.count)
        s = nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, (nb_pos){path, 0, 0},
                       "the workbook has no office rows: fill in one row per office under "
                       "the header (单位名称 and the figures)");
    if (!s)
        s = take_rows(&b, rows, count);
    if (shown)
        rename_file(d, from, path, shown);
    nb_sheet_batch_free(&b);
    return s;
}

void nb_sheet_rows_free(nb_sheet_row *rows, size_t count)
{
    for (size_t i = 0; rows && i < count; i++) {
        nb_free(rows[i].office);
        nb_free(rows[i].yaml);
    }
    nb_free(rows);
}
