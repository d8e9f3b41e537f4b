#include "objstm.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "deflate.h"

/* Objects per object stream. A report has a few hundred dictionaries: one
 * stream holds them all (each deflate call sets up a compressor afresh),
 * and a reader inflates some 40 KB to reach any of them. */
#define PER_STREAM 2000

/* Dictionaries are repetitive text: libdeflate level 1 takes them to
 * within a few per cent of level 6 at a fraction of the time. */
#define OBJSTM_LEVEL 1

typedef struct pobj {
    size_t off, end; /* "N 0 obj\n" .. just past "endobj\n" */
    size_t body, body_end;
    bool packed;
    uint32_t stm, index; /* where it went */
} pobj;

static const unsigned char *find(const unsigned char *h, size_t hl, const char *n, size_t from)
{
    size_t nl = strlen(n);
    for (size_t i = from; i + nl <= hl; i++)
        if (h[i] == (unsigned char)n[0] && !memcmp(h + i, n, nl))
            return h + i;
    return NULL;
}

static const unsigned char *rfind(const unsigned char *h, size_t hl, const char *n)
{
    size_t nl = strlen(n);
    for (size_t i = hl >= nl ? hl - nl + 1 : 0; i-- > 0;)
        if (!memcmp(h + i, n, nl))
            return h + i;
    return NULL;
}

/* A trailer entry's value, as written ("/Root 1 0 R" → "1 0 R"). */
static bool trailer_value(const unsigned char *t, size_t tl, const char *key, nb_buf *out)
{
    const unsigned char *k = find(t, tl, key, 0);
    if (!k)
        return false;
    size_t i = (size_t)(k - t) + strlen(key);
    while (i < tl && t[i] == ' ')
        i++;
    size_t s = i;
    if (i < tl && t[i] == '[') {
        while (i < tl && t[i] != ']')
            i++;
        i++;
    } else {
        while (i < tl && t[i] != '\n' && t[i] != '\r' && t[i] != '/' && t[i] != '>')
            i++;
    }
    out->len = 0;
    nb_buf_append(out, t + s, i - s);
    while (out->len && out->data[out->len - 1] == ' ')
        out->len--;
    nb_buf_putc(out, '\0');
    out->len--;
    return !out->oom && out->len > 0;
}

/* A dictionary that is not a stream can go into an object stream. */
static bool packable(const unsigned char *b, size_t s, size_t e)
{
    while (s < e && (b[s] == ' ' || b[s] == '\n' || b[s] == '\r'))
        s++;
    while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\n' || b[e - 1] == '\r'))
        e--;
    return e - s >= 4 && b[s] == '<' && b[s + 1] == '<' && b[e - 1] == '>' && b[e - 2] == '>' &&
           !find(b + s, e - s, "endstream", 0);
}

/* "123 " without printf: once per object. */
static void put_dec(nb_buf *b, size_t v)
{
    char t[24];
    int n = 0;
    do
        t[n++] = (char)('0' + v % 10);
    while ((v /= 10) > 0);
    while (n)
        nb_buf_putc(b, t[--n]);
    nb_buf_putc(b, ' ');
}

static void put_be(nb_buf *o, uint64_t v, int n)
{
    for (int i = n - 1; i >= 0; i--)
        nb_buf_putc(o, (char)(v >> (8 * i)));
}

/* Parses the xref table into objs (index = object number). */
static nb_status parse(const unsigned char *in, size_t len, pobj **objs, size_t *n, nb_buf *tr)
{
    const unsigned char *sx = rfind(in, len, "startxref");
    if (!sx)
        return NB_ERR_PDF;
    size_t xref = strtoul((const char *)sx + 10, NULL, 10);
    if (xref >= len || memcmp(in + xref, "xref\n0 ", 7))
        return NB_ERR_PDF;
    char *end;
    size_t count = strtoul((const char *)in + xref + 7, &end, 10);
    size_t p = (size_t)((const unsigned char *)end - in);
    while (p < len && (in[p] == '\r' || in[p] == '\n'))
        p++;
    if (count < 2 || count > 8388607 || len - p < count * 20)
        return NB_ERR_PDF;
    pobj *o = nb_calloc(count, sizeof *o);
    if (!o)
        return NB_ERR_NOMEM;
    for (size_t i = 0; i < count; i++, p += 20) {
        if (i == 0)
            continue;
        if (in[p + 17] != 'n') {
            nb_free(o);
            return NB_ERR_PDF; /* libharu leaves no free objects */
        }
        o[i].off = strtoul((const char *)in + p, NULL, 10);
        if (o[i].off >= xref || (i > 1 && o[i].off <= o[i - 1].off)) {
            nb_free(o);
            return NB_ERR_PDF; /* written in number order */
        }
    }
    for (size_t i = 1; i < count; i++) {
        size_t stop = i + 1 < count ? o[i + 1].off : xref;
        const unsigned char *e = rfind(in + o[i].off, stop - o[i].off, "endobj");
        const unsigned char *h = find(in, stop, " 0 obj", o[i].off);
        if (!e || !h || h > e) {
            nb_free(o);
            return NB_ERR_PDF;
        }
        o[i].body = (size_t)(h - in) + 6;
        o[i].body_end = (size_t)(e - in);
        o[i].end = o[i].body_end + 6;
        while (o[i].end < stop && (in[o[i].end] == '\n' || in[o[i].end] == '\r'))
            o[i].end++;
    }
    const unsigned char *t = find(in, len, "trailer", p);
    if (!t) {
        nb_free(o);
        return NB_ERR_PDF;
    }
    nb_buf_append(tr, t, (size_t)(sx - t));
    *objs = o;
    *n = count;
    return tr->oom ? NB_ERR_NOMEM : NB_OK;
}

