/* Prose of an imported report (prose.c). */
#ifndef NB_IMPORT_PROSE_H
#define NB_IMPORT_PROSE_H

#include "import_internal.h"

/* Finds the title line: its block index, the office and the year. An error
 * naming what is missing when there is none. */
nb_status nb_import_title(const nb_idoc *doc, size_t *at, char **office, int *year, nb_diags *d);

/* The paragraphs after the title into dr's sections (and the date). */
nb_status nb_import_prose(const nb_idoc *doc, size_t title, nb_draft *dr, nb_diags *d);

/* How a paragraph reads: *level 0 (body), 2 or 3 (a heading), and
 * *head_len bytes of heading (the whole text for a stand-alone heading,
 * the lead sentence for a run-in one). `lead`: emphasised bytes at the
 * start. */
void nb_import_classify(const char *text, size_t lead, int *level, size_t *head_len);

#endif
