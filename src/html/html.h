/* The web edition: the bound document (after the figures are checked) as
 * semantic HTML5 — the same title, headings, paragraphs and tables as the
 * PDF, from the same nb_bound, so the two cannot drift apart.
 *
 * This module sits beside draw/ at the end of the pipeline: it reads the
 * bound document and the layout's tables, and knows nothing of fonts,
 * lines or pages. No scripts and no external resources are written. */
#ifndef NB_HTML_HTML_H
#define NB_HTML_HTML_H

#include <stdbool.h>

#include "../bind/bind.h"
#include "../util/buf.h"

typedef struct nb_html_opts {
    /* Only the report's body (an <article>), to paste into a portal's CMS;
     * else a whole page with its inline stylesheet. */
    bool fragment;
} nb_html_opts;

/* Appends the page (or fragment) to `out`; NB_ERR_NOMEM when it cannot. */
nb_status nb_html_write(const nb_bound *b, const nb_html_opts *o, nb_buf *out);

/* Internal to src/html: escaped text, the stylesheet, one table. */
void nb_html_text(nb_buf *out, const char *s);
void nb_html_style(nb_buf *out);
void nb_html_table(nb_buf *out, const nb_item *it, const char *caption, int number);

#endif
