/* Spreadsheet rows → office data (see sheet.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../model/cell_paths.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fileio.h"
#include "../util/utf8.h"
#include "sheet.h"

/* How far down a header may start: the template's header is five rows. */
#define HEADER_SEARCH_ROWS 32
#define MAX_LAYOUTS 4

typedef enum col_role {
    COL_NONE, /* empty or unknown: ignored */
    COL_OFFICE,
    COL_YEAR,
    COL_DATE,
    COL_LAYOUT,
    COL_SIGNATURE,
    COL_PROSE,
    COL_FIGURE
} col_role;

static const struct {
    const char *name, *label;
    col_role role;
} fixed_cols[] = {
    {"office", "单位名称", COL_OFFICE},   {"year", "年度", COL_YEAR},
    {"date", "成文日期", COL_DATE},       {"layout", "版式", COL_LAYOUT},
    {"signature", "署名", COL_SIGNATURE}, {"prose", "正文", COL_PROSE},
};

typedef struct colmap {
    col_role role;
    char *key; /* COL_FIGURE: the figure key (owned) */
} colmap;

typedef struct loaded {
    char *name;
    nb_layout *layout; /* NULL: could not be loaded */
    nb_cell_path *paths;
    size_t npaths;
} loaded;

typedef struct ctx {
    nb_grid *g;
    nb_sheet_batch *out;
    nb_diags *d;
    int header; /* the header row, 0-based */
    colmap *cols;
    loaded lays[MAX_LAYOUTS];
    int nlays;
    int last_year; /* the year last looked up, and its layout file */
    char *year_layout;
} ctx;

static const char *cell(const ctx *c, int row, int col)
{
    const char *t = nb_grid_at(c->g, row, col)->text;
    return t ? t : "";
}

static col_role fixed_role(const char *h)
{
    for (size_t i = 0; i < sizeof fixed_cols / sizeof *fixed_cols; i++)
        if (!strcmp(h, fixed_cols[i].name) || !strcmp(h, fixed_cols[i].label))
            return fixed_cols[i].role;
    return COL_NONE;
}

static bool key_like(const char *s)
{
    bool dot = false;
    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s == '.')
            dot = true;
        else if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
                   (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    }
    return dot;
}

/* Spaces and the carriage returns of Windows line ends around a cell. */
static void trim_grid(nb_grid *g)
{
    for (size_t i = 0; i < (size_t)g->nrows * (size_t)g->ncols; i++) {
        char *s = g->cells[i].text;
        if (!s)
            continue;
        size_t n = strlen(s), k = 0;
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
            s[--n] = '\0';
        while (s[k] == ' ' || s[k] == '\t')
            k++;
        memmove(s, s + k, n - k + 1);
        if (!*s) {
            nb_free(s);
            g->cells[i].text = NULL;
            g->cells[i].kind = NB_GC_EMPTY;
        }
    }
}

/* A row holding nothing but formulas (a template row nobody filled) or
 * nothing at all. */
static bool row_empty(const ctx *c, int row)
{
    for (int k = 0; k < c->g->ncols; k++) {
        const nb_gcell *gc = nb_grid_at(c->g, row, k);
        if (gc->text && !gc->formula)
            return false;
    }
    return true;
}

/* The header row: of the first rows, the one that names most columns by
 * a fixed name or a key (the template's hidden key row beats its label
 * rows); label paths count once a layout is known. */
static int find_header(const ctx *c)
{
    int best = -1, best_score = 0;
    for (int r = 0; r < c->g->nrows && r < HEADER_SEARCH_ROWS; r++) {
        int score = 0;
        bool office = false;
        for (int k = 0; k < c->g->ncols; k++) {
            const char *h = cell(c, r, k);
            col_role role = fixed_role(h);
            office |= role == COL_OFFICE;
            score += role != COL_NONE || key_like(h);
        }
        if (office && score > best_score) {
            best = r;
            best_score = score;
        }
    }
    return best;
}

/* The layout file of a row (nb_free): its layout column, else the
 * installed format covering its year; NULL when neither says. */
