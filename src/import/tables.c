/* Published tables → the layout's cells, by label paths.
 *
 * A source cell holding a figure (a number, a blank, a dash) is described
 * by the label cells to its left in its row and the label cells above it
 * in its column (the header of its block). It matches the layout
 * cell whose labels (group caption, row path, column path) it names:
 * every source label must be one of the cell's labels, and the cell's own
 * row and column labels must be among the source's; the cell's outer
 * levels may be missing (a report that drops 法人或其他组织 or 申请人情况).
 * Labels compare tolerantly (labels.c). The best-scoring cell wins only
 * when it is the only one with that score: nothing is guessed. */
#include <string.h>

#include "../util/alloc.h"
#include "import_internal.h"

typedef struct labels {
    char **text; /* normalised, distinct */
    size_t count, cap;
} labels;

static int label_id(labels *ls, const char *raw)
{
    char *n = nb_label_norm(raw);
    if (!n)
        return -2;
    for (size_t i = 0; i < ls->count; i++)
        if (!strcmp(ls->text[i], n)) {
            nb_free(n);
            return (int)i;
        }
    if (!nb_grow(&ls->text, ls->count, 1, &ls->cap, sizeof *ls->text)) {
        nb_free(n);
        return -2;
    }
    ls->text[ls->count] = n;
    return (int)ls->count++;
}

static void labels_free(labels *ls)
{
    for (size_t i = 0; i < ls->count; i++)
        nb_free(ls->text[i]);
    nb_free(ls->text);
}

#define MAX_LABELS (2 * NB_MAP_DEPTH + 1)

/* A layout cell by its label ids. */
typedef struct lcell {
    size_t row;
    int col;
    int ids[MAX_LABELS];
    int n;
    int need[2]; /* ids that must be named: the row's and column's own; -1 */
} lcell;

/* ---- what a source cell is --------------------------------------------------- */

/* A figure as reports print them: blank, a number (full-width digits,
 * thousands separators, a sign, a unit such as 元), or a dash or 无. */
static bool figure_like(const char *s)
{
    if (!*s)
        return true;
    static const char *const dashes[] = {"/", "-", "—", "——", "－", "–", "无", "／", "\\", NULL};
    for (const char *const *d = dashes; *d; d++)
        if (!strcmp(s, *d))
            return true;
    char *n = nb_label_norm(s); /* full-width digits become ASCII */
    if (!n)
        return false;
    const char *p = n;
    if (*p == '-' || *p == '+' || !strncmp(p, "−", strlen("−")))
        p += *p == '-' || *p == '+' ? 1 : strlen("−");
    bool digit = false;
    while ((*p >= '0' && *p <= '9') || *p == '.' || *p == ',') {
        digit |= *p >= '0' && *p <= '9';
        p++;
    }
    static const char *const units[] = {"", "元", "万元", "%", "件", "个", "项", "次", "条", NULL};
    bool unit = false;
    for (const char *const *u = units; *u && !unit; u++)
        unit = !strcmp(p, *u);
    nb_free(n);
    return digit && unit;
}

/* Labels that describe the table, not a cell. */
static bool ignorable(const char *norm)
{
    return !*norm || !strcmp(norm, "信息内容") || !strncmp(norm, "(本列数据", strlen("(本列数据"));
}

/* ---- matching ------------------------------------------------------------------ */

typedef struct matcher {
    nb_draft *dr;
    labels lay, src;
    lcell *cells;
    size_t ncells;
    unsigned char *same; /* src.count × lay.count, computed lazily: 0 unknown,
                            1 different, 2 same */
    size_t same_cols;
    int *given_by; /* per layout cell: 1 + index of the source cell, or 0 */
    nb_diags *d;
    nb_buf *notes;
    const char *file;
} matcher;

static bool same(matcher *m, int s, int l)
{
    unsigned char *v = &m->same[(size_t)s * m->same_cols + (size_t)l];
    if (!*v)
        *v = nb_label_same(m->src.text[s], m->lay.text[l]) ? 2 : 1;
    return *v == 2;
}

