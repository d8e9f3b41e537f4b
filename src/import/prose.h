/* Prose of an imported report (prose.c). */
#ifndef NB_IMPORT_PROSE_H
#define NB_IMPORT_PROSE_H

#include "import_internal.h"

/* Finds the title line: its block index, the office and the year. An error
 * naming what is missing when there is none. */
nb_status nb_import_title(const nb_idoc *doc, size_t *at, char **office, int *year, nb_diags *d);

/* The paragraphs after the title into dr's sections (and the date). */
nb_status nb_import_prose(const nb_idoc *doc, size_t title, nb_draft *dr, nb_diags *d);

#endif
