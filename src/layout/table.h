/* Table layout: a table grid (model/table.h) with an office's values →
 * column widths, wrapped cell text, row heights.
 *
 * Columns get their declared widths; `auto` and fractions share what is
 * left of the text block, so a table always spans exactly the block's
 * width. Cell text wraps by the same Chinese line-breaking rules as prose.
 * A row is as tall as its tallest single-row cell; a cell spanning rows
 * that needs more height gets it added to its last row. The result is a
 * box of runs per cell; pagination places the cells row by row, so that a
 * page break inside the table can cut a row-spanning label and print it
 * again on the continuation page. */
#ifndef NB_LAYOUT_TABLE_H
#define NB_LAYOUT_TABLE_H

#include "../bind/figures.h"
#include "../doc/doc.h"
#include "../shape/shape.h"

typedef struct nb_tlayout {
    const nb_table *table;
    nb_mpt *col_x, *col_w; /* ncols, x from the text block's left edge */
    nb_mpt *row_h;         /* nrows */
    nb_box *boxes;         /* per cell: its text, x from the cell's left
                              edge plus padding, y from the top of the text */
    nb_box caption;        /* “续表” above a continuation, runs x from the
                              block's left edge; nruns 0 when none */
    nb_mpt caption_h;      /* its height with the space below it */
    nb_mpt rule;           /* grid line width */
    nb_mpt pad_x, pad_y;   /* cell padding beside / above and below the text */
    char **texts;          /* shaped texts the runs point into */
    size_t ntexts;
} nb_tlayout;

typedef struct nb_layout nb_layout;

nb_status nb_tlayout_build(const nb_layout *l, const nb_fontset *fs, const nb_table *t,
                           const nb_tvalues *values, nb_tlayout *out, nb_diags *d);
void nb_tlayout_free(nb_tlayout *tl);

/* The width of a cell: its columns together. */
nb_mpt nb_tlayout_cell_width(const nb_tlayout *tl, const nb_tcell *c);

#endif
