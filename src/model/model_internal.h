/* Private to src/model/: pieces shared by the layout loader files. */
#ifndef NB_MODEL_INTERNAL_H
#define NB_MODEL_INTERNAL_H

#include "../parse/yaml_tree.h"
#include "layout.h"

/* The folder part of `path` ("." when there is none); nb_free. */
char *nb_path_dir(const char *path);
/* `rel` resolved against `dir` (absolute `rel` is kept); nb_free. */
char *nb_path_join(const char *dir, const char *rel);

/* Loads the role map named by the layout's `fonts:` key into l->roles
 * (keeping the role-map document in l->fonts_ydoc), then applies the
 * layout's `font-roles:` overrides. `root` is the layout's top mapping. */
nb_status nb_layout_load_roles(nb_layout *l, const nb_ydoc *doc, const nb_ynode *root, nb_diags *d);
void nb_role_free(nb_role *r);

/* Reads the layout's `years:` (model/years.c). */
nb_status nb_layout_load_years(nb_layout *l, const nb_ydoc *doc, const nb_ynode *root, nb_diags *d);

#endif
