#include "csv_import.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fileio.h"
#include "../util/utf8.h"

/* A documented limit: spreadsheets of offices are small. */
#define NB_CSV_MAX_BYTES ((size_t)64 * 1024 * 1024)
#define NB_CSV_MAX_COLS 4096

static char *read_all(const char *path, size_t *len, nb_diags *d)
{
    nb_buf b = {0};
    if (nb_read_file(path, NB_CSV_MAX_BYTES, NB_NOPOS, &b, d)) {
        nb_buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return nb_buf_take(&b);
}

/* Converts `in` from `enc` to UTF-8. */
static char *to_utf8(const char *path, const char *enc, const char *in, size_t len, size_t *out_len,
                     nb_diags *d)
{
    iconv_t cd = iconv_open("UTF-8", enc);
    if (cd == (iconv_t)-1) {
        nb_diag_at(d, NB_ERROR, NB_ERR_USAGE, (nb_pos){path, 0, 0},
                   "unknown encoding '%s' (try GB18030, GBK or UTF-8)", enc);
        return NULL;
    }
    size_t cap = len * 2 + 16;
    char *out = nb_malloc(cap);
    if (!out) {
        iconv_close(cd);
        return NULL;
    }
    char *ip = (char *)in, *op = out;
    size_t il = len, ol = cap - 1;
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    iconv_close(cd);
    if (r == (size_t)-1) {
        /* Find the line of the offending byte for the message. */
        int line = 1;
        for (const char *p = in; p < ip; p++)
            line += *p == '\n';
        nb_diag_at(d, NB_ERROR, NB_ERR_SYNTAX, (nb_pos){path, line, 0},
                   "the file is neither UTF-8 nor valid %s (byte 0x%02X); give --encoding", enc,
                   (unsigned)(unsigned char)*ip);
        nb_free(out);
        return NULL;
    }
    *op = '\0';
    *out_len = (size_t)(op - out);
    return out;
}

typedef struct parse_state {
    char ***rows; /* rows[r][c] */
    int *widths;  /* fields per row */
    size_t nrows, cap;
    char **cur;
    int ncur, capcur;
    bool oom, too_wide;
    size_t nul_row; /* 1-based row and column of the first NUL in a cell */
    int nul_col;
} parse_state;

static void on_field(void *s, size_t len, void *data)
{
    parse_state *st = data;
    if (st->oom)
        return;
    if (st->ncur == NB_CSV_MAX_COLS) {
        st->too_wide = true;
        return;
    }
    if (st->ncur == st->capcur) {
        int cap = st->capcur ? st->capcur * 2 : 16;
        char **v = nb_realloc(st->cur, (size_t)cap * sizeof *v);
        if (!v) {
            st->oom = true;
            return;
        }
        st->cur = v;
        st->capcur = cap;
    }
    if (s && memchr(s, '\0', len) && !st->nul_row) {
        st->nul_row = st->nrows + 1;
        st->nul_col = st->ncur + 1;
    }
    char *f = nb_strndup(s ? s : "", s ? len : 0);
    if (!f) {
        st->oom = true;
        return;
    }
    st->cur[st->ncur++] = f;
}

static void on_row(int c, void *data)
{
    (void)c;
    parse_state *st = data;
    if (st->oom)
        return;
    if (st->nrows == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 64;
        char ***v = nb_realloc(st->rows, cap * sizeof *v);
        int *w = nb_realloc(st->widths, cap * sizeof *w);
        if (v)
            st->rows = v;
        if (w)
            st->widths = w;
        if (!v || !w) {
            st->oom = true;
            return;
        }
        st->cap = cap;
    }
    st->rows[st->nrows] = st->cur;
    st->widths[st->nrows++] = st->ncur;
    st->cur = NULL;
    st->ncur = st->capcur = 0;
}

static void free_state(parse_state *st)
{
    for (size_t r = 0; r < st->nrows; r++) {
        for (int c = 0; c < st->widths[r]; c++)
            nb_free(st->rows[r][c]);
        nb_free(st->rows[r]);
    }
    for (int c = 0; c < st->ncur; c++)
        nb_free(st->cur[c]);
    nb_free(st->cur);
    nb_free(st->rows);
    nb_free(st->widths);
}

/* The file as UTF-8 text: a BOM means UTF-8, valid UTF-8 is taken as such,
 * anything else is GB18030 (Excel's default) unless `encoding` says.
 * *raw is the allocation to free; *text and *tlen: the text inside it. */
static nb_status decode(const char *path, const char *encoding, char **raw, char **text,
                        size_t *tlen, nb_diags *d)
{
    size_t len = 0;
    *raw = read_all(path, &len, d);
    if (!*raw)
        return nb_diags_first_error(d) ? nb_diags_first_error(d) : NB_ERR_IO;
    *text = *raw;
    *tlen = len;
    char *converted = NULL;
    if (encoding && strcasecmp(encoding, "UTF-8") && strcasecmp(encoding, "UTF8")) {
        converted = to_utf8(path, encoding, *raw, len, tlen, d);
    } else if (len >= 3 && memcmp(*raw, "\xEF\xBB\xBF", 3) == 0) {
        *text += 3; /* the BOM Excel writes with "CSV UTF-8" */
        *tlen -= 3;
    } else if (nb_utf8_invalid_at(*raw, len) != (size_t)-1) {
        if (encoding) {
            size_t at = nb_utf8_invalid_at(*raw, len);
            int line = 1;
            for (size_t i = 0; i < at; i++)
                line += (*raw)[i] == '\n';
            unsigned byte = (unsigned char)(*raw)[at];
            return nb_diag_at(d, NB_ERROR, NB_ERR_SYNTAX, (nb_pos){path, line, 0},
                              "invalid UTF-8 (byte 0x%02X)", byte);
        }
        converted = to_utf8(path, "GB18030", *raw, len, tlen, d);
    }
    if (converted) {
        nb_free(*raw);
        *raw = *text = converted;
    } else if (d->errors) {
        return nb_diags_first_error(d);
    }
    return NB_OK;
}

/* Splits the text into rows of cells (libcsv) and checks the limits. */
static nb_status parse_rows(const char *path, const char *text, size_t tlen, parse_state *st,
                            nb_diags *d)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0)
        return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, (nb_pos){path, 0, 0},
                          "out of memory reading '%s'", path);
    csv_set_realloc_func(&p, nb_realloc);
    csv_set_free_func(&p, nb_free);
    nb_status s = NB_OK;
    if (csv_parse(&p, text, tlen, on_field, on_row, st) != tlen)
        s = nb_diag_at(d, NB_ERROR, NB_ERR_SYNTAX, (nb_pos){path, (int)st->nrows + 1, 0},
                       "malformed CSV: %s", csv_strerror(csv_error(&p)));
    csv_fini(&p, on_field, on_row, st);
    csv_free(&p);
    if (!s && st->oom)
        s = nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, (nb_pos){path, 0, 0},
                       "out of memory reading '%s'", path);
    if (!s && st->too_wide)
        s = nb_diag_at(d, NB_ERROR, NB_ERR_LIMIT, (nb_pos){path, 1, 0}, "more than %d columns",
                       NB_CSV_MAX_COLS);
    if (!s && st->nul_row)
        s = nb_diag_at(d, NB_ERROR, NB_ERR_SYNTAX, (nb_pos){path, (int)st->nul_row, st->nul_col},
                       "NUL character in a cell");
    if (!s && st->nrows < 1)
        s = nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, (nb_pos){path, 1, 1},
                       "empty CSV: the first row must name the columns");
    return s;
}

