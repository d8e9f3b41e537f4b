/* libFuzzer target: bytes → the CFF reader of the PDF backend
 * (src/draw/cff.c), which parses the 'CFF ' table of every OpenType font a
 * role uses — including a user's own font files. nb_cff_probe, then, for a
 * CID-keyed table, nb_cff_map_cids over up to 256 glyph ids. The reader
 * promises never to read outside the table: ASan checks that. */
#include "fuzz_common.h"

#include <string.h>

#include "draw/cff.h"

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    /* A heap copy of exactly `size` bytes, so that ASan sees any read past
     * the end of the table. */
    unsigned char *d = malloc(size ? size : 1);
    if (!d)
        return 0;
    memcpy(d, bytes, size);
    nb_cff_info info;
    if (nb_cff_probe(d, size, &info) && info.cid_keyed && info.nglyphs > 0) {
        uint32_t gids[256], cids[256];
        size_t n = 0;
        uint32_t step = info.nglyphs / 256 + 1;
        for (uint32_t g = 0; g < info.nglyphs && n < 256; g += step)
            gids[n++] = g;
        if (n && gids[n - 1] != info.nglyphs - 1 && n < 256)
            gids[n++] = info.nglyphs - 1;
        nb_cff_map_cids(d, size, &info, gids, n, cids);
    }
    free(d);
    return 0;
}