static nb_status build_layout_cells(matcher *m)
{
    const nb_cellmap *map = &m->dr->map;
    size_t n = 0;
    for (size_t i = 0; i < map->nrows; i++)
        n += (size_t)map->rows[i].ncols;
    m->cells = nb_calloc(n + 1, sizeof *m->cells);
    m->given_by = nb_calloc(n + 1, sizeof *m->given_by);
    if (!m->cells || !m->given_by)
        return NB_ERR_NOMEM;
    for (size_t i = 0; i < map->nrows; i++) {
        const nb_maprow *r = &map->rows[i];
        for (int j = 0; j < r->ncols; j++) {
            lcell *c = &m->cells[m->ncells++];
            c->row = i;
            c->col = j;
            c->need[0] = c->need[1] = -1;
            const char *all[MAX_LABELS];
            int k = 0;
            if (r->caption)
                all[k++] = r->caption;
            for (int a = 0; a < r->nlabels; a++)
                all[k++] = r->labels[a];
            for (int a = 0; a < r->cols[j].nlabels; a++)
                all[k++] = r->cols[j].labels[a];
            for (int a = 0; a < k; a++) {
                int id = label_id(&m->lay, all[a]);
                if (id < 0)
                    return NB_ERR_NOMEM;
                c->ids[c->n++] = id;
            }
            if (r->nlabels)
                c->need[0] = c->ids[(r->caption ? 1 : 0) + r->nlabels - 1];
            if (r->cols[j].nlabels)
                c->need[1] = c->ids[c->n - 1];
        }
    }
    return NB_OK;
}

/* A source figure cell and its labels. */
typedef struct scell {
    size_t table; /* 1-based number of the table in the report */
    const nb_itable *t;
    const nb_icell *cell;
    int ids[64];
    int n;
    const char *row_raw[32], *col_raw[32];
    int nrow, ncol;
} scell;

static bool is_label(const nb_icell *c) { return !figure_like(c->text); }

static nb_status describe(matcher *m, scell *s)
{
    const nb_itable *t = s->t;
    const nb_icell *c = s->cell;
    int last = -1;
    /* Row labels: label cells to the left, left to right. */
    for (int k = 0; k < c->col && s->nrow < 32; k++) {
        int idx = t->slot[c->row * t->ncols + k];
        if (idx < 0 || idx == last || !is_label(&t->cells[idx]))
            continue;
        last = idx;
        s->row_raw[s->nrow++] = t->cells[idx].text;
    }
    /* Column labels: label cells straight above — past the figures of the
     * rows above in the same block, up to the first figure above them (the
     * previous block of a table with several headers). */
    const char *up[32];
    int nup = 0;
    last = t->slot[c->row * t->ncols + c->col];
    for (int r = c->row - 1; r >= 0 && nup < 32; r--) {
        int idx = t->slot[r * t->ncols + c->col];
        if (idx < 0 || idx == last)
            continue;
        last = idx;
        if (!is_label(&t->cells[idx])) {
            if (nup)
                break;
            continue;
        }
        up[nup++] = t->cells[idx].text;
    }
    for (int k = nup - 1; k >= 0; k--)
        s->col_raw[s->ncol++] = up[k];
    for (int k = 0; k < s->nrow + s->ncol && s->n < 64; k++) {
        const char *raw = k < s->nrow ? s->row_raw[k] : s->col_raw[k - s->nrow];
        int id = label_id(&m->src, raw);
        if (id < 0)
            return NB_ERR_NOMEM;
        if (!ignorable(m->src.text[id]))
            s->ids[s->n++] = id;
    }
    return NB_OK;
}

/* The score of layout cell c for source cell s, or -1 when it does not fit. */
static int score(matcher *m, const scell *s, const lcell *c)
{
    for (int i = 0; i < s->n; i++) {
        bool found = false;
        for (int j = 0; j < c->n && !found; j++)
            found = same(m, s->ids[i], c->ids[j]);
        if (!found)
            return -1;
    }
    int matched = 0;
    for (int j = 0; j < c->n; j++) {
        bool found = false;
        for (int i = 0; i < s->n && !found; i++)
            found = same(m, s->ids[i], c->ids[j]);
        if (found)
            matched++;
        else if (c->ids[j] == c->need[0] || c->ids[j] == c->need[1])
            return -1;
    }
    return matched;
}

static void put_path(nb_buf *b, const char *const *raw, int n)
{
    for (int i = 0; i < n; i++)
        nb_buf_printf(b, "%s%s", i ? " › " : "", raw[i]);
}

/* "table 2, row 27, column 4 (（八）其他 / 申请人情况 › 自然人)" */
static void where(nb_buf *b, const scell *s)
{
    nb_buf_printf(b, "table %zu, row %d, column %d (", s->table, s->cell->row + 1,
                  s->cell->col + 1);
    put_path(b, s->row_raw, s->nrow);
    nb_buf_puts(b, s->nrow && s->ncol ? " / " : "");
    put_path(b, s->col_raw, s->ncol);
    nb_buf_putc(b, ')');
}

