/* Today's date, for the rules that compare a report's year and date with
 * the present (a report for a year still to come is a typo). The wall
 * clock, or NIANBAO_TODAY=YYYY-MM-DD so that tests and reruns of old
 * batches can pin it. SOURCE_DATE_EPOCH is not used: a reproducible build
 * pins it to an old commit time, which would make this year's reports look
 * like they come from the future. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../nianbao.h"

void nb_today(int *y, int *m, int *d)
{
    const char *pin = getenv("NIANBAO_TODAY");
    int py, pm, pd;
    char extra;
    if (pin && sscanf(pin, "%4d-%2d-%2d%c", &py, &pm, &pd, &extra) == 3 && pm >= 1 && pm <= 12 &&
        pd >= 1 && pd <= 31) {
        *y = py;
        *m = pm;
        *d = pd;
        return;
    }
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    *y = tm.tm_year + 1900;
    *m = tm.tm_mon + 1;
    *d = tm.tm_mday;
}
