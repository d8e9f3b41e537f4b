/* Tests for src/draw/: builds nb_docs by hand (faces loaded by the engine's
 * font loader, text shaped with HarfBuzz), writes PDFs and checks them with poppler, qpdf and
 * MuPDF.
 *
 * Needs the Debian fonts fonts-arphic-ukai, fonts-noto-cjk and TeX Live's
 * Fandol, plus poppler-utils, qpdf and mupdf-tools. A missing tool or font
 * makes the corresponding checks fail (not skip): these are the engine's
 * reference fonts.
 *
 * Output files go to $NB_TEST_TMP or /tmp. Prints "N passed, N failed". */
#define _GNU_SOURCE /* popen, memmem, clock_gettime */

#include <hb-ot.h>
#include <locale.h>
#include <pthread.h>
#include <hb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "draw/cff.h"
#include "draw/fontsub.h"
#include "check.h"
#include "draw/pdf.h"
#include "fonts/fontset.h"
#include "model/layout.h"
#include "doc/doc.h"
#include "util/alloc.h"
#include "util/utf8.h"

/* A folder of this run's own, so that parallel runs (ctest -j, several
 * checkouts) never write over each other's files. */
static const char *tmpdir(void)
{
    static char dir[] = "/tmp/nb_test_draw.XXXXXX";
    static const char *made;
    const char *t = getenv("NB_TEST_TMP");
    if (t && *t)
        return t;
    if (!made)
        made = mkdtemp(dir) ? dir : "/tmp";
    return made;
}

/* ---- faces -------------------------------------------------------------- */

#define KAI_PATH "/usr/share/fonts/truetype/arphic/ukai.ttc"
#define SERIF_PATH "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
#define SANS_PATH "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
#define LM_PATH "/usr/share/texmf/fonts/opentype/public/lm/lmroman10-regular.otf"
#define FANG_PATH                                                                                  \
    "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf"

/* ---- documents ---------------------------------------------------------- */

static void *keep(nb_doc *d, void *p)
{
    if (d->nblocks == d->capblocks) {
        d->capblocks = d->capblocks ? d->capblocks * 2 : 16;
        d->blocks = nb_realloc(d->blocks, d->capblocks * sizeof *d->blocks);
    }
    d->blocks[d->nblocks++] = p;
    return p;
}

static void free_doc(nb_doc *d)
{
    for (size_t i = 0; i < d->npages; i++) {
        nb_free(d->pages[i].runs);
        nb_free(d->pages[i].rules);
    }
    nb_free(d->pages);
    for (size_t i = 0; i < d->noutline; i++)
        nb_free(d->outline[i].title);
    nb_free(d->outline);
    for (size_t i = 0; i < d->nblocks; i++)
        nb_free(d->blocks[i]);
    nb_free(d->blocks);
    nb_free(d->title);
    nb_free(d->author);
    nb_free(d->subject);
    nb_free(d->creator);
    nb_free(d->date);
    memset(d, 0, sizeof *d);
}

static void init_doc(nb_doc *d, const nb_fontset *fs)
{
    memset(d, 0, sizeof *d);
    d->fonts = fs;
    d->page_width = NB_MM(210);
    d->page_height = NB_MM(297);
}

static nb_ppage *add_page(nb_doc *d)
{
    if (d->npages == d->cappages) {
        d->cappages = d->cappages ? d->cappages * 2 : 4;
        d->pages = nb_realloc(d->pages, d->cappages * sizeof *d->pages);
    }
    nb_ppage *p = &d->pages[d->npages++];
    memset(p, 0, sizeof *p);
    p->number = (int)d->npages;
    return p;
}

static void add_rule(nb_ppage *p, nb_mpt x0, nb_mpt y0, nb_mpt x1, nb_mpt y1, nb_mpt w)
{
    if (p->nrules == p->caprules) {
        p->caprules = p->caprules ? p->caprules * 2 : 8;
        p->rules = nb_realloc(p->rules, p->caprules * sizeof *p->rules);
    }
    p->rules[p->nrules++] = (nb_prule){x0, y0, x1, y1, w};
}

static void add_outline(nb_doc *d, int level, const char *title, size_t page, nb_mpt y)
{
    if (d->noutline == d->capoutline) {
        d->capoutline = d->capoutline ? d->capoutline * 2 : 8;
        d->outline = nb_realloc(d->outline, d->capoutline * sizeof *d->outline);
    }
    d->outline[d->noutline++] = (nb_outline_item){level, nb_strdup(title), page, y};
}

static nb_mpt scale_mpt(hb_position_t v, nb_mpt size, unsigned upem)
{
    int64_t n = (int64_t)v * size;
    return (nb_mpt)(n >= 0 ? (n + upem / 2) / upem : -((-n + upem / 2) / upem));
}

/* Shapes `text` with a fallback chain of faces (first face covering each
 * character), one run per face change; returns the advance width. */
