/* A data file being made rather than read: what `nianbao init` (a
 * template, or last year's report rolled forward) and `nianbao import`
 * (a published .docx or web page) know about an office's report, written
 * out as an ordinary data file (model/data.h) by nb_draft_write.
 *
 * Whatever the draft does not know is written as a placeholder the
 * renderer refuses until it is filled in (model/filled.c): `date: ~`, a
 * section `[]`, a row `[]`, or a single cell `待填` in a row whose other
 * cells are known. */
#ifndef NB_INIT_DRAFT_H
#define NB_INIT_DRAFT_H

#include <stdbool.h>
#include <stddef.h>

#include "../model/cellmap.h"
#include "../model/data.h"
#include "../model/layout.h"
#include "../util/buf.h"

#include "../model/filled.h"

/* The placeholder for one unknown cell of a row whose other cells are known. */
#define NB_DRAFT_UNFILLED NB_UNFILLED

typedef struct nb_draft_para {
    int level;  /* 0 paragraph, 2 （一） heading, 3 1. heading */
    char *head; /* headings: the heading text */
    char *text; /* paragraph text, or a run-in heading's body; may be NULL */
} nb_draft_para;

typedef struct nb_draft_section {
    char *key;
    nb_draft_para *paras;
    size_t count, cap;
    bool carried; /* copied from last year: a comment says check warns */
} nb_draft_section;

typedef struct nb_draft {
    const nb_layout *layout; /* borrowed */
    nb_cellmap map;          /* the layout's rows */
    char *office;            /* NULL: a placeholder */
    int year;
    int date_y, date_m, date_d; /* 0: `date: ~` */
    char *previous;             /* `previous:` as written, or NULL */
    char *origin;               /* the first comment line: what made the file */
    nb_draft_section *sections;
    size_t nsections, cap;
    /* Per map row, per column: the value (NULL = unknown) and a comment
     * for the row (NULL = none). */
    char ***values;
    char **row_notes;
    int from_year; /* rolled forward from this year's report, or 0 */
    /* An optional section without text is left out (as a comment) rather
     * than asked for: the source had none (import, roll-forward). */
    bool omit_empty_optional;
} nb_draft;

/* Prepares an empty draft for `layout` (NB_OK or NB_ERR_NOMEM). */
nb_status nb_draft_init(nb_draft *dr, const nb_layout *layout);
void nb_draft_free(nb_draft *dr);

/* The section `key`, added (empty) when absent; NULL when memory runs out. */
nb_draft_section *nb_draft_section_get(nb_draft *dr, const char *key);
/* Appends a paragraph (text) or heading (level 2/3, head, optional text);
 * the strings are copied. false when memory runs out. */
bool nb_draft_add(nb_draft_section *s, int level, const char *head, const char *text);

/* Sets the value of cell `key` (copied); false when the layout has no such
 * cell or memory runs out. */
bool nb_draft_set(nb_draft *dr, const char *key, const char *value);
/* The value set for `key`, or NULL. */
const char *nb_draft_get(const nb_draft *dr, const char *key);

/* Writes the whole data file: header comments, layout, office, year,
 * date, previous, every prose section the layout prints (each with a
 * one-line comment of what belongs there) and every table row as a list
 * with its column labels in a comment and its row label beside it. */
void nb_draft_write(const nb_draft *dr, nb_buf *out);

/* Appends s as a double-quoted YAML scalar. */
void nb_yaml_quote(nb_buf *out, const char *s);

#endif
