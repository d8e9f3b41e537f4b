#include "tags.h"

#include <string.h>

#include "../util/alloc.h"

void nb_tagmap_free(nb_tagmap *m)
{
    for (size_t i = 0; m->tables && i < m->nitems; i++) {
        nb_free(m->tables[i].cell_elem);
        nb_free(m->tables[i].placed);
    }
    nb_free(m->tables);
    nb_free(m->item_elem);
    memset(m, 0, sizeof *m);
}

static nb_elem_kind para_kind(nb_level lv, size_t nspans)
{
    if (nspans == 2)
        return NB_EL_P; /* a run-in heading is part of its paragraph */
    switch (lv) {
    case NB_LV_TITLE:
        return NB_EL_H1;
    case NB_LV_HEADING:
        return NB_EL_H2;
    case NB_LV_H2:
        return NB_EL_H3;
    case NB_LV_H3:
        return NB_EL_H4;
    case NB_LV_BODY:
        break;
    }
    return NB_EL_P;
}

static nb_elem_kind cell_kind(const nb_tcell *c)
{
    switch (c->kind) {
    case NB_TC_DATA:
        return NB_EL_TD;
    case NB_TC_LABEL:
        return NB_EL_TH_ROW;
    case NB_TC_CAPTION:
    case NB_TC_CORNER:
    case NB_TC_HEAD:
        break;
    }
    return NB_EL_TH_COLUMN;
}

/* Table › TR per grid row › TH/TD per cell, in its top row. */
static nb_status table_elems(const nb_item *it, nb_doc *doc, uint32_t root, nb_tagtable *tt,
                             uint32_t *elem)
{
    const nb_table *t = it->table;
    tt->cell_elem = nb_calloc(t->ncells ? t->ncells : 1, sizeof *tt->cell_elem);
    tt->placed = nb_calloc(t->ncells ? t->ncells : 1, sizeof *tt->placed);
    if (!tt->cell_elem || !tt->placed)
        return NB_ERR_NOMEM;
    nb_status r = nb_doc_add_elem(doc, NB_EL_TABLE, root, elem);
    size_t ci = 0;
    for (int row = 0; row < t->nrows && !r; row++) {
        uint32_t tr;
        r = nb_doc_add_elem(doc, NB_EL_TR, *elem, &tr);
        for (; ci < t->ncells && t->cells[ci].row == row && !r; ci++) {
            const nb_tcell *c = &t->cells[ci];
            r = nb_doc_add_elem(doc, cell_kind(c), tr, &tt->cell_elem[ci]);
            if (!r) {
                doc->elems[tt->cell_elem[ci]].rowspan = c->rowspan;
                doc->elems[tt->cell_elem[ci]].colspan = c->colspan;
            }
        }
    }
    return r;
}

nb_status nb_tags_build(const nb_bound *b, nb_doc *doc, nb_tagmap *m)
{
    memset(m, 0, sizeof *m);
    m->nitems = b->count;
    m->item_elem = nb_calloc(b->count ? b->count : 1, sizeof *m->item_elem);
    m->tables = nb_calloc(b->count ? b->count : 1, sizeof *m->tables);
    if (!m->item_elem || !m->tables)
        return NB_ERR_NOMEM;
    uint32_t root;
    nb_status r = nb_doc_add_elem(doc, NB_EL_DOCUMENT, 0, &root);
    for (size_t i = 0; i < b->count && !r; i++) {
        const nb_item *it = &b->items[i];
        switch (it->kind) {
        case NB_IT_PARA:
            /* The title's lines are one heading. */
            if (it->level == NB_LV_TITLE && i > 0 && b->items[i - 1].kind == NB_IT_PARA &&
                b->items[i - 1].level == NB_LV_TITLE) {
                m->item_elem[i] = m->item_elem[i - 1];
                break;
            }
            r = nb_doc_add_elem(doc, para_kind(it->level, it->nspans), root, &m->item_elem[i]);
            break;
        case NB_IT_SIGNATURE:
            r = nb_doc_add_elem(doc, NB_EL_P, root, &m->item_elem[i]);
            break;
        case NB_IT_TABLE:
            r = table_elems(it, doc, root, &m->tables[i], &m->item_elem[i]);
            break;
        case NB_IT_SPACE:
            break;
        }
    }
    return r;
}

nb_tagtable *nb_tags_table(const nb_tagmap *m, const nb_tlayout *tl)
{
    for (size_t i = 0; m && i < m->nitems; i++)
        if (m->tables[i].tl == tl)
            return &m->tables[i];
    return NULL;
}

uint32_t nb_tags_cell(nb_tagtable *tt, size_t cell)
{
    if (!tt || tt->placed[cell])
        return NB_ELEM_ARTIFACT;
    tt->placed[cell] = true;
    return tt->cell_elem[cell];
}
