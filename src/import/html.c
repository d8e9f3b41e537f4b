/* A report's web page → idoc. libxml2's HTML parser recovers the page as
 * a browser would; the report is then found inside the site's chrome: its
 * title is the element naming a 政府信息公开工作年度报告 (a heading or a
 * "title" element first), and its body the nearest enclosing element that
 * also holds the tables. Navigation, headers, footers, scripts, forms and
 * share/print widgets inside it are skipped by element and class. */
#define _GNU_SOURCE /* strcasestr */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>

#include "../ooxml/ooxml.h"
#include "../util/alloc.h"
#include "import_internal.h"

#define MAX_DEPTH 256 /* element nesting the walker follows */

static const char *name_of(const xmlNode *n) { return (const char *)n->name; }

static bool named(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !strcasecmp(name_of(n), name);
}

static bool one_of(const xmlNode *n, const char *const *names)
{
    for (; *names; names++)
        if (named(n, *names))
            return true;
    return false;
}

static const char *attr(const xmlNode *n, const char *name) { return nb_xml_attr(n, NULL, name); }

/* Elements that are never the report's text. */
static bool chrome(const xmlNode *n)
{
    static const char *const tags[] = {
        "script", "style",  "noscript", "nav", "header", "footer",   "aside", "form",     "button",
        "select", "iframe", "object",   "svg", "head",   "template", "input", "textarea", NULL};
    if (one_of(n, tags))
        return true;
    static const char *const words[] = {
        "nav",     "menu",  "footer", "header",           "share", "breadcrumb", "crumb", "sidebar",
        "toolbar", "print", "banner", "bdsharebuttonbox", NULL};
    const char *const which[] = {attr(n, "class"), attr(n, "id"), attr(n, "role")};
    for (size_t i = 0; i < 3; i++) {
        if (!which[i])
            continue;
        for (const char *const *w = words; *w; w++)
            if (strcasestr(which[i], *w))
                return true;
    }
    return false;
}

static bool block_level(const xmlNode *n)
{
    static const char *const tags[] = {
        "p",       "div",     "h1",      "h2",     "h3",         "h4",      "h5",
        "h6",      "li",      "ul",      "ol",     "dl",         "dt",      "dd",
        "section", "article", "main",    "center", "blockquote", "pre",     "hr",
        "body",    "html",    "address", "figure", "figcaption", "caption", NULL};
    return one_of(n, tags);
}

static bool has_style(const xmlNode *n, const char *what)
{
    const char *s = attr(n, "style");
    if (!s)
        return false;
    /* "font-weight: bold" / "text-align:center": compare without spaces. */
    char buf[256];
    size_t k = 0;
    for (; *s && k + 1 < sizeof buf; s++)
        if (*s != ' ')
            buf[k++] = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
    buf[k] = 0;
    return strstr(buf, what) != NULL;
}

static bool emphasis(const xmlNode *n)
{
    if (named(n, "b") || named(n, "strong"))
        return true;
    if (has_style(n, "font-weight:bold") || has_style(n, "font-weight:700") || has_style(n, "楷"))
        return true;
    const char *face = named(n, "font") ? attr(n, "face") : NULL;
    return face && (strstr(face, "楷") || strcasestr(face, "kai"));
}

static bool centred(const xmlNode *n)
{
    const char *a = attr(n, "align");
    return named(n, "center") || (a && !strcasecmp(a, "center")) ||
           has_style(n, "text-align:center");
}

static bool layout_table(const xmlNode *t);

typedef struct html {
    nb_idoc *doc;
    nb_diags *d;
    nb_ipara_builder pb;
    nb_status st;
} html;

static void flush(html *h)
{
    if (!h->st)
        h->st = nb_ipara_flush(h->doc, &h->pb, h->d);
    else
        nb_buf_free(&h->pb.text);
}

static void text_run(html *h, const xmlNode *t, bool emph)
{
    if (!t->content)
        return;
    if (!h->pb.text.len)
        h->pb.line = (int)xmlGetLineNo(t);
    nb_ipara_run(&h->pb, (const char *)t->content, strlen((const char *)t->content),
                 emph ? NB_RUN_EMPH : NB_RUN_PLAIN);
}

/* The text of a table cell, white space collapsed; line breaks and
 * paragraphs inside a cell join without a separator. */
static void cell_text(const xmlNode *n, nb_buf *out, int depth)
{
    if (depth > MAX_DEPTH)
        return;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE && c->content)
            nb_buf_puts(out, (const char *)c->content);
        else if (c->type == XML_ELEMENT_NODE && !chrome(c))
            cell_text(c, out, depth + 1);
    }
}

static int span_attr(const xmlNode *n, const char *name)
{
    const char *v = attr(n, name);
    int i = v ? atoi(v) : 1;
    return i < 1 ? 1 : i;
}

