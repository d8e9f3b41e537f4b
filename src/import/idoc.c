/* Building the format-free document of idoc.h. */
#include <string.h>

#include "../util/alloc.h"
#include "idoc.h"

#define MAX_COLS 512   /* columns of one table */
#define MAX_SPAN 1000  /* a rowspan/colspan beyond this is clamped */
#define MAX_ROWS 20000 /* rows of one table */

void nb_itable_free(nb_itable *t)
{
    for (size_t i = 0; i < t->count; i++)
        nb_free(t->cells[i].text);
    nb_free(t->cells);
    nb_free(t->slot);
    memset(t, 0, sizeof *t);
}

void nb_idoc_free(nb_idoc *doc)
{
    for (size_t i = 0; i < doc->count; i++) {
        nb_free(doc->blocks[i].text);
        nb_itable_free(&doc->blocks[i].table);
    }
    nb_free(doc->blocks);
    doc->blocks = NULL;
    doc->count = doc->cap = 0;
}

static bool is_space_at(const unsigned char *s, size_t n, size_t *w)
{
    if (n >= 1 && (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r'))) {
        *w = 1;
        return true;
    }
    if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0) { /* U+00A0 */
        *w = 2;
        return true;
    }
    if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) { /* U+3000 */
        *w = 3;
        return true;
    }
    return false;
}

/* Bytes of a character no data file may hold at s (C0 controls other
 * than white space, DEL, C1 controls, U+FEFF, U+FFFE/U+FFFF: a page
 * decoded with the wrong charset, or junk in a document), or 0. */
static size_t unprintable(const unsigned char *s, size_t n)
{
    if (s[0] < 0x20 && !(s[0] == '\t' || s[0] == '\n' || s[0] == '\r'))
        return 1;
    if (s[0] == 0x7F)
        return 1;
    if (n >= 2 && s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F)
        return 2;
    if (n >= 3 && s[0] == 0xEF &&
        ((s[1] == 0xBB && s[2] == 0xBF) || (s[1] == 0xBF && s[2] >= 0xBE)))
        return 3;
    return 0;
}

char *nb_itext_trim(const char *s, size_t len, bool collapse)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t w;
    while (len && is_space_at(p, len, &w)) {
        p += w;
        len -= w;
    }
    /* Trailing: scan forward remembering the end of the last non-space. */
    size_t end = 0;
    for (size_t i = 0; i < len;) {
        if (is_space_at(p + i, len - i, &w)) {
            i += w;
        } else {
            i++;
            end = i;
        }
    }
    nb_buf b = {0};
    for (size_t i = 0; i < end;) {
        if (collapse && is_space_at(p + i, end - i, &w)) {
            /* Only ASCII runs collapse; an ideographic space is content. */
            if (p[i] <= ' ') {
                while (i < end && p[i] <= ' ' && p[i] != 0)
                    i++;
                nb_buf_putc(&b, ' ');
                continue;
            }
        }
        size_t skip = unprintable(p + i, end - i);
        if (skip) {
            i += skip;
            continue;
        }
        nb_buf_putc(&b, (char)p[i]);
        i++;
    }
    if (!b.len && !b.oom)
        return nb_strdup("");
    return nb_buf_take(&b);
}

void nb_ipara_run(nb_ipara_builder *p, const char *text, size_t len, nb_irun kind)
{
    if (!len)
        return;
    /* White space before any text belongs to no run (an indent). */
    bool blank = true;
    for (size_t i = 0; i < len && blank; i++)
        blank = (unsigned char)text[i] <= ' ';
    if (p->text.len == 0 && blank)
        return;
    if (p->text.len == 0)
        p->lead_open = true;
    nb_buf_append(&p->text, text, len);
    if (blank || kind == NB_RUN_NEUTRAL)
        return;
    if (p->lead_open && kind == NB_RUN_EMPH)
        p->lead = p->text.len;
    else
        p->lead_open = false;
}

