/* A statistics table as an HTML table whose structure is the layout's
 * header trees: the grid cells with their row and column spans, header
 * rows in <thead> (and at the top of each later group's <tbody>), and on
 * every figure a `headers` list naming its column headers and row labels,
 * so a screen reader announces 申请人情况 法人或其他组织 商业企业 with a
 * figure even where spans make `scope` ambiguous. */
#include <stdlib.h>
#include <string.h>

#include "../model/table.h"
#include "../util/alloc.h"
#include "html.h"

typedef struct tctx {
    nb_buf *o;
    const nb_table *t;
    int number;
    long *grid; /* nrows × ncols: the index of the cell covering the slot */
} tctx;

static bool is_header(const nb_tcell *c) { return c->kind != NB_TC_DATA; }

static void cell_id(const tctx *x, const nb_tcell *c)
{
    nb_buf_printf(x->o, "t%d-r%dc%d", x->number, c->row, c->col);
}

/* Appends the ids of the header cells a cell is read with: those of its
 * header rows (the group's caption and column tree) over its columns, then
 * the row labels left of it over its rows. */
static void headers_attr(const tctx *x, const nb_tcell *c, int header_first, int header_count)
{
    const nb_table *t = x->t;
    bool any = false;
    nb_buf *o = x->o;
    for (int r = header_first; r < header_first + header_count; r++)
        for (int col = 0; col < t->ncols; col++) {
            const nb_tcell *h = &t->cells[x->grid[(size_t)r * t->ncols + col]];
            if (h->row != r || h->col != col || !is_header(h))
                continue; /* covered by a span: counted at its top-left slot */
            if (h->col >= c->col + c->colspan || c->col >= h->col + h->colspan)
                continue;
            nb_buf_puts(o, any ? " " : " headers=\"");
            cell_id(x, h);
            any = true;
        }
    long last = -1; /* a label spanning columns is named once */
    for (int col = 0; col < c->col; col++) {
        long hi = x->grid[(size_t)c->row * t->ncols + col];
        if (hi == last || t->cells[hi].kind != NB_TC_LABEL)
            continue;
        last = hi;
        nb_buf_puts(o, any ? " " : " headers=\"");
        cell_id(x, &t->cells[hi]);
        any = true;
    }
    if (any)
        nb_buf_putc(o, '"');
}

static const char *scope(const nb_tcell *c)
{
    switch (c->kind) {
    case NB_TC_CAPTION:
        return "colgroup";
    case NB_TC_CORNER:
    case NB_TC_HEAD:
        return c->colspan > 1 ? "colgroup" : "col";
    case NB_TC_LABEL:
        return "row";
    case NB_TC_DATA:
        break;
    }
    return NULL;
}

static void cell(const tctx *x, const nb_tcell *c, const nb_tvalues *v, const nb_trow *row)
{
    nb_buf *o = x->o;
    bool head = is_header(c);
    nb_buf_printf(o, "<%s", head ? "th" : "td");
    if (head) {
        nb_buf_puts(o, " id=\"");
        cell_id(x, c);
        nb_buf_printf(o, "\" scope=\"%s\"%s", scope(c),
                      c->kind == NB_TC_LABEL ? " class=\"nb-label\"" : "");
    }
    if (c->rowspan > 1)
        nb_buf_printf(o, " rowspan=\"%d\"", c->rowspan);
    if (c->colspan > 1)
        nb_buf_printf(o, " colspan=\"%d\"", c->colspan);
    if (c->kind == NB_TC_DATA || c->kind == NB_TC_LABEL)
        headers_attr(x, c, row->header ? 0 : row->header_first,
                     row->header ? 0 : row->header_count);
    nb_buf_putc(o, '>');
    const char *text = head ? c->text : v->values[c - x->t->cells];
    nb_html_text(o, text ? text : "");
    nb_buf_printf(o, "</%s>", head ? "th" : "td");
}

/* Widths given in the layout (mm, pt) are kept, as a share of the table;
 * auto and fr columns share what is left. */
static void colgroup(const tctx *x)
{
    const nb_table *t = x->t;
    nb_buf_puts(x->o, "<colgroup>");
    for (int c = 0; c < t->ncols; c++) {
        if (!t->width_fr[c] && !t->widths[c].em && t->widths[c].value > 0)
            nb_buf_printf(x->o, "<col style=\"width:%.1fmm\">",
                          t->widths[c].value / 1000.0 * 25.4 / 72.0);
        else
            nb_buf_puts(x->o, "<col>");
    }
    nb_buf_puts(x->o, "</colgroup>\n");
}

void nb_html_table(nb_buf *o, const nb_item *it, const char *caption, int number)
{
    const nb_table *t = it->table;
    tctx x = {o, t, number, NULL};
    x.grid = nb_calloc((size_t)t->nrows * t->ncols, sizeof *x.grid);
    if (!x.grid) {
        o->oom = true;
        return;
    }
    for (size_t i = 0; i < t->ncells; i++) {
        const nb_tcell *c = &t->cells[i];
        for (int r = c->row; r < c->row + c->rowspan; r++)
            for (int col = c->col; col < c->col + c->colspan; col++)
                x.grid[(size_t)r * t->ncols + col] = (long)i;
    }
    nb_buf_printf(o, "<table class=\"nb-table\" id=\"t%d\">\n", number);
    if (caption) {
        nb_buf_puts(o, "<caption>");
        nb_html_text(o, caption);
        nb_buf_puts(o, "</caption>\n");
    }
    colgroup(&x);
    /* The header rows before the first body row are the <thead>; a header
     * row after body rows (a later group's caption and column tree) opens
     * a new <tbody>. */
    const char *open = NULL;
    size_t ci = 0;
    bool seen_body = false;
    for (int r = 0; r < t->nrows; r++) {
        const nb_trow *row = &t->rows[r];
        const char *want = row->header && !seen_body ? "thead" : "tbody";
        bool new_group = row->header && seen_body && r > 0 && !t->rows[r - 1].header;
        if (!open || strcmp(open, want) != 0 || new_group) {
            if (open)
                nb_buf_printf(o, "</%s>\n", open);
            nb_buf_printf(o, "<%s>\n", want);
            open = want;
        }
        seen_body |= !row->header;
        nb_buf_puts(o, "<tr>");
        for (; ci < t->ncells && t->cells[ci].row == r; ci++)
            cell(&x, &t->cells[ci], it->values, row);
        nb_buf_puts(o, "</tr>\n");
    }
    if (open)
        nb_buf_printf(o, "</%s>\n", open);
    nb_buf_puts(o, "</table>\n");
    nb_free(x.grid);
}
