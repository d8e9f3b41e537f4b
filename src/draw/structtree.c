#include "structtree.h"

#include <string.h>

#include "../util/alloc.h"
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
    nb_buf_printf(out, "/%s <</MCID %zu>> BDC\n", type_names[t->doc->elems[elem].kind], m->count);
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
#define NEED(p)                                                                                    \
    do {                                                                                           \
        if (!(p))                                                                                  \
            return HPDF_FAILD_TO_ALLOC_MEM;                                                        \
    } while (0)

typedef struct attr_cache {
    nb_elem_kind kind;
    int rowspan, colspan;
    nb_hg_obj dict;
} attr_cache;

typedef struct tree {
    nb_hg_obj *el;   /* per element: its dictionary */
    nb_hg_obj *kids; /* per element: its /K array */
    int *nkids;      /* per element: entries in /K */
    int *first_mcid; /* per element: its only MCID while nkids is 1 */
    size_t *pg;      /* per element: 1 + the page its /Pg names, 0 = none */
    attr_cache *attrs;
    size_t nattrs;
} tree;

/* Table attributes: spans, and a header cell's scope. Cells alike share
 * one attribute object: a report has hundreds of cells and a few kinds. */
static HPDF_STATUS cell_attrs(HPDF_Doc pdf, tree *tr, nb_hg_obj el, const nb_elem *e)
{
    bool th = e->kind == NB_EL_TH_COLUMN || e->kind == NB_EL_TH_ROW;
    if (!th && e->rowspan == 1 && e->colspan == 1)
        return HPDF_OK;
    for (size_t i = 0; i < tr->nattrs; i++) {
        const attr_cache *a = &tr->attrs[i];
        if (a->kind == e->kind && a->rowspan == e->rowspan && a->colspan == e->colspan)
            return nb_hg_dict_obj(el, "A", a->dict);
    }
    nb_hg_obj a = nb_hg_dict_new(pdf, true);
    NEED(a);
    tr->attrs[tr->nattrs++] = (attr_cache){e->kind, e->rowspan, e->colspan, a};
    TRY(nb_hg_dict_obj(el, "A", a));
    TRY(nb_hg_dict_name(a, "O", "Table"));
    if (e->rowspan > 1)
        TRY(nb_hg_dict_int(a, "RowSpan", e->rowspan));
    if (e->colspan > 1)
        TRY(nb_hg_dict_int(a, "ColSpan", e->colspan));
    if (th)
        TRY(nb_hg_dict_name(a, "Scope", e->kind == NB_EL_TH_ROW ? "Row" : "Column"));
    return HPDF_OK;
}

static HPDF_STATUS kids_of(HPDF_Doc pdf, tree *tr, uint32_t e, nb_hg_obj *out)
{
    if (!tr->kids[e]) {
        NEED(tr->kids[e] = nb_hg_array_new(pdf));
        TRY(nb_hg_dict_obj(tr->el[e], "K", tr->kids[e]));
    }
    *out = tr->kids[e];
    return HPDF_OK;
}

/* An MCID kid: a lone one is written as /K n (most cells and short
 * paragraphs), more become an array. */
static HPDF_STATUS add_mcid(HPDF_Doc pdf, tree *tr, uint32_t e, int mcid)
{
    if (tr->nkids[e]++ == 0) {
        tr->first_mcid[e] = mcid;
        return nb_hg_dict_int(tr->el[e], "K", mcid);
    }
    nb_hg_obj k;
    TRY(kids_of(pdf, tr, e, &k)); /* replaces the /K number */
    if (tr->nkids[e] == 2)
        TRY(nb_hg_array_int(k, tr->first_mcid[e]));
    return nb_hg_array_int(k, mcid);
}

/* The element whose /Pg page-content kids of `e` rely on: a table cell's
 * content is on its row's page, so the TR carries /Pg for all its cells. */
static uint32_t pg_holder(const nb_doc *doc, uint32_t e)
{
    uint32_t p = doc->elems[e].parent;
    return p && doc->elems[p].kind == NB_EL_TR ? p : e;
}

