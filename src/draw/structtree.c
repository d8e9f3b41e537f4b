#include "structtree.h"

#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "hpdf_glue.h"

static const char *const type_names[] = {
    [NB_EL_NONE] = "Artifact", [NB_EL_DOCUMENT] = "Document",
    [NB_EL_H1] = "H1",         [NB_EL_H2] = "H2",
    [NB_EL_H3] = "H3",         [NB_EL_H4] = "H4",
    [NB_EL_P] = "P",           [NB_EL_TABLE] = "Table",
    [NB_EL_TR] = "TR",         [NB_EL_TH_COLUMN] = "TH",
    [NB_EL_TH_ROW] = "TH",     [NB_EL_TD] = "TD",
};

nb_status nb_tagger_init(nb_tagger *t, const nb_doc *doc)
{
    memset(t, 0, sizeof *t);
    t->doc = doc;
    if (doc->nelems < 2)
        return NB_OK;
    t->pages = nb_calloc(doc->npages ? doc->npages : 1, sizeof *t->pages);
    return t->pages ? NB_OK : NB_ERR_NOMEM;
}

void nb_tagger_free(nb_tagger *t)
{
    for (size_t p = 0; t->pages && p < t->doc->npages; p++)
        nb_free(t->pages[p].elem);
    nb_free(t->pages);
    memset(t, 0, sizeof *t);
}

nb_status nb_tagger_run(nb_tagger *t, size_t page, uint32_t elem, nb_buf *out)
{
    if (!t->pages || (t->open && t->cur == elem))
        return NB_OK;
    if (elem >= t->doc->nelems)
        return NB_ERR_PDF;
    nb_tagger_close(t, out);
    t->open = true;
    t->cur = elem;
    if (elem == NB_ELEM_ARTIFACT) {
        nb_buf_puts(out, "/Artifact BMC\n");
        return NB_OK;
    }
    nb_mcids *m = &t->pages[page];
    if (!nb_grow(&m->elem, m->count, 1, &m->cap, sizeof *m->elem))
        return NB_ERR_NOMEM;
    nb_buf_putc(out, '/');
    nb_buf_puts(out, type_names[t->doc->elems[elem].kind]);
    nb_buf_puts(out, " <</MCID ");
    nb_buf_put_uint(out, m->count);
    nb_buf_puts(out, ">> BDC\n");
    m->elem[m->count++] = elem;
    return NB_OK;
}

void nb_tagger_close(nb_tagger *t, nb_buf *out)
{
    if (t->open)
        nb_buf_puts(out, "EMC\n");
    t->open = false;
}

#define TRY(expr)                                                                                  \
    do {                                                                                           \
        HPDF_STATUS try_st_ = (expr);                                                              \
        if (try_st_ != HPDF_OK)                                                                    \
            return try_st_;                                                                        \
    } while (0)

static void put_ref(nb_buf *b, unsigned id)
{
    nb_buf_put_uint(b, id);
    nb_buf_append(b, " 0 R", 4);
}

/* What the writer knows about every element. */
typedef struct tree {
    const nb_doc *doc;
    unsigned *id;      /* per element: its object number */
    unsigned *pages;   /* per page: its object number */
    uint32_t *child;   /* per element: first child element, 0 = none */
    uint32_t *sibling; /* per element: next sibling */
    size_t *mc_head;   /* per element: 1 + first content item, 0 = none */
    size_t *mc_next;   /* per content item: 1 + the next of its element */
    uint32_t *mc_page, *mc_id;
    size_t nmc;
    unsigned attr[4]; /* shared attribute objects, see attr_slot */
} tree;

/* Table attributes are few distinct dictionaries (a header cell's scope,
 * spans): written once each. */
static HPDF_STATUS attr_object(HPDF_Doc pdf, const nb_elem *e, unsigned *id)
{
    nb_buf b = {0};
    nb_buf_puts(&b, "/O /Table\n");
    if (e->rowspan > 1)
        nb_buf_printf(&b, "/RowSpan %d\n", e->rowspan);
    if (e->colspan > 1)
        nb_buf_printf(&b, "/ColSpan %d\n", e->colspan);
    if (e->kind == NB_EL_TH_ROW || e->kind == NB_EL_TH_COLUMN)
        nb_buf_printf(&b, "/Scope /%s\n", e->kind == NB_EL_TH_ROW ? "Row" : "Column");
    nb_hg_obj a = nb_hg_raw_new(pdf);
    HPDF_STATUS st = !a || b.oom ? HPDF_FAILD_TO_ALLOC_MEM : nb_hg_raw_set(a, b.data, b.len);
    nb_buf_free(&b);
    *id = nb_hg_obj_id(a);
    return st;
}

