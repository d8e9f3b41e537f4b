#include "cff.h"

/* Reads an INDEX at *p; on success *p moves past it and, when wanted, the
 * first element's bounds and the count are returned. */
static bool read_index(const unsigned char *d, size_t len, size_t *p, uint32_t *count,
                       size_t *first_off, size_t *first_end)
{
    size_t at = *p;
    if (at > len || len - at < 2)
        return false;
    uint32_t n = (uint32_t)d[at] << 8 | d[at + 1];
    if (count)
        *count = n;
    if (n == 0) {
        *p = at + 2;
        if (first_off)
            *first_off = *first_end = at + 2;
        return true;
    }
    if (len - at < 3)
        return false;
    unsigned osz = d[at + 2];
    if (osz < 1 || osz > 4)
        return false;
    size_t offs = at + 3;
    size_t need = ((size_t)n + 1) * osz;
    if (len - offs < need)
        return false;
    size_t base = offs + need - 1; /* offsets are 1-based */
    uint32_t o[2] = {0, 0};
    /* first element: offsets 0 and 1; end of data: offset n */
    for (int k = 0; k < 2; k++) {
        size_t q = offs + (size_t)(k == 0 ? 0 : 1) * osz;
        uint32_t v = 0;
        for (unsigned b = 0; b < osz; b++)
            v = v << 8 | d[q + b];
        o[k] = v;
    }
    uint32_t last = 0;
    {
        size_t q = offs + (size_t)n * osz;
        for (unsigned b = 0; b < osz; b++)
            last = last << 8 | d[q + b];
    }
    if (o[0] < 1 || o[1] < o[0] || last < o[1] || len - base < last)
        return false;
    if (first_off) {
        *first_off = base + o[0];
        *first_end = base + o[1];
    }
    *p = base + last;
    return true;
}

bool nb_cff_probe(const unsigned char *d, size_t len, nb_cff_info *out)
{
    *out = (nb_cff_info){0};
    if (!d || len < 4 || d[0] != 1)
        return false;
    size_t p = d[2]; /* hdrSize */
    if (p < 4 || p > len)
        return false;
    if (!read_index(d, len, &p, NULL, NULL, NULL)) /* Name INDEX */
        return false;
    uint32_t ntop;
    size_t top, top_end;
    if (!read_index(d, len, &p, &ntop, &top, &top_end) || ntop < 1)
        return false;
    out->strings = p;

    /* Top DICT: operands then operator. Only integer operands matter. */
    int32_t opnd[48];
    int nopnd = 0;
    int64_t charstrings = -1;
    size_t q = top;
    while (q < top_end) {
        unsigned b0 = d[q];
        if (b0 <= 21) {
            unsigned op = b0;
            q++;
            if (b0 == 12) {
                if (q >= top_end)
                    return false;
                op = 1200 + d[q++];
            }
            if (op == 1230) {
                out->cid_keyed = true;
                for (int k = 0; k < 3 && nopnd >= 3; k++)
                    out->ros[k] = opnd[nopnd - 3 + k];
            } else if (op == 15 && nopnd >= 1)
                out->charset = opnd[nopnd - 1] < 0 ? 0 : (uint32_t)opnd[nopnd - 1];
            else if (op == 17 && nopnd >= 1)
                charstrings = opnd[nopnd - 1];
            nopnd = 0;
            continue;
        }
        int32_t v;
        if (b0 == 28) {
            if (top_end - q < 3)
                return false;
            v = (int16_t)(d[q + 1] << 8 | d[q + 2]);
            q += 3;
        } else if (b0 == 29) {
            if (top_end - q < 5)
                return false;
            v = (int32_t)((uint32_t)d[q + 1] << 24 | (uint32_t)d[q + 2] << 16 |
                          (uint32_t)d[q + 3] << 8 | d[q + 4]);
            q += 5;
        } else if (b0 == 30) { /* real: skip nibbles up to 0xf */
            q++;
            for (;;) {
                if (q >= top_end)
                    return false;
                unsigned c = d[q++];
                if ((c >> 4) == 0xf || (c & 0xf) == 0xf)
                    break;
            }
            v = 0;
        } else if (b0 >= 32 && b0 <= 246) {
            v = (int32_t)b0 - 139;
            q++;
        } else if (b0 >= 247 && b0 <= 250) {
            if (top_end - q < 2)
                return false;
            v = ((int32_t)b0 - 247) * 256 + d[q + 1] + 108;
            q += 2;
        } else if (b0 >= 251 && b0 <= 254) {
            if (top_end - q < 2)
                return false;
            v = -((int32_t)b0 - 251) * 256 - d[q + 1] - 108;
            q += 2;
        } else {
            return false; /* reserved byte */
        }
        if (nopnd < 48)
            opnd[nopnd++] = v;
        else
            return false;
    }
    if (charstrings <= 0 || (uint64_t)charstrings >= len)
        return false;
    size_t cs = (size_t)charstrings;
    uint32_t n;
    if (!read_index(d, len, &cs, &n, NULL, NULL))
        return false;
    out->nglyphs = n;
    return true;
}

