/* nb_pdf_write: the display list to PDF through libharu's public API, plus
 * the few internal calls isolated in hpdf_glue.c (own Type0 font objects and
 * raw TJ arrays in the content stream). */
#include "pdf.h"

#include <hpdf.h>
#include <stdint.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/utf8.h"
#include "../util/hash.h"
#include "deflate.h"
#include "fontprog.h"
#include "fontsub.h"
#include "objstm.h"
#include "hpdf_glue.h"
#include "pdfa.h"
#include "structtree.h"

/* Info /Producer (and pdf:Producer in the XMP). */
#define NB_PRODUCER "nianbao " NB_VERSION " (libharu " HPDF_VERSION_TEXT ")"

/* Largest font size libharu accepts (HPDF_MAX_FONTSIZE), in millipoints. */
#define MAX_SIZE_MPT 600000
/* Page sizes libharu accepts (HPDF_MIN_PAGE_SIZE 3 pt to HPDF_MAX_PAGE_SIZE
 * 14400 pt), in millipoints: outside them HPDF_Page_SetWidth fails. */
#define MIN_PAGE_MPT 3000
#define MAX_PAGE_MPT 14400000

typedef struct hpdf_err {
    HPDF_STATUS code, detail; /* first error libharu reported */
} hpdf_err;

typedef struct wctx {
    const nb_doc *doc;
    const nb_pdf_opts *opts;
    nb_diags *d;
    size_t nfaces;
    nb_fsub *subs;    /* per face of doc->fonts; slot == NULL: unused */
    HPDF_Font *fonts; /* per face */
    HPDF_Page *pages; /* per page */
    HPDF_Doc pdf;
    hpdf_err err;
    nb_buf tj;      /* scratch for one TJ batch */
    nb_buf u16;     /* scratch for UTF-16 strings */
    nb_tagger tags; /* marked content and the structure tree */
    char *info[5];  /* Title, Author, Subject, Creator, Producer as written
                      (clipped), for the XMP that must repeat them */
    int32_t rise;   /* current text rise (mpt) on the page */
} wctx;

static void HPDF_STDCALL on_error(HPDF_STATUS no, HPDF_STATUS detail, void *user)
{
    hpdf_err *e = user;
    if (!e->code) {
        e->code = no;
        e->detail = detail;
    }
}

/* libharu allocates through nb_malloc (so allocation-failure tests reach
 * it). It often reports a failed allocation as some other error (e.g. a
 * failed HPDF_GetEncoder becomes HPDF_INVALID_ENCODING_NAME), so a failure
 * is remembered here; thread-local because batch workers write PDFs
 * concurrently. */
static _Thread_local bool hp_alloc_failed;

static void *HPDF_STDCALL hp_alloc(HPDF_UINT size)
{
    void *p = nb_malloc(size);
    if (!p)
        hp_alloc_failed = true;
    return p;
}

static void HPDF_STDCALL hp_free(void *p) { nb_free(p); }

/* Reports a libharu failure; allocation failures become NB_ERR_NOMEM. */
static nb_status hpdf_fail(wctx *c, HPDF_STATUS st, const char *what)
{
    HPDF_STATUS code = c->err.code ? c->err.code : st;
    if (code == HPDF_FAILD_TO_ALLOC_MEM || hp_alloc_failed)
        return nb_diag_at(c->d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS,
                          "out of memory while writing the PDF (%s)", what);
    return nb_diag_at(c->d, NB_ERROR, NB_ERR_PDF, NB_NOPOS,
                      "libharu error 0x%04X (detail %u) in %s", (unsigned)code,
                      (unsigned)c->err.detail, what);
}

static nb_status oom(wctx *c)
{
    return nb_diag_at(c->d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS,
                      "out of memory while writing the PDF");
}

#define HP(call, what)                                                                             \
    do {                                                                                           \
        HPDF_STATUS hp_st_ = (call);                                                               \
        if (hp_st_ != HPDF_OK || c->err.code)                                                      \
            return hpdf_fail(c, hp_st_, what);                                                     \
    } while (0)

static inline HPDF_REAL pt(int64_t mpt) { return (HPDF_REAL)((double)mpt / 1000.0); }

