#include "paginate.h"

#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"

static nb_status keep_block(nb_doc *doc, void *p)
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
    nb_free(doc->outline);
    nb_free(doc->blocks);
    nb_free(doc->title);
    nb_free(doc->author);
    nb_free(doc->subject);
    nb_free(doc->creator);
    nb_free(doc->date);
    memset(doc, 0, sizeof *doc);
}

static nb_ppage *new_page(nb_doc *doc)
{
    if (!nb_grow(&doc->pages, doc->npages, 1, &doc->cappages, sizeof *doc->pages))
        return NULL;
    nb_ppage *pg = &doc->pages[doc->npages++];
    memset(pg, 0, sizeof *pg);
    pg->number = (int)doc->npages;
    return pg;
}

/* Moves a line's runs onto the page at block position (left, baseline). */
static nb_status place_runs(nb_ppage *pg, nb_prun *runs, size_t n, nb_mpt left, nb_mpt baseline)
{
    if (!nb_grow(&pg->runs, pg->nruns, n, &pg->capruns, sizeof *pg->runs))
        return NB_ERR_NOMEM;
    for (size_t k = 0; k < n; k++) {
        nb_prun r = runs[k];
        r.x += left;
        r.y = baseline;
        pg->runs[pg->nruns++] = r;
    }
    return NB_OK;
}

static nb_status add_outline(nb_doc *doc, int level, const char *title, size_t page, nb_mpt y)
{
    if (!nb_grow(&doc->outline, doc->noutline, 1, &doc->capoutline, sizeof *doc->outline))
        return NB_ERR_NOMEM;
    char *t = nb_strdup(title);
    if (!t)
        return NB_ERR_NOMEM;
    doc->outline[doc->noutline++] = (nb_outline_item){level, t, page, y};
    return NB_OK;
}

/* Records that grid row `row` of a table sits at `top` on page `page`. */
static nb_status seg_add(nb_tsegment **segs, size_t *nsegs, const nb_tlayout *tl, size_t page,
                         int row, nb_mpt top)
{
    nb_tsegment *sg = *nsegs ? &(*segs)[*nsegs - 1] : NULL;
    if (!sg || sg->tl != tl || sg->page != page) {
        size_t cap = *nsegs;
        if (!nb_grow(segs, *nsegs, 1, &cap, sizeof **segs))
            return NB_ERR_NOMEM;
        sg = &(*segs)[(*nsegs)++];
        memset(sg, 0, sizeof *sg);
        sg->tl = tl;
        sg->page = page;
    }
    size_t cap_tops = sg->cap;
    if (!nb_grow(&sg->rows, sg->count, 1, &sg->cap, sizeof *sg->rows) ||
        !nb_grow(&sg->tops, sg->count, 1, &cap_tops, sizeof *sg->tops))
        return NB_ERR_NOMEM;
    sg->rows[sg->count] = row;
    sg->tops[sg->count++] = top;
    return NB_OK;
}

/* On a continuation page, the header rows of a body row's group come again
 * above it, under the continuation caption; returns their height. */
static nb_status repeat_headers(nb_tsegment **segs, size_t *nsegs, const nb_lline *ln, size_t page,
                                nb_mpt top, nb_mpt *height)
{
    const nb_trow *tr = &ln->table->table->rows[ln->trow];
    *height = ln->table->caption_h; /* 续表, when the layout asks for it */
    for (int h = tr->header_first; h < tr->header_first + tr->header_count; h++) {
        nb_status r = seg_add(segs, nsegs, ln->table, page, h, top + *height);
        if (r)
            return r;
        *height += ln->table->row_h[h];
    }
    if (*nsegs && tr->header_count) {
        (*segs)[*nsegs - 1].continued = true;
        (*segs)[*nsegs - 1].caption_top = top;
    }
    return NB_OK;
}

/* Top of line i relative to the previous line's top. */
static nb_mpt advance_to(const nb_flow *f, size_t i)
{
    return f->lines[i - 1].pitch + f->lines[i].space_before;
}

/* Whether lines [i, j] fit below a line top `y` (line i at y + step). */
static bool chain_fits(const nb_flow *f, size_t i, size_t j, nb_mpt y, nb_mpt H)
{
    for (size_t k = i; k <= j && k < f->count; k++) {
        y += k == i ? 0 : advance_to(f, k);
        if (y + f->lines[k].size > H)
            return false;
    }
    return true;
}

