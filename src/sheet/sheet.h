/* Office data from a spreadsheet: a CSV export or an .xlsx workbook, one
 * row per office (the layout `nianbao template` writes, or any sheet whose
 * header names the columns).
 *
 * The header row is found among the first rows: the one naming most
 * columns. A column is named by a fixed name — 单位名称/office, 年度/year,
 * 成文日期/date, 版式/layout, 署名/signature, 正文/prose (a YAML file of the
 * office's `text:` sections, or a plain .txt read as the data's
 * `text-file:`, relative to the sheet) — by a figure key
 * (requests.new.natural) or by the cell's Chinese label path as the
 * template shows it (表三 › 一、本年新收政府信息公开申请数量 › 申请人情况 ›
 * 自然人; the table name may be left out). A column that is none of these is
 * reported once, at its header cell, and ignored; empty columns and rows
 * (also rows holding nothing but formulas) are skipped. Dates may be
 * 2022-01-20, 2022/1/20, 2022年1月20日 or an Excel serial.
 *
 * Each row becomes the text of an ordinary office data file, one line per
 * cell, so the data loader checks it like any other; nb_sheet_map_diags
 * points every message back at the office and its cell: `县教育局
 * (county.xlsx 表1!F14)` for a workbook, `county.csv:14:6` with `县教育局
 * (F14)` for a CSV. */
#ifndef NB_SHEET_SHEET_H
#define NB_SHEET_SHEET_H

#include <stddef.h>

#include "../nianbao.h"
#include "grid.h"

typedef struct nb_sheet_office {
    char *name; /* unique; the file name the generated YAML is loaded as */
    char *yaml; /* generated office data */
    size_t len;
    int row;       /* 1-based sheet row */
    int *line_col; /* generated line (1-based index) → 1-based column, 0 = none */
    int nlines;
    char *prose;    /* prose file path or NULL */
    int prose_line; /* generated line where the prose file's lines begin */
    char *office;   /* the office's name as written ("" when none) */
} nb_sheet_office;

typedef struct nb_sheet_batch {
    char *path;
    char *sheet;    /* .xlsx: the sheet read; NULL for CSV */
    char **colkeys; /* per column: its figure key or NULL (ncols) */
    int ncols;
    nb_sheet_office *offices;
    size_t count;
} nb_sheet_batch;

/* Turns a grid (taken: freed here) into offices. Problems with the sheet
 * as a whole (no header, a bad column) go to `d` with the sheet's
 * position; returns the first of them, and *out still holds every office
 * that could be read. */
nb_status nb_sheet_offices(nb_grid *g, nb_sheet_batch *out, nb_diags *d);

/* Reads an .xlsx workbook's first sheet into offices (sheet/xlsx_read.c). */
nb_status nb_xlsx_import(const char *path, nb_sheet_batch *out, nb_diags *d);

/* The same for a workbook uploaded alone: the 正文 files its rows name
 * are not read (each is a warning at its cell). */
nb_status nb_xlsx_import_upload(const char *path, nb_sheet_batch *out, nb_diags *d);

void nb_sheet_batch_free(nb_sheet_batch *b);

/* Points the diagnostics d->items[from..] that refer to the office's
 * generated text at its spreadsheet cell or at the prose file line. */
void nb_sheet_map_diags(const nb_sheet_batch *b, const nb_sheet_office *o, nb_diags *d,
                        size_t from);

/* "县教育局 (county.xlsx 表1!F14)" / "县教育局 (county.csv F14)" for 0-based
 * row and column (col < 0: the row only); heap string. */
char *nb_sheet_where(const nb_sheet_batch *b, const char *office, int row, int col);

#endif