static nb_status add_block(nb_idoc *doc, nb_iblock *b, nb_diags *d)
{
    if (doc->count >= NB_IMPORT_MAX_BLOCKS)
        return nb_diag_at(d, NB_ERROR, NB_ERR_LIMIT, (nb_pos){doc->name, b->line, 0},
                          "more than %d paragraphs and tables", NB_IMPORT_MAX_BLOCKS);
    if (!nb_grow(&doc->blocks, doc->count, 1, &doc->cap, sizeof *doc->blocks))
        return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
    doc->blocks[doc->count++] = *b;
    return NB_OK;
}

nb_status nb_ipara_flush(nb_idoc *doc, nb_ipara_builder *p, nb_diags *d)
{
    nb_status s = NB_OK;
    if (p->text.oom) {
        s = nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
    } else if (p->text.len) {
        const char *raw = nb_buf_cstr(&p->text);
        /* Leading white space was never added; the lead keeps its bytes. */
        char *text = nb_itext_trim(raw, p->text.len, true);
        if (!text)
            s = nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
        else if (!*text)
            nb_free(text);
        else if ((doc->text_bytes += strlen(text)) > NB_IMPORT_MAX_TEXT) {
            nb_free(text);
            s = nb_diag_at(d, NB_ERROR, NB_ERR_LIMIT, (nb_pos){doc->name, p->line, 0},
                           "more than %u bytes of text", NB_IMPORT_MAX_TEXT);
        } else {
            /* The lead as the trimmed text has it (white space inside it
             * may have collapsed). */
            char *lead_text = p->lead ? nb_itext_trim(raw, p->lead, true) : NULL;
            size_t lead = lead_text ? strlen(lead_text) : 0;
            nb_free(lead_text);
            if (lead > strlen(text))
                lead = strlen(text);
            nb_iblock b = {.text = text, .lead = lead, .centered = p->centered, .line = p->line};
            if ((s = add_block(doc, &b, d)))
                nb_free(text);
        }
    }
    nb_buf_free(&p->text);
    memset(p, 0, sizeof *p);
    return s;
}

/* ---- tables ------------------------------------------------------------------ */

/* While a table is built: per column, the cell that covers it in the row
 * being filled or last covered it, and how many rows below the current
 * one a rowspan still covers. */
typedef struct nb_colstate {
    int owner[MAX_COLS];
    int below[MAX_COLS];
    bool taken[MAX_COLS]; /* occupied in the current row */
} colstate;

void nb_itable_abandon(nb_itable_builder *b)
{
    nb_free(b->cs);
    b->cs = NULL;
    nb_itable_free(&b->t);
}

void nb_itable_begin(nb_itable_builder *b, int line)
{
    memset(b, 0, sizeof *b);
    b->row = -1;
    b->line = line;
    b->t.line = line;
    b->cs = nb_calloc(1, sizeof(colstate));
    if (b->cs) {
        colstate *cs = b->cs;
        for (int i = 0; i < MAX_COLS; i++)
            cs->owner[i] = -1;
    }
}

static nb_status table_limit(const nb_itable_builder *b, nb_diags *d, const char *name,
                             const char *what)
{
    return nb_diag_at(d, NB_ERROR, NB_ERR_LIMIT, (nb_pos){name, b->line, 0},
                      "a table with more than %s", what);
}

nb_status nb_itable_row(nb_itable_builder *b, nb_diags *d, const char *name)
{
    colstate *cs = b->cs;
    if (!cs)
        return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
    if (b->row + 1 >= MAX_ROWS)
        return table_limit(b, d, name, "20000 rows");
    b->row++;
    b->col = 0;
    for (int c = 0; c < MAX_COLS; c++) {
        cs->taken[c] = cs->below[c] > 0;
        if (cs->below[c] > 0)
            cs->below[c]--;
    }
    return NB_OK;
}

static void skip_taken(nb_itable_builder *b)
{
    colstate *cs = b->cs;
    while (b->col < MAX_COLS && cs->taken[b->col])
        b->col++;
}