static void add_rows(html *h, nb_itable_builder *b, const xmlNode *n, int depth)
{
    for (const xmlNode *tr = n->children; tr && !h->st; tr = tr->next) {
        if (named(tr, "thead") || named(tr, "tbody") || named(tr, "tfoot")) {
            if (depth < 4)
                add_rows(h, b, tr, depth + 1);
            continue;
        }
        if (!named(tr, "tr"))
            continue;
        if ((h->st = nb_itable_row(b, h->d, h->doc->name)))
            return;
        for (const xmlNode *td = tr->children; td && !h->st; td = td->next) {
            if (!named(td, "td") && !named(td, "th"))
                continue;
            nb_buf raw = {0};
            cell_text(td, &raw, 0);
            char *text = nb_itext_trim(nb_buf_cstr(&raw), raw.len, true);
            if (raw.oom || !text)
                h->st = nb_diag_at(h->d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
            else
                h->st = nb_itable_cell(b, text, span_attr(td, "rowspan"), span_attr(td, "colspan"),
                                       (int)xmlGetLineNo(td), h->d, h->doc->name);
            nb_free(text);
            nb_buf_free(&raw);
        }
    }
}

static void add_table(html *h, const xmlNode *t)
{
    nb_itable_builder b;
    nb_itable_begin(&b, (int)xmlGetLineNo(t));
    add_rows(h, &b, t, 0);
    if (h->st)
        nb_itable_abandon(&b);
    else
        h->st = nb_itable_end(h->doc, &b, h->d);
}

static void walk(html *h, const xmlNode *n, bool emph, int depth)
{
    if (depth > MAX_DEPTH)
        return;
    for (const xmlNode *c = n->children; c && !h->st; c = c->next) {
        if (c->type == XML_TEXT_NODE) {
            text_run(h, c, emph);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE || chrome(c))
            continue;
        if (named(c, "table") && !layout_table(c)) {
            flush(h);
            add_table(h, c);
        } else if (named(c, "br")) {
            bool centered = h->pb.centered;
            flush(h);
            h->pb.centered = centered;
        } else if (block_level(c)) {
            flush(h);
            h->pb.centered = centred(c);
            walk(h, c, emph || emphasis(c) || named(c, "h1") || named(c, "h2"), depth + 1);
            flush(h);
        } else {
            if (centred(c))
                h->pb.centered = true;
            walk(h, c, emph || emphasis(c), depth + 1);
        }
    }
}

/* ---- finding the report -------------------------------------------------------- */

#define TITLE_MARK "政府信息公开工作年度报告"

typedef struct found {
    const xmlNode *title;
    int score;
} found;

static size_t visible_len(const xmlNode *n, int depth)
{
    size_t len = 0;
    for (const xmlNode *c = n->children; c && depth < MAX_DEPTH; c = c->next)
        if (c->type == XML_TEXT_NODE && c->content)
            len += strlen((const char *)c->content);
        else if (c->type == XML_ELEMENT_NODE)
            len += visible_len(c, depth + 1);
    return len;
}

static bool contains_mark(const xmlNode *n)
{
    xmlChar *text = xmlNodeGetContent(n);
    if (!text)
        return false;
    /* Spaces inside the title ("政府信息公开 工作年度报告") do not count. */
    char *p = (char *)text, *q = p;
    for (; *p; p++)
        if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t')
            *q++ = *p;
    *q = 0;
    bool has = strstr((char *)text, TITLE_MARK) != NULL;
    xmlFree(text);
    return has;
}

static int title_score(const xmlNode *c)
{
    int score = 1;
    if (named(c, "h1") || named(c, "h2") || named(c, "h3"))
        score += 2;
    const char *cls = attr(c, "class"), *id = attr(c, "id");
    if ((cls && strcasestr(cls, "title")) || (id && strcasestr(id, "title")))
        score += 1;
    if (centred(c))
        score += 1;
    return score;
}

/* The smallest elements naming the report, scored: headings and elements
 * whose class or id says title first; the first of equal scores wins.
 * Links (lists of other years' reports) and tables are not titles. */
static void find_title(const xmlNode *n, found *best, int depth)
{
    if (depth > MAX_DEPTH)
        return;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || chrome(c) || (named(c, "table") && !layout_table(c)) ||
            named(c, "a") || !contains_mark(c))
            continue;
        found inner = {0};
        find_title(c, &inner, depth + 1);
        if (!inner.title && visible_len(c, 0) <= 600)
            inner = (found){c, title_score(c)};
        if (inner.title && inner.score > best->score)
            *best = inner;
    }
}

static bool has_table(const xmlNode *n, int depth);

/* Old portals lay whole pages out with tables; a table holding another
 * table is such a frame, read as blocks, not as figures. */
static bool layout_table(const xmlNode *t) { return has_table(t, 0); }

static bool has_table(const xmlNode *n, int depth)
{
    for (const xmlNode *c = n->children; c && depth < MAX_DEPTH; c = c->next)
        if (named(c, "table") || (c->type == XML_ELEMENT_NODE && has_table(c, depth + 1)))
            return true;
    return false;
}

nb_status nb_import_html(const char *bytes, size_t len, nb_idoc *doc, nb_diags *d)
{
    xmlDocPtr x = nb_html_parse(bytes, len, doc->name, NULL, d);
    if (!x)
        return NB_ERR_SYNTAX;
    const xmlNode *root = xmlDocGetRootElement(x);
    found best = {0};
    find_title(root, &best, 0);
    /* The body: the nearest ancestor of the title that holds tables too. */
    const xmlNode *body = root;
    if (best.title) {
        for (const xmlNode *a = best.title->parent; a && a->type == XML_ELEMENT_NODE; a = a->parent)
            if (has_table(a, 0)) {
                body = a;
                break;
            }
    }
    html h = {.doc = doc, .d = d};
    if (best.title && body == root) {
        /* No tables: the title's parent and what follows it. */
        body = best.title->parent ? best.title->parent : root;
    }
    walk(&h, body, false, 0);
    flush(&h);
    xmlFreeDoc(x);
    return h.st;
}