static char *row_layout(ctx *c, int row)
{
    for (int k = 0; k < c->g->ncols; k++)
        if (c->cols[k].role == COL_LAYOUT && *cell(c, row, k)) {
            char *path = NULL; /* a name in the layout folders, else a file */
            if (nb_layout_path(cell(c, row, k), &path) == NB_ERR_NOT_FOUND)
                path = nb_strdup(cell(c, row, k));
            return path;
        }
    for (int k = 0; k < c->g->ncols; k++)
        if (c->cols[k].role == COL_YEAR && *cell(c, row, k)) {
            int y = atoi(cell(c, row, k));
            /* Looking a year up reads the layouts folder: once per year. */
            if (y != c->last_year) {
                nb_free(c->year_layout);
                c->year_layout = NULL;
                c->last_year = y;
                nb_diags quiet; /* a year no layout covers is the office's error */
                nb_diags_init(&quiet);
                if (y > 0 && nb_layout_for_year(y, &c->year_layout, &quiet) != NB_OK)
                    c->year_layout = NULL;
                nb_diags_free(&quiet);
            }
            return c->year_layout ? nb_strdup(c->year_layout) : NULL;
        }
    return NULL;
}

/* The layout file `name`, loaded once per sheet with its cell chains. */
static loaded *get_layout(ctx *c, const char *name)
{
    for (int i = 0; i < c->nlays; i++)
        if (!strcmp(c->lays[i].name, name))
            return &c->lays[i];
    if (c->nlays == MAX_LAYOUTS)
        return NULL;
    loaded *l = &c->lays[c->nlays];
    memset(l, 0, sizeof *l);
    if (!(l->name = nb_strdup(name)))
        return NULL;
    c->nlays++;
    nb_diags quiet; /* a bad layout is each office's own error, later */
    nb_diags_init(&quiet);
    if (nb_layout_load(name, &l->layout, &quiet) == NB_OK &&
        nb_layout_cell_paths(l->layout, &l->paths, &l->npaths) != NB_OK) {
        nb_layout_free(l->layout);
        l->layout = NULL;
    }
    nb_diags_free(&quiet);
    return l;
}

static bool has_key(const loaded *l, const char *key)
{
    for (size_t i = 0; i < l->npaths; i++)
        if (!strcmp(l->paths[i].key, key))
            return true;
    return false;
}

static nb_pos header_pos(const ctx *c, int col, char *buf, size_t cap)
{
    if (c->g->xlsx) {
        char name[8];
        nb_col_name(col, name);
        snprintf(buf, cap, "%s %s!%s%d", c->g->path, c->g->sheet ? c->g->sheet : "", name,
                 c->header + 1);
        return (nb_pos){buf, 0, 0};
    }
    return (nb_pos){c->g->path, c->header + 1, col + 1};
}

/* Names every column once: a figure key the layouts of the rows do not
 * know, or a label path they do not have, is reported at its header. */
/* Column k (header h) repeats column j: an error, and column k is ignored. */
static nb_status column_twice(ctx *c, int k, int j, const char *h, const char *colname)
{
    char where[512], other[8];
    nb_col_name(j, other);
    nb_status e = nb_diag_at(c->d, NB_ERROR, NB_ERR_SCHEMA, header_pos(c, k, where, sizeof where),
                             "column %s '%s' appears twice (also column %s)", colname, h, other);
    c->cols[k].role = COL_NONE;
    return e;
}

