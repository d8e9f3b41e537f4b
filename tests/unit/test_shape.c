/* Unit tests for src/shape/: styled spans → clusters of glyphs, with the
 * fallback chain of the role and the error for a character no face has.
 * Prints "N passed, N failed". */
#include "sample.h"
#include "shape/shape.h"

static nb_span body_span(const sample *s, const char *text, nb_mpt tracking)
{
    const nb_style *st = sample_style(s, "body");
    return (nb_span){text,
                     strlen(text),
                     st->role_index,
                     st->role,
                     st->size,
                     tracking,
                     (nb_pos){"test.yaml", 3, 5}};
}

/* Ideographs are one cluster each, one em wide, and the clusters cover
 * the text in order. */
static void test_clusters(const sample *s)
{
    const char *text = "政府信息公开";
    nb_span sp = body_span(s, text, 123);
    nb_shaped out;
    nb_diags d;
    nb_diags_init(&d);
    if (CHECK(nb_shape(s->fonts, &sp, 1, &out, &d) == NB_OK) && CHECK(out.nclusters == 6)) {
        uint32_t off = 0;
        for (size_t i = 0; i < out.nclusters; i++) {
            const nb_cluster *c = &out.clusters[i];
            CHECKF(c->text_off == off && c->text_len == 3, "cluster %zu covers bytes %u+%u", i,
                   c->text_off, c->text_len);
            CHECKF(c->width == sp.size, "cluster %zu is one em (%d) wide: %d", i, sp.size,
                   c->width);
            CHECK(c->nglyphs == 1 && out.glyphs[c->glyph].gid != 0);
            CHECK(c->tracking == 123 && c->size == sp.size);
            off += c->text_len;
        }
        CHECK(strcmp(out.text, text) == 0);
    }
    CHECK(d.errors == 0);
    nb_shaped_free(&out);
    nb_diags_free(&d);
}

/* 𠮟 (U+20B9F, Ext-B) is not in the Fandol fonts: it comes from the next
 * face of the role's chain, never as .notdef. */
static void test_fallback(const sample *s)
{
    nb_span sp = body_span(s, "叱𠮟", 0);
    nb_shaped out;
    nb_diags d;
    nb_diags_init(&d);
    const nb_role_faces *role = &s->fonts->roles[sp.role];
    if (CHECK(nb_shape(s->fonts, &sp, 1, &out, &d) == NB_OK) && CHECK(out.nclusters == 2)) {
        const nb_sglyph *a = &out.glyphs[out.clusters[0].glyph];
        const nb_sglyph *b = &out.glyphs[out.clusters[1].glyph];
        CHECKF(a->face == role->faces[0], "叱 from the role's first face");
        CHECKF(b->face != role->faces[0] && b->gid != 0, "𠮟 from a fallback face (face %u)",
               b->face);
        CHECK(out.clusters[1].cp == 0x20B9F);
    }
    nb_shaped_free(&out);
    nb_diags_free(&d);
}

/* A character no face of the role has is an error naming it, its code
 * point and the span's position. */
static void test_missing_glyph(const sample *s)
{
    nb_span sp = body_span(s, "公开\xee\x80\x80", 0); /* U+E000, private use */
    nb_shaped out;
    nb_diags d;
    nb_diags_init(&d);
    nb_status st = nb_shape(s->fonts, &sp, 1, &out, &d);
    const nb_diag *e = diag_first(&d, NB_ERROR);
    CHECK(st == NB_ERR_GLYPH);
    CHECKF(e && e->code == NB_ERR_GLYPH && strstr(e->msg, "U+E000") && e->line == 3,
           "the error names U+E000 at test.yaml:3: %s", e ? e->msg : "(none)");
    nb_shaped_free(&out);
    nb_diags_free(&d);
}

/* Two spans of different sizes keep their own sizes and span indexes. */
static void test_spans(const sample *s)
{
    const nb_style *h = sample_style(s, "h1");
    nb_span sp[2] = {body_span(s, "一、", 0), body_span(s, "总体", 0)};
    sp[0].size = h->size * 2;
    nb_shaped out;
    nb_diags d;
    nb_diags_init(&d);
    if (CHECK(nb_shape(s->fonts, sp, 2, &out, &d) == NB_OK) && CHECK(out.nclusters == 4)) {
        CHECK(out.clusters[0].span == 0 && out.clusters[0].size == sp[0].size);
        CHECK(out.clusters[3].span == 1 && out.clusters[3].size == sp[1].size);
        CHECK(strcmp(out.text, "一、总体") == 0);
    }
    nb_shaped_free(&out);
    nb_diags_free(&d);
}

int main(void)
{
    sample s;
    if (sample_load(&s)) {
        test_clusters(&s);
        test_fallback(&s);
        test_missing_glyph(&s);
        test_spans(&s);
    }
    sample_free(&s);
    return check_done();
}