nb_status nb_itable_cell(nb_itable_builder *b, const char *text, int rowspan, int colspan, int line,
                         nb_diags *d, const char *name)
{
    colstate *cs = b->cs;
    if (!cs)
        return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
    if (b->row < 0 && nb_itable_row(b, d, name))
        return NB_ERR_LIMIT;
    rowspan = rowspan < 1 ? 1 : rowspan > MAX_SPAN ? MAX_SPAN : rowspan;
    colspan = colspan < 1 ? 1 : colspan > MAX_SPAN ? MAX_SPAN : colspan;
    skip_taken(b);
    if (b->col + colspan > MAX_COLS)
        return table_limit(b, d, name, "512 columns");
    if (!nb_grow(&b->t.cells, b->t.count, 1, &b->t.cap, sizeof *b->t.cells))
        return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
    char *copy = nb_strdup(text ? text : "");
    if (!copy)
        return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
    int idx = (int)b->t.count++;
    b->t.cells[idx] = (nb_icell){copy, b->row, b->col, rowspan, colspan, line};
    for (int c = b->col; c < b->col + colspan; c++) {
        cs->owner[c] = idx;
        cs->below[c] = rowspan - 1;
        cs->taken[c] = true;
    }
    b->col += colspan;
    if (b->col > b->t.ncols)
        b->t.ncols = b->col;
    return NB_OK;
}

nb_status nb_itable_merge_down(nb_itable_builder *b, int colspan, nb_diags *d, const char *name)
{
    colstate *cs = b->cs;
    if (!cs)
        return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
    if (b->row < 0 && nb_itable_row(b, d, name))
        return NB_ERR_LIMIT;
    skip_taken(b);
    int idx = b->col < MAX_COLS ? cs->owner[b->col] : -1;
    nb_icell *above = idx >= 0 ? &b->t.cells[idx] : NULL;
    if (!above || above->col != b->col || above->row + above->rowspan != b->row)
        return nb_itable_cell(b, "", 1, colspan, 0, d, name); /* nothing to continue */
    above->rowspan++;
    for (int c = above->col; c < above->col + above->colspan && c < MAX_COLS; c++)
        cs->taken[c] = true;
    b->col = above->col + above->colspan;
    return NB_OK;
}

void nb_itable_skip(nb_itable_builder *b, int n)
{
    if (n > 0 && n < MAX_COLS && b->row >= 0) {
        for (int i = 0; i < n; i++) {
            skip_taken(b);
            if (b->col < MAX_COLS)
                b->col++;
        }
    }
}

nb_status nb_itable_end(nb_idoc *doc, nb_itable_builder *b, nb_diags *d)
{
    nb_itable *t = &b->t;
    nb_free(b->cs);
    b->cs = NULL;
    if (!t->count) {
        nb_itable_free(t);
        return NB_OK;
    }
    t->nrows = b->row + 1;
    if ((size_t)t->nrows * (size_t)t->ncols > NB_IMPORT_MAX_TABLE_SLOTS) {
        nb_itable_free(t);
        return table_limit(b, d, doc->name, "20000 cells");
    }
    t->slot = nb_malloc((size_t)t->nrows * (size_t)t->ncols * sizeof *t->slot + 1);
    if (!t->slot) {
        nb_itable_free(t);
        return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
    }
    for (int i = 0; i < t->nrows * t->ncols; i++)
        t->slot[i] = -1;
    for (size_t i = 0; i < t->count; i++) {
        nb_icell *c = &t->cells[i];
        if (c->row + c->rowspan > t->nrows)
            c->rowspan = t->nrows - c->row; /* a rowspan past the last row */
        for (int r = c->row; r < c->row + c->rowspan; r++)
            for (int k = c->col; k < c->col + c->colspan; k++)
                t->slot[r * t->ncols + k] = (int)i;
    }
    nb_iblock blk = {.is_table = true, .table = *t, .line = t->line};
    nb_status s = add_block(doc, &blk, d);
    if (s)
        nb_itable_free(t);
    memset(t, 0, sizeof *t);
    return s;
}
