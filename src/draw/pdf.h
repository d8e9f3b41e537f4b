/* The PDF backend: draws an nb_doc with libharu. This module (src/draw/) is
 * the only code that includes hpdf.h. */
#ifndef NB_DRAW_PDF_H
#define NB_DRAW_PDF_H

#include <stdbool.h>
#include <stddef.h>

#include "../nianbao.h"
#include "../paginate/pages.h"

typedef struct nb_pdf_opts {
    bool compress; /* deflate content and font streams */
} nb_pdf_opts;

/* Writes `doc` as a complete PDF into a heap buffer (*out, *len; nb_free).
 * Every face used is embedded as a subset (hb-subset) in a Type0 font with
 * an exact /W and a bfchar ToUnicode. Deterministic: the same doc gives the
 * same bytes. */
nb_status nb_pdf_write(const nb_doc *doc, const nb_pdf_opts *opts,
                       unsigned char **out, size_t *len, nb_diags *d);

#endif
