/* Pairing a report with last year's: the cross-year rules (X1: 上年结转 =
 * last year's 结转下年度继续办理) mean something only against the same
 * office's report for the year before. Another office's file, or the same
 * year's, would make them pass or fail on unrelated numbers. */
#include <string.h>

#include "previous.h"

nb_status nb_previous_check(const nb_layout *l, const nb_data *data, const nb_data *previous,
                            nb_diags *d)
{
    nb_status st = NB_OK;
    if (data->office && previous->office && strcmp(data->office, previous->office) != 0)
        nb_y_keep(&st, nb_diag_at(d, NB_ERROR, NB_ERR_VALUE, previous->office_pos,
                                  "last year's data is for '%s', but this report (%s) is for "
                                  "'%s'; give the same office's report for %d",
                                  previous->office, data->file, data->office, data->year - 1));
    if (previous->year != data->year - 1)
        nb_y_keep(&st, nb_diag_at(d, NB_ERROR, NB_ERR_VALUE, previous->year_pos,
                                  "last year's data is the %d report, but this report (%s) is "
                                  "for %d; give the %d report",
                                  previous->year, data->file, data->year, data->year - 1));
    else if (l->year_from && !nb_layout_covers(l, previous->year))
        nb_diag_at(d, NB_WARNING, NB_ERR_VALUE, previous->year_pos,
                   "last year's data (%d) is in another format than layout '%s'; the "
                   "cross-year rules compare only the cells both formats have",
                   previous->year, l->name);
    return st;
}
