/* The offices a roll-up sums: data files, folders of them, CSV exports and
 * .xlsx workbooks, loaded the way a batch loads them, each with its own
 * messages pointed at its file or spreadsheet cell. */
#ifndef NB_ROLLUP_INPUTS_H
#define NB_ROLLUP_INPUTS_H

#include "../model/data.h"

#include "../sheet/sheet.h"

typedef struct nb_office_in {
    nb_data *data; /* NULL when it did not load */
    char *source;  /* file, or the sheet row's name */
    nb_diags diags;
    long sheet; /* index into the sheets it came from, or -1 */
    size_t row; /* its office in that sheet */
} nb_office_in;

typedef struct nb_offices_in {
    nb_office_in *items;
    size_t count, cap;
    nb_sheet_batch *sheets; /* kept to place later messages at cells */
    size_t nsheets, capsheets;
} nb_offices_in;

/* Loads every office; problems with a whole input go to `d`. */
nb_status nb_offices_load(const char *const *inputs, size_t n, const char *encoding,
                          nb_offices_in *out, nb_diags *d);
void nb_offices_free(nb_offices_in *o);

/* Points x->diags.items[from..] about a sheet office's generated data at
 * its spreadsheet cell (nothing to do for a data file). */
void nb_office_in_map(const nb_offices_in *o, nb_office_in *x, size_t from);

#endif
