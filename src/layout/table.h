/* Table layout: a table grid (model/table.h) with an office's values →
 * column widths, wrapped cell text, row heights.
 *
 * Columns get their declared widths; `auto` and fractions share what is
 * left of the text block, so a table always spans exactly the block's
 * width. Cell text wraps by the same Chinese line-breaking rules as prose.
 * A row is as tall as its tallest single-row cell; a cell spanning rows
 * that needs more height gets it added to its last row. Drawing happens
 * per page (nb_table_draw) so that a page break inside the table can cut a
 * row-spanning label and print it again on the continuation page. */
#ifndef NB_LAYOUT_TABLE_H
#define NB_LAYOUT_TABLE_H

#include "../model/table.h"
#include "../paginate/pages.h"
#include "../shape/shape.h"

typedef struct nb_tcell_box {
    nb_prun *runs; /* x from the cell's left edge, y = baseline from the
                      top of the cell's text block */
    size_t nruns;
    nb_mpt height; /* of the text block */
} nb_tcell_box;

typedef struct nb_tlayout {
    const nb_table *table;
    nb_mpt *col_x, *col_w; /* ncols, x from the text block's left edge */
    nb_mpt *row_h;         /* nrows */
    nb_tcell_box *boxes;   /* per cell */
    nb_tcell_box caption;  /* “续表” above a continuation, runs x from the
                              block's left edge; nruns 0 when none */
    nb_mpt caption_h;      /* its height with the space below it */
    nb_mpt rule;           /* grid line width */
    nb_mpt pad_y;          /* cell padding above and below the text */
    char **texts;          /* shaped texts the runs point into */
    size_t ntexts;
} nb_tlayout;

typedef struct nb_layout nb_layout;

nb_status nb_table_layout(const nb_layout *l, const nb_fontset *fs, const nb_table *t,
                          const nb_tvalues *values, nb_tlayout *out, nb_diags *d);
void nb_tlayout_free(nb_tlayout *tl);

/* One page's share of a table: the grid rows placed on it and where. */
typedef struct nb_tsegment {
    const nb_tlayout *tl;
    size_t page;
    int *rows;    /* grid rows, top to bottom */
    nb_mpt *tops; /* their tops, from the page's top edge */
    size_t count, cap;
    bool continued; /* a continuation: the caption goes at caption_top */
    nb_mpt caption_top;
} nb_tsegment;

/* Draws the cells of `seg` (borders and text) onto `page`; a cell whose
 * rows are only partly on the page is drawn over that part, its text
 * centred there. Copies runs, so the layout stays intact. */
nb_status nb_table_draw(const nb_tsegment *seg, nb_mpt left, nb_ppage *page);

#endif
