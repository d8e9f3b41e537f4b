/* Private to bind/: what the figure binder (figures.c) and the rule
 * checker (rule_check.c) share while binding one office's figures. */
#ifndef NB_BIND_FIGURES_INTERNAL_H
#define NB_BIND_FIGURES_INTERNAL_H

#include "../model/table_info.h"
#include "../parse/yaml_load.h"
#include "../util/buf.h"
#include "figures.h"

/* Where a cell's value came from. */
enum { NB_FIG_ABSENT, NB_FIG_SUPPLIED, NB_FIG_COMPUTED };

typedef struct nb_figctx {
    const nb_layout *l;
    const nb_data *data;
    nb_yload y; /* messages and the first error; no YAML document */
    nb_figures *f;
    unsigned char **state;  /* per table, per cell: NB_FIG_* */
    size_t *nsupplied;      /* per table */
    unsigned char **bad;    /* per table, per cell: fails its value type */
    const nb_figures *prev; /* last year's values, or NULL */
    bool allow;             /* violations are warnings */
    /* the current rule's instances left unassessed by missing figures,
     * said once per rule (the missing figures have their own warnings) */
    size_t missing_now, missing_prev;
    const char *first_missing;
} nb_figctx;

/* Appends the labels from the top of the tree down to `n`, joined by
 * " › "; *first: nothing written yet (no separator before the first). */
void nb_put_labels(nb_buf *b, const nb_tnode *n, bool *first);
/* Fills in the cells compute rules can derive, until nothing changes. */
void nb_figrules_compute(nb_figctx *c);
/* Checks every rule instance (an error, or a warning when c->allow). */
void nb_figrules_check(nb_figctx *c);
/* Warns about blank cells (N1) and a table left without figures. */
void nb_figrules_check_blanks(nb_figctx *c);

#endif
