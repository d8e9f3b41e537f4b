/* A spreadsheet as the readers hand it over: one sheet's cells as text,
 * row by row, with what each cell was (a number, a string, a formula's
 * cached value). The CSV and .xlsx readers produce one; sheet/rows.c turns
 * it into office data. Rows and columns are 0-based here and named as
 * Excel names them (F14) in every message. */
#ifndef NB_SHEET_GRID_H
#define NB_SHEET_GRID_H

#include <stdbool.h>
#include <stddef.h>

#include "../nianbao.h"

typedef enum nb_gcell_kind {
    NB_GC_EMPTY,
    NB_GC_TEXT,
    NB_GC_NUMBER, /* an .xlsx number: a date column reads it as a serial */
} nb_gcell_kind;

typedef struct nb_gcell {
    char *text; /* NULL when empty */
    unsigned char kind;
    bool formula; /* the value is a formula's cached result (or none) */
} nb_gcell;

typedef struct nb_grid {
    char *path;  /* the file, as given */
    char *sheet; /* the sheet's name for .xlsx; NULL for CSV */
    bool xlsx;
    bool date1904; /* the workbook counts dates from 1904 (old Mac Excel) */
    /* The 正文 files the rows name are not on this machine (an uploaded
     * workbook): each is a warning at its cell and none is read. */
    bool prose_elsewhere;
    nb_gcell *cells; /* nrows × ncols, row-major */
    int nrows, ncols;
} nb_grid;

/* Limits shared by the readers: a sheet of offices is small. */
#define NB_GRID_MAX_ROWS 100000
#define NB_GRID_MAX_COLS 4096

static inline nb_gcell *nb_grid_at(const nb_grid *g, int row, int col)
{
    return &g->cells[(size_t)row * (size_t)g->ncols + (size_t)col];
}

/* Sets cell (row, col), growing the grid; takes `text` (NULL = empty).
 * NB_ERR_LIMIT past the limits, NB_ERR_NOMEM. */
nb_status nb_grid_set(nb_grid *g, int row, int col, char *text, nb_gcell_kind kind, bool formula);
void nb_grid_free(nb_grid *g);

/* "A", "Z", "AA" … for a 0-based column; `out` holds 8 bytes. */
void nb_col_name(int col, char out[8]);
/* Parses "F14" into a 0-based row and column; false if malformed. */
bool nb_cell_ref_parse(const char *ref, int *row, int *col);

/* A date written as 2022-01-20, 2022/1/20, 2022.1.20, 2022年1月20日 or an
 * Excel serial number (1900 or 1904 system) as ISO 2022-01-20 in out[11];
 * false when it is none of these or not a real day. */
bool nb_date_normalize(const char *s, bool serial_1904, char out[11]);

#endif
