/* The display list: what layout and pagination produce and what the PDF
 * backend draws. Backend-neutral, integer millipoints, origin at the top-left
 * corner of the page with y growing downwards (the backend flips it).
 *
 * Text is kept as shaped glyph runs that remember the source text of every
 * cluster, so the backend can write an exact ToUnicode map. */
#ifndef NB_PAGINATE_PAGES_H
#define NB_PAGINATE_PAGES_H

#include <stddef.h>
#include <stdint.h>

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
} nb_prun;

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
    /* Storage for all run texts and glyph arrays; freed by nb_doc_free. */
    void **blocks;
    size_t nblocks, capblocks;
} nb_doc;

void nb_doc_free(nb_doc *doc);

#endif