static nb_status map_columns(ctx *c)
{
    nb_status first = NB_OK;
    loaded *ls[MAX_LAYOUTS];
    int nls = 0;
    for (int r = c->header + 1; r < c->g->nrows; r++) {
        char *name = row_empty(c, r) ? NULL : row_layout(c, r);
        loaded *l = name ? get_layout(c, name) : NULL;
        nb_free(name);
        bool seen = false;
        for (int i = 0; i < nls; i++)
            seen |= ls[i] == l;
        if (l && !seen && nls < MAX_LAYOUTS)
            ls[nls++] = l;
    }
    for (int k = 0; k < c->g->ncols; k++) {
        const char *h = cell(c, c->header, k);
        colmap *m = &c->cols[k];
        char where[512], colname[8];
        nb_col_name(k, colname);
        bool twice = false; /* reported once, then the column is ignored */
        if (m->role != COL_NONE)
            for (int j = 0; j < k && !twice; j++)
                if (c->cols[j].role == m->role && m->role != COL_FIGURE) {
                    nb_status e = column_twice(c, k, j, h, colname);
                    first = first ? first : e;
                    twice = true;
                }
        if (twice || m->role != COL_NONE || !*h)
            continue;
        bool known = nls == 0 && key_like(h); /* no layout to ask: the loader checks */
        for (int i = 0; i < nls && !m->key; i++) {
            const loaded *l = ls[i];
            if (key_like(h) && (has_key(l, h) || !l->layout)) {
                m->key = nb_strdup(h);
            } else if (l->layout) {
                long p = nb_cell_paths_match(l->paths, l->npaths, h);
                if (p >= 0)
                    m->key = nb_strdup(l->paths[p].key);
            }
        }
        if (known && !m->key)
            m->key = nb_strdup(h);
        if (m->key) {
            m->role = COL_FIGURE;
            for (int j = 0; j < k; j++)
                if (c->cols[j].role == COL_FIGURE && !strcmp(c->cols[j].key, m->key)) {
                    nb_status e = column_twice(c, k, j, h, colname);
                    first = first ? first : e;
                    break;
                }
            continue;
        }
        nb_status e = nb_diag_at(
            c->d, NB_ERROR, NB_ERR_SCHEMA, header_pos(c, k, where, sizeof where),
            "column %s '%s' is not a column nianbao knows: name it 单位名称 (office), 年度 "
            "(year), 成文日期 (date), 版式 (layout), 署名 (signature), 正文 (prose), a figure "
            "key (nianbao keys %s lists them) or a table cell's labels as the template shows "
            "them; its cells are ignored",
            colname, h, nls && ls[0]->layout ? ls[0]->layout->name : "LAYOUT");
        first = first ? first : e;
    }
    return first;
}

/* A YAML double-quoted scalar: safe for any text. */
static void put_quoted(nb_buf *b, const char *s)
{
    nb_buf_putc(b, '"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            nb_buf_printf(b, "\\%c", ch);
        else if (ch == '\n')
            nb_buf_puts(b, "\\n");
        else if (ch < 0x20)
            nb_buf_printf(b, "\\x%02X", ch);
        else
            nb_buf_putc(b, (char)ch);
    }
    nb_buf_putc(b, '"');
}

/* A workbook number as people write it: 3 not 3.0, 0.3 not
 * 0.30000000000000004 (Excel keeps 15 significant digits). */
