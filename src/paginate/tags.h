/* The logical structure of the report for a tagged PDF, built from the
 * bound document beside pagination: a Document of headings, paragraphs and
 * tables (Table › TR › TH/TD with their spans), and for every run placed on
 * a page the element it belongs to. What is not content stays an artifact:
 * page numbers, the 续表 caption, header rows repeated on a continuation
 * page and a row label printed again there. */
#ifndef NB_PAGINATE_TAGS_H
#define NB_PAGINATE_TAGS_H

#include "../bind/bind.h"
#include "../doc/doc.h"
#include "../layout/table.h"

typedef struct nb_tagtable {
    const nb_tlayout *tl; /* the laid-out table (set when its rows flow) */
    uint32_t *cell_elem;  /* per cell: its TH/TD */
    bool *placed;         /* per cell: its text is on a page already */
} nb_tagtable;

typedef struct nb_tagmap {
    uint32_t *item_elem; /* per bound item: its element, 0 = none */
    nb_tagtable *tables; /* per bound item (only tables use theirs) */
    size_t nitems;
} nb_tagmap;

/* Builds doc->elems from the bound items. */
nb_status nb_tags_build(const nb_bound *b, nb_doc *doc, nb_tagmap *m);
void nb_tagmap_free(nb_tagmap *m);

/* The table entry of `tl` (NULL when there is none: no tagging). */
nb_tagtable *nb_tags_table(const nb_tagmap *m, const nb_tlayout *tl);

/* The element cell `cell`'s text belongs to where it is placed now: its
 * TH/TD the first time, an artifact when printed again. */
uint32_t nb_tags_cell(nb_tagtable *tt, size_t cell);

#endif
