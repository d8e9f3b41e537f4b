/* The PDF backend: draws an nb_doc with libharu. This module (src/draw/) is
 * the only code that includes hpdf.h. */
#ifndef NB_DRAW_PDF_H
#define NB_DRAW_PDF_H

#include <stdbool.h>
#include <stddef.h>

#include "../nianbao.h"
#include "../doc/doc.h"

typedef struct nb_pdf_opts {
    bool compress; /* deflate content and font streams */
    bool pdfa;     /* PDF/A-2b (draw/pdfa.h) */
    bool tagged;   /* a tagged PDF from doc->elems (draw/structtree.h) */
} nb_pdf_opts;

/* Writes `doc` as a complete PDF into a heap buffer (*out, *len; nb_free).
 * Every face used is embedded as a subset (hb-subset) in a Type0 font with
 * an exact /W and a bfchar ToUnicode. Deterministic: the same doc gives the
 * same bytes (no dates unless doc->date, no /ID). `opts` may be NULL
 * (compress). On failure *out is NULL and the error is recorded in `d`:
 * NB_ERR_PDF (glyph 0 or out of range, bad face index, bad date, outline to
 * a missing page, libharu not 2.3.0, libharu errors), NB_ERR_FONT (a face
 * without glyf/CFF outlines), NB_ERR_NOMEM. Thread-safe for distinct docs
 * sharing one read-only nb_fontset. */
nb_status nb_pdf_write(const nb_doc *doc, const nb_pdf_opts *opts, unsigned char **out, size_t *len,
                       nb_diags *d);

#endif
