/* Which layout covers which report years. The 2019 试行 format
 * (国办公开办函〔2019〕60号) served the 2019 and 2020 reports; the 2021
 * format (国办公开办函〔2021〕30号) every report since. Kept in this one
 * function until layouts declare their years themselves. */
#include "nianbao.h"

const char *nb_init_layout_for_year(int year)
{
    if (year < 2019)
        return NULL;
    return year <= 2020 ? "annual-report-2019" : "annual-report-2021";
}
