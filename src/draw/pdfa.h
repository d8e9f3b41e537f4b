/* PDF/A-2b (ISO 19005-2, conformance level B) on top of what nb_pdf_write
 * already makes: a 1.7 header, the XMP packet, an sRGB OutputIntent whose
 * ICC profile is embedded, and a trailer /ID derived from the content (so
 * output stays reproducible). The fonts' /CIDSet and CIDSystemInfo are
 * added where the fonts are made (pdf.c, fontprog.c). */
#ifndef NB_DRAW_PDFA_H
#define NB_DRAW_PDFA_H

#include <hpdf.h>

#include "xmp.h"

/* The sRGB profiles looked for, in order (icc-profiles-free, colord). */
#define NB_SRGB_PROFILES                                                                           \
    {                                                                                              \
        "/usr/share/color/icc/sRGB.icc", "/usr/share/color/icc/colord/sRGB.icc"                    \
    }

/* Applies the document-level parts. `id` is a content hash. Errors:
 * NB_ERR_NOT_FOUND (no sRGB profile installed), NB_ERR_PDF (libharu). */
nb_status nb_pdfa_apply(HPDF_Doc pdf, const nb_xmp *meta, const unsigned char id[16], nb_diags *d);

#endif
