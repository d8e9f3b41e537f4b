#include "grid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"

nb_status nb_grid_set(nb_grid *g, int row, int col, char *text, nb_gcell_kind kind, bool formula)
{
    if (row < 0 || col < 0 || row >= NB_GRID_MAX_ROWS || col >= NB_GRID_MAX_COLS) {
        nb_free(text);
        return NB_ERR_LIMIT;
    }
    if (row >= g->nrows || col >= g->ncols) {
        int nr = row >= g->nrows ? row + 1 : g->nrows, nc = col >= g->ncols ? col + 1 : g->ncols;
        /* Grow rows by doubling, columns exactly: a sheet is written row by
         * row and its width is known after the first. */
        int cap_r = nr;
        if (nr > g->nrows && g->nrows)
            cap_r = nr < g->nrows * 2 ? g->nrows * 2 : nr;
        if (cap_r > NB_GRID_MAX_ROWS)
            cap_r = NB_GRID_MAX_ROWS;
        nb_gcell *v = nb_calloc((size_t)cap_r * (size_t)nc, sizeof *v);
        if (!v) {
            nb_free(text);
            return NB_ERR_NOMEM;
        }
        for (int r = 0; r < g->nrows; r++)
            memcpy(&v[(size_t)r * nc], &g->cells[(size_t)r * g->ncols],
                   (size_t)g->ncols * sizeof *v);
        nb_free(g->cells);
        g->cells = v;
        g->ncols = nc;
        g->nrows = cap_r;
        (void)nr;
    }
    nb_gcell *c = nb_grid_at(g, row, col);
    nb_free(c->text);
    c->text = text;
    c->kind = text ? (unsigned char)kind : NB_GC_EMPTY;
    c->formula = formula;
    return NB_OK;
}

void nb_grid_free(nb_grid *g)
{
    for (size_t i = 0; g->cells && i < (size_t)g->nrows * (size_t)g->ncols; i++)
        nb_free(g->cells[i].text);
    nb_free(g->cells);
    nb_free(g->path);
    nb_free(g->sheet);
    memset(g, 0, sizeof *g);
}

void nb_col_name(int col, char out[8])
{
    char tmp[8];
    int n = 0;
    for (col++; col > 0 && n < 7; col = (col - 1) / 26)
        tmp[n++] = (char)('A' + (col - 1) % 26);
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

bool nb_cell_ref_parse(const char *ref, int *row, int *col)
{
    long c = 0, r = 0;
    const char *s = ref;
    for (; *s >= 'A' && *s <= 'Z'; s++)
        if ((c = c * 26 + (*s - 'A' + 1)) > 16384)
            return false;
    if (s == ref || !(*s >= '1' && *s <= '9'))
        return false;
    for (; *s >= '0' && *s <= '9'; s++)
        if ((r = r * 10 + (*s - '0')) > 1048576)
            return false;
    if (*s)
        return false;
    *row = (int)r - 1;
    *col = (int)c - 1;
    return true;
}

static bool real_day(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= mdays[m - 1] + (m == 2 && leap);
}

static void put_iso(char out[11], int y, int m, int d)
{
    char tmp[40];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
    memcpy(out, tmp, 10);
    out[10] = '\0';
}

/* Days since 1970-01-01 → civil date (Howard Hinnant's algorithm). */
static void civil(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

bool nb_date_normalize(const char *s, bool serial_1904, char out[11])
{
    while (*s == ' ')
        s++;
    int y, m, d, n = 0;
    /* Separated forms; %n makes sure nothing but spaces follows. */
    if ((sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 ||
         sscanf(s, "%4d/%2d/%2d%n", &y, &m, &d, &n) == 3 ||
         sscanf(s, "%4d.%2d.%2d%n", &y, &m, &d, &n) == 3 ||
         sscanf(s, "%4d年%2d月%2d日%n", &y, &m, &d, &n) == 3) &&
        n > 0) {
        const char *rest = s + n;
        while (*rest == ' ')
            rest++;
        /* A date-time Excel wrote (2022/1/20 0:00) keeps only its day. */
        int hh, mm;
        if (*rest && sscanf(rest, "%2d:%2d", &hh, &mm) != 2)
            return false;
        if (!real_day(y, m, d))
            return false;
        put_iso(out, y, m, d);
        return true;
    }
    /* An Excel serial: whole days (a time of day is dropped). */
    char *end;
    double v = strtod(s, &end);
    while (*end == ' ')
        end++;
    if (end == s || *end || !(v >= 1 && v < 2958466))
        return false;
    long days = (long)v;
    /* 1900 system: serial 1 is 1900-01-01 and 60 the fictitious 1900-02-29
     * (Lotus's leap-year bug Excel keeps); 1904 system: 0 is 1904-01-01. */
    long unix_days;
    if (serial_1904)
        unix_days = days - 24107; /* 1904-01-01 is 24107 days before 1970 */
    else if (days == 60)
        return false;
    else
        unix_days = days - (days > 60 ? 25569 : 25568);
    civil(unix_days, &y, &m, &d);
    if (!real_day(y, m, d) || y < 1949) /* a bare year is no 成文日期 */
        return false;
    put_iso(out, y, m, d);
    return true;
}
