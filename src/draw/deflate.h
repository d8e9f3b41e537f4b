/* zlib-format deflate of the streams the PDF backend compresses itself
 * (font programs and ToUnicode CMaps) with libdeflate: at the same level it
 * is several times faster than zlib and a little smaller. The bytes are
 * written to the PDF as they are, with /Filter /FlateDecode added by the
 * glue (libharu would drop a /Filter it did not apply itself). */
#ifndef NB_DRAW_DEFLATE_H
#define NB_DRAW_DEFLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/buf.h"

/* The level used for every stream we compress (see README, Speed). */
#define NB_DEFLATE_LEVEL 6

/* Replaces out's contents by the zlib stream of data[0..len). False on
 * allocation failure (out->oom is set). */
bool nb_deflate(const void *data, size_t len, int level, nb_buf *out);

#endif