static void put_number(nb_buf *b, const char *s)
{
    char *end;
    double v = strtod(s, &end);
    if (*end || !isfinite(v)) {
        put_quoted(b, s);
        return;
    }
    char tmp[40];
    if (v == floor(v) && fabs(v) < 1e15)
        snprintf(tmp, sizeof tmp, "%.0f", v);
    else
        snprintf(tmp, sizeof tmp, "%.15g", v);
    put_quoted(b, tmp);
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

/* An uploaded workbook's 正文 cell: the file it names stays behind on the
 * clerk's machine, so the office comes without its prose. */
static nb_status prose_left_out(ctx *c, int row, int col, const nb_sheet_office *o, const char *v)
{
    char *where = nb_sheet_where(c->out, o->office, row, col);
    if (!where)
        return NB_ERR_NOMEM;
    nb_status s = nb_diag_at(c->d, NB_WARNING, NB_ERR_NOT_FOUND, (nb_pos){where, 0, 0},
                             "正文 (prose) names '%s', a file the upload did not bring: the "
                             "office is imported without its prose; write or paste it in the "
                             "workspace",
                             v);
    nb_free(where);
    return s;
}

/* One row → the text of a data file; each line's column is remembered. */
static nb_status build_office(ctx *c, int row, nb_sheet_office *o)
{
    nb_grid *g = c->g;
    nb_buf y = {0};
    int line = 0;
    o->row = row + 1;
    o->line_col = nb_calloc((size_t)g->ncols * 2 + 64, sizeof *o->line_col);
    if (!o->line_col)
        return NB_ERR_NOMEM;
    bool has_figures = false;
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < g->ncols; k++) {
            const colmap *m = &c->cols[k];
            const nb_gcell *gc = nb_grid_at(g, row, k);
            const char *v = gc->text ? gc->text : "";
            if (m->role == COL_NONE || (pass == 0) == (m->role == COL_FIGURE))
                continue;
            /* 正文: a plain text file (.txt) is the loader's text-file:,
             * found beside the sheet; a YAML file of text: is appended. */
            size_t vl = strlen(v);
            bool txt = vl > 4 && !strcasecmp(v + vl - 4, ".txt");
            if (m->role == COL_PROSE && g->prose_elsewhere) {
                if (*v && prose_left_out(c, row, k, o, v) == NB_ERR_NOMEM)
                    return NB_ERR_NOMEM;
                continue;
            }
            if (m->role == COL_PROSE && !txt) {
                if (*v && !o->prose && !(o->prose = nb_strdup(v)))
                    return NB_ERR_NOMEM;
                continue;
            }
            if (!*v)
                continue; /* an empty cell: absent (computed cells fill in) */
            if (m->role == COL_FIGURE && !has_figures) {
                nb_buf_puts(&y, "figures:\n");
                line++;
                has_figures = true;
            }
            switch (m->role) {
            case COL_OFFICE:
                nb_buf_puts(&y, "office: ");
                put_quoted(&y, v);
                break;
            case COL_YEAR: {
                char tmp[24];
                char *end;
                double yv = strtod(v, &end);
                bool whole = !*end && yv == floor(yv) && yv > 0 && yv < 10000;
                if (whole)
                    snprintf(tmp, sizeof tmp, "%.0f", yv);
                nb_buf_puts(&y, "year: ");
                if (whole || plain_int(v)) {
                    nb_buf_puts(&y, whole ? tmp : v);
                } else {
                    put_quoted(&y, v);
                }
                break;
            }
            case COL_DATE: {
                char iso[11];
                nb_buf_puts(&y, "date: ");
                if (nb_date_normalize(v, g->date1904, iso))
                    put_quoted(&y, iso);
                else
                    put_quoted(&y, v); /* the loader says what is wrong */
                break;
            }
            case COL_LAYOUT:
                nb_buf_puts(&y, "layout: ");
                put_quoted(&y, v);
                break;
            case COL_PROSE:
                nb_buf_puts(&y, "text-file: ");
                put_quoted(&y, v);
                break;
            case COL_SIGNATURE:
                nb_buf_puts(&y, "signature: ");
                if (!strcmp(v, "true") || !strcmp(v, "false") || !strcmp(v, "是") ||
                    !strcmp(v, "否"))
                    nb_buf_puts(&y, !strcmp(v, "true") || !strcmp(v, "是") ? "true" : "false");
                else
                    put_quoted(&y, v);
                break;
            case COL_FIGURE:
                nb_buf_puts(&y, "  ");
                put_quoted(&y, m->key);
                nb_buf_puts(&y, ": ");
                if (!strcmp(v, "~"))
                    nb_buf_puts(&y, "~"); /* an explicit blank */
                else if (gc->kind == NB_GC_NUMBER)
                    put_number(&y, v);
                else
                    put_quoted(&y, v);
                break;
            default:
                break;
            }
            nb_buf_putc(&y, '\n');
            o->line_col[++line] = k + 1;
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
static nb_status append_prose(const char *sheet_path, nb_sheet_office *o, nb_diags *d)
{
    if (!o->prose)
        return NB_OK;
    nb_buf path = {0};
    const char *slash = strrchr(sheet_path, '/');
    if (o->prose[0] != '/' && slash)
        nb_buf_append(&path, sheet_path, (size_t)(slash - sheet_path + 1));
    nb_buf_puts(&path, o->prose);
    char *full = nb_buf_take(&path);
    if (!full)
        return NB_ERR_NOMEM;
    nb_free(o->prose);
    o->prose = full;
    nb_buf y = {0};
    nb_buf_append(&y, o->yaml, o->len);
    size_t before = y.len;
    nb_status s = nb_read_file(full, (size_t)16 << 20, NB_NOPOS, &y, d);
    if (s) {
        nb_buf_free(&y);
        return s;
    }
    if (y.len > before && y.data[y.len - 1] != '\n')
        nb_buf_putc(&y, '\n');
    char *joined = nb_buf_take(&y);
    if (!joined)
        return NB_ERR_NOMEM;
    nb_free(o->yaml);
    o->yaml = joined;
    o->len = strlen(joined);
    return NB_OK;
}

char *nb_sheet_where(const nb_sheet_batch *b, const char *office, int row, int col)
{
    nb_buf w = {0};
    char name[8] = "";
    if (col >= 0)
        nb_col_name(col, name);
    if (office && *office)
        nb_buf_printf(&w, "%s (", office);
    if (b->sheet)
        nb_buf_printf(&w, "%s %s%s", b->path, b->sheet, col >= 0 ? "!" : " ");
    else if (!office || !*office)
        nb_buf_printf(&w, "%s ", b->path);
    if (col >= 0)
        nb_buf_printf(&w, "%s%d", name, row + 1);
    else
        nb_buf_printf(&w, "row %d", row + 1);
    if (office && *office)
        nb_buf_putc(&w, ')');
    return nb_buf_take(&w);
}

static nb_status add_office(ctx *c, int row)
{
    nb_sheet_office *o = &c->out->offices[c->out->count++];
    const char *office = "";
    for (int k = 0; k < c->g->ncols; k++)
        if (c->cols[k].role == COL_OFFICE)
            office = cell(c, row, k);
    /* Invalid UTF-8 is the loader's to report, never to be echoed. */
    if (nb_utf8_invalid_at(office, strlen(office)) != (size_t)-1)
        office = "";
    if (!(o->office = nb_strdup(office)))
        return NB_ERR_NOMEM;
    /* The name the data is loaded as: unique, naming the sheet and row. */
    nb_buf name = {0};
    nb_buf_printf(&name, "%s%s%s row %d", c->g->path, c->g->sheet ? " " : "",
                  c->g->sheet ? c->g->sheet : "", row + 1);
    if (!(o->name = nb_buf_take(&name)))
        return NB_ERR_NOMEM;
    nb_status s = build_office(c, row, o);
    return s ? s : append_prose(c->g->path, o, c->d);
}

nb_status nb_sheet_offices(nb_grid *g, nb_sheet_batch *out, nb_diags *d)
{
    memset(out, 0, sizeof *out);
    ctx c = {.g = g, .out = out, .d = d};
    nb_status s = NB_OK;
    out->path = nb_strdup(g->path);
    out->sheet = g->sheet ? nb_strdup(g->sheet) : NULL;
    if (!out->path || (g->sheet && !out->sheet)) {
        nb_grid_free(g);
        return NB_ERR_NOMEM;
    }
    trim_grid(g);
    c.header = find_header(&c);
    if (c.header < 0) {
        char where[512];
        c.header = 0;
        s = nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, header_pos(&c, 0, where, sizeof where),
                       g->nrows ? "no header row: a row among the first %d must name the "
                                  "columns, among them 单位名称 (office)"
                                : "empty sheet: the first row must name the columns (单位名称 "
                                  "or office, 年度 or year, …)",
                       HEADER_SEARCH_ROWS);
        goto done;
    }
    if (!(c.cols = nb_calloc((size_t)g->ncols + 1, sizeof *c.cols))) {
        s = NB_ERR_NOMEM;
        goto done;
    }
    for (int k = 0; k < g->ncols; k++)
        c.cols[k].role = fixed_role(cell(&c, c.header, k));
    s = map_columns(&c);
    /* A cell under no named column is an error once per column. */
    for (int k = 0; k < g->ncols; k++) {
        if (*cell(&c, c.header, k))
            continue;
        for (int r = c.header + 1; r < g->nrows; r++)
            if (nb_grid_at(g, r, k)->text && !nb_grid_at(g, r, k)->formula) {
                char where[512], colname[8];
                nb_col_name(k, colname);
                nb_pos at = g->xlsx ? header_pos(&c, k, where, sizeof where)
                                    : (nb_pos){g->path, r + 1, k + 1};
                nb_status e = nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, at,
                                         "column %s has values (row %d) but no name in the "
                                         "header row %d; name it or clear it",
                                         colname, r + 1, c.header + 1);
                s = s ? s : e;
                break;
            }
    }
    if (!(out->offices = nb_calloc((size_t)g->nrows + 1, sizeof *out->offices))) {
        s = NB_ERR_NOMEM;
        goto done;
    }
    for (int r = c.header + 1; r < g->nrows; r++) {
        if (row_empty(&c, r))
            continue;
        nb_status e = add_office(&c, r);
        if (e == NB_ERR_NOMEM) {
            s = e;
            break;
        }
    }
done:
    nb_free(c.year_layout);
    for (int i = 0; i < c.nlays; i++) {
        nb_cell_paths_free(c.lays[i].paths, c.lays[i].npaths);
        nb_layout_free(c.lays[i].layout);
        nb_free(c.lays[i].name);
    }
    /* The batch keeps the figure columns' keys, to place messages about
     * a figure (a blank one has no line of its own) at its cell. */
    if (c.cols && (out->colkeys = nb_calloc((size_t)g->ncols + 1, sizeof *out->colkeys))) {
        out->ncols = g->ncols;
        for (int k = 0; k < g->ncols; k++)
            if (c.cols[k].role == COL_FIGURE) {
                out->colkeys[k] = c.cols[k].key;
                c.cols[k].key = NULL;
            }
    }
    for (int k = 0; c.cols && k < g->ncols; k++)
        nb_free(c.cols[k].key);
    nb_free(c.cols);
    nb_grid_free(g);
    return s;
}

