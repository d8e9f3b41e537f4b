/* Date rules over one office's data (model/dates.c). */
#ifndef NB_MODEL_DATES_H
#define NB_MODEL_DATES_H

#include "../parse/yaml_tree.h"
#include "data.h"

/* The year against today, the 成文日期 against the year, a missing date
 * unless `signature: false`. Errors and warnings at the data's lines;
 * returns the first error's code. */
nb_status nb_dates_check(const nb_data *data, nb_diags *d);

/* The 成文日期 the report carries: signature.date, else `date`. The one
 * rule the date check, the printed signature and the PDF's Info date all
 * use. False (nothing set) when the data gives neither. */
bool nb_data_signed_date(const nb_data *data, int *y, int *m, int *dd, nb_pos *at);

#endif
