#include "shape.h"

#include <hb.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/utf8.h"

/* A paragraph may not exceed this many bytes (a documented limit: 1 MiB is
 * some 350,000 Chinese characters, far beyond any report paragraph). */
#define NB_MAX_PARA_BYTES (1u << 20)

void nb_shaped_free(nb_shaped *s)
{
    nb_free(s->text);
    nb_free(s->glyphs);
    nb_free(s->clusters);
    memset(s, 0, sizeof *s);
}

/* Marks and variation selectors belong to the preceding character and must
 * be shaped in its face, whatever faces cover them. */
static bool attaches_to_previous(uint32_t cp)
{
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
           (cp >= 0xE0100 && cp <= 0xE01EF) || cp == 0x200D || cp == 0x20E3;
}

/* A combining mark stays in the face of its base character only when that
 * face can draw it: it has the mark, or the precomposed character HarfBuzz
 * will compose base + mark into (e + U+0308 → ë). Otherwise the mark is
 * given a face of its own like any character, instead of becoming .notdef. */
static bool mark_fits(const nb_fontset *fs, int face, uint32_t base, uint32_t cp)
{
    if (!((cp >= 0x0300 && cp <= 0x036F) || cp == 0x20E3))
        return true; /* variation selectors, ZWJ: HarfBuzz hides them */
    if (nb_face_glyph(fs->faces[face], cp))
        return true;
    hb_codepoint_t ab;
    return hb_unicode_compose(hb_unicode_funcs_get_default(), base, cp, &ab) &&
           nb_face_glyph(fs->faces[face], ab);
}

static nb_mpt scale(int32_t units, nb_mpt size, unsigned upem)
{
    int64_t v = (int64_t)units * size;
    return (nb_mpt)(v >= 0 ? (v + upem / 2) / upem : -((-v + upem / 2) / upem));
}

/* Counts characters before byte `off` of a span, for error messages. */
static size_t char_index(const char *s, size_t off)
{
    size_t n = 0, i = 0;
    while (i < off) {
        nb_utf8_next(s, off, &i);
        n++;
    }
    return n;
}

static nb_status no_glyph(const nb_span *sp, size_t off, uint32_t cp, nb_diags *d)
{
    char ch[5] = {0};
    nb_utf8_encode(cp, ch);
    return nb_diag_at(d, NB_ERROR, NB_ERR_GLYPH, sp->pos,
                      "no font of role '%s' has the character '%s' (U+%04X), character "
                      "%zu of this text; add a font that covers it to the role",
                      sp->role_name ? sp->role_name : "?", ch, (unsigned)cp,
                      char_index(sp->text, off) + 1);
}

/* Shapes text[off, off+len) of the paragraph with one face and appends the
 * glyphs and clusters. */
static nb_status shape_run(const nb_fontset *fs, hb_buffer_t *buf, nb_shaped *out, size_t *gcap,
                           size_t *ccap, uint16_t face, uint16_t span, const nb_span *sp,
                           size_t off, size_t len)
{
    const nb_face *f = fs->faces[face];
    hb_buffer_clear_contents(buf);
    hb_buffer_add_utf8(buf, out->text, (int)out->len, (unsigned)off, (int)len);
    hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
    hb_buffer_set_language(buf, hb_language_from_string("zh-Hans", -1));
    hb_buffer_set_cluster_level(buf, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
    hb_buffer_guess_segment_properties(buf);
    hb_shape(f->hb_font, buf, NULL, 0);
    unsigned n;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &n);
    if (!nb_grow(&out->glyphs, out->nglyphs, n, gcap, sizeof *out->glyphs) ||
        !nb_grow(&out->clusters, out->nclusters, n, ccap, sizeof *out->clusters))
        return NB_ERR_NOMEM;
    for (unsigned i = 0; i < n; i++) {
        if (info[i].codepoint == 0)
            return NB_ERR_GLYPH; /* coverage was checked; only a broken font gets here */
        nb_sglyph *g = &out->glyphs[out->nglyphs];
        g->gid = info[i].codepoint;
        g->face = face;
        g->advance = scale(pos[i].x_advance, sp->size, f->upem);
        g->x_offset = scale(pos[i].x_offset, sp->size, f->upem);
        g->y_offset = scale(pos[i].y_offset, sp->size, f->upem);
        bool starts = i == 0 || info[i].cluster != info[i - 1].cluster;
        if (starts) {
            nb_cluster *c = &out->clusters[out->nclusters++];
            memset(c, 0, sizeof *c);
            c->text_off = info[i].cluster;
            c->glyph = (uint32_t)out->nglyphs;
            c->span = span;
            c->size = sp->size;
            c->tracking = sp->tracking;
            size_t p = c->text_off;
            c->cp = (uint32_t)nb_utf8_next(out->text, out->len, &p);
        }
        nb_cluster *c = &out->clusters[out->nclusters - 1];
        c->nglyphs++;
        c->width += g->advance;
        out->nglyphs++;
    }
    return NB_OK;
}

