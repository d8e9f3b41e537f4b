/* The XMP packet of a PDF/A-2b file: the Info dictionary's entries again,
 * in UTF-8 (CJK titles included), plus the PDF/A identification. ISO
 * 19005-2 §6.6.2.3.1 wants every Info entry present to have its XMP
 * equivalent with the same value, so both are written from one nb_xmp. */
#ifndef NB_DRAW_XMP_H
#define NB_DRAW_XMP_H

#include "../nianbao.h"
#include "../util/buf.h"

typedef struct nb_xmp {
    /* UTF-8, exactly as written into Info; NULL = absent in both. */
    const char *title, *author, *subject, *creator, *producer;
    const char *date; /* PDF date "D:YYYYMMDDHHmmSS+08'00'" or NULL */
} nb_xmp;

/* Appends the packet. NB_ERR_PDF for a date it cannot convert. */
nb_status nb_xmp_write(const nb_xmp *m, nb_buf *out);

/* "D:20220124000000+08'00'" → "2022-01-24T00:00:00+08:00"; false if the
 * date is not in that form (or with Z, or without a zone). */
bool nb_xmp_date(const char *pdf_date, char out[32]);

#endif
