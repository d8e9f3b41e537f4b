/* Binding: the layout's document structure + one office's data → a flat
 * list of items to typeset, with every placeholder ({office}, {year},
 * {date}, later figure keys) replaced and every style resolved. */
#ifndef NB_BIND_BIND_H
#define NB_BIND_BIND_H

#include "../model/data.h"
#include "../model/layout.h"
#include "../model/table.h"
#include "figures.h"

typedef enum nb_item_kind {
    NB_IT_PARA,      /* one paragraph: 1 span, or 2 for a run-in heading */
    NB_IT_SPACE,     /* blank lines */
    NB_IT_SIGNATURE, /* spans[0] = 署名, spans[1] = 成文日期 */
    NB_IT_TABLE,     /* a statistics table with the office's figures */
} nb_item_kind;

/* The structural level of a paragraph, whatever its style: the report's
 * title, a layout heading (一、), a prose h2 (（一）) or h3 (1.), or body
 * text. A run-in heading's paragraph has its heading's level. */
typedef enum nb_level { NB_LV_BODY, NB_LV_TITLE, NB_LV_HEADING, NB_LV_H2, NB_LV_H3 } nb_level;

typedef struct nb_bound_span {
    char *text; /* owned */
    const nb_style *style;
    nb_pos pos;
} nb_bound_span;

typedef struct nb_item {
    nb_item_kind kind;
    const nb_style *style; /* paragraph style: indent, align, keep-with-next */
    nb_bound_span spans[2];
    size_t nspans;
    int lines;                     /* NB_IT_SPACE */
    int space_before, space_after; /* blank lines around it (from the style) */
    int outline;                   /* bookmark level, 0 = none; the title is spans[0] */
    nb_level level;                /* what the paragraph is, for the web edition
                                      and the PDF structure tree */
    const nb_table *table;         /* NB_IT_TABLE */
    const nb_tvalues *values;      /* its figures */
    nb_pos pos;
} nb_item;

typedef struct nb_bound {
    nb_item *items;
    size_t count, cap;
    char *title;  /* the title lines joined, for the PDF Info */
    char *author; /* the office */
    char *subject;
} nb_bound;

/* `figures` are the office's bound figures (nb_figures_bind); prose
 * placeholders and tables read them. */
nb_status nb_bind(const nb_layout *l, const nb_data *data, const nb_figures *figures, nb_bound *out,
                  nb_diags *d);
void nb_bound_free(nb_bound *b);

#endif
