/* The display list: what layout produces (runs of glyphs, boxes of runs),
 * what pagination places on pages, and what the PDF backend draws.
 * Backend-neutral, integer millipoints, origin at the top-left corner of
 * the page with y growing downwards (the backend flips it).
 *
 * Text is kept as shaped glyph runs that remember the source text of every
 * cluster, so the backend can write an exact ToUnicode map.
 *
 * This module sits below layout: it knows fonts only by index and knows
 * nothing of layouts, tables or flows. */
#ifndef NB_DOC_DOC_H
#define NB_DOC_DOC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../fonts/fontset.h"
#include "../util/units.h"

/* A line's em box top sits this far above its baseline, in thousandths of
 * the font size: the ideographic em box of CJK fonts runs from -120 to 880,
 * and the PDF font descriptors say the same. */
#define NB_ASCENT_PERMILLE 880

typedef struct nb_pglyph {
    uint32_t gid;              /* never 0: shaping refuses .notdef */
    nb_mpt advance;            /* pen advance after this glyph: the font's advance
                                  plus tracking and justification */
    nb_mpt natural;            /* the font's own advance at this size (for /W) */
    nb_mpt x_offset, y_offset; /* from HarfBuzz positioning */
    uint32_t text_off;         /* this glyph's cluster text in nb_prun.text */
    uint32_t text_len;         /* 0 for the 2nd..n-th glyph of a cluster */
} nb_pglyph;

typedef struct nb_prun {
    uint16_t face; /* index into nb_fontset.faces */
    nb_mpt size;   /* font size */
    nb_mpt x, y;   /* pen position of the first glyph; y = baseline */
    nb_pglyph *glyphs;
    size_t count;
    const char *text; /* UTF-8, borrowed from the nb_doc */
    uint32_t elem;    /* structure element (index into nb_doc.elems) whose
                         content this is; NB_ELEM_ARTIFACT (0) for what is
                         not content: page numbers, repeated headers, 续表 */
} nb_prun;

/* A piece of laid-out text: runs positioned from the box's own origin
 * (x from its left edge, y = baseline from its top), and its height. */
typedef struct nb_box {
    nb_prun *runs;
    size_t nruns;
    nb_mpt height;
} nb_box;

/* Frees the runs' glyphs and the runs (not the texts they point into). */
void nb_box_free(nb_box *box);

typedef struct nb_prule {
    nb_mpt x0, y0, x1, y1;
    nb_mpt width;
} nb_prule;

typedef struct nb_ppage {
    int number; /* 1-based page number */
    nb_prun *runs;
    size_t nruns, capruns;
    nb_prule *rules;
    size_t nrules, caprules;
} nb_ppage;

/* The logical structure carried with the display list, for a tagged PDF:
 * a tree of elements in reading order (parents before children), each run
 * naming the element its text belongs to. Rules are always artifacts. */
#define NB_ELEM_ARTIFACT 0u

typedef enum nb_elem_kind {
    NB_EL_NONE, /* slot 0: the artifact marker, not an element */
    NB_EL_DOCUMENT,
    NB_EL_H1,
    NB_EL_H2,
    NB_EL_H3,
    NB_EL_H4,
    NB_EL_P,
    NB_EL_TABLE,
    NB_EL_TR,
    NB_EL_TH_COLUMN, /* a header cell over columns */
    NB_EL_TH_ROW,    /* a row label */
    NB_EL_TD
} nb_elem_kind;

typedef struct nb_elem {
    nb_elem_kind kind;
    uint32_t parent;      /* index of the parent; 0 for the Document */
    int rowspan, colspan; /* table cells; 1 otherwise */
} nb_elem;

typedef struct nb_outline_item {
    int level; /* 1 = top */
    char *title;
    size_t page; /* index into nb_doc.pages */
    nb_mpt y;    /* top of the heading line */
} nb_outline_item;

typedef struct nb_doc {
    const nb_fontset *fonts;
    nb_mpt page_width, page_height;
    nb_ppage *pages;
    size_t npages, cappages;
    nb_outline_item *outline;
    size_t noutline, capoutline;
    /* Info dictionary, UTF-8; NULL = leave out. */
    char *title, *author, *subject, *creator;
    /* PDF date string "D:YYYYMMDDHHmmSS+08'00'" or NULL (no date written):
     * from the data, or SOURCE_DATE_EPOCH; never the wall clock. */
    char *date;
    /* The structure tree: elems[0] is unused (NB_ELEM_ARTIFACT), elems[1]
     * the Document; empty when no structure was built. */
    nb_elem *elems;
    size_t nelems, capelems;
    /* Storage for all run texts and glyph arrays; freed by nb_doc_free. */
    void **blocks;
    size_t nblocks, capblocks;
} nb_doc;

void nb_doc_free(nb_doc *doc);

/* Appends an empty page numbered after the last; NULL when out of memory. */
nb_ppage *nb_doc_add_page(nb_doc *doc);
/* Makes `p` (a run text, say) the document's to free; frees it and returns
 * NB_ERR_NOMEM when it cannot. A NULL `p` is NB_ERR_NOMEM too, so a failed
 * allocation can be passed straight in. */
nb_status nb_doc_keep(nb_doc *doc, void *p);
/* A bookmark to `title` (copied) at height y of page `page` (0-based). */
nb_status nb_doc_add_outline(nb_doc *doc, int level, const char *title, size_t page, nb_mpt y);

/* Moves runs onto a page, shifted by (dx, dy); the page takes their glyph
 * arrays (the caller frees only the run array). */
nb_status nb_page_take_runs(nb_ppage *pg, const nb_prun *runs, size_t n, nb_mpt dx, nb_mpt dy);
/* Copies runs onto a page, shifted by (dx, dy); the source stays intact. */
nb_status nb_page_copy_runs(nb_ppage *pg, const nb_prun *runs, size_t n, nb_mpt dx, nb_mpt dy);
nb_status nb_page_add_rule(nb_ppage *pg, nb_mpt x0, nb_mpt y0, nb_mpt x1, nb_mpt y1, nb_mpt width);

/* Appends an element under `parent`; its index in *index. */
nb_status nb_doc_add_elem(nb_doc *doc, nb_elem_kind kind, uint32_t parent, uint32_t *index);
/* Tags runs [from, pg->nruns) of a page as content of `elem`. */
void nb_page_tag_runs(nb_ppage *pg, size_t from, uint32_t elem);

/* The `--dump pages` text: every run and rule of every page, then the
 * outline. */
void nb_doc_dump(const nb_doc *doc, FILE *out);

#endif