/* ---- text strings ------------------------------------------------------- */

/* libharu's UTF-8 encoder turns characters above U+FFFF into spaces and was
 * not written for malformed input: such strings are written by the glue as
 * UTF-16BE instead. */
static bool needs_own_utf16(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0xF0)
            return true;
    return nb_utf8_invalid_at(s, n) != (size_t)-1;
}

/* FE FF + UTF-16BE of s into c->u16 (bytes, not hex). */
static bool utf16be(wctx *c, const char *s)
{
    nb_buf *b = &c->u16;
    b->len = 0;
    nb_buf_append(b, "\xFE\xFF", 2);
    size_t n = strlen(s), i = 0;
    while (i < n) {
        int32_t cp = nb_utf8_next(s, n, &i);
        uint16_t u[2];
        int k = nb_utf16_encode(cp < 0 ? 0xFFFD : (uint32_t)cp, u);
        for (int j = 0; j < k; j++) {
            unsigned char be[2] = {(unsigned char)(u[j] >> 8), (unsigned char)u[j]};
            nb_buf_append(b, be, 2);
        }
    }
    return !b->oom;
}

/* libharu refuses a text string longer than HPDF_LIMIT_MAX_STRING_LEN
 * (65535 bytes) with error 0x105B, and UTF-16 may double a string's size:
 * Info entries and bookmark titles (an office name or heading thousands of
 * characters long) are clipped at a character boundary with "…". The page
 * text is never clipped. Sets *clipped (nb_free) when it had to; false on
 * allocation failure. */
#define NB_PDF_MAX_TITLE_BYTES 8000
static bool clip_title(const char *s, char **clipped)
{
    *clipped = NULL;
    size_t n = strlen(s);
    if (n <= NB_PDF_MAX_TITLE_BYTES)
        return true;
    size_t cut = NB_PDF_MAX_TITLE_BYTES;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    char *p = nb_malloc(cut + 4);
    if (!p)
        return false;
    memcpy(p, s, cut);
    memcpy(p + cut, "\xE2\x80\xA6", 4); /* … and the NUL */
    *clipped = p;
    return true;
}

static nb_status set_info_string(wctx *c, HPDF_InfoType type, const char *key, const char *v)
{
    HP(HPDF_SetInfoAttr(c->pdf, type, v), "HPDF_SetInfoAttr");
    if (needs_own_utf16(v)) {
        if (!utf16be(c, v))
            return oom(c);
        HP(nb_hg_info_set_utf16(c->pdf, key, (const unsigned char *)c->u16.data, c->u16.len),
           "Info text string");
    }
    return NB_OK;
}

