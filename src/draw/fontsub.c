#include "fontsub.h"

#include <hb-subset.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/diskcache.h"
#include "../util/diag.h"
#include "../util/hash.h"
#include "../util/utf8.h"
#include "cff.h"
#include "deflate.h"

int nb_fmt_milli(char *out, int64_t v)
{
    char tmp[24];
    int n = 0;
    uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    uint64_t ip = a / 1000;
    unsigned fp = (unsigned)(a % 1000);
    char *p = out;
    if (v < 0)
        *p++ = '-';
    do {
        tmp[n++] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    while (n)
        *p++ = tmp[--n];
    if (fp) {
        *p++ = '.';
        *p++ = (char)('0' + fp / 100);
        fp %= 100;
        if (fp) {
            *p++ = (char)('0' + fp / 10);
            fp %= 10;
            if (fp)
                *p++ = (char)('0' + fp);
        }
    }
    *p = '\0';
    return (int)(p - out);
}

nb_status nb_fsub_init(nb_fsub *s, const nb_face *face)
{
    memset(s, 0, sizeof *s);
    s->face = face;
    s->nslots = hb_face_get_glyph_count(face->hb_face);
    if (s->nslots == 0)
        return NB_ERR_FONT;
    s->slot = nb_calloc(s->nslots, sizeof *s->slot);
    if (!s->slot)
        return NB_ERR_NOMEM;
    return NB_OK;
}

void nb_fsub_free(nb_fsub *s)
{
    nb_free(s->slot);
    nb_free(s->glyphs);
    nb_buf_free(&s->program);
    nb_buf_free(&s->cid_entries);
    nb_buf_free(&s->tounicode);
    memset(s, 0, sizeof *s);
}

nb_status nb_fsub_add(nb_fsub *s, uint32_t gid, const char *text, uint32_t len, nb_diags *d)
{
    if (!nb_grow(&s->glyphs, s->n, 1, &s->cap, sizeof *s->glyphs))
        return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS,
                          "out of memory while collecting the glyphs of a font");
    s->glyphs[s->n] = (nb_fsglyph){gid, 0, 0, len, len ? text : NULL};
    s->slot[gid] = (uint32_t)++s->n;
    return NB_OK;
}

static int cmp_gid(const void *a, const void *b)
{
    uint32_t x = ((const nb_fsglyph *)a)->gid, y = ((const nb_fsglyph *)b)->gid;
    return (x > y) - (x < y);
}