/* The rows as a grid, for sheet/rows.c to find the header and the
 * offices in. A row with fewer fields than the first row names (trailing
 * empty names do not count) lost a comma: its cells would land in the
 * wrong columns, so it is refused. */
static nb_status make_grid(const char *path, parse_state *st, nb_grid *g, nb_diags *d)
{
    nb_status s = (g->path = nb_strdup(path)) ? NB_OK : NB_ERR_NOMEM;
    int named = 0;
    for (int c = 0; st->nrows && c < st->widths[0]; c++)
        if (*st->rows[0][c])
            named = c + 1;
    for (size_t r = 0; r < st->nrows && !s; r++) {
        bool blank = true;
        for (int c = 0; c < st->widths[r]; c++)
            blank &= !*st->rows[r][c];
        if (!blank && st->widths[r] < named) {
            nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, (nb_pos){path, (int)r + 1, st->widths[r] + 1},
                       "row %zu has %d fields but the header names %d columns: a comma is "
                       "missing, so its cells would land in the wrong columns; the row is "
                       "skipped",
                       r + 1, st->widths[r], named);
            continue;
        }
        for (int c = 0; c < st->widths[r] && !s; c++) {
            char *v = st->rows[r][c];
            if (!*v)
                continue;
            st->rows[r][c] = NULL; /* the grid takes it */
            s = nb_grid_set(g, (int)r, c, v, NB_GC_TEXT, false);
        }
    }
    if (s == NB_ERR_LIMIT)
        s = nb_diag_at(d, NB_ERROR, NB_ERR_LIMIT, (nb_pos){path, 0, 0}, "more than %d rows",
                       NB_GRID_MAX_ROWS);
    else if (s == NB_ERR_NOMEM)
        s = nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, (nb_pos){path, 0, 0},
                       "out of memory reading '%s'", path);
    return s;
}

nb_status nb_csv_import(const char *path, const char *encoding, nb_csv_batch *out, nb_diags *d)
{
    memset(out, 0, sizeof *out);
    size_t errors = d->errors; /* a refused row fails the import */
    char *raw = NULL, *text = NULL;
    size_t tlen = 0;
    nb_status s = decode(path, encoding, &raw, &text, &tlen, d);
    parse_state st = {0};
    nb_grid g = {0};
    if (!s)
        s = parse_rows(path, text, tlen, &st, d);
    nb_free(raw);
    if (!s)
        s = make_grid(path, &st, &g, d);
    free_state(&st);
    if (s) {
        nb_grid_free(&g);
        return (out->path = nb_strdup(path)) ? s : NB_ERR_NOMEM;
    }
    s = nb_sheet_offices(&g, out, d);
    return s ? s : d->errors > errors ? NB_ERR_SCHEMA : NB_OK;
}
