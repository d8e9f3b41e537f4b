/* Placeholders left in a template, and prose carried over unchanged from
 * last year (see filled.c). */
#ifndef NB_MODEL_FILLED_H
#define NB_MODEL_FILLED_H

#include "data.h"
#include "layout.h"

/* A single cell's placeholder in a template row whose other cells are
 * known ("to be filled in"). */
#define NB_UNFILLED "待填"

/* One error per placeholder still in `data` (date, empty section, empty
 * row list), naming it as the printed report does; the first error's code
 * or NB_OK. */
nb_status nb_data_check_filled(const nb_layout *l, const nb_data *data, nb_diags *d);

/* One warning per prose section identical to the same section of
 * `previous` (may be NULL); returns how many. */
size_t nb_data_check_unchanged(const nb_layout *l, const nb_data *data, const nb_data *previous,
                               nb_diags *d);

#endif
