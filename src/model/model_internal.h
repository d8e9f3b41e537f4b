/* Private to src/model/: what its loader files share (the layout, role,
 * table and rule loaders and the grid construction). */
#ifndef NB_MODEL_INTERNAL_H
#define NB_MODEL_INTERNAL_H

#include "../parse/yaml_load.h"
#include "layout.h"
#include "table_info.h"

/* The folder part of `path` ("." when there is none); nb_free. */
char *nb_path_dir(const char *path);
/* `rel` resolved against `dir` (absolute `rel` is kept); nb_free. */
char *nb_path_join(const char *dir, const char *rel);

/* Loads the role map named by the layout's `fonts:` key into l->roles
 * (keeping the role-map document in l->fonts_ydoc), then applies the
 * layout's `font-roles:` overrides. `root` is the layout's top mapping. */
nb_status nb_layout_load_roles(nb_layout *l, const nb_ydoc *doc, const nb_ynode *root, nb_diags *d);
void nb_role_free(nb_role *r);
/* Loads `tables:` (may be absent) into l->tables. `styles_ok`: the styles
 * loaded, so an unknown style is the table's fault. */
nb_status nb_layout_load_tables(nb_layout *l, const nb_ydoc *doc, const nb_ynode *root,
                                bool styles_ok, nb_diags *d);
/* Loads `rules:` (may be absent) into l->rules; after the tables. */
nb_status nb_layout_load_rules(nb_layout *l, const nb_ydoc *doc, const nb_ynode *root, nb_diags *d);
/* Frees the tables and the rules. */
void nb_layout_free_tables(nb_layout *l);
void nb_rule_free(nb_rule *r);

/* Grid construction (table_grid.c), once a table's groups are loaded
 * without errors: sizes the grid (checking the groups against each other)
 * and allocates its widths and rows; then, after the widths are read,
 * places the groups, builds and checks the cells and indexes the keys. */
bool nb_table_size_grid(nb_yload *ld, nb_table *t);
void nb_table_build_cells(nb_yload *ld, nb_table *t);

/* Reads the layout's `years:` (model/years.c). */
nb_status nb_layout_load_years(nb_layout *l, const nb_ydoc *doc, const nb_ynode *root, nb_diags *d);

#endif
