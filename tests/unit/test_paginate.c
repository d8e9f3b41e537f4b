/* Unit tests for src/paginate/: the sample's pages (at most 22 body lines
 * a page inside the text block, a page number below it on every page, a
 * heading never last on a page, table rows in the block with their
 * borders) and the outline. Prints "N passed, N failed". */
#include "bound.h"
#include "paginate/paginate.h"

static void test_pages(const bound_sample *b)
{
    const nb_layout *l = b->s.layout;
    const nb_page_geom *g = &l->page;
    nb_flow f;
    nb_doc doc = {0};
    nb_diags d;
    nb_diags_init(&d);
    nb_status st = nb_flow_build(l, b->s.fonts, &b->bound, &f, NULL, NULL, &d);
    if (!st)
        st = nb_paginate(l, b->s.fonts, &b->bound, &f, &doc, &d);
    if (!CHECKF(st == NB_OK, "the sample paginates: %s", nb_status_name(st)))
        nb_diags_print(&d, stdout);
    CHECKF(doc.npages >= 3 && doc.page_width == g->width, "%zu pages", doc.npages);
    const nb_mpt bottom = g->top + g->text_height;
    for (size_t i = 0; i < doc.npages; i++) {
        const nb_ppage *pg = &doc.pages[i];
        CHECK(pg->number == (int)i + 1);
        size_t below = 0, in_block = 0;
        nb_mpt last_y = 0;
        for (size_t k = 0; k < pg->nruns; k++) {
            const nb_prun *r = &pg->runs[k];
            CHECKF(r->text && r->count > 0, "page %zu run %zu has glyphs and text", i + 1, k);
            if (r->y > bottom) {
                below++;
                CHECKF(r->y - r->size * NB_ASCENT_PERMILLE / 1000 == bottom + g->pn_below,
                       "page %zu: the number 7 mm below the block", i + 1);
                continue;
            }
            in_block++;
            CHECKF(r->y - r->size * NB_ASCENT_PERMILLE / 1000 >= g->top && r->x >= g->left &&
                       r->x <= g->left + g->text_width,
                   "page %zu run %zu inside the block", i + 1, k);
            if (r->y > last_y)
                last_y = r->y;
        }
        CHECKF(below >= 1 && in_block >= 1, "page %zu: text and a page number", i + 1);
        for (size_t k = 0; k < pg->nrules; k++) {
            const nb_prule *u = &pg->rules[k];
            CHECKF(u->y0 >= g->top - u->width && u->y1 <= bottom + u->width,
                   "page %zu rule %zu inside the block", i + 1, k);
        }
        /* A heading is never the last line of a page: a line follows it,
         * its baseline a pitch (29.6 pt) below the heading's (14 pt below
         * the heading's top). */
        for (size_t o = 0; o < doc.noutline; o++)
            if (doc.outline[o].page == i)
                CHECKF(doc.outline[o].y + NB_PT(25) < last_y || i + 1 == doc.npages,
                       "page %zu: heading '%s' is not the last line", i + 1, doc.outline[o].title);
    }
    for (size_t o = 1; o < doc.noutline; o++)
        CHECKF(doc.outline[o].page > doc.outline[o - 1].page ||
                   (doc.outline[o].page == doc.outline[o - 1].page &&
                    doc.outline[o].y > doc.outline[o - 1].y),
               "outline entry %zu follows the one before", o);
    CHECK(doc.title && doc.author && strcmp(doc.author, b->bound.author) == 0);
    CHECK(f.count > 0); /* the flow keeps its lines; their runs moved */
    for (size_t i = 0; i < f.count; i++)
        CHECK(f.lines[i].nruns == 0);
    nb_doc_free(&doc);
    nb_flow_free(&f);
    nb_diags_free(&d);
}

int main(void)
{
    bound_sample b;
    if (bound_load(&b))
        test_pages(&b);
    bound_free(&b);
    return check_done();
}
