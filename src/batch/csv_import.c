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

/* A YAML double-quoted scalar: safe for any text. */
static void put_quoted(nb_buf *b, const char *s)
{
    nb_buf_putc(b, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            nb_buf_printf(b, "\\%c", c);
        else if (c == '\n')
            nb_buf_puts(b, "\\n");
        else if (c < 0x20)
            nb_buf_printf(b, "\\x%02X", c);
        else
            nb_buf_putc(b, (char)c);
    }
    nb_buf_putc(b, '"');
}

static bool plain_int(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    size_t k = 0;
    while (s[k] == ' ' || s[k] == '\t')
        k++;
    memmove(s, s + k, n - k + 1);
}

/* Builds one office's data text from a row. */
static nb_status build_office(const char *path, char **header, int ncols, char **cells, int row,
                              nb_csv_office *o, nb_diags *d)
{
    nb_buf y = {0};
    int line = 0;
    o->row = row;
    o->line_col = nb_calloc((size_t)ncols * 2 + 64, sizeof *o->line_col);
    if (!o->line_col)
        return NB_ERR_NOMEM;
    static const char *const plain_keys[] = {"office", "year", "date", "layout", "signature"};
    bool has_figures = false;
    for (int pass = 0; pass < 2; pass++) {
        for (int c = 0; c < ncols; c++) {
            const char *h = header[c], *v = cells[c];
            bool top = false;
            for (size_t k = 0; k < sizeof plain_keys / sizeof *plain_keys; k++)
                top |= strcmp(h, plain_keys[k]) == 0;
            if (!strcmp(h, "prose")) {
                if (pass == 0 && *v) {
                    nb_free(o->prose);
                    o->prose = nb_strdup(v);
                    if (!o->prose)
                        return NB_ERR_NOMEM;
                }
                continue;
            }
            if (pass == 0 && !top)
                continue;
            if (pass == 1 && top)
                continue;
            if (!*v)
                continue; /* an empty cell: absent (computed cells fill in) */
            if (pass == 1 && !has_figures) {
                nb_buf_puts(&y, "figures:\n");
                line++;
                has_figures = true;
            }
            if (pass == 0) {
                nb_buf_printf(&y, "%s: ", h);
                if ((!strcmp(h, "year") && plain_int(v)) ||
                    (!strcmp(h, "signature") && (!strcmp(v, "true") || !strcmp(v, "false"))))
                    nb_buf_puts(&y, v);
                else
                    put_quoted(&y, v);
            } else {
                nb_buf_puts(&y, "  ");
                put_quoted(&y, h);
                nb_buf_puts(&y, ": ");
                if (!strcmp(v, "~"))
                    nb_buf_puts(&y, "~"); /* an explicit blank */
                else
                    put_quoted(&y, v);
            }
            nb_buf_putc(&y, '\n');
            o->line_col[++line] = c + 1;
        }
    }
    (void)path;
    (void)d;
    /* Without a layout column, the format in force for the year: the 2019
     * 试行 format for 2019 and 2020 reports, the 2021 format from 2021 on. */
    bool has_layout = false, has_year = false;
    int year = 0;
    for (int c = 0; c < ncols; c++) {
        has_layout |= !strcmp(header[c], "layout") && *cells[c];
        if (!strcmp(header[c], "year") && plain_int(cells[c])) {
            has_year = true;
            year = atoi(cells[c]);
        }
    }
    if (!has_layout && has_year) {
        nb_buf_printf(&y, "layout: annual-report-%d\n", year >= 2021 ? 2021 : 2019);
        line++;
    }
    o->prose_line = line + 1;
    o->nlines = line;
    o->yaml = nb_buf_take(&y);
    if (!o->yaml)
        return NB_ERR_NOMEM;
    o->len = strlen(o->yaml);
    return NB_OK;
}

/* Appends the prose file (a YAML mapping with a `text:` key) to the office
 * text; its lines keep their numbers offset by prose_line - 1. */