static nb_mpt add_line(nb_doc *d, nb_ppage *p, const uint16_t *chain, size_t nchain, nb_mpt size,
                       nb_mpt x, nb_mpt y, const char *text_in)
{
    const nb_fontset *fs = d->fonts;
    char *text = keep(d, nb_strdup(text_in));
    size_t len = strlen(text);
    size_t i = 0;
    nb_mpt pen = x;
    while (i < len) {
        size_t start = i;
        int face = -1;
        while (i < len) {
            size_t at = i;
            int32_t cp = nb_utf8_next(text, len, &i);
            int f = chain[0];
            for (size_t k = 0; k < nchain; k++) {
                hb_codepoint_t g;
                if (hb_font_get_nominal_glyph(fs->faces[chain[k]]->hb_font, (hb_codepoint_t)cp,
                                              &g)) {
                    f = chain[k];
                    break;
                }
            }
            if (face < 0)
                face = f;
            else if (f != face) {
                i = at;
                break;
            }
        }
        const nb_face *nf = fs->faces[face];
        hb_buffer_t *b = hb_buffer_create();
        hb_buffer_add_utf8(b, text, (int)len, (unsigned)start, (int)(i - start));
        hb_buffer_set_direction(b, HB_DIRECTION_LTR);
        hb_buffer_guess_segment_properties(b);
        hb_buffer_set_language(b, hb_language_from_string("zh-Hans", -1));
        hb_buffer_set_cluster_level(b, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
        hb_shape(nf->hb_font, b, NULL, 0);
        unsigned n = 0;
        hb_glyph_info_t *inf = hb_buffer_get_glyph_infos(b, &n);
        hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(b, &n);
        nb_pglyph *gl = keep(d, nb_calloc(n ? n : 1, sizeof *gl));
        nb_mpt runw = 0;
        for (unsigned k = 0; k < n; k++) {
            nb_pglyph *g = &gl[k];
            g->gid = inf[k].codepoint;
            g->natural = scale_mpt(pos[k].x_advance, size, nf->upem);
            g->advance = g->natural;
            g->x_offset = scale_mpt(pos[k].x_offset, size, nf->upem);
            g->y_offset = scale_mpt(pos[k].y_offset, size, nf->upem);
            g->text_off = inf[k].cluster;
            if (k == 0 || inf[k].cluster != inf[k - 1].cluster) {
                unsigned end = (unsigned)i;
                for (unsigned m = k + 1; m < n; m++)
                    if (inf[m].cluster != inf[k].cluster) {
                        end = inf[m].cluster;
                        break;
                    }
                g->text_len = end - inf[k].cluster;
            }
            runw += g->advance;
        }
        hb_buffer_destroy(b);
        if (p->nruns == p->capruns) {
            p->capruns = p->capruns ? p->capruns * 2 : 8;
            p->runs = nb_realloc(p->runs, p->capruns * sizeof *p->runs);
        }
        p->runs[p->nruns++] =
            (nb_prun){(uint16_t)face, size, pen, y, gl, n, text, NB_ELEM_ARTIFACT};
        pen += runw;
    }
    return pen - x;
}

/* ---- tools --------------------------------------------------------------- */

static char *run_cmd(int *status, const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    FILE *f = popen(cmd, "r");
    if (!f) {
        *status = -1;
        return nb_strdup("");
    }
    size_t cap = 4096, n = 0;
    char *out = nb_malloc(cap);
    size_t r;
    while ((r = fread(out + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (cap - n < 2) {
            cap *= 2;
            out = nb_realloc(out, cap);
        }
    }
    out[n] = '\0';
    int st = pclose(f);
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return out;
}

static bool write_file(const char *path, const unsigned char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* ---- the tests ---------------------------------------------------------- */

enum { F_KAI, F_SERIF, F_FANG, F_SANS, F_LM, NFACES };
#define NCJK 4 /* the first four faces are the CJK ones */

static nb_face **faces;     /* fontset->faces, indexed by F_* */
static nb_fontset *fontset; /* loaded by the engine's own loader */

/* The reference faces through nb_fontset_load, one role a face, so that
 * face i of the set is F_i; NULL (after failed checks) when they are not
 * all there. */
static nb_fontset *load_fonts(void)
{
    static const struct {
        const char *role, *path;
        unsigned index;
    } fl[NFACES] = {{"kai", KAI_PATH, 0},
                    {"serif", SERIF_PATH, 2},
                    {"fang", FANG_PATH, 0},
                    {"sans", SANS_PATH, 2},
                    {"latin", LM_PATH, 0}};
    nb_fontsrc src[NFACES];
    nb_role roles[NFACES];
    for (int i = 0; i < NFACES; i++) {
        src[i] = (nb_fontsrc){NB_FONTSRC_FILE, (char *)fl[i].path, (int)fl[i].index, NB_NOPOS};
        roles[i] = (nb_role){(char *)fl[i].role, &src[i], 1, NB_NOPOS};
    }
    nb_layout layout = {.roles = roles, .nroles = NFACES};
    nb_diags d;
    nb_diags_init(&d);
    nb_fontset *fs = NULL;
    nb_status s = nb_fontset_load(&layout, NULL, &fs, &d);
    if (!CHECKF(s == NB_OK, "the reference fonts load: %s", nb_status_name(s)))
        nb_diags_print(&d, stdout);
    nb_diags_free(&d);
    bool ok = fs && fs->nfaces == NFACES;
    for (int i = 0; ok && i < NFACES; i++)
        ok = CHECKF(fs->roles[i].count == 1 && fs->roles[i].faces[0] == i, "face %d is %s", i,
                    fl[i].path);
    if (!ok) {
        nb_fontset_free(fs);
        return NULL;
    }
    return fs;
}

static const char *SAMPLE = "繁峙县人民政府办公室2021年度IPV6，“三安全一稳定”𠮟";

static void test_fmt(void)
{
    char b[24];
    struct {
        int64_t v;
        const char *s;
    } t[] = {{0, "0"},       {1000, "1"},     {-1000, "-1"},      {550781, "550.781"}, {500, "0.5"},
             {-20, "-0.02"}, {1001, "1.001"}, {123450, "123.45"}, {-999, "-0.999"}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        nb_fmt_milli(b, t[i].v);
        CHECKF(strcmp(b, t[i].s) == 0, "fmt %lld -> %s, want %s", (long long)t[i].v, b, t[i].s);
    }
}

static void test_cff_probe(void)
{
    CHECKF(!faces[F_KAI]->is_cff && !faces[F_KAI]->cid_keyed, "ukai is glyf");
    CHECKF(faces[F_SERIF]->is_cff && faces[F_SERIF]->cid_keyed, "Noto Serif CJK is CID-keyed CFF");
    CHECKF(faces[F_FANG]->is_cff, "FandolFang is CFF");
    CHECKF(faces[F_LM]->is_cff && !faces[F_LM]->cid_keyed, "Latin Modern is name-keyed CFF");
    printf("note: FandolFang-Regular.otf is %s CFF\n",
           faces[F_FANG]->cid_keyed ? "CID-keyed" : "name-keyed (non-CID)");
    /* Fandol's charset is not the identity: CIDs differ from glyph ids */
    hb_blob_t *b = hb_face_reference_table(faces[F_FANG]->hb_face, HB_TAG('C', 'F', 'F', ' '));
    unsigned len;
    const unsigned char *d = (const unsigned char *)hb_blob_get_data(b, &len);
    nb_cff_info ci;
    CHECKF(nb_cff_probe(d, len, &ci) && ci.cid_keyed && ci.nglyphs == 10365, "probe fandol");
    uint32_t gids[] = {1, 100, 9000}, cids[3] = {0};
    CHECKF(nb_cff_map_cids(d, len, &ci, gids, 3, cids) && cids[0] == 1 && cids[1] == 100 &&
               cids[2] != 9000,
           "fandol charset: %u %u %u", cids[0], cids[1], cids[2]);
    hb_blob_destroy(b);
    unsigned char junk[16] = {1, 0, 4, 1, 0xff, 0xff};
    CHECKF(!nb_cff_probe(junk, sizeof junk, &ci), "junk is not CFF");
    CHECKF(!nb_cff_probe(junk, 3, &ci), "short is not CFF");
}

/* The CIDs chosen for a CID-keyed face must be the original CIDs of the
 * glyphs (the subset keeps them in its charset). */
static void test_fsub_cids(uint16_t face, const char *text)
{
    nb_fsub s;
    nb_face *f = faces[face];
    nb_diags d;
    nb_diags_init(&d);
    CHECKF(nb_fsub_init(&s, f) == NB_OK, "fsub init");
    size_t len = strlen(text), i = 0;
    uint32_t gids[64];
    size_t n = 0;
    while (i < len && n < 64) {
        int32_t cp = nb_utf8_next(text, len, &i);
        hb_codepoint_t g;
        if (hb_font_get_nominal_glyph(f->hb_font, (hb_codepoint_t)cp, &g) && g) {
            nb_fsub_use(&s, g, text, 1, &d);
            gids[n++] = g;
        }
    }
    CHECKF(nb_fsub_finish(&s, &d) == NB_OK, "fsub finish %s", f->psname);
    hb_blob_t *b = hb_face_reference_table(f->hb_face, HB_TAG('C', 'F', 'F', ' '));
    unsigned cl;
    const unsigned char *cd = (const unsigned char *)hb_blob_get_data(b, &cl);
    nb_cff_info ci;
    nb_cff_probe(cd, cl, &ci);
    int bad = 0;
    for (size_t k = 0; k < n; k++) {
        uint32_t cid = 0;
        nb_cff_map_cids(cd, cl, &ci, &gids[k], 1, &cid);
        if (nb_fsub_glyph(&s, gids[k])->code != cid)
            bad++;
    }
    CHECKF(bad == 0, "%s: %d glyphs whose code is not the original CID", f->psname, bad);
    CHECKF(strlen(s.base_font) > 7 && s.base_font[6] == '+', "base font %s", s.base_font);
    hb_blob_destroy(b);
    nb_fsub_free(&s);
    nb_diags_free(&d);
}

/* Builds the sample document: one line of SAMPLE per font, rules, outline. */
static void build_sample(nb_doc *d)
{
    init_doc(d, fontset);
    d->title = nb_strdup("繁峙县人民政府2021年政府信息公开工作年度报告");
    d->author = nb_strdup("繁峙县人民政府办公室");
    d->subject = nb_strdup("政府信息公开𠮟");
    d->creator = nb_strdup("nianbao test");
    nb_ppage *p = add_page(d);
    static const uint16_t chains[3][3] = {
        {F_KAI, F_SERIF, F_FANG}, {F_SERIF, F_KAI, F_FANG}, {F_FANG, F_SERIF, F_KAI}};
    nb_mpt y = NB_MM(40);
    for (int k = 0; k < 3; k++) {
        add_line(d, p, chains[k], 3, NB_PT(16), NB_MM(20), y, SAMPLE);
        add_rule(p, NB_MM(20), y + NB_PT(6), NB_MM(190), y + NB_PT(6), NB_PT(0.5));
        y += NB_PT(32);
    }
    /* a name-keyed CFF with ligatures (one glyph for "ffi") and kerning */
    static const uint16_t lm[] = {F_LM};
    add_line(d, p, lm, 1, NB_PT(14), NB_MM(120), y, "Office affluent AVAV");
    /* tracking (TJ adjustments) and an x offset */
    add_line(d, p, chains[1], 3, NB_PT(12), NB_MM(20), y, "政府信息公开 ABC");
    nb_prun *r = &p->runs[p->nruns - 1];
    for (size_t i = 0; i < r->count; i++)
        r->glyphs[i].advance += NB_PT(12) / 20; /* +0.05 em */
    r->glyphs[1].x_offset = NB_PT(12) / 40;     /* +0.025 em */
    r->glyphs[3].y_offset = 120;                /* raised 0.12 pt (text rise) */
    r->glyphs[4].y_offset = 120;
    y += NB_PT(30);
    add_rule(p, NB_MM(20), y, NB_MM(20), y + NB_MM(20), NB_PT(1));
    add_rule(p, NB_MM(20), y, NB_MM(60), y, NB_PT(1));
    add_rule(p, NB_MM(20), y, NB_MM(60), y + NB_MM(20), NB_PT(0.25)); /* diagonal */
    nb_ppage *p2 = add_page(d);
    add_line(d, p2, chains[0], 3, NB_PT(22), NB_MM(20), NB_MM(40), "二、主动公开政府信息情况");
    add_outline(d, 1, "一、总体情况", 0, NB_MM(30));
    add_outline(d, 2, "（一）主动公开", 0, NB_MM(60));
    add_outline(d, 2, "（二）𠮟责与回应", 0, NB_MM(90));
    add_outline(d, 1, "二、主动公开政府信息情况", 1, NB_MM(30));
}

/* "Key:   value" line of pdfinfo output */
static bool field_is(const char *out, const char *key, const char *value)
{
    size_t kl = strlen(key);
    for (const char *q = out; q && *q; q = strchr(q, '\n'), q = q ? q + 1 : NULL) {
        if (strncmp(q, key, kl) == 0 && q[kl] == ':') {
            const char *v = q + kl + 1;
            while (*v == ' ')
                v++;
            size_t vl = strlen(value);
            return strncmp(v, value, vl) == 0 && (v[vl] == '\n' || v[vl] == '\0');
        }
    }
    return false;
}

static bool only_icc_warnings(const char *out)
{
    for (const char *q = strstr(out, "warning"); q; q = strstr(q + 1, "warning"))
        if (strncmp(q, "warning: ICC support is not available", 37) != 0)
            return false;
    return true;
}

/* CID of `gid` in the original CFF of a CID-keyed face. */
static unsigned orig_cid(const nb_face *f, uint32_t gid)
{
    hb_blob_t *b = hb_face_reference_table(f->hb_face, HB_TAG('C', 'F', 'F', ' '));
    unsigned len;
    const unsigned char *d = (const unsigned char *)hb_blob_get_data(b, &len);
    nb_cff_info ci;
    uint32_t cid = 0;
    if (!nb_cff_probe(d, len, &ci) || !nb_cff_map_cids(d, len, &ci, &gid, 1, &cid))
        cid = 0;
    hb_blob_destroy(b);
    return cid;
}

/* Checks page 1 as MuPDF interprets it (mutool trace): every glyph is drawn
 * at the layout's position (run x + sum of advances + x_offset) and with a
 * real glyph. For CID-keyed CFF faces MuPDF reports the CID it looks up,
 * which must be the glyph's CID in the original font (Fandol: CID != gid). */
static void check_trace(const nb_doc *doc, const char *path)
{
    int st;
    char *out = run_cmd(&st, "mutool trace '%s' 1 2>/dev/null", path);
    CHECKF(st == 0, "mutool trace exit %d", st);
    const char *q = out;
    int checked = 0, badpos = 0, badglyph = 0, missing = 0;
    const nb_ppage *pg = &doc->pages[0];
    for (size_t r = 0; r < pg->nruns; r++) {
        const nb_prun *run = &pg->runs[r];
        int64_t pen = run->x;
        for (size_t i = 0; i < run->count; i++) {
            const nb_pglyph *g = &run->glyphs[i];
            /* next <g> with a glyph= (the 2nd.. chars of a ligature come
             * as <g> entries without one) */
            const char *gl = NULL, *xs = NULL, *ys = NULL, *end = NULL;
            while (q && (q = strstr(q, "<g unicode="))) {
                end = strstr(q, "/>");
                gl = strstr(q, "glyph=\"");
                if (end && gl && gl < end)
                    break;
                q += 10;
            }
            if (!q || !end) {
                missing++;
                break;
            }
            xs = strstr(q, " x=\"");
            ys = strstr(q, " y=\"");
            q = end;
            if (!xs || !ys || xs > end || ys > end) {
                missing++;
                continue;
            }
            /* a number (glyph id or CID), or a glyph name for name-keyed CFF */
            bool named = gl[7] < '0' || gl[7] > '9';
            unsigned glyph = named ? (strncmp(gl + 7, ".notdef", 7) == 0 ? 0 : 1)
                                   : (unsigned)strtoul(gl + 7, NULL, 10);
            double x = strtod(xs + 4, NULL);
            double y = strtod(ys + 4, NULL);
            double want = (double)(pen + g->x_offset) / 1000.0;
            double wanty = (double)(doc->page_height - run->y + g->y_offset) / 1000.0;
            if (x < want - 0.002 || x > want + 0.002 || y < wanty - 0.002 || y > wanty + 0.002) {
                if (badpos++ < 3)
                    printf("  run %zu glyph %zu at %.3f,%.3f, want %.3f,%.3f\n", r, i, x, y, want,
                           wanty);
            }
            if (faces[run->face]->cid_keyed) {
                unsigned expect = orig_cid(faces[run->face], g->gid);
                if (glyph != expect && badglyph++ < 3)
                    printf("  run %zu glyph %zu: MuPDF looked up CID %u, want %u\n", r, i, glyph,
                           expect);
            } else if (glyph == 0) {
                badglyph++;
            }
            checked++;
            pen += g->advance;
        }
    }
    CHECKF(missing == 0 && checked > 60, "trace: %d glyphs checked, %d missing", checked, missing);
    CHECKF(badpos == 0, "trace: %d glyphs off their layout position", badpos);
    CHECKF(badglyph == 0, "trace: %d glyphs drawn with the wrong glyph", badglyph);
    nb_free(out);
}

static bool has(const unsigned char *data, size_t len, const char *s)
{
    return memmem(data, len, s, strlen(s)) != NULL;
}

static bool contains_line(const char *hay, const char *line) { return strstr(hay, line) != NULL; }

static void test_sample(void)
{
    nb_doc doc;
    build_sample(&doc);
    nb_diags d;
    nb_diags_init(&d);
    nb_pdf_opts o = {.compress = true};
    unsigned char *pdf = NULL, *pdf2 = NULL;
    size_t len = 0, len2 = 0;
    nb_status rc = nb_pdf_write(&doc, &o, &pdf, &len, &d);
    if (rc != NB_OK)
        nb_diags_print(&d, stdout);
    CHECKF(rc == NB_OK && pdf && len > 1000, "write sample: %s", nb_status_name(rc));
    rc = nb_pdf_write(&doc, &o, &pdf2, &len2, &d);
    CHECKF(rc == NB_OK && len == len2 && memcmp(pdf, pdf2, len) == 0,
           "deterministic: %zu vs %zu bytes", len, len2);
    CHECKF(memcmp(pdf, "%PDF-1.", 7) == 0, "header");
    /* numbers never depend on LC_NUMERIC (no printf %f anywhere) */
    const char *comma[] = {"de_DE.UTF-8", "fr_FR.UTF-8", "ru_RU.UTF-8", NULL};
    const char *loc = NULL;
    for (int k = 0; comma[k] && !loc; k++)
        loc = setlocale(LC_ALL, comma[k]) ? comma[k] : NULL;
    if (loc) {
        unsigned char *pl = NULL;
        size_t ll = 0;
        rc = nb_pdf_write(&doc, &o, &pl, &ll, &d);
        CHECKF(rc == NB_OK && ll == len && memcmp(pl, pdf, len) == 0, "same bytes under %s", loc);
        nb_free(pl);
        setlocale(LC_ALL, "C");
    } else {
        printf("note: no decimal-comma locale installed, locale check skipped\n");
    }
    CHECKF(!has(pdf, len, "CreationDate") && !has(pdf, len, "/ID"),
           "no date, no ID without doc->date");

    char path[512];
    snprintf(path, sizeof path, "%s/nb_test_draw.pdf", tmpdir());
    CHECKF(write_file(path, pdf, len), "write %s", path);
    printf("sample: %s, %zu bytes\n", path, len);

    int st;
    char *out = run_cmd(&st, "pdftotext -enc UTF-8 '%s' - 2>&1", path);
    CHECKF(st == 0, "pdftotext exit %d", st);
    int lines = 0;
    for (const char *q = out; (q = strstr(q, SAMPLE)); q += strlen(SAMPLE))
        lines++;
    CHECKF(lines == 3, "pdftotext gives the sample line 3 times, got %d:\n%s", lines, out);
    CHECKF(contains_line(out, "政府信息公开 ABC"), "pdftotext tracked line:\n%s", out);
    CHECKF(contains_line(out, "二、主动公开政府信息情况"), "pdftotext page 2");
    CHECKF(contains_line(out, "Office affluent AVAV"), "pdftotext ligatures");
    CHECKF(!strstr(out, "Warning") && !strstr(out, "Error"), "pdftotext warnings:\n%s", out);
    nb_free(out);

    out = run_cmd(&st, "mutool draw -q -F txt -o - '%s' 2>&1", path);
    lines = 0;
    for (const char *q = out; (q = strstr(q, SAMPLE)); q += strlen(SAMPLE))
        lines++;
    CHECKF(st == 0 && lines == 3, "mutool text (exit %d, %d lines):\n%s", st, lines, out);
    CHECKF(contains_line(out, "二、主动公开政府信息情况"), "mutool page 2");
    CHECKF(contains_line(out, "Office affluent AVAV"), "mutool ligatures");
    CHECKF(!strstr(out, "error") && only_icc_warnings(out), "mutool warnings:\n%s", out);
    nb_free(out);

    check_trace(&doc, path);

    out = run_cmd(&st, "pdffonts '%s' 2>&1", path);
    int fonts = 0, good = 0;
    const char *q = strstr(out, "\n---");
    if (q)
        q = strchr(q + 1, '\n');
    while (q && *++q) {
        const char *e = strchr(q, '\n');
        size_t l = e ? (size_t)(e - q) : strlen(q);
        char line[512];
        snprintf(line, sizeof line, "%.*s", (int)(l < 511 ? l : 511), q);
        fonts++;
        if (strstr(line, " yes yes yes ") && strstr(line, "Identity-H") &&
            (strstr(line, "CID TrueType") || strstr(line, "CID Type 0C")))
            good++;
        q = e;
        if (!q)
            break;
    }
    CHECKF(st == 0 && fonts == 4 && good == 4, "pdffonts (%d fonts, %d ok):\n%s", fonts, good, out);
    printf("%s", out);
    nb_free(out);

    out = run_cmd(&st, "qpdf --check '%s' 2>&1", path);
    CHECKF(st == 0, "qpdf --check exit %d:\n%s", st, out);
    nb_free(out);

    out = run_cmd(&st, "pdfinfo '%s' 2>&1", path);
    CHECKF(st == 0 && field_is(out, "Title", "繁峙县人民政府2021年政府信息公开工作年度报告") &&
               field_is(out, "Author", "繁峙县人民政府办公室") &&
               field_is(out, "Subject", "政府信息公开𠮟") &&
               field_is(out, "Creator", "nianbao test") && field_is(out, "Pages", "2") &&
               field_is(out, "Page size", "595.276 x 841.89 pts (A4)") &&
               !strstr(out, "CreationDate"),
           "pdfinfo:\n%s", out);
    nb_free(out);

    /* Outline titles are UTF-16BE (FE FF) hex strings. */
    out = run_cmd(&st, "mutool show '%s' outline 2>&1", path);
    CHECKF(st == 0 && strstr(out, "一、总体情况") && strstr(out, "（一）主动公开") &&
               strstr(out, "（二）𠮟责与回应") && strstr(out, "二、主动公开政府信息情况"),
           "mutool outline:\n%s", out);
    printf("%s", out);
    nb_free(out);
    out = run_cmd(&st, "qpdf --qdf --object-streams=disable '%s' - 2>/dev/null | grep -a '/Title'",
                  path);
    CHECKF(st == 0 && strstr(out, "/Title <feff"), "outline titles as UTF-16BE:\n%s", out);
    nb_free(out);

    out = run_cmd(&st, "pdftoppm -r 80 -png '%s' '%s/nb_test_draw' 2>&1", path, tmpdir());
    CHECKF(st == 0, "pdftoppm exit %d: %s", st, out);
    nb_free(out);

    /* Uncompressed: readable content with TJ arrays. */
    nb_pdf_opts raw = {.compress = false};
    unsigned char *pdf3 = NULL;
    size_t len3 = 0;
    rc = nb_pdf_write(&doc, &raw, &pdf3, &len3, &d);
    CHECKF(rc == NB_OK && len3 > len, "uncompressed %zu > %zu", len3, len);
    CHECKF(has(pdf3, len3, "] TJ") && has(pdf3, len3, "/CIDToGIDMap /Identity") &&
               has(pdf3, len3, "/Subtype /CIDFontType0C") && has(pdf3, len3, "beginbfchar") &&
               !has(pdf3, len3, "/FlateDecode"),
           "uncompressed structure");
    /* tracked line: +0.05 em after each glyph, the 2nd glyph 0.025 em right */
    CHECKF(has(pdf3, len3, ">-75<") && has(pdf3, len3, ">-25<") && has(pdf3, len3, ">-50<"),
           "TJ adjustments for tracking and x_offset");
    CHECKF(has(pdf3, len3, "] TJ\n0.12 Ts\n[-50<") && has(pdf3, len3, "] TJ\n0 Ts\n[-50<"),
           "y_offset as text rise");
    snprintf(path, sizeof path, "%s/nb_test_draw_raw.pdf", tmpdir());
    write_file(path, pdf3, len3);
    out = run_cmd(&st, "qpdf --check '%s' 2>&1", path);
    CHECKF(st == 0, "qpdf --check raw exit %d:\n%s", st, out);
    nb_free(out);

    /* a date is written when given */
    doc.date = nb_strdup("D:20220115093000+08'00'");
    unsigned char *pdf4 = NULL;
    size_t len4 = 0;
    rc = nb_pdf_write(&doc, &o, &pdf4, &len4, &d);
    CHECKF(rc == NB_OK && has(pdf4, len4, "/CreationDate (D:20220115093000+08'00')") &&
               has(pdf4, len4, "/ModDate (D:20220115093000+08'00')"),
           "dates written");
    nb_free(doc.date);
    doc.date = nb_strdup("yesterday");
    nb_free(pdf4);
    pdf4 = NULL;
    rc = nb_pdf_write(&doc, &o, &pdf4, &len4, &d);
    CHECKF(rc == NB_ERR_PDF && !pdf4, "bad date refused");

    nb_free(pdf);
    nb_free(pdf2);
    nb_free(pdf3);
    nb_free(pdf4);
    nb_diags_free(&d);
    free_doc(&doc);
}

/* A P5 PGM's ink (value < 128) bounding box; false if unreadable or blank. */
static bool pgm_ink(const char *path, int box[4])
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    int w, h, maxv;
    bool ok = fscanf(f, "P5 %d %d %d", &w, &h, &maxv) == 3 && fgetc(f) != EOF && w > 0 && h > 0;
    unsigned char *px = ok ? nb_malloc((size_t)w * (size_t)h) : NULL;
    ok = ok && px && fread(px, 1, (size_t)w * (size_t)h, f) == (size_t)w * (size_t)h;
    fclose(f);
    box[0] = w, box[1] = h, box[2] = -1, box[3] = -1;
    for (int y = 0; ok && y < h; y++)
        for (int x = 0; x < w; x++)
            if (px[(size_t)y * (size_t)w + (size_t)x] < 128) {
                if (x < box[0])
                    box[0] = x;
                if (y < box[1])
                    box[1] = y;
                if (x > box[2])
                    box[2] = x;
                if (y > box[3])
                    box[3] = y;
            }
    nb_free(px);
    return ok && box[2] >= 0;
}

/* Draws one glyph at 200 pt, renders it with poppler and MuPDF at 72 dpi
 * and compares the ink box with the glyph's outline extents in the original
 * font: catches a wrong glyph (wrong CID, wrong new gid) and a wrong
 * position or size. */
static void check_ink(uint16_t face, uint32_t cp, const char *what)
{
    const nb_face *f = faces[face];
    hb_codepoint_t gid = 0;
    hb_font_get_nominal_glyph(f->hb_font, cp, &gid);
    hb_glyph_extents_t ext;
    CHECKF(gid && hb_font_get_glyph_extents(f->hb_font, gid, &ext), "%s: glyph", what);
    nb_doc doc;
    init_doc(&doc, fontset);
    nb_ppage *p = add_page(&doc);
    char text[8];
    text[nb_utf8_encode(cp, text)] = '\0';
    uint16_t ch[1] = {face};
    add_line(&doc, p, ch, 1, NB_PT(200), NB_PT(100), NB_PT(400), text);
    nb_diags d;
    nb_diags_init(&d);
    unsigned char *pdf = NULL;
    size_t len = 0;
    CHECKF(nb_pdf_write(&doc, NULL, &pdf, &len, &d) == NB_OK, "%s: write", what);
    char path[512], pgm[600];
    snprintf(path, sizeof path, "%s/nb_test_ink.pdf", tmpdir());
    write_file(path, pdf, len);
    double s = 200.0 / f->upem;
    int want[4] = {(int)(100 + ext.x_bearing * s), (int)(400 - ext.y_bearing * s),
                   (int)(100 + (ext.x_bearing + ext.width) * s),
                   (int)(400 - (ext.y_bearing + ext.height) * s)};
    for (int r = 0; r < 2; r++) {
        int st;
        char *out;
        if (r == 0) {
            out = run_cmd(&st, "pdftoppm -r 72 -gray -aa no '%s' '%s/nb_test_ink' 2>&1", path,
                          tmpdir());
            snprintf(pgm, sizeof pgm, "%s/nb_test_ink-1.pgm", tmpdir());
        } else {
            snprintf(pgm, sizeof pgm, "%s/nb_test_ink-mu.pgm", tmpdir());
            out = run_cmd(&st, "mutool draw -q -r 72 -c gray -o '%s' '%s' 2>&1", pgm, path);
        }
        nb_free(out);
        int box[4] = {0};
        bool ok = st == 0 && pgm_ink(pgm, box);
        int err = 0;
        for (int k = 0; ok && k < 4; k++) {
            int e = box[k] - want[k];
            if ((e < 0 ? -e : e) > err)
                err = e < 0 ? -e : e;
        }
        CHECKF(ok && err <= 2, "%s (%s): ink box %d,%d-%d,%d, outline %d,%d-%d,%d", what,
               r ? "mutool" : "pdftoppm", box[0], box[1], box[2], box[3], want[0], want[1], want[2],
               want[3]);
    }
    nb_free(pdf);
    nb_diags_free(&d);
    free_doc(&doc);
}

static void test_ink(void)
{
    check_ink(F_KAI, 0x7E41, "UKai 繁");
    check_ink(F_SERIF, 0x7E41, "Noto Serif 繁");
    check_ink(F_SERIF, 0x20B9F, "Noto Serif U+20B9F");
    check_ink(F_SANS, 0x201C, "Noto Sans “");
    /* a Fandol glyph whose CID differs from its glyph id */
    hb_set_t *u = hb_set_create();
    hb_face_collect_unicodes(faces[F_FANG]->hb_face, u);
    hb_codepoint_t cp = HB_SET_VALUE_INVALID, pick = 0;
    while (hb_set_next(u, &cp)) {
        hb_codepoint_t g;
        if (cp >= 0x4E00 && hb_font_get_nominal_glyph(faces[F_FANG]->hb_font, cp, &g) &&
            orig_cid(faces[F_FANG], g) != g) {
            pick = cp;
            break;
        }
    }
    hb_set_destroy(u);
    CHECKF(pick != 0, "Fandol has a glyph with CID != gid");
    if (pick) {
        char what[64];
        snprintf(what, sizeof what, "FandolFang U+%04X (CID != gid)", (unsigned)pick);
        check_ink(F_FANG, pick, what);
    }
    check_ink(F_FANG, 0x653F, "FandolFang 政");
    check_ink(F_LM, 'Q', "Latin Modern Q (name-keyed CFF)");
    check_ink(F_LM, 'g', "Latin Modern g");
    check_ink(F_LM, 0xE9, "Latin Modern \u00e9 (accented)");
    check_ink(F_LM, 0x0150, "Latin Modern \u0150 (accented)");
}

/* Batch workers share the fontset: concurrent writes give the same bytes. */
typedef struct thr_job {
    const nb_doc *doc;
    const unsigned char *want;
    size_t want_len;
    int same;
} thr_job;

static void *thr_main(void *arg)
{
    thr_job *j = arg;
    for (int k = 0; k < 3; k++) {
        nb_diags d;
        nb_diags_init(&d);
        unsigned char *pdf = NULL;
        size_t len = 0;
        if (nb_pdf_write(j->doc, NULL, &pdf, &len, &d) == NB_OK && len == j->want_len &&
            memcmp(pdf, j->want, len) == 0)
            j->same++;
        nb_free(pdf);
        nb_diags_free(&d);
    }
    return NULL;
}

static void test_threads(void)
{
    nb_doc doc;
    build_sample(&doc);
    nb_diags d;
    nb_diags_init(&d);
    unsigned char *pdf = NULL;
    size_t len = 0;
    CHECKF(nb_pdf_write(&doc, NULL, &pdf, &len, &d) == NB_OK, "threads: reference");
    pthread_t t[4];
    thr_job jobs[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (thr_job){&doc, pdf, len, 0};
        pthread_create(&t[i], NULL, thr_main, &jobs[i]);
    }
    int same = 0;
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        same += jobs[i].same;
    }
    CHECKF(same == 12, "threads: %d of 12 concurrent writes identical", same);
    nb_free(pdf);
    nb_diags_free(&d);
    free_doc(&doc);
}

static void test_errors(void)
{
    nb_doc doc;
    init_doc(&doc, fontset);
    nb_ppage *p = add_page(&doc);
    static const uint16_t chain[] = {F_KAI};
    add_line(&doc, p, chain, 1, NB_PT(12), NB_MM(20), NB_MM(20), "政府");
    nb_diags d;
    nb_diags_init(&d);
    unsigned char *pdf = NULL;
    size_t len = 0;
    p->runs[0].glyphs[1].gid = 0;
    nb_status rc = nb_pdf_write(&doc, NULL, &pdf, &len, &d);
    CHECKF(rc == NB_ERR_PDF && !pdf && len == 0, "glyph 0 refused: %s", nb_status_name(rc));
    p->runs[0].glyphs[1].gid = 70000;
    rc = nb_pdf_write(&doc, NULL, &pdf, &len, &d);
    CHECKF(rc == NB_ERR_PDF, "gid out of range refused");
    p->runs[0].glyphs[1].gid = 1;
    p->runs[0].face = NFACES;
    rc = nb_pdf_write(&doc, NULL, &pdf, &len, &d);
    CHECKF(rc == NB_ERR_PDF, "bad face refused");
    p->runs[0].face = F_KAI;
    add_outline(&doc, 1, "x", 5, 0);
    rc = nb_pdf_write(&doc, NULL, &pdf, &len, &d);
    CHECKF(rc == NB_ERR_PDF && !pdf, "outline to a missing page refused");
    CHECKF(d.errors == 4, "4 errors recorded, got %zu", d.errors);
    nb_diags_free(&d);
    free_doc(&doc);

    /* malformed UTF-8 in a title: written as U+FFFD, not passed to libharu */
    init_doc(&doc, fontset);
    doc.author = nb_strdup("bad\xff\xfe byte");
    add_page(&doc);
    add_outline(&doc, 1, "trunc\xe6\x94", 0, 0);
    nb_diags_init(&d);
    nb_pdf_opts plain = {.compress = false}; /* dictionaries readable as written */
    rc = nb_pdf_write(&doc, &plain, &pdf, &len, &d);
    CHECKF(rc == NB_OK && pdf && has(pdf, len, "/Author <FEFF006200610064FFFDFFFD00200062") &&
               has(pdf, len, "/Title <FEFF007400720075006E0063FFFD"),
           "malformed UTF-8 titles");
    nb_free(pdf);
    nb_diags_free(&d);
    free_doc(&doc);

    /* an empty document is still a valid PDF */
    init_doc(&doc, fontset);
    add_page(&doc);
    nb_diags_init(&d);
    rc = nb_pdf_write(&doc, NULL, &pdf, &len, &d);
    CHECKF(rc == NB_OK && pdf && len > 100, "empty page");
    nb_free(pdf);
    nb_diags_free(&d);
    free_doc(&doc);
}

/* Every allocation failure is reported as NB_ERR_NOMEM, with no crash and
 * (under valgrind) no leak. */
static void test_alloc_failures(void)
{
    nb_doc doc;
    init_doc(&doc, fontset);
    doc.title = nb_strdup("标题𠮟");
    nb_ppage *p = add_page(&doc);
    static const uint16_t chain[] = {F_SERIF, F_KAI};
    add_line(&doc, p, chain, 2, NB_PT(12), NB_MM(20), NB_MM(20), "政府IPV6");
    add_rule(p, 0, NB_MM(30), NB_MM(100), NB_MM(30), 500);
    add_outline(&doc, 1, "总体𠮟", 0, 0);
    nb_diags d;
    nb_diags_init(&d);
    unsigned char *pdf = NULL;
    size_t len = 0;
    nb_alloc_fail_after(-1);
    nb_status rc = nb_pdf_write(&doc, NULL, &pdf, &len, &d);
    long total = nb_alloc_count();
    CHECKF(rc == NB_OK, "baseline");
    nb_free(pdf);
    int bad = 0, tried = 0;
    for (long k = 0; k < total + 5; k++) {
        nb_diags_free(&d);
        nb_diags_init(&d);
        pdf = NULL;
        nb_alloc_fail_after(k);
        rc = nb_pdf_write(&doc, NULL, &pdf, &len, &d);
        nb_alloc_fail_after(-1);
        tried++;
        if (rc == NB_OK) {
            nb_free(pdf);
            continue;
        }
        if (rc != NB_ERR_NOMEM || pdf) {
            if (bad++ < 5) {
                printf("  alloc fail at %ld gave %s\n", k, nb_status_name(rc));
                nb_diags_print(&d, stdout);
            }
        }
    }
    CHECKF(bad == 0, "%d of %d injected failures not reported as NOMEM", bad, tried);
    printf("alloc-failure injection: %d points (%ld allocations per document)\n", tried, total);
    nb_diags_free(&d);
    free_doc(&doc);
}

/* ~1,000 distinct glyphs over 4 fonts on 5 pages. */
static void build_bench(nb_doc *d)
{
    init_doc(d, fontset);
    d->title = nb_strdup("性能测试");
    static const uint16_t chains[4][1] = {{F_SERIF}, {F_SANS}, {F_KAI}, {F_FANG}};
    /* 250 distinct hanzi per font from the CJK block, covered by all four */
    uint32_t cps[250];
    size_t n = 0;
    for (uint32_t cp = 0x4E00; cp < 0x9FA5 && n < 250; cp += 37) {
        bool ok = true;
        for (int f = 0; f < NCJK; f++) {
            hb_codepoint_t g;
            if (!hb_font_get_nominal_glyph(faces[f]->hb_font, cp, &g))
                ok = false;
        }
        if (ok)
            cps[n++] = cp;
    }
    char line[30 * 4 + 1];
    size_t next = 0;
    for (int pg = 0; pg < 5; pg++) {
        nb_ppage *p = add_page(d);
        nb_mpt y = NB_MM(30);
        for (int l = 0; l < 40; l++) {
            int f = (pg * 40 + l) % 4;
            size_t o = 0;
            for (int c = 0; c < 30; c++)
                o += (size_t)nb_utf8_encode(cps[(next++) % n], line + o);
            line[o] = '\0';
            add_line(d, p, chains[f], 1, NB_PT(14), NB_MM(25), y, line);
            y += NB_PT(18);
            if (l % 8 == 0)
                add_rule(p, NB_MM(25), y - NB_PT(4), NB_MM(185), y - NB_PT(4), 500);
        }
        add_outline(d, 1, "第一章 性能", (size_t)pg, NB_MM(30));
    }
}

static void test_bench(void)
{
    nb_doc doc;
    build_bench(&doc);
    nb_diags d;
    nb_diags_init(&d);
    nb_pdf_opts o = {.compress = true};
    unsigned char *pdf = NULL;
    size_t len = 0;
    double t0 = now_ms();
    nb_status rc = nb_pdf_write(&doc, &o, &pdf, &len, &d);
    double first = now_ms() - t0;
    CHECKF(rc == NB_OK, "bench write");
    char path[512];
    snprintf(path, sizeof path, "%s/nb_test_draw_bench.pdf", tmpdir());
    write_file(path, pdf, len);
    nb_free(pdf);
    int runs = getenv("NB_BENCH_RUNS") ? atoi(getenv("NB_BENCH_RUNS")) : 10;
    double best = 1e9, sum = 0;
    for (int i = 0; i < runs; i++) {
        t0 = now_ms();
        nb_pdf_write(&doc, &o, &pdf, &len, &d);
        double t = now_ms() - t0;
        sum += t;
        if (t < best)
            best = t;
        nb_free(pdf);
    }
    nb_pdf_opts raw = {.compress = false};
    size_t rawlen = 0;
    t0 = now_ms();
    nb_pdf_write(&doc, &raw, &pdf, &rawlen, &d);
    double traw = now_ms() - t0;
    nb_free(pdf);
    printf("bench: 5 pages, 4 fonts, 1000 distinct glyphs: first %.1f ms, then mean %.1f / "
           "best %.1f ms per document (%d runs), %zu bytes; uncompressed %.1f ms, %zu bytes\n",
           first, runs ? sum / runs : 0, best, runs, len, traw, rawlen);
    int st;
    char *out = run_cmd(&st,
                        "qpdf --check '%s' >/dev/null 2>&1; echo $?; pdffonts '%s' | tail -n +3 | "
                        "grep -c 'yes yes yes'",
                        path, path);
    CHECKF(strncmp(out, "0\n4\n", 4) == 0, "bench pdf checks: %s", out);
    nb_free(out);
    nb_diags_free(&d);
    free_doc(&doc);
}

int main(int argc, char **argv)
{
    /* --quick: no allocation-failure loop, no benchmark; --bench: only it */
    bool quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
    bool bench_only = argc > 1 && strcmp(argv[1], "--bench") == 0;
    if (!(fontset = load_fonts()))
        return check_done();
    faces = fontset->faces;

    if (bench_only) {
        test_bench();
        goto out;
    }
    test_fmt();
    test_cff_probe();
    test_fsub_cids(F_SERIF, SAMPLE);
    test_fsub_cids(F_FANG, SAMPLE);
    test_sample();
    test_ink();
    test_threads();
    test_errors();
    if (!quick) {
        test_alloc_failures();
        test_bench();
    }

out:
    nb_fontset_free(fontset);
    return check_done();
}
