/* Private to src/import/: the readers, label matching and the analysis
 * that turns a format-free document (idoc.h) into a data file. */
#ifndef NB_IMPORT_INTERNAL_H
#define NB_IMPORT_INTERNAL_H

#include "../init/draft.h"
#include "../ooxml/ooxml.h"
#include "idoc.h"
#include "nianbao.h"

/* Largest report file import reads (a .docx or a web page). */
#define NB_IMPORT_MAX_FILE (64u << 20)

nb_status nb_import_docx(nb_zip *zip, nb_idoc *doc, nb_diags *d);
nb_status nb_import_html(const char *bytes, size_t len, nb_idoc *doc, nb_diags *d);

typedef enum nb_import_kind { NB_IMPORT_DOCX, NB_IMPORT_HTML } nb_import_kind;

/* The whole import from bytes in memory (`name` for messages). `layout`
 * may be given already loaded (fuzzers, tests); else o->layout or the
 * layout of the report's year is loaded. */
nb_status nb_import_mem(const char *bytes, size_t len, const char *name, nb_import_kind kind,
                        const nb_import_opts *o, const nb_layout *layout, char **yaml, nb_diags *d);

/* Labels compared as reports print them differently: without white space,
 * full-width ASCII as half-width, without quotes, 年度 as 年, "1、" as
 * "1.". nb_free. */
char *nb_label_norm(const char *s);
/* Two normalised labels name the same thing: equal, or one typo apart
 * (an extra, missing or wrong character) when both are at least 4
 * characters long, two apart from 12. */
bool nb_label_same(const char *a, const char *b);

/* Tables → figures of `dr`; every source cell that matches no layout cell,
 * or matches one ambiguously, or one another cell already gave, is a
 * warning with its row and column labels (and a comment line appended to
 * `notes`). Returns NB_OK or NB_ERR_NOMEM. */
nb_status nb_import_tables(const nb_idoc *doc, nb_draft *dr, nb_buf *notes, nb_diags *d);

#endif
