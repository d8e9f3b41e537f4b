/* What a published report is made of once its file format is gone: the
 * paragraphs in reading order, each with the length of its emphasised lead
 * (bold or 楷体: a run-in heading), and the tables as grids with merged
 * cells. The .docx reader (docx.c) and the web page reader (html.c) both
 * produce one; report.c turns it into a data file. */
#ifndef NB_IMPORT_IDOC_H
#define NB_IMPORT_IDOC_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/buf.h"
#include "../util/diag.h"

/* Limits of what one report may hold; more is NB_ERR_LIMIT. */
#define NB_IMPORT_MAX_BLOCKS 100000
#define NB_IMPORT_MAX_TABLE_SLOTS 20000 /* rows × columns of one table */
#define NB_IMPORT_MAX_TEXT (8u << 20)   /* bytes of text in all */

typedef struct nb_icell {
    char *text; /* whitespace-trimmed; "" for an empty cell */
    int row, col, rowspan, colspan;
    int line; /* source line (web pages), else 0 */
} nb_icell;

typedef struct nb_itable {
    nb_icell *cells; /* top-left slots, in row order */
    size_t count, cap;
    int nrows, ncols;
    int *slot; /* nrows × ncols: index of the cell covering each slot, -1 */
    int line;
} nb_itable;

typedef struct nb_iblock {
    bool is_table;
    char *text;      /* paragraph text (trimmed) */
    size_t lead;     /* bytes of `text` in bold or 楷体 from its start */
    bool centered;   /* centred paragraph (a title line) */
    nb_itable table; /* is_table */
    int line;
} nb_iblock;

typedef struct nb_idoc {
    const char *name; /* the file, for messages (borrowed) */
    nb_iblock *blocks;
    size_t count, cap;
    size_t text_bytes;
} nb_idoc;

void nb_idoc_free(nb_idoc *doc);

/* Building a document: paragraphs are assembled run by run. */
typedef struct nb_ipara_builder {
    nb_buf text;
    size_t lead;    /* emphasised bytes at the start */
    bool lead_open; /* every run so far was emphasised */
    bool centered;
    int line;
} nb_ipara_builder;

/* How a run counts for the emphasised lead: plain text ends it; emphasised
 * text extends it; neutral text (an automatic number, white space) extends
 * it only if emphasised text follows. */
typedef enum nb_irun { NB_RUN_PLAIN, NB_RUN_EMPH, NB_RUN_NEUTRAL } nb_irun;

/* Appends a run of text to the paragraph being built. */
void nb_ipara_run(nb_ipara_builder *p, const char *text, size_t len, nb_irun kind);
/* Ends the paragraph: appended to doc when it has visible text. NB_OK,
 * NB_ERR_NOMEM or NB_ERR_LIMIT (a diagnostic recorded). */
nb_status nb_ipara_flush(nb_idoc *doc, nb_ipara_builder *p, nb_diags *d);

/* Tables: rows of cells placed left to right, skipping slots covered by
 * row spans from above (HTML rowspan) or extending the cell above (Word
 * vMerge continuation). */
typedef struct nb_itable_builder {
    nb_itable t;
    struct nb_colstate *cs; /* per column: the covering cell, rows still covered */
    int row;                /* the row being filled, -1 before the first */
    int col;                /* next free column in it */
    int line;
} nb_itable_builder;

void nb_itable_begin(nb_itable_builder *b, int line);
nb_status nb_itable_row(nb_itable_builder *b, nb_diags *d, const char *name);
/* Adds a cell of `colspan` columns and `rowspan` rows at the next free slot. */
nb_status nb_itable_cell(nb_itable_builder *b, const char *text, int rowspan, int colspan, int line,
                         nb_diags *d, const char *name);
/* Word's vMerge continuation: the cell above at the next free column grows
 * one row down (and the column moves past it); an orphan becomes an empty
 * cell. */
nb_status nb_itable_merge_down(nb_itable_builder *b, int colspan, nb_diags *d, const char *name);
/* Skips `n` columns (w:gridBefore). */
void nb_itable_skip(nb_itable_builder *b, int n);
/* Ends the table: the slot map is built and the table appended (a table
 * without cells is dropped). */
nb_status nb_itable_end(nb_idoc *doc, nb_itable_builder *b, nb_diags *d);
void nb_itable_free(nb_itable *t);
/* Drops a table being built (on an error path). */
void nb_itable_abandon(nb_itable_builder *b);

/* Whitespace-trimmed copy of a text: ASCII white space, U+3000 and U+00A0
 * at both ends; runs of white space inside collapsed to one space when
 * `collapse` (HTML), kept otherwise; control characters and non-characters
 * dropped (no data file may hold them). nb_free. */
char *nb_itext_trim(const char *s, size_t len, bool collapse);

#endif