nb_status nb_shape(const nb_fontset *fs, const nb_span *spans, size_t nspans, nb_shaped *out,
                   nb_diags *d)
{
    memset(out, 0, sizeof *out);
    size_t total = 0;
    for (size_t i = 0; i < nspans; i++)
        total += spans[i].len;
    if (total > NB_MAX_PARA_BYTES)
        return nb_diag_at(d, NB_ERROR, NB_ERR_LIMIT, spans[0].pos,
                          "paragraph of %zu bytes is longer than the limit of %u", total,
                          NB_MAX_PARA_BYTES);
    out->text = nb_malloc(total + 1);
    if (!out->text)
        return NB_ERR_NOMEM;
    for (size_t i = 0; i < nspans; i++) {
        memcpy(out->text + out->len, spans[i].text, spans[i].len);
        out->len += spans[i].len;
    }
    out->text[out->len] = '\0';

    hb_buffer_t *buf = hb_buffer_create();
    if (!hb_buffer_allocation_successful(buf))
        return NB_ERR_NOMEM;
    nb_status s = NB_OK;
    size_t gcap = 0, ccap = 0, base = 0;
    for (size_t si = 0; si < nspans && !s; si++) {
        const nb_span *sp = &spans[si];
        size_t i = 0, run_start = 0;
        int run_face = -1;
        uint32_t prev_cp = 0;
        size_t prev_at = 0;
        while (i < sp->len && !s) {
            size_t at = i;
            int32_t cp = nb_utf8_next(sp->text, sp->len, &i);
            if (cp < 0) {
                s = nb_diag_at(d, NB_ERROR, NB_ERR_SYNTAX, sp->pos,
                               "invalid UTF-8 at byte %zu of this text", at);
                break;
            }
            /* Control characters (a YAML "\x01" escape, a CSV cell) would
             * otherwise reach the PDF as whatever glyph a font maps them to. */
            if ((cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp < 0xA0)) {
                s = nb_diag_at(d, NB_ERROR, NB_ERR_SYNTAX, sp->pos,
                               "control character U+%04X, character %zu of this text", (unsigned)cp,
                               char_index(sp->text, at) + 1);
                break;
            }
            int face;
            hb_codepoint_t ab;
            if (run_face < 0 || !attaches_to_previous((uint32_t)cp)) {
                face = nb_fontset_pick(fs, sp->role, (uint32_t)cp);
            } else if (mark_fits(fs, run_face, prev_cp, (uint32_t)cp)) {
                face = run_face;
            } else if (hb_unicode_compose(hb_unicode_funcs_get_default(), prev_cp, (uint32_t)cp,
                                          &ab) &&
                       (face = nb_fontset_pick(fs, sp->role, ab)) >= 0) {
                /* Base and mark go together to a face with the composed
                 * character (e + U+0308 → ë in the fallback font). */
                if (face != run_face && prev_at > run_start)
                    s = shape_run(fs, buf, out, &gcap, &ccap, (uint16_t)run_face, (uint16_t)si, sp,
                                  base + run_start, prev_at - run_start);
                run_face = face;
                run_start = prev_at;
            } else {
                face = nb_fontset_pick(fs, sp->role, (uint32_t)cp);
            }
            prev_cp = (uint32_t)cp;
            prev_at = at;
            if (s)
                break;
            if (face < 0) {
                s = no_glyph(sp, at, (uint32_t)cp, d);
                break;
            }
            if (face != run_face && run_face >= 0)
                s = shape_run(fs, buf, out, &gcap, &ccap, (uint16_t)run_face, (uint16_t)si, sp,
                              base + run_start, at - run_start);
            if (face != run_face) {
                run_face = face;
                run_start = at;
            }
        }
        if (!s && run_face >= 0 && run_start < sp->len)
            s = shape_run(fs, buf, out, &gcap, &ccap, (uint16_t)run_face, (uint16_t)si, sp,
                          base + run_start, sp->len - run_start);
        base += sp->len;
    }
    hb_buffer_destroy(buf);
    if (s == NB_ERR_GLYPH && d && d->errors == 0)
        s = nb_diag_at(d, NB_ERROR, NB_ERR_GLYPH, spans[0].pos,
                       "a font returned no glyph for a character it claims to cover");
    /* Cluster text lengths: up to the next cluster's start. */
    for (size_t i = 0; i < out->nclusters; i++) {
        uint32_t end = i + 1 < out->nclusters ? out->clusters[i + 1].text_off : (uint32_t)out->len;
        out->clusters[i].text_len = end - out->clusters[i].text_off;
    }
    return s;
}

void nb_shaped_dump(const nb_shaped *s, const nb_fontset *fs, FILE *out)
{
    for (size_t i = 0; i < s->nclusters; i++) {
        const nb_cluster *c = &s->clusters[i];
        fprintf(out, "  %.*s U+%04X w=%d", (int)c->text_len, s->text + c->text_off, (unsigned)c->cp,
                c->width);
        for (uint32_t g = c->glyph; g < c->glyph + c->nglyphs; g++) {
            const nb_sglyph *gl = &s->glyphs[g];
            fprintf(out, " [%s#%u %d", fs->faces[gl->face]->psname, (unsigned)gl->gid, gl->advance);
            if (gl->x_offset || gl->y_offset)
                fprintf(out, " @%d,%d", gl->x_offset, gl->y_offset);
            fputc(']', out);
        }
        fprintf(out, " flags=%03x\n", (unsigned)c->flags);
    }
}