static nb_status pack(const unsigned char *in, size_t len, pobj *o, size_t n, nb_buf *tr,
                      nb_buf *out)
{
    nb_buf val = {0}, stm = {0}, hdr = {0}, z = {0}, rows = {0};
    nb_status rc = NB_OK;
    /* header: %PDF-1.x raised to 1.5, and the binary comment line */
    size_t h = o[1].off;
    nb_buf_append(out, in, h);
    if (out->len > 7 && out->data[7] < '5')
        out->data[7] = '5';
    size_t *offs = nb_calloc(n, sizeof *offs);
    uint32_t nstm = 0;
    if (!offs)
        rc = NB_ERR_NOMEM;
    /* The Info dictionary stays readable as it is, for tools that look
     * for a title without decoding streams. */
    size_t info = 0;
    if (trailer_value((const unsigned char *)tr->data, tr->len, "/Info", &val))
        info = strtoul(val.data, NULL, 10);
    for (size_t i = 1; i < n && !rc; i++) {
        o[i].packed = i != info && packable(in, o[i].body, o[i].body_end);
        if (!o[i].packed) {
            offs[i] = out->len;
            nb_buf_append(out, in + o[i].off, o[i].end - o[i].off);
        }
    }
    /* the object streams, numbered after the last object */
    size_t *stm_offs = NULL;
    size_t npacked = 0;
    for (size_t i = 1; i < n; i++)
        npacked += o[i].packed;
    size_t nstreams = (npacked + PER_STREAM - 1) / PER_STREAM;
    stm_offs = nb_calloc(nstreams + 1, sizeof *stm_offs);
    if (!stm_offs && !rc)
        rc = NB_ERR_NOMEM;
    size_t i = 1;
    while (!rc && nstm < nstreams) {
        hdr.len = stm.len = 0;
        uint32_t k = 0;
        for (; i < n && k < PER_STREAM; i++) {
            if (!o[i].packed)
                continue;
            o[i].stm = (uint32_t)(n + nstm);
            o[i].index = k++;
            put_dec(&hdr, i);
            put_dec(&hdr, stm.len);
            nb_buf_append(&stm, in + o[i].body, o[i].body_end - o[i].body);
            nb_buf_putc(&stm, '\n');
        }
        nb_buf_putc(&hdr, '\n');
        size_t first = hdr.len;
        nb_buf_append(&hdr, stm.data, stm.len);
        if (hdr.oom || stm.oom || !nb_deflate(hdr.data, hdr.len, OBJSTM_LEVEL, &z)) {
            rc = NB_ERR_NOMEM;
            break;
        }
        stm_offs[nstm] = out->len;
        nb_buf_printf(out,
                      "%zu 0 obj\n<<\n/Type /ObjStm\n/N %u\n/First %zu\n/Length %zu\n"
                      "/Filter /FlateDecode\n>>\nstream\r\n",
                      n + nstm, k, first, z.len);
        nb_buf_append(out, z.data, z.len);
        nb_buf_puts(out, "\r\nendstream\nendobj\n");
        nstm++;
    }
    /* the cross-reference stream: type, field 2 (4 bytes), field 3 (2) */
    size_t xref_num = n + nstm, size = xref_num + 1;
    size_t xref_off = out->len;
    for (size_t j = 0; j < size && !rc; j++) {
        if (j == 0) {
            put_be(&rows, 0, 1), put_be(&rows, 0, 4), put_be(&rows, 0xFFFF, 2);
        } else if (j < n && o[j].packed) {
            put_be(&rows, 2, 1), put_be(&rows, o[j].stm, 4), put_be(&rows, o[j].index, 2);
        } else {
            size_t at = j < n ? offs[j] : j < xref_num ? stm_offs[j - n] : xref_off;
            put_be(&rows, 1, 1), put_be(&rows, at, 4), put_be(&rows, 0, 2);
        }
    }
    if (!rc && (rows.oom || !nb_deflate(rows.data, rows.len, OBJSTM_LEVEL, &z)))
        rc = NB_ERR_NOMEM;
    if (!rc) {
        nb_buf_printf(out, "%zu 0 obj\n<<\n/Type /XRef\n/Size %zu\n/W [1 4 2]\n", xref_num, size);
        static const char *const keys[] = {"/Root", "/Info", "/ID"};
        for (int k = 0; k < 3; k++)
            if (trailer_value((const unsigned char *)tr->data, tr->len, keys[k], &val))
                nb_buf_printf(out, "%s %s\n", keys[k], val.data);
        nb_buf_printf(out, "/Length %zu\n/Filter /FlateDecode\n>>\nstream\r\n", z.len);
        nb_buf_append(out, z.data, z.len);
        nb_buf_printf(out, "\r\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", xref_off);
        if (out->oom)
            rc = NB_ERR_NOMEM;
    }
    nb_free(offs);
    nb_free(stm_offs);
    nb_buf_free(&val);
    nb_buf_free(&stm);
    nb_buf_free(&hdr);
    nb_buf_free(&z);
    nb_buf_free(&rows);
    return rc;
}

nb_status nb_objstm_pack(const unsigned char *in, size_t len, nb_buf *out)
{
    pobj *o = NULL;
    size_t n = 0;
    nb_buf tr = {0};
    nb_status rc = parse(in, len, &o, &n, &tr);
    if (!rc && !find((const unsigned char *)tr.data, tr.len, "/Root", 0))
        rc = NB_ERR_PDF;
    if (!rc)
        rc = pack(in, len, o, n, &tr, out);
    nb_free(o);
    nb_buf_free(&tr);
    return rc;
}