static nb_status page_numbers(const nb_layout *l, const nb_fontset *fs, nb_doc *doc, nb_diags *d)
{
    const nb_page_geom *pg = &l->page;
    const nb_style *st = nb_layout_style(l, pg->pn_style);
    if (!pg->page_numbers || !st)
        return NB_OK;
    for (size_t i = 0; i < doc->npages; i++) {
        nb_buf text = {0};
        for (const char *p = pg->pn_format; *p; p++) {
            if (strncmp(p, "{n}", 3) == 0) {
                nb_buf_printf(&text, "%d", doc->pages[i].number);
                p += 2;
            } else {
                nb_buf_putc(&text, *p);
            }
        }
        char *str = nb_buf_take(&text);
        nb_status r = keep_block(doc, str);
        if (r)
            return r;
        nb_bspan span = {str, st, pg->pos};
        nb_shaped s;
        r = nb_shape_text(l, fs, &span, 1, &s, d);
        if (!r) {
            nb_mpt tracking, em, w = 0;
            nb_style_metrics(l, st, &tracking, &em);
            for (size_t c = 0; c < s.nclusters; c++)
                w += s.clusters[c].width + (c + 1 < s.nclusters ? s.clusters[c].tracking : 0);
            nb_mpt indent = pg->pn_indent.em ? (nb_mpt)((int64_t)pg->pn_indent.value * em / 1000)
                                             : pg->pn_indent.value;
            bool odd = doc->pages[i].number % 2 == 1;
            nb_mpt x;
            if (pg->pn_position == NB_PN_CENTER)
                x = (pg->text_width - w) / 2;
            else if (pg->pn_position == NB_PN_RIGHT || odd)
                x = pg->text_width - indent - w;
            else
                x = indent;
            nb_prun *runs = NULL;
            size_t nruns = 0;
            r = nb_emit_runs(&s, 0, (uint32_t)s.nclusters, x, NULL, &runs, &nruns);
            nb_mpt baseline =
                pg->top + pg->text_height + pg->pn_below + st->size * NB_ASCENT_PERMILLE / 1000;
            /* The runs point into s.text, which is kept as a block. */
            if (!r)
                r = place_runs(&doc->pages[i], runs, nruns, pg->left, baseline);
            if (r)
                for (size_t k = 0; k < nruns; k++)
                    nb_free(runs[k].glyphs);
            nb_free(runs);
            if (!r) {
                r = keep_block(doc, s.text);
                s.text = NULL;
            }
        }
        nb_shaped_free(&s);
        if (r)
            return r;
    }
    return NB_OK;
}

nb_status nb_paginate(const nb_layout *l, const nb_fontset *fs, const nb_bound *b, nb_flow *flow,
                      nb_doc *doc, nb_diags *d)
{
    memset(doc, 0, sizeof *doc);
    doc->fonts = fs;
    doc->page_width = l->page.width;
    doc->page_height = l->page.height;
    const nb_mpt H = l->page.text_height;
    nb_status r = NB_OK;
    nb_ppage *page = NULL;
    nb_mpt y = 0; /* top of the current line, from the block's top edge */
    nb_tsegment *segs = NULL;
    size_t nsegs = 0;
    size_t on_page = 0; /* lines placed on the current page */
    for (size_t i = 0; i < flow->count && !r; i++) {
        nb_lline *ln = &flow->lines[i];
        bool fresh = page == NULL;
        if (!fresh) {
            y += advance_to(flow, i);
            bool fits = y + ln->size <= H;
            /* Keep-with-next: the whole chain must fit, checked at its first
             * line; a chain longer than a page then starts a page and runs
             * on like a paragraph (checking every line of it again would put
             * one line on each page, and take quadratic time). */
            bool chain_start = !flow->lines[i - 1].keep_with_next;
            size_t j = i;
            while (chain_start && j < flow->count && flow->lines[j].keep_with_next)
                j++;
            if (fits && j > i && !chain_fits(flow, i, j, y, H) && on_page > 0)
                fits = false;
            if (!fits)
                fresh = true;
        }
        if (fresh) {
            if (!(page = new_page(doc))) {
                r = NB_ERR_NOMEM;
                break;
            }
            y = 0;
            on_page = 0;
            bool continues = ln->table && !ln->table->table->rows[ln->trow].header && i > 0 &&
                             flow->lines[i - 1].table == ln->table;
            nb_mpt h = 0;
            if (continues)
                r = repeat_headers(&segs, &nsegs, ln, doc->npages - 1, l->page.top, &h);
            y += h;
            if (r)
                break;
        }
        on_page++;
        if (ln->table) {
            r = seg_add(&segs, &nsegs, ln->table, doc->npages - 1, ln->trow, l->page.top + y);
            if (r)
                break;
            continue;
        }
        nb_mpt baseline = l->page.top + y + ln->size * NB_ASCENT_PERMILLE / 1000;
        r = place_runs(page, ln->runs, ln->nruns, l->page.left, baseline);
        if (r)
            break;
        nb_free(ln->runs);
        ln->runs = NULL;
        ln->nruns = 0;
        if (ln->outline)
            r = add_outline(doc, ln->outline, ln->outline_title, doc->npages - 1, l->page.top + y);
    }
    /* Tables are drawn page by page once every row has its place. */
    for (size_t k = 0; k < nsegs; k++) {
        if (!r)
            r = nb_table_draw(&segs[k], l->page.left, &doc->pages[segs[k].page]);
        nb_free(segs[k].rows);
        nb_free(segs[k].tops);
    }
    nb_free(segs);
    /* The texts now belong to the document. */
    for (size_t i = 0; i < flow->ntexts && !r; i++) {
        r = keep_block(doc, flow->texts[i]);
        flow->texts[i] = NULL;
    }
    if (!r)
        r = page_numbers(l, fs, doc, d);
    if (!r) {
        doc->title = b->title ? nb_strdup(b->title) : NULL;
        doc->author = b->author ? nb_strdup(b->author) : NULL;
        doc->subject = b->subject ? nb_strdup(b->subject) : NULL;
        doc->creator = nb_strdup("nianbao " NB_VERSION);
        if ((b->title && !doc->title) || (b->author && !doc->author) || !doc->creator)
            r = NB_ERR_NOMEM;
    }
    return r;
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
