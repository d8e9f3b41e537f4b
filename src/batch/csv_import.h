/* Spreadsheet import: a CSV exported from Excel or WPS, one row per office.
 *
 * The header row names the columns: office, year, date, layout, signature,
 * prose (a YAML file holding the office's `text:` sections, relative to the
 * CSV) and any number of figure keys (requests.new.natural …). Chinese
 * Excel writes GB18030/GBK by default and sometimes UTF-8 with a BOM: a BOM
 * means UTF-8, valid UTF-8 is taken as such, anything else is converted
 * from GB18030 with iconv; `encoding` forces a source encoding.
 *
 * The rows then go to sheet/rows.c like a workbook's: headers may be keys
 * or the template's Chinese label paths, dates as Excel writes them, empty
 * rows and columns are skipped (sheet/sheet.h). */
#ifndef NB_BATCH_CSV_IMPORT_H
#define NB_BATCH_CSV_IMPORT_H

#include <stddef.h>

#include "../nianbao.h"
#include "../sheet/sheet.h"

/* The offices of a CSV are those of any spreadsheet (sheet/sheet.h). */
typedef nb_sheet_office nb_csv_office;
typedef nb_sheet_batch nb_csv_batch;

nb_status nb_csv_import(const char *path, const char *encoding, nb_csv_batch *out, nb_diags *d);
#define nb_csv_batch_free nb_sheet_batch_free
#define nb_csv_map_diags nb_sheet_map_diags

#endif