static nb_status append_prose(const char *csv_path, nb_csv_office *o, nb_diags *d)
{
    if (!o->prose)
        return NB_OK;
    nb_buf path = {0};
    const char *slash = strrchr(csv_path, '/');
    if (o->prose[0] != '/' && slash)
        nb_buf_append(&path, csv_path, (size_t)(slash - csv_path + 1));
    nb_buf_puts(&path, o->prose);
    char *full = nb_buf_take(&path);
    if (!full)
        return NB_ERR_NOMEM;
    nb_free(o->prose);
    o->prose = full;
    size_t len = 0;
    char *text = read_all(full, &len, d);
    if (!text)
        return nb_diags_first_error(d);
    nb_buf y = {0};
    nb_buf_append(&y, o->yaml, o->len);
    nb_buf_append(&y, text, len);
    if (len && text[len - 1] != '\n')
        nb_buf_putc(&y, '\n');
    nb_free(text);
    char *joined = nb_buf_take(&y);
    if (!joined)
        return NB_ERR_NOMEM;
    nb_free(o->yaml);
    o->yaml = joined;
    o->len = strlen(joined);
    return NB_OK;
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

/* Every column named, and each name once. */
static nb_status check_header(const char *path, char **header, int ncols, nb_diags *d)
{
    for (int c = 0; c < ncols; c++) {
        trim(header[c]);
        if (!*header[c])
            return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, (nb_pos){path, 1, c + 1},
                              "column %d has no name", c + 1);
        for (int k = 0; k < c; k++)
            if (!strcmp(header[k], header[c]))
                return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, (nb_pos){path, 1, c + 1},
                                  "column '%s' appears twice (also column %d)", header[c], k + 1);
    }
    return NB_OK;
}

/* One office per data row; a bad row is reported and skipped. */
static nb_status make_offices(const char *path, parse_state *st, nb_csv_batch *out, nb_diags *d)
{
    int ncols = st->widths[0];
    char **header = st->rows[0];
    out->offices = nb_calloc(st->nrows, sizeof *out->offices);
    if (!out->offices)
        return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, (nb_pos){path, 0, 0},
                          "out of memory reading '%s'", path);
    nb_status s = NB_OK;
    for (size_t r = 1; r < st->nrows && s != NB_ERR_NOMEM; r++) {
        if (st->widths[r] == 1 && !*st->rows[r][0])
            continue; /* a blank line */
        if (st->widths[r] != ncols) {
            nb_status e = nb_diag_at(
                d, NB_ERROR, NB_ERR_SCHEMA,
                (nb_pos){path, (int)r + 1, st->widths[r] < ncols ? st->widths[r] + 1 : ncols + 1},
                "row %zu has %d fields but the header has %d", r + 1, st->widths[r], ncols);
            s = s ? s : e;
            continue;
        }
        for (int c = 0; c < ncols; c++)
            trim(st->rows[r][c]);
        nb_csv_office *o = &out->offices[out->count++];
        nb_buf name = {0};
        nb_buf_printf(&name, "%s#row%zu", path, r + 1);
        o->name = nb_buf_take(&name);
        nb_status e = o->name ? build_office(path, header, ncols, st->rows[r], (int)r + 1, o, d)
                              : NB_ERR_NOMEM;
        if (!e)
            e = append_prose(path, o, d);
        if (e && !s)
            s = e;
    }
    return s;
}

nb_status nb_csv_import(const char *path, const char *encoding, nb_csv_batch *out, nb_diags *d)
{
    memset(out, 0, sizeof *out);
    if (!(out->path = nb_strdup(path)))
        return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, (nb_pos){path, 0, 0},
                          "out of memory reading '%s'", path);
    char *raw = NULL, *text = NULL;
    size_t tlen = 0;
    nb_status s = decode(path, encoding, &raw, &text, &tlen, d);
    parse_state st = {0};
    if (!s)
        s = parse_rows(path, text, tlen, &st, d);
    nb_free(raw);
    if (!s)
        s = check_header(path, st.rows[0], st.widths[0], d);
    if (!s) /* without a usable header, no offices */
        s = make_offices(path, &st, out, d);
    free_state(&st);
    return s;
}

void nb_csv_batch_free(nb_csv_batch *b)
{
    for (size_t i = 0; i < b->count; i++) {
        nb_free(b->offices[i].name);
        nb_free(b->offices[i].yaml);
        nb_free(b->offices[i].line_col);
        nb_free(b->offices[i].prose);
    }
    nb_free(b->offices);
    nb_free(b->path);
    memset(b, 0, sizeof *b);
}

void nb_csv_map_diags(const nb_csv_batch *b, const nb_csv_office *o, nb_diags *d, size_t from)
{
    for (size_t i = from; i < d->count; i++) {
        nb_diag *g = &d->items[i];
        if (!g->file || strcmp(g->file, o->name) != 0)
            continue;
        const char *file = b->path;
        int line = g->line, col = g->col;
        if (o->prose && line >= o->prose_line) {
            file = o->prose;
            line = line - o->prose_line + 1;
        } else {
            col = line >= 1 && line <= o->nlines ? o->line_col[line] : 0;
            line = o->row;
        }
        char *f = nb_strdup(file);
        if (!f)
            continue;
        nb_free(g->file);
        g->file = f;
        g->line = line;
        g->col = col;
    }
}
