/* Binding an office's figures to the layout's tables and checking them
 * against the layout's rules (schema and rules: see model/table.h). */
#ifndef NB_BIND_FIGURES_H
#define NB_BIND_FIGURES_H

#include "../model/data.h"
#include "../model/table.h"

/* The figures of one office bound to the layout's tables: for every data
 * cell its value as printed (exactly as written in the data, or computed),
 * "" for an explicit blank. */
typedef struct nb_tvalues {
    const nb_table *table;
    char **values;  /* per cell (t->ncells); NULL for non-data cells */
    nb_pos *where;  /* per cell: the data line that gave the value */
    bool *computed; /* per cell: filled in by a compute rule */
} nb_tvalues;

typedef struct nb_figures {
    nb_tvalues *tables; /* parallel to layout->tables */
    size_t count;
    size_t violations;         /* rule violations found */
    size_t blanks;             /* blank cells found */
    size_t invalid;            /* figures that do not fit their value type */
    size_t unassessed;         /* rule instances that could not be assessed */
    size_t cross_year_skipped; /* cross-year rules not run (no previous) */
} nb_figures;

/* Binds data->figures and data->figrows (and, when `previous` is given,
 * runs the cross-year rules against it; without it they are skipped).
 * Unknown keys are errors; blank cells warnings; a rule violation an error
 * naming the rule, the cells, their values and the data line, or a warning
 * when `allow_inconsistent`. Returns the first error. Except after
 * NB_ERR_NOMEM, *out holds every value that could be bound (a missing one
 * is "") and the counts; free it with nb_figures_free in every case. */
nb_status nb_figures_bind(const nb_layout *l, const nb_data *data, const nb_data *previous,
                          bool allow_inconsistent, nb_figures *out, nb_diags *d);

/* The figures' own checks (values, computed cells, rules, last year's
 * pairing) without the date rules: for a drafted data file whose author
 * still has to date it, such as the county sum `nianbao rollup` writes. */
nb_status nb_figures_check_draft(const nb_layout *l, const nb_data *data, const nb_data *previous,
                                 nb_diags *d);
void nb_figures_free(nb_figures *f);
/* Value of a full key, or NULL; for prose placeholders. */
const char *nb_figures_value(const nb_layout *l, const nb_figures *f, const char *key);

#endif