static int cmp_code(const void *a, const void *b)
{
    uint32_t x = ((const nb_fsglyph *)a)->code, y = ((const nb_fsglyph *)b)->code;
    return (x > y) - (x < y);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

static const char HEX[] = "0123456789ABCDEF";

static void put_hex4(nb_buf *b, uint32_t v)
{
    char h[4] = {HEX[(v >> 12) & 15], HEX[(v >> 8) & 15], HEX[(v >> 4) & 15], HEX[v & 15]};
    nb_buf_append(b, h, 4);
}

/* A PostScript name safe for a PDF name token (no delimiters, no '#'). */
static void make_base_font(nb_fsub *s, const char tag[6])
{
    const char *ps = s->face->psname && *s->face->psname ? s->face->psname : "Font";
    char *p = s->base_font;
    memcpy(p, tag, 6);
    p += 6;
    *p++ = '+';
    for (size_t i = 0; ps[i] && i < 100; i++) {
        unsigned char c = (unsigned char)ps[i];
        bool ok = c > 0x20 && c < 0x7f && !strchr("()<>[]{}/%#", c);
        *p++ = ok ? (char)c : '-';
    }
    *p = '\0';
}

static nb_status subset_fail(nb_diags *d, const nb_fsub *s, const char *what)
{
    return nb_diag_at(d, NB_ERROR, NB_ERR_PDF, NB_NOPOS, "cannot subset font %s (face %u): %s",
                      s->face->path ? s->face->path : "(unnamed)", s->face->index, what);
}

static nb_status subset_oom(nb_diags *d)
{
    return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory while subsetting a font");
}

/* Tables a printed, text-extractable PDF font does not need. */
static const hb_tag_t drop_tables[] = {
    HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
    HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'), HB_TAG('v', 'h', 'e', 'a'),
    HB_TAG('v', 'm', 't', 'x'), HB_TAG('V', 'O', 'R', 'G'), HB_TAG('g', 'a', 's', 'p'),
    HB_TAG('h', 'd', 'm', 'x'), HB_TAG('L', 'T', 'S', 'H'), HB_TAG('V', 'D', 'M', 'X'),
    HB_TAG('k', 'e', 'r', 'n'), HB_TAG('D', 'S', 'I', 'G'), HB_TAG('E', 'B', 'D', 'T'),
    HB_TAG('E', 'B', 'L', 'C'), HB_TAG('E', 'B', 'S', 'C'),
};

/* Hints go: print does not need them, and dropping them takes 4 % off the
 * seed report (299 → 287 KB) at no measurable cost in time.
 * NB: HB_SUBSET_FLAGS_RETAIN_GIDS fails in HarfBuzz 6.0 (GDEF); the new
 * glyph ids come from the plan's old-to-new map instead. */
#define SUBSET_FLAGS HB_SUBSET_FLAGS_NO_HINTING

/* The subset input: the collected glyphs, no cmap closure, the tables to
 * drop; NULL when out of memory. */
static hb_subset_input_t *subset_input(const nb_fsub *s)
{
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        return NULL;
    hb_set_t *gs = hb_subset_input_glyph_set(in);
    for (size_t i = 0; i < s->n; i++)
        hb_set_add(gs, s->glyphs[i].gid);
    hb_set_clear(hb_subset_input_unicode_set(in));
    hb_set_t *ds = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (size_t i = 0; i < sizeof drop_tables / sizeof drop_tables[0]; i++)
        hb_set_add(ds, drop_tables[i]);
    hb_subset_input_set_flags(in, SUBSET_FLAGS);
    if (!hb_set_allocation_successful(gs) || !hb_set_allocation_successful(ds)) {
        hb_subset_input_destroy(in);
        return NULL;
    }
    return in;
}

/* Position of `want` in the ascending array ng[0..n), starting at the
 * guess i (right when the array is the glyphs' own order). */
static size_t find_new_gid(const uint32_t *ng, size_t n, size_t i, uint32_t want)
{
    if (i < n && ng[i] == want)
        return i;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ng[mid] < want)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* CID-keyed CFF keeps the original CIDs in the subset's charset; content
 * must use those CIDs (they need not equal glyph ids, e.g. Fandol). Turns
 * each glyph's code from its new glyph id into its CID. */
static nb_status codes_to_cids(nb_fsub *s, const unsigned char *cff, unsigned len,
                               const nb_cff_info *ci, nb_diags *d)
{
    uint32_t *tmp = nb_malloc(s->n * 2 * sizeof *tmp);
    if (!tmp)
        return subset_oom(d);
    uint32_t *ng = tmp, *cid = tmp + s->n;
    for (size_t i = 0; i < s->n; i++)
        ng[i] = s->glyphs[i].code; /* ascending: hb keeps gid order */
    for (size_t i = 1; i < s->n; i++)
        if (ng[i] <= ng[i - 1]) {
            qsort(ng, s->n, sizeof *ng, cmp_u32); /* never expected */
            break;
        }
    nb_status rc = NB_OK;
    if (!nb_cff_map_cids(cff, len, ci, ng, s->n, cid))
        rc = subset_fail(d, s, "the subset's CFF charset is unreadable");
    for (size_t i = 0; rc == NB_OK && i < s->n; i++) {
        size_t k = find_new_gid(ng, s->n, i, s->glyphs[i].code);
        if (cid[k] == 0 || cid[k] > 0xFFFF)
            rc = subset_fail(d, s, "a CID is out of range");
        else
            s->glyphs[i].code = cid[k];
    }
    nb_free(tmp);
    return rc;
}

/* Sets each glyph's code from the plan's old-to-new glyph map. */
static nb_status codes_from_plan(nb_fsub *s, hb_subset_plan_t *plan, nb_diags *d)
{
    const hb_map_t *o2n = hb_subset_plan_old_to_new_glyph_mapping(plan);
    for (size_t i = 0; i < s->n; i++) {
        hb_codepoint_t ng = hb_map_get(o2n, s->glyphs[i].gid);
        if (ng == HB_MAP_VALUE_INVALID || ng == 0 || ng > 0xFFFF)
            return subset_fail(d, s, "a glyph is missing from the subset");
        s->glyphs[i].code = ng;
    }
    return NB_OK;
}

/* Runs hb-subset over the collected glyphs (sorted by gid): *program gets
 * the subset sfnt (TrueType) or its bare CFF table, and each glyph its
 * code. The plan starts from the plain face: an hb_subset_preprocess'd
 * face shared by the batch workers was measured (300 offices, cold cache,
 * -j 2) at the same CPU time (2.30 s vs 2.39 s) for 5.6 times the peak
 * memory (177 MB vs 31 MB) with the Fandol faces, so it is not used. */
static nb_status run_subset(nb_fsub *s, hb_blob_t **program, nb_diags *d)
{
    *program = NULL;
    hb_subset_input_t *in = subset_input(s);
    if (!in)
        return subset_oom(d);
    nb_status rc = NB_OK;
    hb_face_t *sub = NULL;
    hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(s->face->hb_face, in);
    if (!plan)
        rc = subset_fail(d, s, "hb_subset_plan_create_or_fail");
    else if (!(sub = hb_subset_plan_execute_or_fail(plan)))
        rc = subset_fail(d, s, "hb_subset_plan_execute_or_fail");
    if (rc == NB_OK)
        rc = codes_from_plan(s, plan, d);
    if (rc == NB_OK) {
        *program = s->cff ? hb_face_reference_table(sub, HB_TAG('C', 'F', 'F', ' '))
                          : hb_face_reference_blob(sub);
        if (hb_blob_get_length(*program) == 0)
            rc = subset_fail(d, s, s->cff ? "no CFF table in the subset" : "empty subset");
    }
    if (rc == NB_OK && s->cff) {
        unsigned plen = 0;
        const unsigned char *pdata = (const unsigned char *)hb_blob_get_data(*program, &plen);
        nb_cff_info ci;
        if (!nb_cff_probe(pdata, plen, &ci))
            rc = subset_fail(d, s, "the subset's CFF table is unreadable");
        else if (ci.cid_keyed) /* a name-keyed CFF is addressed by glyph id */
            rc = codes_to_cids(s, pdata, plen, &ci, d);
    }
    if (rc != NB_OK) {
        hb_blob_destroy(*program);
        *program = NULL;
    }
    hb_face_destroy(sub);
    hb_subset_plan_destroy(plan);
    hb_subset_input_destroy(in);
    return rc;
}

/* ---- the persistent subset cache ------------------------------------------
 * Key: what determines the subset's bytes — the cache format, HarfBuzz's
 * version, the face (path, index, size, mtime and content hash), the flags,
 * dropped tables and deflate level, and the sorted glyph list. Value: the
 * glyphs' codes (u16 each), the program's length before deflate, and the
 * program as it goes into the PDF. A regenerated report whose glyph set did
 * not change skips hb-subset and deflate entirely. */

#define SUBSET_CACHE_NS "subsets-1"

static void put_u32(nb_buf *b, uint32_t v)
{
    unsigned char le[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                           (unsigned char)(v >> 24)};
    nb_buf_append(b, le, 4);
}

static uint32_t get_u32(const unsigned char *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool cache_key(const nb_fsub *s, nb_buf *key)
{
    const nb_face *f = s->face;
    if (!f->path || !f->file_size)
        return false; /* a face not from a file (tests): not cached */
    nb_buf_printf(key, "%s|hb %s|%s|%u|%lld|%lld.%09ld|%016llx|%u|%d|", SUBSET_CACHE_NS,
                  hb_version_string(), f->path, f->index, (long long)f->file_size,
                  (long long)f->file_mtime.tv_sec, f->file_mtime.tv_nsec,
                  (unsigned long long)f->file_hash, (unsigned)SUBSET_FLAGS, s->deflate_level);
    for (size_t i = 0; i < sizeof drop_tables / sizeof drop_tables[0]; i++)
        put_u32(key, drop_tables[i]);
    for (size_t i = 0; i < s->n; i++)
        put_u32(key, s->glyphs[i].gid);
    return !key->oom;
}

static bool cache_load(nb_fsub *s, const nb_buf *key)
{
    nb_buf v = {0};
    bool ok = nb_dcache_get(SUBSET_CACHE_NS, key->data, key->len, &v) && v.len > 4 + 2 * s->n;
    const unsigned char *p = (const unsigned char *)v.data;
    for (size_t i = 0; ok && i < s->n; i++) {
        s->glyphs[i].code = (uint32_t)p[2 * i] | (uint32_t)p[2 * i + 1] << 8;
        ok = s->glyphs[i].code != 0;
    }
    if (ok) {
        size_t off = 2 * s->n;
        s->program_raw_len = get_u32(p + off);
        off += 4;
        nb_buf_append(&s->program, v.data + off, v.len - off);
        ok = !s->program.oom;
    }
    nb_buf_free(&v);
    return ok;
}

static void cache_store(const nb_fsub *s, const nb_buf *key)
{
    nb_buf v = {0};
    for (size_t i = 0; i < s->n; i++) {
        unsigned char le[2] = {(unsigned char)s->glyphs[i].code,
                               (unsigned char)(s->glyphs[i].code >> 8)};
        nb_buf_append(&v, le, 2);
    }
    put_u32(&v, (uint32_t)s->program_raw_len);
    nb_buf_append(&v, s->program.data, s->program.len);
    if (!v.oom)
        nb_dcache_put(SUBSET_CACHE_NS, key->data, key->len, v.data, v.len);
    nb_buf_free(&v);
}

/* The font program as it goes into the PDF (s->program, deflated when
 * s->deflate_level > 0) and each glyph's code: from the cache, else from
 * hb-subset (and then stored). */
static nb_status make_program(nb_fsub *s, nb_diags *d)
{
    nb_buf key = {0};
    bool cacheable = cache_key(s, &key);
    if (cacheable && cache_load(s, &key)) {
        nb_buf_free(&key);
        return NB_OK;
    }
    s->program.len = 0;
    hb_blob_t *prog = NULL;
    nb_status rc = run_subset(s, &prog, d);
    if (rc == NB_OK) {
        unsigned plen = 0;
        const char *pdata = hb_blob_get_data(prog, &plen);
        s->program_raw_len = plen;
        if (s->deflate_level > 0)
            nb_deflate(pdata, plen, s->deflate_level, &s->program);
        else
            nb_buf_append(&s->program, pdata, plen);
        if (s->program.oom)
            rc = subset_oom(d);
    }
    hb_blob_destroy(prog);
    if (rc == NB_OK && cacheable)
        cache_store(s, &key);
    nb_buf_free(&key);
    return rc;
}

/* Appends the UTF-16BE hex of a UTF-8 cluster (at most 256 code units). */
static void put_utf16(nb_buf *b, const char *text, uint32_t len)
{
    size_t i = 0;
    unsigned units = 0;
    while (i < len && units < 254) {
        int32_t cp = nb_utf8_next(text, len, &i);
        uint16_t u[2];
        int k = nb_utf16_encode(cp < 0 ? 0xFFFD : (uint32_t)cp, u);
        for (int j = 0; j < k; j++)
            put_hex4(b, u[j]);
        units += (unsigned)k;
    }
}

static void build_tounicode(nb_fsub *s)
{
    nb_buf *b = &s->tounicode;
    nb_buf_puts(b, "/CIDInit /ProcSet findresource begin\n"
                   "12 dict begin\n"
                   "begincmap\n"
                   "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                   "/CMapName /Adobe-Identity-UCS def\n"
                   "/CMapType 2 def\n"
                   "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    size_t i = 0;
    while (i < s->n) {
        /* next block of at most 100 glyphs that have text */
        size_t cnt = 0, j = i;
        while (j < s->n && cnt < 100) {
            if (s->glyphs[j].text_len)
                cnt++;
            j++;
        }
        if (cnt) {
            nb_buf_printf(b, "%zu beginbfchar\n", cnt);
            for (size_t k = i; k < j; k++) {
                const nb_fsglyph *g = &s->glyphs[k];
                if (!g->text_len)
                    continue;
                nb_buf_putc(b, '<');
                put_hex4(b, g->code);
                nb_buf_append(b, "> <", 3);
                put_utf16(b, g->text, g->text_len);
                nb_buf_append(b, ">\n", 2);
            }
            nb_buf_puts(b, "endbfchar\n");
        }
        i = j;
    }
    nb_buf_puts(b, "endcmap\n"
                   "CMapName currentdict /CMapResource defineresource pop\n"
                   "end\nend\n");
}

static nb_status build_widths(nb_fsub *s)
{
    int32_t *ws = nb_malloc(s->n * sizeof *ws);
    if (!ws)
        return NB_ERR_NOMEM;
    for (size_t i = 0; i < s->n; i++)
        ws[i] = s->glyphs[i].w;
    qsort(ws, s->n, sizeof *ws, cmp_i32);
    /* most common width; ties go to the smaller (deterministic anyway) */
    int32_t dw = ws[0];
    size_t best = 0;
    for (size_t i = 0; i < s->n;) {
        size_t j = i;
        while (j < s->n && ws[j] == ws[i])
            j++;
        if (j - i > best) {
            best = j - i;
            dw = ws[i];
        }
        i = j;
    }
    nb_free(ws);

    nb_buf *b = &s->cid_entries;
    char num[24];
    nb_buf_puts(b, "/DW ");
    nb_buf_append(b, num, (size_t)nb_fmt_milli(num, dw));
    nb_buf_putc(b, '\n');
    bool any = false;
    for (size_t i = 0; i < s->n;) {
        if (s->glyphs[i].w == dw) {
            i++;
            continue;
        }
        if (!any) {
            nb_buf_puts(b, "/W [\n");
            any = true;
        }
        nb_buf_printf(b, "%u [", (unsigned)s->glyphs[i].code);
        size_t j = i;
        do {
            if (j > i)
                nb_buf_putc(b, ' ');
            nb_buf_append(b, num, (size_t)nb_fmt_milli(num, s->glyphs[j].w));
            j++;
        } while (j < s->n && s->glyphs[j].w != dw &&
                 s->glyphs[j].code == s->glyphs[j - 1].code + 1);
        nb_buf_puts(b, "]\n");
        i = j;
    }
    if (any)
        nb_buf_puts(b, "]\n");
    return b->oom ? NB_ERR_NOMEM : NB_OK;
}

static int32_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return (int32_t)q;
}

nb_status nb_fsub_finish(nb_fsub *s, nb_diags *d)
{
    if (s->n == 0)
        return NB_OK;
    const nb_face *f = s->face;
    unsigned upem = f->upem ? f->upem : hb_face_get_upem(f->hb_face);
    if (upem == 0)
        upem = 1000;

    qsort(s->glyphs, s->n, sizeof *s->glyphs, cmp_gid);

    /* Subset tag: hash of the face identity and the sorted glyph list. */
    uint64_t h = NB_HASH_INIT;
    if (f->psname)
        h = nb_hash(h, f->psname, strlen(f->psname));
    unsigned char le[8];
    for (int k = 0; k < 8; k++)
        le[k] = (unsigned char)(f->file_hash >> (8 * k));
    h = nb_hash(h, le, 8);
    for (int k = 0; k < 4; k++)
        le[k] = (unsigned char)(f->index >> (8 * k));
    h = nb_hash(h, le, 4);
    for (size_t i = 0; i < s->n; i++) {
        uint32_t g = s->glyphs[i].gid;
        le[0] = (unsigned char)g, le[1] = (unsigned char)(g >> 8);
        le[2] = (unsigned char)(g >> 16), le[3] = (unsigned char)(g >> 24);
        h = nb_hash(h, le, 4);
    }
    char tag[6];
    for (int k = 0; k < 6; k++) {
        tag[k] = (char)('A' + h % 26);
        h /= 26;
    }
    make_base_font(s, tag);

    /* Outline format: trust the tables, not only the flag. */
    hb_blob_t *cffb = hb_face_reference_table(f->hb_face, HB_TAG('C', 'F', 'F', ' '));
    hb_blob_t *glyf = hb_face_reference_table(f->hb_face, HB_TAG('g', 'l', 'y', 'f'));
    s->cff = hb_blob_get_length(cffb) > 0;
    bool tt = hb_blob_get_length(glyf) > 0;
    hb_blob_destroy(cffb);
    hb_blob_destroy(glyf);
    if (!s->cff && !tt)
        return nb_diag_at(d, NB_ERROR, NB_ERR_FONT, NB_NOPOS,
                          "font %s (face %u) has neither glyf nor CFF outlines "
                          "(CFF2 and bitmap-only fonts cannot be embedded)",
                          f->path ? f->path : "(unnamed)", f->index);

    nb_status rc = make_program(s, d);
    if (rc != NB_OK)
        return rc;

    /* /W widths from the unhinted advances, rounded to whole glyph-space
     * units: MuPDF and PDFium keep /W as integers (MuPDF drew "P" of UKai,
     * 507.813, with a 508 advance), so a fractional /W would place glyphs
     * differently per reader. The residue goes into TJ adjustments, which
     * every reader applies as a real. */
    int xs = 0, ys = 0;
    hb_font_get_scale(f->hb_font, &xs, &ys);
    if (xs <= 0)
        xs = (int)upem;
    for (size_t i = 0; i < s->n; i++) {
        int64_t adv = hb_font_get_glyph_h_advance(f->hb_font, s->glyphs[i].gid);
        int64_t num = adv * 1000;
        int64_t w = num >= 0 ? (num + xs / 2) / xs : -((-num + xs / 2) / xs);
        s->glyphs[i].w = (int32_t)(w * 1000);
    }

    /* order by code (CIDs need not follow glyph ids) and check uniqueness */
    bool sorted = true;
    for (size_t i = 1; i < s->n; i++)
        if (s->glyphs[i].code <= s->glyphs[i - 1].code)
            sorted = false;
    if (!sorted) {
        qsort(s->glyphs, s->n, sizeof *s->glyphs, cmp_code);
        for (size_t i = 1; i < s->n; i++)
            if (s->glyphs[i].code == s->glyphs[i - 1].code)
                return subset_fail(d, s, "two glyphs share one CID");
    }
    for (size_t i = 0; i < s->n; i++)
        s->slot[s->glyphs[i].gid] = (uint32_t)(i + 1);

    s->bbox[0] = floor_div((int64_t)f->bbox[0] * 1000, upem);
    s->bbox[1] = floor_div((int64_t)f->bbox[1] * 1000, upem);
    s->bbox[2] = -floor_div(-(int64_t)f->bbox[2] * 1000, upem);
    s->bbox[3] = -floor_div(-(int64_t)f->bbox[3] * 1000, upem);

    if (build_widths(s) != NB_OK)
        return subset_oom(d);
    build_tounicode(s);
    if (s->tounicode.oom)
        return subset_oom(d);
    return NB_OK;
}
