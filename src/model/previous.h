/* Last year's data given for the cross-year rules (model/previous.c). */
#ifndef NB_MODEL_PREVIOUS_H
#define NB_MODEL_PREVIOUS_H

#include "../parse/yaml_tree.h"
#include "data.h"
#include "layout.h"

/* `previous` must be the same office's report for the year before `data`'s;
 * otherwise an error at the previous file's office: or year: line naming
 * both. Last year in another format than `l` is a warning: only the cells
 * both formats share can be compared. */
nb_status nb_previous_check(const nb_layout *l, const nb_data *data, const nb_data *previous,
                            nb_diags *d);

#endif
