/* The page around the report and the report's paragraphs. Levels come from
 * the bound items (nb_level), not from styles, so a layout that restyles a
 * heading still gets a heading element. */
#include "html.h"

#include <string.h>

#include "../nianbao.h"

void nb_html_text(nb_buf *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            nb_buf_puts(out, "&amp;");
            break;
        case '<':
            nb_buf_puts(out, "&lt;");
            break;
        case '>':
            nb_buf_puts(out, "&gt;");
            break;
        case '"':
            nb_buf_puts(out, "&quot;");
            break;
        default:
            nb_buf_putc(out, *s);
        }
    }
}

/* h1 the title, h2 the layout's headings (一、), h3 the prose h2 (（一）),
 * h4 the prose h3 (1.): the outline a reader of the printed page sees. */
static const char *heading_tag(nb_level lv)
{
    switch (lv) {
    case NB_LV_TITLE:
        return "h1";
    case NB_LV_HEADING:
        return "h2";
    case NB_LV_H2:
        return "h3";
    case NB_LV_H3:
        return "h4";
    case NB_LV_BODY:
        break;
    }
    return NULL;
}

static const char *align_class(const nb_style *st)
{
    if (!st)
        return "";
    switch (st->align) {
    case NB_ALIGN_CENTER:
        return " nb-center";
    case NB_ALIGN_RIGHT:
        return " nb-right";
    case NB_ALIGN_LEFT:
    case NB_ALIGN_JUSTIFY:
        break;
    }
    return "";
}

/* A paragraph; a run-in heading (（一）主动公开方面。正文…) stays inside it
 * as a <strong> of its heading's level, as the printed page shows it. */
static void para(nb_buf *o, const nb_item *it)
{
    const char *tag = heading_tag(it->level);
    bool run_in = it->nspans == 2;
    if (tag && !run_in) {
        nb_buf_printf(o, "<%s class=\"nb-%s\">", tag, tag);
        nb_html_text(o, it->spans[0].text);
        nb_buf_printf(o, "</%s>\n", tag);
        return;
    }
    nb_buf_printf(o, "<p class=\"nb-p%s\">", align_class(it->style));
    if (run_in) {
        nb_buf_printf(o, "<strong class=\"nb-run-in nb-%s\">", tag ? tag : "h3");
        nb_html_text(o, it->spans[0].text);
        nb_buf_puts(o, "</strong>");
        nb_html_text(o, it->spans[1].text);
    } else {
        nb_html_text(o, it->spans[0].text);
    }
    nb_buf_puts(o, "</p>\n");
}

/* The title's lines are one <h1>, a line break between them. */
static size_t title(nb_buf *o, const nb_bound *b, size_t i)
{
    nb_buf_puts(o, "<h1 class=\"nb-h1\">");
    size_t k = i;
    for (; k < b->count && b->items[k].kind == NB_IT_PARA && b->items[k].level == NB_LV_TITLE;
         k++) {
        if (k > i)
            nb_buf_puts(o, "<br>");
        nb_html_text(o, b->items[k].spans[0].text);
    }
    nb_buf_puts(o, "</h1>\n");
    return k;
}

static void body(nb_buf *o, const nb_bound *b)
{
    nb_buf_puts(o, "<article class=\"nb-report\" lang=\"zh-CN\">\n");
    const char *last_heading = NULL;
    int tables = 0;
    for (size_t i = 0; i < b->count;) {
        const nb_item *it = &b->items[i];
        switch (it->kind) {
        case NB_IT_PARA:
            if (it->level == NB_LV_TITLE) {
                i = title(o, b, i);
                continue;
            }
            if (it->level == NB_LV_HEADING)
                last_heading = it->spans[0].text;
            para(o, it);
            break;
        case NB_IT_SIGNATURE:
            nb_buf_puts(o, "<p class=\"nb-signature\">");
            nb_html_text(o, it->spans[0].text);
            nb_buf_puts(o, "</p>\n<p class=\"nb-date\">");
            nb_html_text(o, it->spans[1].text);
            nb_buf_puts(o, "</p>\n");
            break;
        case NB_IT_TABLE:
            /* A table has no title of its own in the layout: the heading
             * of its section (二、主动公开政府信息情况) names it. */
            nb_html_table(o, it, last_heading, ++tables);
            break;
        case NB_IT_SPACE:
            break; /* spacing is the stylesheet's */
        }
        i++;
    }
    nb_buf_puts(o, "</article>\n");
}

nb_status nb_html_write(const nb_bound *b, const nb_html_opts *opts, nb_buf *o)
{
    nb_html_opts dflt = {0};
    if (!opts)
        opts = &dflt;
    if (!opts->fragment) {
        nb_buf_puts(o, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<title>");
        nb_html_text(o, b->title ? b->title : "");
        nb_buf_puts(o, "</title>\n");
        if (b->author) {
            nb_buf_puts(o, "<meta name=\"author\" content=\"");
            nb_html_text(o, b->author);
            nb_buf_puts(o, "\">\n");
        }
        nb_buf_puts(o, "<meta name=\"generator\" content=\"nianbao " NB_VERSION "\">\n<style>\n");
        nb_html_style(o);
        nb_buf_puts(o, "</style>\n</head>\n<body>\n");
    }
    body(o, b);
    if (!opts->fragment)
        nb_buf_puts(o, "</body>\n</html>\n");
    return o->oom ? NB_ERR_NOMEM : NB_OK;
}
