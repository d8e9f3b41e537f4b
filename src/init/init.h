/* Helpers `nianbao init` and `nianbao import` share. */
#ifndef NB_INIT_INIT_H
#define NB_INIT_INIT_H

#include "nianbao.h"

/* Loads a layout given by name (layouts/NAME.yaml) or file. */
nb_status nb_init_load_layout(const char *name_or_file, nb_layout **out, nb_diags *d);

/* `target` as a path relative to the folder `out_file` will be written in
 * (absolute when out_file is NULL or they share nothing); nb_free. */
char *nb_init_relpath(const char *target, const char *out_file);

#endif