/* The /A of a cell: plain header cells share one object per scope; a
 * spanning cell has its own (spans vary). 0 = none. */
static HPDF_STATUS cell_attr(HPDF_Doc pdf, tree *tr, const nb_elem *e, unsigned *id)
{
    bool th = e->kind == NB_EL_TH_COLUMN || e->kind == NB_EL_TH_ROW;
    *id = 0;
    if (!th && e->rowspan == 1 && e->colspan == 1)
        return HPDF_OK;
    if (e->rowspan == 1 && e->colspan == 1) {
        unsigned *slot = &tr->attr[e->kind == NB_EL_TH_ROW];
        if (!*slot)
            TRY(attr_object(pdf, e, slot));
        *id = *slot;
        return HPDF_OK;
    }
    return attr_object(pdf, e, id);
}

/* One element's dictionary. Its content items lie on pages in order; the
 * first one's page is its /Pg, items on other pages are MCR dictionaries. */
static HPDF_STATUS element(HPDF_Doc pdf, tree *tr, uint32_t e, nb_hg_obj obj, unsigned root,
                           nb_buf *b)
{
    const nb_elem *x = &tr->doc->elems[e];
    b->len = 0;
    nb_buf_puts(b, "/S /");
    nb_buf_puts(b, type_names[x->kind]);
    nb_buf_puts(b, "\n/P ");
    put_ref(b, x->parent ? tr->id[x->parent] : root);
    unsigned attr;
    TRY(cell_attr(pdf, tr, x, &attr));
    if (attr) {
        nb_buf_puts(b, "\n/A ");
        put_ref(b, attr);
    }
    uint32_t pg = tr->mc_head[e] ? tr->mc_page[tr->mc_head[e] - 1] : 0;
    if (tr->mc_head[e]) {
        nb_buf_puts(b, "\n/Pg ");
        put_ref(b, tr->pages[pg]);
    }
    size_t nkids = 0;
    for (uint32_t c = tr->child[e]; c; c = tr->sibling[c])
        nkids++;
    for (size_t m = tr->mc_head[e]; m; m = tr->mc_next[m - 1])
        nkids++;
    if (nkids) {
        nb_buf_puts(b, nkids > 1 ? "\n/K [" : "\n/K ");
        bool first = true;
        for (uint32_t c = tr->child[e]; c; c = tr->sibling[c], first = false) {
            if (!first)
                nb_buf_putc(b, ' ');
            put_ref(b, tr->id[c]);
        }
        for (size_t m = tr->mc_head[e]; m; m = tr->mc_next[m - 1], first = false) {
            if (!first)
                nb_buf_putc(b, ' ');
            if (tr->mc_page[m - 1] == pg) {
                nb_buf_put_uint(b, tr->mc_id[m - 1]);
                continue;
            }
            nb_buf_puts(b, "<</Type /MCR /Pg ");
            put_ref(b, tr->pages[tr->mc_page[m - 1]]);
            nb_buf_puts(b, " /MCID ");
            nb_buf_put_uint(b, tr->mc_id[m - 1]);
            nb_buf_puts(b, ">>");
        }
        if (nkids > 1)
            nb_buf_putc(b, ']');
    }
    nb_buf_putc(b, '\n');
    return b->oom ? HPDF_FAILD_TO_ALLOC_MEM : nb_hg_raw_set(obj, b->data, b->len);
}

