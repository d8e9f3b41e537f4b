/* Every data cell of a layout's tables as a spreadsheet sees it: its key
 * and the chain of Chinese labels above and beside it, outermost first —
 * the table's name (表三, from the heading that introduces the table), the
 * group caption, the row labels, the column labels. The template writer
 * builds its merged header from these chains, the spreadsheet readers
 * accept a chain as a column header, the roll-up and status board use the
 * keys. Cells come in `nianbao keys` order. */
#ifndef NB_MODEL_CELL_PATHS_H
#define NB_MODEL_CELL_PATHS_H

#include "layout.h"

#define NB_CELL_PATH_MAX 12 /* labels in one chain; deeper trees are cut */

typedef struct nb_cell_path {
    const char *key;                      /* borrowed from the layout */
    size_t table;                         /* index into layout->tables */
    long cell;                            /* index into the table's cells */
    const char *labels[NB_CELL_PATH_MAX]; /* borrowed; labels[0] = the table name */
    int nlabels;
    char *table_name; /* owned: "表三" or the table id */
} nb_cell_path;

/* All data cells (*out, *n; free with nb_cell_paths_free). */
nb_status nb_layout_cell_paths(const nb_layout *l, nb_cell_path **out, size_t *n);
void nb_cell_paths_free(nb_cell_path *p, size_t n);

/* The index of the cell whose labels, joined with " › " (the table name
 * optional; spaces and the separators ›, >, / ignored), equal `text`, or -1. */
long nb_cell_paths_match(const nb_cell_path *p, size_t n, const char *text);

/* What a cell holds: the value type its layout declares (model/values.h),
 * NB_VT_UNSET where the layout declares none. */
int nb_cell_value_type(const nb_layout *l, const nb_cell_path *p);
/* Whether the county total of a cell of type `t` is the sum of the offices'
 * values: counts, changes and amounts add up (现行有效件数 too); text does
 * not. */
bool nb_value_type_additive(int t);

#endif
