#include "deflate.h"

#include <libdeflate.h>

bool nb_deflate(const void *data, size_t len, int level, nb_buf *out)
{
    out->len = 0;
    /* A compressor is a few hundred KB of tables; one per call keeps this
     * thread-safe without per-thread state, and costs far less than the
     * compression itself. */
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(level);
    if (!c) {
        out->oom = true;
        return false;
    }
    size_t bound = libdeflate_zlib_compress_bound(c, len);
    bool ok = nb_buf_reserve(out, bound + 1);
    if (ok) {
        size_t n = libdeflate_zlib_compress(c, data, len, out->data, bound);
        ok = n > 0;
        out->len = n;
        out->data[n] = '\0';
    }
    libdeflate_free_compressor(c);
    if (!ok)
        out->oom = true;
    return ok;
}