static void unmatched(matcher *m, const scell *s, const char *why)
{
    nb_buf msg = {0};
    where(&msg, s);
    nb_buf_printf(&msg, ": '%s' %s; not imported", s->cell->text, why);
    nb_diag_at(m->d, NB_WARNING, NB_ERR_SCHEMA, (nb_pos){m->file, s->cell->line, 0}, "%s",
               nb_buf_cstr(&msg));
    nb_buf_printf(m->notes, "#   %s\n", nb_buf_cstr(&msg));
    nb_buf_free(&msg);
}

static nb_status match_cell(matcher *m, scell *s)
{
    nb_status st = describe(m, s);
    if (st)
        return st;
    if (!s->n)
        return NB_OK; /* a figure without any label: not part of a statistics table */
    int best = -1, second = -1;
    long which = -1;
    for (size_t i = 0; i < m->ncells; i++) {
        int sc = score(m, s, &m->cells[i]);
        if (sc > best) {
            second = best;
            best = sc;
            which = (long)i;
        } else if (sc == best) {
            second = sc;
        }
    }
    if (best < 0) {
        if (*s->cell->text || s->ncol)
            unmatched(m, s, "matches no cell of the layout");
        return NB_OK;
    }
    if (second == best) {
        unmatched(m, s, "matches several cells of the layout equally");
        return NB_OK;
    }
    const lcell *c = &m->cells[which];
    const nb_maprow *r = &m->dr->map.rows[c->row];
    if (m->given_by[which]) {
        nb_buf why = {0};
        nb_buf_printf(&why, "names %s, which an earlier cell already gave", r->cols[c->col].key);
        unmatched(m, s, nb_buf_cstr(&why));
        nb_buf_free(&why);
        return NB_OK;
    }
    m->given_by[which] = 1;
    if (!nb_draft_set(m->dr, r->cols[c->col].key, s->cell->text))
        return NB_ERR_NOMEM;
    return NB_OK;
}

/* Layout rows the report did not fill: one warning per row (or per cell
 * when the row is partly there). */
static void report_missing(matcher *m)
{
    const nb_layout *l = m->dr->layout;
    size_t k = 0;
    for (size_t i = 0; i < m->dr->map.nrows; i++) {
        const nb_maprow *r = &m->dr->map.rows[i];
        int given = 0;
        for (int j = 0; j < r->ncols; j++)
            given += m->given_by[k + (size_t)j] != 0;
        char *title = nb_maprow_title(l, r);
        if (!given) {
            nb_diag_at(m->d, NB_WARNING, NB_ERR_SCHEMA, (nb_pos){m->file, 0, 0},
                       "%s (%s) is not in the report's tables: fill it in", title ? title : "",
                       r->rowkey);
        } else {
            for (int j = 0; j < r->ncols; j++)
                if (!m->given_by[k + (size_t)j])
                    nb_diag_at(m->d, NB_WARNING, NB_ERR_SCHEMA, (nb_pos){m->file, 0, 0},
                               "%s › %s (%s) is not in the report's tables: replace " NB_UNFILLED,
                               title ? title : "",
                               r->cols[j].nlabels ? r->cols[j].labels[r->cols[j].nlabels - 1] : "",
                               r->cols[j].key);
        }
        nb_free(title);
        k += (size_t)r->ncols;
    }
}

nb_status nb_import_tables(const nb_idoc *doc, nb_draft *dr, nb_buf *notes, nb_diags *d)
{
    matcher m = {.dr = dr, .d = d, .notes = notes, .file = doc->name};
    nb_status st = build_layout_cells(&m);
    /* Source labels are at most every cell of every table. */
    size_t nsrc = 0;
    for (size_t i = 0; i < doc->count; i++)
        nsrc += doc->blocks[i].is_table ? doc->blocks[i].table.count : 0;
    m.same_cols = m.lay.count;
    if (!st && !(m.same = nb_calloc(nsrc * m.same_cols + 1, 1)))
        st = NB_ERR_NOMEM;
    size_t tableno = 0;
    for (size_t i = 0; i < doc->count && !st; i++) {
        const nb_iblock *b = &doc->blocks[i];
        if (!b->is_table)
            continue;
        tableno++;
        for (size_t c = 0; c < b->table.count && !st; c++) {
            const nb_icell *cell = &b->table.cells[c];
            if (!figure_like(cell->text))
                continue;
            scell s = {.table = tableno, .t = &b->table, .cell = cell};
            st = match_cell(&m, &s);
        }
    }
    if (!st)
        report_missing(&m);
    labels_free(&m.lay);
    labels_free(&m.src);
    nb_free(m.cells);
    nb_free(m.same);
    nb_free(m.given_by);
    return st;
}
