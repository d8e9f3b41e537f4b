/* A tagged PDF from the structure the display list carries (doc.h
 * nb_elem): while pages are drawn, each run of content is wrapped as
 * marked content with an MCID (artifacts as /Artifact), and afterwards the
 * structure tree is written — StructTreeRoot, the elements with their
 * MCIDs, table attributes (RowSpan, ColSpan, Scope), the ParentTree — with
 * /MarkInfo and /Lang zh-CN in the catalog (ISO 32000-1 §14.7–14.8). */
#ifndef NB_DRAW_STRUCTTREE_H
#define NB_DRAW_STRUCTTREE_H

#include <hpdf.h>

#include "../doc/doc.h"
#include "../util/buf.h"

typedef struct nb_mcids {
    uint32_t *elem; /* per MCID of the page: its element */
    size_t count, cap;
} nb_mcids;

typedef struct nb_tagger {
    const nb_doc *doc;
    nb_mcids *pages; /* per page */
    bool open;       /* a marked-content sequence is open */
    uint32_t cur;    /* the element it belongs to (0: artifact) */
} nb_tagger;

/* NULL pages when the doc has no structure (then nothing is tagged). */
nb_status nb_tagger_init(nb_tagger *t, const nb_doc *doc);
void nb_tagger_free(nb_tagger *t);

/* Appends to `out` what must come before a run of element `elem` on page
 * `page`: closing the open sequence and opening the run's, if it differs. */
nb_status nb_tagger_run(nb_tagger *t, size_t page, uint32_t elem, nb_buf *out);
/* Closes the open sequence (end of a page's text). */
void nb_tagger_close(nb_tagger *t, nb_buf *out);

/* Writes the structure tree and the catalog entries. */
HPDF_STATUS nb_tagger_write(const nb_tagger *t, HPDF_Doc pdf, const HPDF_Page *pages);

#endif
