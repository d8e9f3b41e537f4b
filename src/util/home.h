/* Where nianbao finds its data: the shipped layouts/ and fonts/ (its
 * "home") and the folders a layout name is looked up in.
 *
 * The home is, in this order:
 *   1. $NIANBAO_HOME, when set and not empty;
 *   2. PREFIX/share/nianbao when the running program is PREFIX/bin/nianbao
 *      (the path between them comes from GNUInstallDirs at configure time),
 *      so an installed tree still works after being moved elsewhere;
 *   3. the source tree, but only for a program that runs from the build
 *      tree it was built in: an installed copy never depends on the
 *      machine it was built on.
 * Layout names are looked up in the user's folder
 * ($XDG_DATA_HOME/nianbao/layouts, default ~/.local/share/nianbao/layouts)
 * before the home's layouts/, so an office can add or replace a layout
 * without touching the installation. */
#ifndef NB_UTIL_HOME_H
#define NB_UTIL_HOME_H

#include "../nianbao.h"

/* The home: borrowed, valid until NIANBAO_HOME changes. Never NULL: when
 * nothing is found it is where the installed data should be, so that
 * messages name the folder that is missing. */
const char *nb_home(void);

/* How nb_home() was found (NB_HOME_ENV, …; see nianbao.h). */
nb_home_origin nb_home_found(void);

/* "NIANBAO_HOME", "installed", "source tree" or "missing". */
const char *nb_home_origin_name(nb_home_origin o);

/* The folders a layout name is looked up in, in order, NULL-terminated:
 * the user's folder (when $XDG_DATA_HOME or $HOME is set) and, always
 * last, nb_home()/layouts. Folders need not exist. One block: a single
 * nb_free() releases it. NULL only when memory runs out. */
char **nb_layout_dirs(void);

/* Resolves a layout name such as "annual-report-2021" to the first
 * DIR/NAME.yaml of nb_layout_dirs() that is a regular file. A name is not a
 * path: one that is empty, starts with '.' or holds a '/' is never found.
 * Returns NB_OK (*path on the heap, nb_free), NB_ERR_NOT_FOUND or
 * NB_ERR_NOMEM (*path NULL). Records nothing: the caller knows whose
 * name it was. */
nb_status nb_layout_path(const char *name, char **path);

#endif