bool nb_cff_map_cids(const unsigned char *d, size_t len, const nb_cff_info *info,
                     const uint32_t *gids, size_t n, uint32_t *cids)
{
    if (!info->cid_keyed || info->charset <= 2 || info->charset >= len)
        return false;
    size_t p = info->charset;
    unsigned fmt = d[p++];
    size_t i = 0;
    while (i < n && gids[i] == 0)
        cids[i++] = 0;
    if (fmt == 0) {
        for (; i < n; i++) {
            if (gids[i] >= info->nglyphs)
                return false;
            size_t q = p + (size_t)(gids[i] - 1) * 2;
            if (q + 2 > len)
                return false;
            cids[i] = (uint32_t)d[q] << 8 | d[q + 1];
        }
        return true;
    }
    if (fmt != 1 && fmt != 2)
        return false;
    size_t rsz = fmt == 1 ? 3 : 4;
    uint32_t gid = 1; /* first glyph the current range covers */
    while (i < n) {
        if (gid >= info->nglyphs || p + rsz > len)
            return false;
        uint32_t first = (uint32_t)d[p] << 8 | d[p + 1];
        uint32_t left = fmt == 1 ? d[p + 2] : ((uint32_t)d[p + 2] << 8 | d[p + 3]);
        p += rsz;
        uint32_t end = gid + left; /* last gid in this range, inclusive */
        while (i < n && gids[i] <= end) {
            if (gids[i] < gid)
                return false; /* not sorted */
            cids[i] = first + (gids[i] - gid);
            i++;
        }
        gid = end + 1;
    }
    return true;
}

bool nb_cff_string(const unsigned char *d, size_t len, const nb_cff_info *info, int32_t sid,
                   const unsigned char **out, size_t *n)
{
    const int32_t nstd = 391; /* standard strings: SIDs 0..390 */
    if (sid < nstd || info->strings + 3 > len)
        return false;
    size_t at = info->strings;
    uint32_t count = (uint32_t)d[at] << 8 | d[at + 1];
    uint32_t i = (uint32_t)(sid - nstd);
    unsigned osz = d[at + 2];
    if (i >= count || osz < 1 || osz > 4)
        return false;
    size_t offs = at + 3;
    if (len - offs < ((size_t)count + 1) * osz)
        return false;
    size_t base = offs + ((size_t)count + 1) * osz - 1;
    uint32_t o[2] = {0, 0};
    for (int k = 0; k < 2; k++)
        for (unsigned b = 0; b < osz; b++)
            o[k] = o[k] << 8 | d[offs + (size_t)(i + (uint32_t)k) * osz + b];
    if (o[0] < 1 || o[1] < o[0] || len - base < o[1])
        return false;
    *out = d + base + o[0];
    *n = o[1] - o[0];
    return true;
}

bool nb_cff_face_is_cid_keyed(hb_face_t *face)
{
    hb_blob_t *b = hb_face_reference_table(face, HB_TAG('C', 'F', 'F', ' '));
    unsigned len = 0;
    const char *data = hb_blob_get_data(b, &len);
    nb_cff_info info;
    bool cid = len > 0 && nb_cff_probe((const unsigned char *)data, len, &info) && info.cid_keyed;
    hb_blob_destroy(b);
    return cid;
}
