/* Date rules: the report's year and its 成文日期 against each other and
 * against today.
 *
 * A report on year Y is written after Y ends and is due by 31 January of
 * Y+1 (《政府信息公开条例》第五十条), so: a date within or before Y is an
 * error (the year or the date is mistyped); a date after 31 January Y+1 is
 * a warning (late, but it happens); a year still to come is an error. The
 * date itself is required — GB/T 9704 puts the 成文日期 under the 署名 —
 * unless the data says `signature: false`, the explicit way to print no
 * 署名 and date. */
#include "dates.h"

static long day_number(int y, int m, int d) { return (long)y * 10000 + m * 100 + d; }

nb_status nb_dates_check(const nb_data *data, nb_diags *d)
{
    nb_status st = NB_OK;
    int ty, tm, td;
    nb_today(&ty, &tm, &td);
    if (data->year > ty)
        nb_y_keep(&st, nb_diag_at(d, NB_ERROR, NB_ERR_VALUE, data->year_pos,
                                  "'year' %d is still to come (today is %04d-%02d-%02d); "
                                  "'year' is the year the report is about, e.g. %d",
                                  data->year, ty, tm, td, ty - 1));
    int y = 0, m = 0, dd = 0;
    nb_pos at;
    if (!nb_data_signed_date(data, &y, &m, &dd, &at)) {
        if (data->signature)
            nb_y_keep(&st, nb_diag_at(d, NB_ERROR, NB_ERR_VALUE, data->year_pos,
                                      "the report has no date (成文日期, which GB/T 9704 "
                                      "prints under the 署名); give one, e.g. %d-01-20 "
                                      "('date:' in a data file, the date column of a CSV), or "
                                      "'signature: false' to leave the 署名 and date out",
                                      data->year + 1));
        return st;
    }
    long date = day_number(y, m, dd);
    if (date <= day_number(data->year, 12, 31))
        nb_y_keep(&st, nb_diag_at(d, NB_ERROR, NB_ERR_VALUE, at,
                                  "the date %04d-%02d-%02d is not after the report year %d; a "
                                  "report on %d is dated after it ends, by 31 January %d — "
                                  "check 'date' and 'year'",
                                  y, m, dd, data->year, data->year, data->year + 1));
    else if (date > day_number(data->year + 1, 1, 31))
        nb_diag_at(d, NB_WARNING, NB_ERR_VALUE, at,
                   "the date %04d-%02d-%02d is after 31 January %d, when the %d report was due "
                   "(条例 第五十条); check 'date'",
                   y, m, dd, data->year + 1, data->year);
    return st;
}

bool nb_data_signed_date(const nb_data *data, int *y, int *m, int *dd, nb_pos *at)
{
    bool sig = data->sig_y != 0;
    if (!sig && !data->date_y)
        return false;
    *y = sig ? data->sig_y : data->date_y;
    *m = sig ? data->sig_m : data->date_m;
    *dd = sig ? data->sig_d : data->date_d;
    *at = sig ? data->sig_date_pos : data->date_pos;
    return true;
}
