#include "fontprog.h"

#include <libdeflate.h>
#include <string.h>

#include "../util/alloc.h"
#include "cff.h"

void nb_fprog_free(nb_fprog *p)
{
    nb_buf_free(&p->cidset);
    memset(p, 0, sizeof *p);
}

static void set_bit(nb_buf *b, uint32_t cid)
{
    size_t byte = cid / 8;
    if (byte >= b->len) {
        size_t old = b->len;
        if (!nb_buf_reserve(b, byte + 1 - old))
            return;
        memset(b->data + old, 0, byte + 1 - old);
        b->len = byte + 1;
    }
    b->data[byte] = (char)((unsigned char)b->data[byte] | (0x80u >> (cid % 8)));
}

static bool copy_sid(const unsigned char *d, size_t len, const nb_cff_info *ci, int32_t sid,
                     char *out, size_t cap)
{
    const unsigned char *s;
    size_t n;
    if (!nb_cff_string(d, len, ci, sid, &s, &n) || n >= cap)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < 0x21 || s[i] > 0x7e)
            return false; /* a PDF string we would have to escape: not a ROS */
    memcpy(out, s, n);
    out[n] = '\0';
    return true;
}

/* Every glyph of a CFF subset: CID-keyed → its charset's CIDs, else the
 * glyph ids (name-keyed CFF is addressed by glyph id). */
static nb_status cff_cids(const unsigned char *d, size_t len, nb_fprog *out)
{
    nb_cff_info ci;
    if (!nb_cff_probe(d, len, &ci))
        return NB_ERR_FONT;
    uint32_t *gids = nb_malloc((size_t)ci.nglyphs * 2 * sizeof *gids + 1);
    if (!gids)
        return NB_ERR_NOMEM;
    uint32_t *cids = gids + ci.nglyphs;
    for (uint32_t g = 0; g < ci.nglyphs; g++)
        gids[g] = cids[g] = g;
    nb_status rc = NB_OK;
    if (ci.cid_keyed && !nb_cff_map_cids(d, len, &ci, gids, ci.nglyphs, cids))
        rc = NB_ERR_FONT;
    for (uint32_t g = 0; g < ci.nglyphs && !rc; g++)
        set_bit(&out->cidset, cids[g]);
    nb_free(gids);
    return rc;
}

/* TrueType: CIDToGIDMap /Identity, so the CIDs are the subset's glyph
 * ids, all of them. */
static nb_status sfnt_read(const unsigned char *d, size_t len, nb_fprog *out)
{
    hb_blob_t *blob =
        hb_blob_create((const char *)d, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_t *f = hb_face_create(blob, 0);
    unsigned n = hb_face_get_glyph_count(f);
    hb_face_destroy(f);
    hb_blob_destroy(blob);
    if (!n)
        return NB_ERR_FONT;
    for (unsigned g = 0; g < n; g++)
        set_bit(&out->cidset, g);
    return NB_OK;
}

/* The ROS of the face the subset was made from: hb-subset keeps it, and
 * reading it there needs no inflating of the deflated subset. */
static void face_ros(const nb_fsub *s, nb_fprog *out)
{
    hb_blob_t *b = hb_face_reference_table(s->face->hb_face, HB_TAG('C', 'F', 'F', ' '));
    unsigned len = 0;
    const unsigned char *d = (const unsigned char *)hb_blob_get_data(b, &len);
    nb_cff_info ci;
    if (len && nb_cff_probe(d, len, &ci) && ci.cid_keyed &&
        copy_sid(d, len, &ci, ci.ros[0], out->registry, sizeof out->registry) &&
        copy_sid(d, len, &ci, ci.ros[1], out->ordering, sizeof out->ordering)) {
        out->has_ros = true;
        out->supplement = ci.ros[2];
    }
    hb_blob_destroy(b);
}

nb_status nb_fprog_read(const nb_fsub *s, bool cidset, bool deflated, nb_fprog *out)
{
    memset(out, 0, sizeof *out);
    if (s->cff)
        face_ros(s, out);
    if (!cidset)
        return NB_OK;
    const unsigned char *d = (const unsigned char *)s->program.data;
    size_t len = s->program.len;
    unsigned char *plain = NULL;
    if (deflated) {
        /* The program was deflated for the PDF: read it back as written. */
        size_t raw = s->program_raw_len, got = 0;
        struct libdeflate_decompressor *z = libdeflate_alloc_decompressor();
        plain = raw ? nb_malloc(raw) : NULL;
        if (!z || !plain) {
            libdeflate_free_decompressor(z);
            nb_free(plain);
            return NB_ERR_NOMEM;
        }
        enum libdeflate_result r = libdeflate_zlib_decompress(z, d, len, plain, raw, &got);
        libdeflate_free_decompressor(z);
        if (r != LIBDEFLATE_SUCCESS || got != raw) {
            nb_free(plain);
            return NB_ERR_FONT;
        }
        d = plain;
        len = raw;
    }
    nb_status rc = NB_OK;
    if (!len)
        rc = NB_ERR_FONT;
    else if (s->cff)
        rc = cff_cids(d, len, out);
    else
        rc = sfnt_read(d, len, out);
    if (!rc && out->cidset.oom)
        rc = NB_ERR_NOMEM;
    nb_free(plain);
    return rc;
}
