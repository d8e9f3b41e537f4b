/* Object streams (PDF 1.5, ISO 32000-1 §7.5.7–7.5.8): rewrites the file
 * libharu wrote (a classic xref table, every object on its own) so that
 * its dictionaries — the structure tree's hundreds of elements above all,
 * but also fonts, pages and outlines — sit deflated in object streams,
 * indexed by a cross-reference stream. Streams and the bare numbers that
 * are stream lengths stay as they are. libharu cannot write this itself;
 * PDF/A-2 allows it. */
#ifndef NB_DRAW_OBJSTM_H
#define NB_DRAW_OBJSTM_H

#include <stddef.h>

#include "../nianbao.h"
#include "../util/buf.h"

/* Packs `in` (a complete PDF as libharu writes it) into `out`, raising the
 * header to 1.5 when lower. NB_ERR_PDF when `in` is not in the expected
 * form (then nothing is changed), NB_ERR_NOMEM. */
nb_status nb_objstm_pack(const unsigned char *in, size_t len, nb_buf *out);

#endif
