#include "table_place.h"

#include <string.h>

#include "../util/alloc.h"

nb_status nb_tplace_row(nb_tplacement *tp, const nb_tlayout *tl, size_t page, int row, nb_mpt top)
{
    nb_tsegment *sg = tp->count ? &tp->segs[tp->count - 1] : NULL;
    if (!sg || sg->tl != tl || sg->page != page) {
        size_t cap = tp->count;
        if (!nb_grow(&tp->segs, tp->count, 1, &cap, sizeof *tp->segs))
            return NB_ERR_NOMEM;
        sg = &tp->segs[tp->count++];
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

nb_status nb_tplace_repeat_headers(nb_tplacement *tp, const nb_tlayout *tl, int row, size_t page,
                                   nb_mpt top, nb_mpt *height)
{
    const nb_trow *tr = &tl->table->rows[row];
    *height = tl->caption_h; /* 续表, when the layout asks for it */
    for (int h = tr->header_first; h < tr->header_first + tr->header_count; h++) {
        nb_status r = nb_tplace_row(tp, tl, page, h, top + *height);
        if (r)
            return r;
        *height += tl->row_h[h];
    }
    if (tp->count && tr->header_count) {
        tp->segs[tp->count - 1].continued = true;
        tp->segs[tp->count - 1].caption_top = top;
    }
    return NB_OK;
}

/* The four borders of a cell spanning (x0, y0)-(x1, y1). */
static nb_status cell_borders(nb_ppage *page, nb_mpt x0, nb_mpt y0, nb_mpt x1, nb_mpt y1,
                              nb_mpt rule)
{
    const nb_mpt half = rule / 2;
    /* Each edge runs half a rule past the corners so they join square. */
    nb_status r = nb_page_add_rule(page, x0 - half, y0, x1 + half, y0, rule);
    if (!r)
        r = nb_page_add_rule(page, x0 - half, y1, x1 + half, y1, rule);
    if (!r)
        r = nb_page_add_rule(page, x0, y0 - half, x0, y1 + half, rule);
    if (!r)
        r = nb_page_add_rule(page, x1, y0 - half, x1, y1 + half, rule);
    return r;
}

/* The cells of one segment onto its page. */
static nb_status place_segment(const nb_tsegment *seg, nb_mpt left, nb_ppage *page, nb_tagtable *tt)
{
    const nb_tlayout *tl = seg->tl;
    const nb_table *t = tl->table;
    nb_status r = NB_OK;
    if (seg->continued && tl->caption.nruns)
        r = nb_page_copy_runs(page, tl->caption.runs, tl->caption.nruns, left, seg->caption_top);
    for (size_t i = 0; i < t->ncells && !r; i++) {
        const nb_tcell *c = &t->cells[i];
        size_t a = seg->count, b = 0;
        for (size_t k = 0; k < seg->count; k++)
            if (seg->rows[k] >= c->row && seg->rows[k] < c->row + c->rowspan) {
                if (a == seg->count)
                    a = k;
                b = k;
            }
        if (a == seg->count)
            continue; /* none of the cell's rows is on this page */
        nb_mpt y0 = seg->tops[a], y1 = seg->tops[b] + tl->row_h[seg->rows[b]];
        nb_mpt x0 = left + tl->col_x[c->col];
        nb_mpt x1 = x0 + nb_tlayout_cell_width(tl, c);
        r = cell_borders(page, x0, y0, x1, y1, tl->rule);
        const nb_box *box = &tl->boxes[i];
        size_t from = page->nruns;
        if (!r && box->nruns)
            r = nb_page_copy_runs(page, box->runs, box->nruns, x0 + tl->pad_x,
                                  y0 + (y1 - y0 - box->height) / 2);
        /* A cell's text is content where it first appears; printed again
         * (repeated headers, a row label on a continuation) an artifact. */
        if (!r)
            nb_page_tag_runs(page, from, nb_tags_cell(tt, i));
    }
    return r;
}

nb_status nb_tplace_cells(const nb_tplacement *tp, nb_mpt left, nb_doc *doc)
{
    for (size_t k = 0; k < tp->count; k++) {
        nb_status r = place_segment(&tp->segs[k], left, &doc->pages[tp->segs[k].page],
                                    nb_tags_table(tp->tags, tp->segs[k].tl));
        if (r)
            return r;
    }
    return NB_OK;
}

void nb_tplacement_free(nb_tplacement *tp)
{
    for (size_t k = 0; k < tp->count; k++) {
        nb_free(tp->segs[k].rows);
        nb_free(tp->segs[k].tops);
    }
    nb_free(tp->segs);
    memset(tp, 0, sizeof *tp);
}
