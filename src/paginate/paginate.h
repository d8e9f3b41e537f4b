/* Pagination: a flow of lines → pages on the GB/T 9704 text block.
 *
 * Lines stack from the top edge of the block at their pitch; a line goes to
 * the next page when its em box would cross the bottom edge. Blank space
 * before a line is dropped at the top of a page. A run of keep-with-next
 * lines (a heading and the first line after it) moves to the next page
 * together rather than leave a heading alone at a page foot. Page numbers
 * “— N —” go 7 mm below the block, odd pages right and even pages left.
 *
 * Pagination only places what layout made: lines of runs, table cells and
 * page-number boxes; it shapes and measures nothing itself. */
#ifndef NB_PAGINATE_PAGINATE_H
#define NB_PAGINATE_PAGINATE_H

#include "../doc/doc.h"
#include "../layout/flow.h"

/* Moves the flow's runs and texts into `doc` (the flow is left empty). */
nb_status nb_paginate(const nb_layout *l, const nb_fontset *fs, const nb_bound *b, nb_flow *flow,
                      nb_doc *doc, nb_diags *d);

#endif