void nb_sheet_batch_free(nb_sheet_batch *b)
{
    for (size_t i = 0; i < b->count; i++) {
        nb_free(b->offices[i].name);
        nb_free(b->offices[i].yaml);
        nb_free(b->offices[i].line_col);
        nb_free(b->offices[i].prose);
        nb_free(b->offices[i].office);
    }
    for (int k = 0; b->colkeys && k < b->ncols; k++)
        nb_free(b->colkeys[k]);
    nb_free(b->colkeys);
    nb_free(b->offices);
    nb_free(b->path);
    nb_free(b->sheet);
    memset(b, 0, sizeof *b);
}

/* The 1-based column of the figure a message names ('requests.new.total'),
 * or 0: a blank cell's message has no line of its own to map. */
static int column_named_in(const nb_sheet_batch *b, const char *msg)
{
    for (int k = 0; b->colkeys && k < b->ncols; k++) {
        const char *key = b->colkeys[k];
        size_t n = key ? strlen(key) : 0;
        for (const char *p = key ? strstr(msg, key) : NULL; p; p = strstr(p + 1, key))
            if (p > msg && p[-1] == '\'' && p[n] == '\'')
                return k + 1;
    }
    return 0;
}

void nb_sheet_map_diags(const nb_sheet_batch *b, const nb_sheet_office *o, nb_diags *d, size_t from)
{
    for (size_t i = from; i < d->count; i++) {
        nb_diag *g = &d->items[i];
        if (!g->file || strcmp(g->file, o->name) != 0)
            continue;
        char *file = NULL, *msg = NULL;
        int line = g->line, col = g->col;
        if (o->prose && line >= o->prose_line) {
            file = nb_strdup(o->prose);
            line = line - o->prose_line + 1;
        } else {
            col = line >= 1 && line <= o->nlines ? o->line_col[line] : 0;
            if (!col)
                col = column_named_in(b, g->msg);
            char *where = nb_sheet_where(b, o->office, o->row - 1, col - 1);
            if (b->sheet) { /* a workbook has no lines: the cell is the place */
                file = where;
                line = col = 0;
            } else { /* a CSV keeps file:row:column for editors, and the cell */
                file = nb_strdup(b->path);
                line = o->row;
                nb_buf m = {0};
                nb_buf_printf(&m, "%s: %s", where ? where : "", g->msg);
                msg = nb_buf_take(&m);
                nb_free(where);
                if (!msg) {
                    nb_free(file);
                    continue;
                }
            }
        }
        if (!file) {
            nb_free(msg);
            continue;
        }
        nb_free(g->file);
        g->file = file;
        g->line = line;
        g->col = col;
        if (msg) {
            nb_free(g->msg);
            g->msg = msg;
        }
    }
}
