/* Helpers `nianbao init` and `nianbao import` share. */
#ifndef NB_INIT_INIT_H
#define NB_INIT_INIT_H

#include "nianbao.h"

/* Loads a layout given by name (layouts/NAME.yaml) or file. */
nb_status nb_init_load_layout(const char *name_or_file, nb_layout **out, nb_diags *d);

/* The layout `given` (a name or file; -l), else the installed layout
 * covering `year` (nb_layout_for_year). */
nb_status nb_init_layout_of_year(const char *given, int year, nb_layout **out, nb_diags *d);

/* `target` as a path relative to the folder `out_file` will be written in
 * (absolute when out_file is NULL or they share nothing); nb_free. */
char *nb_init_relpath(const char *target, const char *out_file);

#endif