static nb_status set_info(wctx *c, HPDF_InfoType type, const char *key, const char *v, int slot)
{
    if (!v)
        return NB_OK;
    char *clipped;
    if (!clip_title(v, &clipped))
        return oom(c);
    if (!clipped && !(clipped = nb_strdup(v)))
        return oom(c);
    c->info[slot] = clipped;
    return set_info_string(c, type, key, clipped);
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* "D:YYYYMMDDHHmmSS" followed by "Z", "+HH'mm'" or "-HH'mm'" (or nothing). */
static bool parse_date(const char *s, HPDF_Date *out)
{
    if (strncmp(s, "D:", 2) == 0)
        s += 2;
    if (strlen(s) < 14)
        return false;
    int f[6], w[6] = {4, 2, 2, 2, 2, 2};
    for (int i = 0; i < 6; i++) {
        if ((f[i] = digits(s, w[i])) < 0)
            return false;
        s += w[i];
    }
    *out = (HPDF_Date){.year = f[0],
                       .month = f[1],
                       .day = f[2],
                       .hour = f[3],
                       .minutes = f[4],
                       .seconds = f[5],
                       .ind = ' '};
    if (*s == 'Z') {
        out->ind = 'Z';
        return s[1] == '\0';
    }
    if (*s == '+' || *s == '-') {
        out->ind = *s++;
        int hh = digits(s, 2);
        if (hh < 0)
            return false;
        s += 2;
        if (*s == '\'')
            s++;
        int mm = 0;
        if (*s) {
            if ((mm = digits(s, 2)) < 0)
                return false;
            s += 2;
            if (*s == '\'')
                s++;
        }
        out->off_hour = hh;
        out->off_minutes = mm;
    }
    return *s == '\0';
}

/* ---- glyph collection --------------------------------------------------- */

static nb_status collect(wctx *c)
{
    const nb_doc *doc = c->doc;
    for (size_t p = 0; p < doc->npages; p++) {
        const nb_ppage *pg = &doc->pages[p];
        for (size_t r = 0; r < pg->nruns; r++) {
            const nb_prun *run = &pg->runs[r];
            if (run->count == 0)
                continue;
            if (run->face >= c->nfaces)
                return nb_diag_at(c->d, NB_ERROR, NB_ERR_PDF, NB_NOPOS,
                                  "page %d: a run uses face %u, the font set has %zu", pg->number,
                                  run->face, c->nfaces);
            if (run->size <= 0 || run->size > MAX_SIZE_MPT)
                return nb_diag_at(c->d, NB_ERROR, NB_ERR_PDF, NB_NOPOS,
                                  "page %d: font size %d mpt out of range", pg->number,
                                  (int)run->size);
            if (!run->glyphs)
                return nb_diag_at(c->d, NB_ERROR, NB_ERR_PDF, NB_NOPOS,
                                  "page %d: a run has no glyph array", pg->number);
            nb_fsub *s = &c->subs[run->face];
            if (!s->slot) {
                nb_status rc = nb_fsub_init(s, doc->fonts->faces[run->face]);
                if (rc == NB_ERR_FONT)
                    return nb_diag_at(c->d, NB_ERROR, NB_ERR_FONT, NB_NOPOS,
                                      "face %u has no glyphs", run->face);
                if (rc != NB_OK)
                    return oom(c);
            }
            for (size_t i = 0; i < run->count; i++) {
                const nb_pglyph *g = &run->glyphs[i];
                if (g->gid == 0 || g->gid >= s->nslots)
                    return nb_diag_at(c->d, NB_ERROR, NB_ERR_PDF, NB_NOPOS,
                                      "page %d: glyph id %u in a run of face %u "
                                      "(%s); .notdef or out of range",
                                      pg->number, (unsigned)g->gid, run->face,
                                      g->gid == 0 ? "notdef" : "too large");
                const char *t = g->text_len && run->text ? run->text + g->text_off : NULL;
                nb_status rc = nb_fsub_use(s, g->gid, t, t ? g->text_len : 0, c->d);
                if (rc != NB_OK)
                    return rc;
            }
        }
    }
    return NB_OK;
}

/* ---- fonts ---------------------------------------------------------------- */

static nb_status make_fonts(wctx *c)
{
    bool deflate = c->opts->compress;
    nb_buf tu = {0};
    for (size_t f = 0; f < c->nfaces; f++) {
        nb_fsub *s = &c->subs[f];
        if (!s->slot)
            continue;
        s->deflate_level = deflate ? NB_DEFLATE_LEVEL : 0;
        nb_status rc = nb_fsub_finish(s, c->d);
        if (rc != NB_OK) {
            nb_buf_free(&tu);
            return rc;
        }
        const nb_buf *cmap = &s->tounicode;
        if (deflate) {
            if (!nb_deflate(cmap->data, cmap->len, NB_DEFLATE_LEVEL, &tu)) {
                nb_buf_free(&tu);
                return oom(c);
            }
            cmap = &tu;
        }
        /* What the program itself says: the ROS for CIDSystemInfo, and
         * for PDF/A the CIDs it holds. */
        nb_fprog fp;
        rc = nb_fprog_read(s, c->opts->pdfa, deflate, &fp);
        if (rc != NB_OK) {
            nb_fprog_free(&fp);
            nb_buf_free(&tu);
            return rc == NB_ERR_NOMEM ? oom(c)
                                      : nb_diag_at(c->d, NB_ERROR, NB_ERR_FONT, NB_NOPOS,
                                                   "the subset of %s is unreadable", s->base_font);
        }
        if (deflate && fp.cidset.len) {
            nb_buf z = {0};
            if (!nb_deflate(fp.cidset.data, fp.cidset.len, NB_DEFLATE_LEVEL, &z)) {
                nb_buf_free(&z);
                nb_fprog_free(&fp);
                nb_buf_free(&tu);
                return oom(c);
            }
            nb_buf_free(&fp.cidset);
            fp.cidset = z;
        }
        nb_hg_font_spec spec = {
            .base_font = s->base_font,
            .cff = s->cff,
            .program = (const unsigned char *)s->program.data,
            .program_len = s->program.len,
            .program_raw_len = s->program_raw_len,
            .bbox = {s->bbox[0], s->bbox[1], s->bbox[2], s->bbox[3]},
            .cid_entries = s->cid_entries.data,
            .cid_entries_len = s->cid_entries.len,
            .tounicode = cmap->data,
            .tounicode_len = cmap->len,
            .deflated = deflate,
            .registry = fp.has_ros ? fp.registry : NULL,
            .ordering = fp.ordering,
            .supplement = fp.supplement,
            .cidset = c->opts->pdfa ? (const unsigned char *)fp.cidset.data : NULL,
            .cidset_len = fp.cidset.len,
        };
        HPDF_STATUS st = nb_hg_font_new(c->pdf, &spec, &c->fonts[f]);
        nb_fprog_free(&fp);
        if (st != HPDF_OK || c->err.code) {
            nb_buf_free(&tu);
            return hpdf_fail(c, st, "creating a font");
        }
        /* libharu holds a copy now */
        nb_buf_free(&s->program);
    }
    nb_buf_free(&tu);
    return NB_OK;
}

/* ---- content ------------------------------------------------------------- */

static nb_status draw_rules(wctx *c, HPDF_Page page, const nb_ppage *pg)
{
    const int64_t H = c->doc->page_height;
    int32_t cur = -1;
    bool open = false;
    /* Rules are table borders: never content. */
    if (c->tags.pages && pg->nrules)
        HP(nb_hg_page_write_raw(page, "/Artifact BMC\n", 14), "marking rules");
    for (size_t i = 0; i < pg->nrules; i++) {
        const nb_prule *r = &pg->rules[i];
        if (r->width < 0)
            return nb_diag_at(c->d, NB_ERROR, NB_ERR_PDF, NB_NOPOS, "page %d: negative rule width",
                              pg->number);
        if (r->width != cur) {
            if (open)
                HP(HPDF_Page_Stroke(page), "HPDF_Page_Stroke");
            open = false;
            HP(HPDF_Page_SetLineWidth(page, pt(r->width)), "HPDF_Page_SetLineWidth");
            cur = r->width;
        }
        HP(HPDF_Page_MoveTo(page, pt(r->x0), pt(H - r->y0)), "HPDF_Page_MoveTo");
        HP(HPDF_Page_LineTo(page, pt(r->x1), pt(H - r->y1)), "HPDF_Page_LineTo");
        open = true;
    }
    if (open)
        HP(HPDF_Page_Stroke(page), "HPDF_Page_Stroke");
    if (c->tags.pages && pg->nrules)
        HP(nb_hg_page_write_raw(page, "EMC\n", 4), "marking rules");
    return NB_OK;
}

static const char HEXU[] = "0123456789ABCDEF";

static int64_t div_round(int64_t a, int64_t b) /* b > 0 */
{
    return a >= 0 ? (a + b / 2) / b : -((-a + b / 2) / b);
}

static nb_status flush_tj(wctx *c, HPDF_Page page)
{
    if (c->tj.oom)
        return oom(c);
    if (c->tj.len)
        HP(nb_hg_page_write_text(page, c->tj.data, c->tj.len), "writing a TJ array");
    c->tj.len = 0;
    return NB_OK;
}

/* One run as TJ arrays. Positions are tracked in 1e-6 em ("E": the unit of
 * /W values and TJ numbers times 1000). Before each glyph the PDF pen (sum
 * of /W widths and earlier adjustments) is compared with the layout's pen
 * (sum of nb_pglyph.advance, plus this glyph's x_offset); a TJ adjustment is
 * written only when they differ by more than half a millipoint. So natural
 * advances of fonts whose widths are whole per-mille give plain strings,
 * tracking and justification give one number per gap, and rounding never
 * accumulates. y_offset (HarfBuzz convention, up = positive) becomes a text
 * rise (Ts) between TJ arrays. */
static nb_status draw_run(wctx *c, HPDF_Page page, const nb_prun *run)
{
    const nb_fsub *s = &c->subs[run->face];
    const int64_t S = run->size;
    nb_buf *b = &c->tj;
    int64_t pen = 0; /* layout pen, mpt from run->x */
    int64_t pos = 0; /* PDF pen, E */
    bool arr = false, str = false;
    char num[24];

    for (size_t i = 0; i < run->count; i++) {
        const nb_pglyph *g = &run->glyphs[i];
        if (g->y_offset != c->rise) {
            if (arr) {
                nb_buf_append(b, str ? ">] TJ\n" : "] TJ\n", str ? 6 : 5);
                arr = str = false;
                nb_status rc = flush_tj(c, page);
                if (rc != NB_OK)
                    return rc;
            }
            HP(HPDF_Page_SetTextRise(page, pt(g->y_offset)), "HPDF_Page_SetTextRise");
            c->rise = g->y_offset;
        }
        if (!arr) {
            nb_buf_putc(b, '[');
            arr = true;
        }
        int64_t want = div_round((pen + g->x_offset) * 1000000, S);
        int64_t diff = want - pos;
        if (diff != 0 && 2 * (diff < 0 ? -diff : diff) * S > 1000000) {
            if (str) {
                nb_buf_putc(b, '>');
                str = false;
            }
            nb_buf_append(b, num, (size_t)nb_fmt_milli(num, -diff));
            pos += diff;
        }
        if (!str) {
            nb_buf_putc(b, '<');
            str = true;
        }
        const nb_fsglyph *fg = nb_fsub_glyph(s, g->gid);
        char h[4] = {HEXU[(fg->code >> 12) & 15], HEXU[(fg->code >> 8) & 15],
                     HEXU[(fg->code >> 4) & 15], HEXU[fg->code & 15]};
        nb_buf_append(b, h, 4);
        pos += fg->w;
        pen += g->advance;
    }
    if (arr)
        nb_buf_append(b, str ? ">] TJ\n" : "] TJ\n", str ? 6 : 5);
    return NB_OK;
}

static nb_status draw_text(wctx *c, HPDF_Page page, const nb_ppage *pg)
{
    const int64_t H = c->doc->page_height;
    HPDF_Font cur_font = NULL;
    int32_t cur_size = 0;
    bool bt = false;
    c->rise = 0;
    for (size_t r = 0; r < pg->nruns; r++) {
        const nb_prun *run = &pg->runs[r];
        if (run->count == 0)
            continue;
        if (!bt) {
            HP(HPDF_Page_BeginText(page), "HPDF_Page_BeginText");
            bt = true;
        }
        HPDF_Font font = c->fonts[run->face];
        if (font != cur_font || run->size != cur_size) {
            HP(HPDF_Page_SetFontAndSize(page, font, pt(run->size)), "HPDF_Page_SetFontAndSize");
            cur_font = font;
            cur_size = run->size;
        }
        nb_status rc = nb_tagger_run(&c->tags, (size_t)(pg - c->doc->pages), run->elem, &c->tj);
        if (rc == NB_ERR_PDF)
            return nb_diag_at(c->d, NB_ERROR, NB_ERR_PDF, NB_NOPOS,
                              "page %d: a run names structure element %u of %zu", pg->number,
                              (unsigned)run->elem, c->doc->nelems);
        if (rc == NB_OK)
            rc = flush_tj(c, page);
        if (rc != NB_OK)
            return rc == NB_ERR_NOMEM ? oom(c) : rc;
        HP(HPDF_Page_SetTextMatrix(page, 1, 0, 0, 1, pt(run->x), pt(H - run->y)),
           "HPDF_Page_SetTextMatrix");
        rc = draw_run(c, page, run);
        if (rc == NB_OK)
            rc = flush_tj(c, page);
        if (rc != NB_OK)
            return rc;
    }
    nb_tagger_close(&c->tags, &c->tj);
    nb_status rc = flush_tj(c, page);
    if (rc != NB_OK)
        return rc;
    if (bt)
        HP(HPDF_Page_EndText(page), "HPDF_Page_EndText");
    return NB_OK;
}

static nb_status draw_pages(wctx *c)
{
    const nb_doc *doc = c->doc;
    for (size_t p = 0; p < doc->npages; p++) {
        HPDF_Page page = HPDF_AddPage(c->pdf);
        if (!page)
            return hpdf_fail(c, HPDF_OK, "HPDF_AddPage");
        c->pages[p] = page;
        HP(HPDF_Page_SetWidth(page, pt(doc->page_width)), "HPDF_Page_SetWidth");
        HP(HPDF_Page_SetHeight(page, pt(doc->page_height)), "HPDF_Page_SetHeight");
        nb_status rc = draw_rules(c, page, &doc->pages[p]);
        if (rc == NB_OK)
            rc = draw_text(c, page, &doc->pages[p]);
        if (rc != NB_OK)
            return rc;
    }
    return NB_OK;
}

/* ---- outline ------------------------------------------------------------- */

typedef struct ostack {
    int level;
    HPDF_Outline o;
} ostack;

static nb_status make_outline(wctx *c)
{
    const nb_doc *doc = c->doc;
    if (doc->noutline == 0)
        return NB_OK;
    HPDF_Encoder enc = HPDF_GetEncoder(c->pdf, "UTF-8");
    if (!enc)
        return hpdf_fail(c, HPDF_OK, "HPDF_GetEncoder(UTF-8)");
    ostack *st = nb_malloc(doc->noutline * sizeof *st);
    if (!st)
        return oom(c);
    size_t depth = 0;
    nb_status rc = NB_OK;
    for (size_t i = 0; i < doc->noutline && rc == NB_OK; i++) {
        const nb_outline_item *it = &doc->outline[i];
        if (it->page >= doc->npages) {
            rc = nb_diag_at(c->d, NB_ERROR, NB_ERR_PDF, NB_NOPOS,
                            "outline entry %zu points to page index %zu of %zu", i, it->page,
                            doc->npages);
            break;
        }
        while (depth && st[depth - 1].level >= it->level)
            depth--;
        const char *title = it->title ? it->title : "";
        char *clipped;
        if (!clip_title(title, &clipped)) {
            rc = oom(c);
            break;
        }
        if (clipped)
            title = clipped;
        HPDF_Outline o = HPDF_CreateOutline(c->pdf, depth ? st[depth - 1].o : NULL, title, enc);
        if (!o) {
            nb_free(clipped);
            rc = hpdf_fail(c, HPDF_OK, "HPDF_CreateOutline");
            break;
        }
        if (needs_own_utf16(title)) {
            if (!utf16be(c, title)) {
                nb_free(clipped);
                rc = oom(c);
                break;
            }
            HPDF_STATUS hs =
                nb_hg_outline_set_utf16(o, (const unsigned char *)c->u16.data, c->u16.len);
            if (hs != HPDF_OK) {
                nb_free(clipped);
                rc = hpdf_fail(c, hs, "outline title");
                break;
            }
        }
        nb_free(clipped);
        HPDF_Destination dst = HPDF_Page_CreateDestination(c->pages[it->page]);
        if (!dst) {
            rc = hpdf_fail(c, HPDF_OK, "HPDF_Page_CreateDestination");
            break;
        }
        int64_t top = (int64_t)doc->page_height - it->y;
        if (top < 0)
            top = 0;
        HPDF_STATUS hs = HPDF_Destination_SetXYZ(dst, 0, pt(top), 1);
        if (hs == HPDF_OK)
            hs = nb_hg_dest_keep_zoom(dst);
        if (hs == HPDF_OK)
            hs = HPDF_Outline_SetDestination(o, dst);
        if (hs == HPDF_OK && it->level <= 1)
            hs = HPDF_Outline_SetOpened(o, HPDF_TRUE);
        if (hs != HPDF_OK || c->err.code) {
            rc = hpdf_fail(c, hs, "outline destination");
            break;
        }
        st[depth++] = (ostack){it->level, o};
    }
    nb_free(st);
    if (rc == NB_OK)
        HP(HPDF_SetPageMode(c->pdf, HPDF_PAGE_MODE_USE_OUTLINE), "HPDF_SetPageMode");
    return rc;
}

/* ---- driver -------------------------------------------------------------- */

/* The PDF/A document ID: a hash of what the pages show and of the Info,
 * so the same report gives the same ID and a changed one a new ID. */
static void content_id(const wctx *c, unsigned char id[16])
{
    const nb_doc *doc = c->doc;
    uint64_t h[2] = {NB_HASH_INIT, NB_HASH_INIT ^ UINT64_C(0x9e3779b97f4a7c15)};
    for (int k = 0; k < 2; k++) {
        for (int i = 0; i < 5; i++)
            if (c->info[i])
                h[k] = nb_hash(h[k], c->info[i], strlen(c->info[i]) + 1);
        if (doc->date)
            h[k] = nb_hash(h[k], doc->date, strlen(doc->date));
        for (size_t p = 0; p < doc->npages; p++) {
            const nb_ppage *pg = &doc->pages[p];
            for (size_t r = 0; r < pg->nruns; r++) {
                const nb_prun *run = &pg->runs[r];
                int32_t head[4] = {run->face, run->size, run->x, run->y};
                h[k] = nb_hash(h[k], head, sizeof head);
                for (size_t g = 0; g < run->count; g++)
                    h[k] = nb_hash(h[k], &run->glyphs[g].gid, sizeof run->glyphs[g].gid);
            }
            h[k] = nb_hash(h[k], pg->rules, pg->nrules * sizeof *pg->rules);
        }
    }
    for (int i = 0; i < 16; i++)
        id[i] = (unsigned char)(h[i / 8] >> (8 * (i % 8)));
}

static nb_status write_doc(wctx *c, unsigned char **out, size_t *len)
{
    const nb_doc *doc = c->doc;
    nb_status rc = collect(c);
    if (rc != NB_OK)
        return rc;

    c->pdf = HPDF_NewEx(on_error, hp_alloc, hp_free, 0, &c->err);
    if (!c->pdf)
        return oom(c);
    HP(HPDF_SetCompressionMode(c->pdf, c->opts->compress ? HPDF_COMP_ALL : HPDF_COMP_NONE),
       "HPDF_SetCompressionMode");
    HP(HPDF_UseUTFEncodings(c->pdf), "HPDF_UseUTFEncodings");
    HP(HPDF_SetCurrentEncoder(c->pdf, "UTF-8"), "HPDF_SetCurrentEncoder");

    if ((rc = set_info(c, HPDF_INFO_TITLE, "Title", doc->title, 0)) != NB_OK ||
        (rc = set_info(c, HPDF_INFO_AUTHOR, "Author", doc->author, 1)) != NB_OK ||
        (rc = set_info(c, HPDF_INFO_SUBJECT, "Subject", doc->subject, 2)) != NB_OK ||
        (rc = set_info(c, HPDF_INFO_CREATOR, "Creator", doc->creator, 3)) != NB_OK ||
        (rc = set_info(c, HPDF_INFO_PRODUCER, "Producer", NB_PRODUCER, 4)) != NB_OK)
        return rc;
    if (doc->date) {
        HPDF_Date date;
        if (!parse_date(doc->date, &date))
            return nb_diag_at(c->d, NB_ERROR, NB_ERR_PDF, NB_NOPOS,
                              "invalid PDF date \"%s\" (want D:YYYYMMDDHHmmSS+HH'mm')", doc->date);
        HP(HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_CREATION_DATE, date), "creation date");
        HP(HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_MOD_DATE, date), "modification date");
    }

    if ((rc = make_fonts(c)) != NB_OK || (rc = draw_pages(c)) != NB_OK ||
        (rc = make_outline(c)) != NB_OK)
        return rc;
    HP(nb_tagger_write(&c->tags, c->pdf, c->pages), "the structure tree");
    if (c->opts->pdfa) {
        unsigned char id[16];
        content_id(c, id);
        nb_xmp meta = {c->info[0], c->info[1], c->info[2], c->info[3], c->info[4], doc->date};
        if ((rc = nb_pdfa_apply(c->pdf, &meta, id, c->d)) != NB_OK)
            return rc;
    }

    HP(HPDF_SaveToStream(c->pdf), "HPDF_SaveToStream");
    HPDF_UINT32 size = HPDF_GetStreamSize(c->pdf);
    if (size == 0)
        return hpdf_fail(c, HPDF_OK, "HPDF_GetStreamSize");
    unsigned char *buf = nb_malloc(size);
    if (!buf)
        return oom(c);
    HPDF_UINT32 got = size;
    HPDF_STATUS st = HPDF_ReadFromStream(c->pdf, buf, &got);
    if (st != HPDF_OK || got != size) {
        nb_free(buf);
        return hpdf_fail(c, st, "HPDF_ReadFromStream");
    }
    if (c->opts->compress) {
        /* Dictionaries into object streams: the structure tree's hundreds
         * of small objects cost a tenth of them then. */
        nb_buf packed = {0};
        nb_status prc = nb_objstm_pack(buf, size, &packed);
        nb_free(buf);
        if (prc != NB_OK) {
            nb_buf_free(&packed);
            return prc == NB_ERR_NOMEM ? oom(c)
                                       : nb_diag_at(c->d, NB_ERROR, NB_ERR_PDF, NB_NOPOS,
                                                    "libharu wrote a PDF we cannot repack");
        }
        *len = packed.len;
        *out = (unsigned char *)nb_buf_take(&packed);
        return *out ? NB_OK : oom(c);
    }
    *out = buf;
    *len = size;
    return NB_OK;
}