static HPDF_STATUS write_tree(const nb_tagger *t, HPDF_Doc pdf, const HPDF_Page *pages, tree *tr,
                              nb_hg_obj *objs, nb_buf *b)
{
    const nb_doc *doc = t->doc;
    nb_hg_obj root = nb_hg_raw_new(pdf), ptree = nb_hg_raw_new(pdf);
    if (!root || !ptree)
        return HPDF_FAILD_TO_ALLOC_MEM;
    for (uint32_t e = 1; e < doc->nelems; e++) {
        if (!(objs[e] = nb_hg_raw_new(pdf)))
            return HPDF_FAILD_TO_ALLOC_MEM;
        tr->id[e] = nb_hg_obj_id(objs[e]);
    }
    /* children in order: elements come parents first, in reading order */
    uint32_t *last = tr->sibling; /* reuse: filled below from the end */
    for (uint32_t e = (uint32_t)doc->nelems - 1; e >= 2; e--) {
        uint32_t p = doc->elems[e].parent;
        last[e] = tr->child[p];
        tr->child[p] = e;
    }
    /* content items, page by page, each element's in content order */
    size_t *tail = nb_calloc(doc->nelems, sizeof *tail);
    if (!tail)
        return HPDF_FAILD_TO_ALLOC_MEM;
    nb_buf_puts(b, "/Nums [");
    for (size_t p = 0; p < doc->npages; p++) {
        const nb_mcids *m = &t->pages[p];
        nb_hg_obj page = nb_hg_page_obj(pages[p]);
        tr->pages[p] = nb_hg_obj_id(page);
        HPDF_STATUS st = nb_hg_dict_int(page, "StructParents", (int)p);
        if (st != HPDF_OK) {
            nb_free(tail);
            return st;
        }
        nb_buf_putc(b, p ? ' ' : '\n');
        nb_buf_put_uint(b, p);
        nb_buf_puts(b, " [");
        for (size_t mc = 0; mc < m->count; mc++) {
            uint32_t e = m->elem[mc];
            size_t k = tr->nmc++;
            tr->mc_page[k] = (uint32_t)p;
            tr->mc_id[k] = (uint32_t)mc;
            tr->mc_next[k] = 0;
            if (tail[e])
                tr->mc_next[tail[e] - 1] = k + 1;
            else
                tr->mc_head[e] = k + 1;
            tail[e] = k + 1;
            if (mc)
                nb_buf_putc(b, ' ');
            put_ref(b, tr->id[e]);
        }
        nb_buf_putc(b, ']');
    }
    nb_free(tail);
    nb_buf_puts(b, "\n]\n");
    TRY(b->oom ? HPDF_FAILD_TO_ALLOC_MEM : nb_hg_raw_set(ptree, b->data, b->len));

    unsigned root_id = nb_hg_obj_id(root);
    for (uint32_t e = 1; e < doc->nelems; e++)
        TRY(element(pdf, tr, e, objs[e], root_id, b));
    b->len = 0;
    nb_buf_puts(b, "/Type /StructTreeRoot\n/K ");
    put_ref(b, tr->id[1]);
    nb_buf_puts(b, "\n/ParentTree ");
    put_ref(b, nb_hg_obj_id(ptree));
    nb_buf_puts(b, "\n/ParentTreeNextKey ");
    nb_buf_put_uint(b, doc->npages);
    nb_buf_putc(b, '\n');
    TRY(b->oom ? HPDF_FAILD_TO_ALLOC_MEM : nb_hg_raw_set(root, b->data, b->len));

    nb_hg_obj cat = nb_hg_catalog(pdf);
    if (!cat)
        return HPDF_FAILD_TO_ALLOC_MEM;
    TRY(nb_hg_dict_obj(cat, "StructTreeRoot", root));
    /* Made only now: a direct dictionary belongs to nothing until it is
     * added, and libharu frees one it fails to add. */
    nb_hg_obj mark = nb_hg_dict_new(pdf, false);
    if (!mark)
        return HPDF_FAILD_TO_ALLOC_MEM;
    TRY(nb_hg_dict_obj(cat, "MarkInfo", mark));
    TRY(nb_hg_dict_bool(mark, "Marked", true));
    return nb_hg_dict_string(cat, "Lang", "zh-CN");
}

HPDF_STATUS nb_tagger_write(const nb_tagger *t, HPDF_Doc pdf, const HPDF_Page *pages)
{
    if (!t->pages)
        return HPDF_OK;
    const nb_doc *doc = t->doc;
    size_t n = doc->nelems, nmc = 0;
    for (size_t p = 0; p < doc->npages; p++)
        nmc += t->pages[p].count;
    tree tr = {
        .doc = doc,
        .id = nb_calloc(n, sizeof *tr.id),
        .pages = nb_calloc(doc->npages + 1, sizeof *tr.pages),
        .child = nb_calloc(n, sizeof *tr.child),
        .sibling = nb_calloc(n, sizeof *tr.sibling),
        .mc_head = nb_calloc(n, sizeof *tr.mc_head),
        .mc_next = nb_calloc(nmc + 1, sizeof *tr.mc_next),
        .mc_page = nb_calloc(nmc + 1, sizeof *tr.mc_page),
        .mc_id = nb_calloc(nmc + 1, sizeof *tr.mc_id),
    };
    nb_hg_obj *objs = nb_calloc(n, sizeof *objs);
    nb_buf b = {0};
    HPDF_STATUS st = objs && tr.id && tr.pages && tr.child && tr.sibling && tr.mc_head &&
                             tr.mc_next && tr.mc_page && tr.mc_id
                         ? write_tree(t, pdf, pages, &tr, objs, &b)
                         : HPDF_FAILD_TO_ALLOC_MEM;
    nb_buf_free(&b);
    nb_free(objs);
    nb_free(tr.id);
    nb_free(tr.pages);
    nb_free(tr.child);
    nb_free(tr.sibling);
    nb_free(tr.mc_head);
    nb_free(tr.mc_next);
    nb_free(tr.mc_page);
    nb_free(tr.mc_id);
    return st;
}
