/* Output file names from a pattern such as "{year}/{office}.pdf".
 *
 * An office name may contain anything (/, .., spaces, quotes); each
 * placeholder's value is made a safe single path component, and the
 * pattern itself may not be absolute or climb with "..", so nothing in the
 * data can write outside the output folder. */
#ifndef NB_BATCH_NAMES_H
#define NB_BATCH_NAMES_H

#include "../nianbao.h"

/* Checks the pattern once (placeholders known, relative, no ".."). */
nb_status nb_pattern_check(const char *pattern, nb_diags *d);

/* Expands the pattern; returns a heap string (nb_free) relative to the
 * output folder, or NULL when out of memory. */
char *nb_pattern_expand(const char *pattern, const char *office, int year, const char *layout,
                        const char *file);

/* The web edition beside a PDF: OUT.pdf → OUT.html (else OUT + ".html");
 * a heap string, or NULL when out of memory. */
char *nb_html_path_for(const char *pdf_path);

/* Makes `s` a safe file-name component (heap string). */
char *nb_safe_component(const char *s);

#endif
