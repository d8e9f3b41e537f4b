#include "paginate.h"

#include <string.h>

#include "../util/alloc.h"
#include "table_place.h"

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
    for (size_t i = 0; i < doc->npages; i++) {
        nb_box box;
        char *text;
        nb_status r = nb_page_number_box(l, fs, doc->pages[i].number, &box, &text, d);
        if (!r && text)
            r = nb_doc_keep(doc, text);
        if (!r)
            r = nb_page_take_runs(&doc->pages[i], box.runs, box.nruns, l->page.left,
                                  l->page.top + l->page.text_height);
        if (r)
            nb_box_free(&box);
        else
            nb_free(box.runs);
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
    nb_tplacement tp = {0};
    nb_tagmap tags;
    r = nb_tags_build(b, doc, &tags);
    tp.tags = &tags;
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
            if (!(page = nb_doc_add_page(doc))) {
                r = NB_ERR_NOMEM;
                break;
            }
            y = 0;
            on_page = 0;
            bool continues = ln->table && !ln->table->table->rows[ln->trow].header && i > 0 &&
                             flow->lines[i - 1].table == ln->table;
            nb_mpt h = 0;
            if (continues)
                r = nb_tplace_repeat_headers(&tp, ln->table, ln->trow, doc->npages - 1, l->page.top,
                                             &h);
            y += h;
            if (r)
                break;
        }
        on_page++;
        if (ln->table) {
            tags.tables[ln->item].tl = ln->table;
            r = nb_tplace_row(&tp, ln->table, doc->npages - 1, ln->trow, l->page.top + y);
            if (r)
                break;
            continue;
        }
        nb_mpt baseline = l->page.top + y + ln->size * NB_ASCENT_PERMILLE / 1000;
        size_t from = page->nruns;
        r = nb_page_take_runs(page, ln->runs, ln->nruns, l->page.left, baseline);
        if (r)
            break;
        nb_page_tag_runs(page, from, tags.item_elem[ln->item]);
        nb_free(ln->runs);
        ln->runs = NULL;
        ln->nruns = 0;
        if (ln->outline)
            r = nb_doc_add_outline(doc, ln->outline, ln->outline_title, doc->npages - 1,
                                   l->page.top + y);
    }
    /* Table cells go onto the pages once every row has its place. */
    if (!r)
        r = nb_tplace_cells(&tp, l->page.left, doc);
    nb_tplacement_free(&tp);
    nb_tagmap_free(&tags);
    /* The texts now belong to the document. */
    for (size_t i = 0; i < flow->ntexts && !r; i++) {
        r = nb_doc_keep(doc, flow->texts[i]);
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
