/* The offices a roll-up sums: data files, folders of them, CSV exports and
 * .xlsx workbooks, loaded the way a batch loads them, each with its own
 * messages pointed at its file or spreadsheet cell. */
#ifndef NB_ROLLUP_INPUTS_H
#define NB_ROLLUP_INPUTS_H

#include "../model/data.h"

typedef struct nb_office_in {
    nb_data *data; /* NULL when it did not load */
    char *source;  /* file, or the sheet row's name */
    nb_diags diags;
} nb_office_in;

typedef struct nb_offices_in {
    nb_office_in *items;
    size_t count, cap;
} nb_offices_in;

/* Loads every office; problems with a whole input go to `d`. */
nb_status nb_offices_load(const char *const *inputs, size_t n, const char *encoding,
                          nb_offices_in *out, nb_diags *d);
void nb_offices_free(nb_offices_in *o);

#endif