static HPDF_STATUS write_tree(const nb_tagger *t, HPDF_Doc pdf, const HPDF_Page *pages, tree *tr)
{
    const nb_doc *doc = t->doc;
    nb_hg_obj root = nb_hg_dict_new(pdf, true);
    NEED(root);
    TRY(nb_hg_dict_name(root, "Type", "StructTreeRoot"));
    for (uint32_t e = 1; e < doc->nelems; e++) {
        const nb_elem *x = &doc->elems[e];
        NEED(tr->el[e] = nb_hg_dict_new(pdf, true));
        TRY(nb_hg_dict_name(tr->el[e], "S", type_names[x->kind]));
        TRY(nb_hg_dict_obj(tr->el[e], "P", x->parent ? tr->el[x->parent] : root));
        TRY(cell_attrs(pdf, tr, tr->el[e], x));
        if (x->parent) {
            nb_hg_obj k;
            TRY(kids_of(pdf, tr, x->parent, &k));
            TRY(nb_hg_array_obj(k, tr->el[e]));
        } else {
            TRY(nb_hg_dict_obj(root, "K", tr->el[e]));
        }
    }
    /* Content, page by page in content order; the ParentTree maps each
     * page's MCIDs back to their elements. */
    nb_hg_obj ptree = nb_hg_dict_new(pdf, true), nums = nb_hg_array_new(pdf);
    NEED(ptree);
    TRY(nb_hg_dict_obj(ptree, "Nums", nums));
    for (size_t p = 0; p < doc->npages; p++) {
        const nb_mcids *m = &t->pages[p];
        nb_hg_obj page = nb_hg_page_obj(pages[p]), parents = nb_hg_array_new(pdf);
        NEED(page);
        TRY(nb_hg_dict_int(page, "StructParents", (int)p));
        TRY(nb_hg_array_int(nums, (int)p));
        TRY(nb_hg_array_obj(nums, parents));
        for (size_t mc = 0; mc < m->count; mc++) {
            uint32_t e = m->elem[mc];
            TRY(nb_hg_array_obj(parents, tr->el[e]));
            uint32_t h = pg_holder(doc, e);
            if (!tr->pg[h]) {
                tr->pg[h] = p + 1;
                TRY(nb_hg_dict_obj(tr->el[h], "Pg", page));
            }
            if (tr->pg[h] == p + 1) {
                TRY(add_mcid(pdf, tr, e, (int)mc));
                continue;
            }
            /* content on another page than the /Pg it would inherit */
            if (tr->nkids[e] == 1) { /* make the lone /K number an array */
                nb_hg_obj k0;
                TRY(kids_of(pdf, tr, e, &k0));
                TRY(nb_hg_array_int(k0, tr->first_mcid[e]));
            }
            tr->nkids[e] += 2; /* never a lone number again */
            nb_hg_obj k;
            TRY(kids_of(pdf, tr, e, &k));
            nb_hg_obj mcr = nb_hg_dict_new(pdf, false);
            NEED(mcr);
            TRY(nb_hg_array_obj(k, mcr));
            TRY(nb_hg_dict_name(mcr, "Type", "MCR"));
            TRY(nb_hg_dict_obj(mcr, "Pg", page));
            TRY(nb_hg_dict_int(mcr, "MCID", (int)mc));
        }
    }
    TRY(nb_hg_dict_obj(root, "ParentTree", ptree));
    TRY(nb_hg_dict_int(root, "ParentTreeNextKey", (int)doc->npages));

    nb_hg_obj cat = nb_hg_catalog(pdf), mark = nb_hg_dict_new(pdf, false);
    NEED(cat && mark);
    TRY(nb_hg_dict_obj(cat, "StructTreeRoot", root));
    TRY(nb_hg_dict_obj(cat, "MarkInfo", mark));
    TRY(nb_hg_dict_bool(mark, "Marked", true));
    return nb_hg_dict_string(cat, "Lang", "zh-CN");
}

HPDF_STATUS nb_tagger_write(const nb_tagger *t, HPDF_Doc pdf, const HPDF_Page *pages)
{
    if (!t->pages)
        return HPDF_OK;
    size_t n = t->doc->nelems;
    tree tr = {.el = nb_calloc(n, sizeof *tr.el),
               .kids = nb_calloc(n, sizeof *tr.kids),
               .nkids = nb_calloc(n, sizeof *tr.nkids),
               .first_mcid = nb_calloc(n, sizeof *tr.first_mcid),
               .pg = nb_calloc(n, sizeof *tr.pg),
               .attrs = nb_calloc(n, sizeof *tr.attrs)};
    HPDF_STATUS st = tr.el && tr.kids && tr.nkids && tr.first_mcid && tr.pg && tr.attrs
                         ? write_tree(t, pdf, pages, &tr)
                         : HPDF_FAILD_TO_ALLOC_MEM;
    nb_free(tr.el);
    nb_free(tr.kids);
    nb_free(tr.nkids);
    nb_free(tr.first_mcid);
    nb_free(tr.pg);
    nb_free(tr.attrs);
    return st;
}
