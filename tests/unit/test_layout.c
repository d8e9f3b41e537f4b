/* Unit tests for src/layout/: the sample's flow of lines (every line on
 * the text block, the body pitch, headings kept with what follows, one
 * flow line per table row), a table's columns and rows, and the page
 * number's box. Prints "N passed, N failed". */
#include "bound.h"
#include "layout/flow.h"

static nb_mpt run_width(const nb_prun *r)
{
    nb_mpt w = 0;
    for (size_t g = 0; g < r->count; g++)
        w += r->glyphs[g].advance;
    return w;
}

static void test_flow(const bound_sample *b)
{
    const nb_layout *l = b->s.layout;
    nb_flow f;
    nb_diags d;
    nb_diags_init(&d);
    if (!CHECK(nb_flow_build(l, b->s.fonts, &b->bound, &f, NULL, NULL, &d) == NB_OK)) {
        nb_diags_print(&d, stdout);
        nb_flow_free(&f);
        nb_diags_free(&d);
        return;
    }
    const nb_mpt W = l->page.text_width, pitch = nb_page_pitch(l);
    CHECKF(pitch == (l->page.text_height - NB_PT(16)) / 21, "22 lines of 16 pt fill the block");
    CHECK(f.page_pitch == pitch);
    size_t text_lines = 0, table_rows = 0, headings = 0;
    for (size_t i = 0; i < f.count; i++) {
        const nb_lline *ln = &f.lines[i];
        if (ln->table) {
            table_rows++;
            CHECKF(ln->nruns == 0 && ln->size == ln->table->row_h[ln->trow],
                   "table line %zu is its row's height", i);
            continue;
        }
        text_lines++;
        CHECKF(ln->nruns > 0, "line %zu has text", i);
        for (size_t k = 0; k < ln->nruns; k++) {
            const nb_prun *r = &ln->runs[k];
            CHECKF(r->x >= 0 && r->x + run_width(r) <= W + r->size / 25 && r->y == 0,
                   "line %zu run %zu on the block: x=%d w=%d", i, k, r->x, run_width(r));
        }
        if (ln->outline) {
            headings++;
            CHECKF(ln->keep_with_next && ln->outline_title, "heading line %zu keeps with next", i);
        }
    }
    size_t rows = 0;
    for (size_t i = 0; i < l->ntables; i++)
        rows += (size_t)l->tables[i].nrows;
    CHECKF(table_rows == rows, "one flow line per table row: %zu of %zu", table_rows, rows);
    CHECK(text_lines > 40 && headings >= 5 && f.ntables == l->ntables);
    nb_flow_free(&f);
    nb_diags_free(&d);
}

/* Columns fill the block exactly; every row holds its cells' text. */
static void test_table(const bound_sample *b)
{
    const nb_layout *l = b->s.layout;
    for (size_t ti = 0; ti < b->figures.count; ti++) {
        const nb_tvalues *tv = &b->figures.tables[ti];
        nb_tlayout tl;
        nb_diags d;
        nb_diags_init(&d);
        if (CHECK(nb_tlayout_build(l, b->s.fonts, tv->table, tv, &tl, &d) == NB_OK)) {
            const nb_table *t = tv->table;
            CHECKF(tl.col_x[0] == 0 &&
                       tl.col_x[t->ncols - 1] + tl.col_w[t->ncols - 1] == l->page.text_width,
                   "table %s spans the block", t->id);
            for (size_t i = 0; i < t->ncells; i++) {
                const nb_tcell *c = &t->cells[i];
                nb_mpt h = 0;
                for (int r = c->row; r < c->row + c->rowspan; r++)
                    h += tl.row_h[r];
                CHECKF(h >= tl.boxes[i].height + 2 * tl.pad_y, "%s cell %zu fits its rows", t->id,
                       i);
                for (size_t k = 0; k < tl.boxes[i].nruns; k++) {
                    const nb_prun *r = &tl.boxes[i].runs[k];
                    CHECKF(r->x >= 0 && r->x + run_width(r) <= nb_tlayout_cell_width(&tl, c) -
                                                                   2 * tl.pad_x + r->size / 25,
                           "%s cell %zu text inside the cell", t->id, i);
                }
            }
        }
        nb_tlayout_free(&tl);
        nb_diags_free(&d);
    }
}

/* “— 1 —” one character in from the right on odd pages, from the left on
 * even ones, 7 mm below the block. */
static void test_page_number(const bound_sample *b)
{
    const nb_layout *l = b->s.layout;
    const nb_style *st = sample_style(&b->s, l->page.pn_style);
    nb_mpt tracking, em;
    nb_style_metrics(l, st, &tracking, &em);
    for (int n = 1; n <= 2; n++) {
        nb_box box;
        char *text = NULL;
        nb_diags d;
        nb_diags_init(&d);
        if (CHECK(nb_page_number_box(l, b->s.fonts, n, &box, &text, &d) == NB_OK) &&
            CHECK(box.nruns > 0 && text && strstr(text, n == 1 ? "1" : "2"))) {
            const nb_prun *first = &box.runs[0], *last = &box.runs[box.nruns - 1];
            nb_mpt right = last->x + run_width(last);
            nb_mpt indent = nb_resolve_length(l->page.pn_indent, em);
            if (n == 1)
                CHECKF(right == l->page.text_width - indent, "odd: ends %d from the right",
                       l->page.text_width - right);
            else
                CHECKF(first->x == indent, "even: starts %d from the left", first->x);
            CHECK(first->y == l->page.pn_below + st->size * NB_ASCENT_PERMILLE / 1000);
        }
        nb_box_free(&box);
        nb_free(text);
        nb_diags_free(&d);
    }
}

int main(void)
{
    bound_sample b;
    if (bound_load(&b)) {
        test_flow(&b);
        test_table(&b);
        test_page_number(&b);
    }
    bound_free(&b);
    return check_done();
}
