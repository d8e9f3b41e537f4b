#include "doc.h"

#include <string.h>

#include "../util/alloc.h"

void nb_box_free(nb_box *box)
{
    for (size_t k = 0; k < box->nruns; k++)
        nb_free(box->runs[k].glyphs);
    nb_free(box->runs);
    memset(box, 0, sizeof *box);
}

nb_status nb_doc_keep(nb_doc *doc, void *p)
{
    if (!p)
        return NB_ERR_NOMEM;
    if (!nb_grow(&doc->blocks, doc->nblocks, 1, &doc->capblocks, sizeof *doc->blocks)) {
        nb_free(p);
        return NB_ERR_NOMEM;
    }
    doc->blocks[doc->nblocks++] = p;
    return NB_OK;
}

void nb_doc_free(nb_doc *doc)
{
    for (size_t i = 0; i < doc->npages; i++) {
        nb_ppage *pg = &doc->pages[i];
        for (size_t k = 0; k < pg->nruns; k++)
            nb_free(pg->runs[k].glyphs);
        nb_free(pg->runs);
        nb_free(pg->rules);
    }
    for (size_t i = 0; i < doc->noutline; i++)
        nb_free(doc->outline[i].title);
    for (size_t i = 0; i < doc->nblocks; i++)
        nb_free(doc->blocks[i]);
    nb_free(doc->pages);
    nb_free(doc->elems);
    nb_free(doc->outline);
    nb_free(doc->blocks);
    nb_free(doc->title);
    nb_free(doc->author);
    nb_free(doc->subject);
    nb_free(doc->creator);
    nb_free(doc->date);
    memset(doc, 0, sizeof *doc);
}

nb_ppage *nb_doc_add_page(nb_doc *doc)
{
    if (!nb_grow(&doc->pages, doc->npages, 1, &doc->cappages, sizeof *doc->pages))
        return NULL;
    nb_ppage *pg = &doc->pages[doc->npages++];
    memset(pg, 0, sizeof *pg);
    pg->number = (int)doc->npages;
    return pg;
}

nb_status nb_doc_add_elem(nb_doc *doc, nb_elem_kind kind, uint32_t parent, uint32_t *index)
{
    size_t need = doc->nelems ? 1 : 2; /* slot 0 stands for artifacts */
    if (!nb_grow(&doc->elems, doc->nelems, need, &doc->capelems, sizeof *doc->elems))
        return NB_ERR_NOMEM;
    if (!doc->nelems)
        doc->elems[doc->nelems++] = (nb_elem){NB_EL_NONE, 0, 1, 1};
    doc->elems[doc->nelems] = (nb_elem){kind, parent, 1, 1};
    *index = (uint32_t)doc->nelems++;
    return NB_OK;
}

void nb_page_tag_runs(nb_ppage *pg, size_t from, uint32_t elem)
{
    for (size_t k = from; k < pg->nruns; k++)
        pg->runs[k].elem = elem;
}

nb_status nb_doc_add_outline(nb_doc *doc, int level, const char *title, size_t page, nb_mpt y)
{
    if (!nb_grow(&doc->outline, doc->noutline, 1, &doc->capoutline, sizeof *doc->outline))
        return NB_ERR_NOMEM;
    char *t = nb_strdup(title);
    if (!t)
        return NB_ERR_NOMEM;
    doc->outline[doc->noutline++] = (nb_outline_item){level, t, page, y};
    return NB_OK;
}

/* Appends runs shifted by (dx, dy); `copy`: with glyph arrays of their own. */
static nb_status add_runs(nb_ppage *pg, const nb_prun *runs, size_t n, nb_mpt dx, nb_mpt dy,
                          bool copy)
{
    if (!nb_grow(&pg->runs, pg->nruns, n, &pg->capruns, sizeof *pg->runs))
        return NB_ERR_NOMEM;
    for (size_t k = 0; k < n; k++) {
        nb_prun r = runs[k];
        if (copy) {
            r.glyphs = nb_malloc(r.count * sizeof *r.glyphs);
            if (!r.glyphs)
                return NB_ERR_NOMEM;
            memcpy(r.glyphs, runs[k].glyphs, r.count * sizeof *r.glyphs);
        }
        r.x += dx;
        r.y += dy;
        pg->runs[pg->nruns++] = r;
    }
    return NB_OK;
}

nb_status nb_page_take_runs(nb_ppage *pg, const nb_prun *runs, size_t n, nb_mpt dx, nb_mpt dy)
{
    return add_runs(pg, runs, n, dx, dy, false);
}

nb_status nb_page_copy_runs(nb_ppage *pg, const nb_prun *runs, size_t n, nb_mpt dx, nb_mpt dy)
{
    return add_runs(pg, runs, n, dx, dy, true);
}

nb_status nb_page_add_rule(nb_ppage *pg, nb_mpt x0, nb_mpt y0, nb_mpt x1, nb_mpt y1, nb_mpt width)
{
    if (!nb_grow(&pg->rules, pg->nrules, 1, &pg->caprules, sizeof *pg->rules))
        return NB_ERR_NOMEM;
    pg->rules[pg->nrules++] = (nb_prule){x0, y0, x1, y1, width};
    return NB_OK;
}

void nb_doc_dump(const nb_doc *doc, FILE *out)
{
    for (size_t i = 0; i < doc->npages; i++) {
        const nb_ppage *pg = &doc->pages[i];
        fprintf(out, "page %d\n", pg->number);
        for (size_t k = 0; k < pg->nruns; k++) {
            const nb_prun *r = &pg->runs[k];
            nb_mpt w = 0;
            for (size_t g = 0; g < r->count; g++)
                w += r->glyphs[g].advance;
            fprintf(out, "  run x=%d y=%d w=%d %s@%d \"", r->x, r->y, w,
                    doc->fonts->faces[r->face]->psname, r->size);
            for (size_t g = 0; g < r->count; g++)
                fwrite(r->text + r->glyphs[g].text_off, 1, r->glyphs[g].text_len, out);
            fputs("\"\n", out);
        }
        for (size_t k = 0; k < pg->nrules; k++) {
            const nb_prule *u = &pg->rules[k];
            fprintf(out, "  rule %d,%d-%d,%d w=%d\n", u->x0, u->y0, u->x1, u->y1, u->width);
        }
    }
    for (size_t i = 0; i < doc->noutline; i++)
        fprintf(out, "outline %d page=%zu y=%d %s\n", doc->outline[i].level,
                doc->outline[i].page + 1, doc->outline[i].y, doc->outline[i].title);
}
