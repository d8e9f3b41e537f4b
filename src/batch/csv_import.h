/* Spreadsheet import: a CSV exported from Excel or WPS, one row per office.
 *
 * The header row names the columns: office, year, date, layout, signature,
 * prose (a YAML file holding the office's `text:` sections, relative to the
 * CSV) and any number of figure keys (requests.new.natural …). Chinese
 * Excel writes GB18030/GBK by default and sometimes UTF-8 with a BOM: a BOM
 * means UTF-8, valid UTF-8 is taken as such, anything else is converted
 * from GB18030 with iconv; `encoding` forces a source encoding.
 *
 * Each row becomes the text of an ordinary office data file, one line per
 * cell, so the data loader checks it like any other and every message can
 * be mapped back to its CSV row and column (nb_csv_map_diags). */
#ifndef NB_BATCH_CSV_IMPORT_H
#define NB_BATCH_CSV_IMPORT_H

#include <stddef.h>

#include "../nianbao.h"

typedef struct nb_csv_office {
    char *name; /* "FILE.csv#rowN": the file name the YAML is loaded as */
    char *yaml; /* generated office data */
    size_t len;
    int row;       /* 1-based CSV row; the header is row 1 */
    int *line_col; /* generated line (1-based index) → CSV column, 0 = none */
    int nlines;
    char *prose;    /* prose file path or NULL */
    int prose_line; /* generated line where the prose file's lines begin */
} nb_csv_office;

typedef struct nb_csv_batch {
    char *path;
    nb_csv_office *offices;
    size_t count;
} nb_csv_batch;

nb_status nb_csv_import(const char *path, const char *encoding, nb_csv_batch *out, nb_diags *d);
void nb_csv_batch_free(nb_csv_batch *b);

/* Points the diagnostics d->items[from..] that refer to the office's
 * generated text at the CSV cell (file:row:column) or the prose file line. */
void nb_csv_map_diags(const nb_csv_batch *b, const nb_csv_office *o, nb_diags *d, size_t from);

#endif
