/* Placing a laid-out table on pages: pagination records where each grid
 * row lands (row by row, with the header rows again on a continuation
 * page), then puts every cell's borders and text on the pages its rows are
 * on. A cell whose rows are only partly on a page is drawn over that part,
 * its text centred there. */
#ifndef NB_PAGINATE_TABLE_PLACE_H
#define NB_PAGINATE_TABLE_PLACE_H

#include "../doc/doc.h"
#include "../layout/table.h"
#include "tags.h"

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

typedef struct nb_tplacement {
    nb_tsegment *segs;
    size_t count;
    const nb_tagmap *tags; /* the cells' elements; NULL: untagged */
} nb_tplacement;

/* Records that grid row `row` of `tl` sits at `top` on page `page`. */
nb_status nb_tplace_row(nb_tplacement *tp, const nb_tlayout *tl, size_t page, int row, nb_mpt top);
/* On a continuation page, the 续表 caption and the header rows of body row
 * `row`'s group come again at `top`, above it; *height is their height. */
nb_status nb_tplace_repeat_headers(nb_tplacement *tp, const nb_tlayout *tl, int row, size_t page,
                                   nb_mpt top, nb_mpt *height);
/* Puts the cells of every recorded segment onto the doc's pages, `left`
 * being the text block's left edge. Copies runs: the layout stays intact. */
nb_status nb_tplace_cells(const nb_tplacement *tp, nb_mpt left, nb_doc *doc);
void nb_tplacement_free(nb_tplacement *tp);

#endif