nb_status nb_pdf_write(const nb_doc *doc, const nb_pdf_opts *opts, unsigned char **out, size_t *len,
                       nb_diags *d)
{
    *out = NULL;
    *len = 0;
    const char *v = nb_hg_version_mismatch();
    if (v)
        return nb_diag_at(d, NB_ERROR, NB_ERR_PDF, NB_NOPOS,
                          "libharu %s is not the tested " NB_HG_TESTED_VERSION, v);
    if (doc->page_width < MIN_PAGE_MPT || doc->page_height < MIN_PAGE_MPT ||
        doc->page_width > MAX_PAGE_MPT || doc->page_height > MAX_PAGE_MPT)
        return nb_diag_at(d, NB_ERROR, NB_ERR_PDF, NB_NOPOS,
                          "page size %dx%d mpt is outside 3..14400 pt", (int)doc->page_width,
                          (int)doc->page_height);
    hp_alloc_failed = false;
    nb_pdf_opts defaults = {.compress = true};
    wctx c = {.doc = doc, .opts = opts ? opts : &defaults, .d = d};
    c.nfaces = doc->fonts ? doc->fonts->nfaces : 0;
    nb_status rc = NB_OK;
    c.subs = nb_calloc(c.nfaces ? c.nfaces : 1, sizeof *c.subs);
    c.fonts = nb_calloc(c.nfaces ? c.nfaces : 1, sizeof *c.fonts);
    c.pages = nb_calloc(doc->npages ? doc->npages : 1, sizeof *c.pages);
    if (!c.subs || !c.fonts || !c.pages ||
        (c.opts->tagged && nb_tagger_init(&c.tags, doc) != NB_OK))
        rc = nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
    else
        rc = write_doc(&c, out, len);
    nb_tagger_free(&c.tags);
    if (c.pdf)
        HPDF_Free(c.pdf);
    if (c.subs)
        for (size_t f = 0; f < c.nfaces; f++)
            nb_fsub_free(&c.subs[f]);
    nb_free(c.subs);
    nb_free(c.fonts);
    nb_free(c.pages);
    nb_buf_free(&c.tj);
    nb_buf_free(&c.u16);
    for (int i = 0; i < 5; i++)
        nb_free(c.info[i]);
    return rc;
}
