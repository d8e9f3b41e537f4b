/* The verdict of `check`: the rules' outcome counted, so that "consistent"
 * is said only when every rule instance was assessed — a blank or a
 * non-number cell leaves the rules through it unassessed, and that is not
 * the same as passing. */
#include <string.h>

#include "figures.h"

nb_status nb_check_verdict(const nb_layout *layout, const nb_data *data, const nb_data *previous,
                           nb_check_result *res, nb_diags *d)
{
    nb_figures f;
    nb_status s = nb_figures_bind(layout, data, previous, false, &f, d);
    if (res) {
        memset(res, 0, sizeof *res);
        res->violations = f.violations;
        res->unassessed = f.unassessed;
        res->invalid = f.invalid;
        res->blanks = f.blanks;
        res->cross_year_skipped = f.cross_year_skipped;
    }
    nb_figures_free(&f);
    return s;
}
