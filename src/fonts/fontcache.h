/* The font resolution cache: what each role of a layout resolved to (the
 * faces' files, indexes and the metadata FreeType read from them), kept in
 * the persistent cache (util/diskcache) so that a run skips fontconfig's
 * start-up and FreeType's validation of every face.
 *
 * The key holds the roles' chains, the --font overrides and a stamp of
 * fontconfig's configuration (its config files and folders, its cache
 * folders, the usual font folders and the FONTCONFIG_* variables, by path,
 * size, mtime and inode; fc-cache, which Debian runs whenever a font package
 * comes or goes, updates the cache folders). An entry is used only when
 * every face file still has the size and mtime it had. */
#ifndef NB_FONTS_FONTCACHE_H
#define NB_FONTS_FONTCACHE_H

#include <stdbool.h>

#include "../model/layout.h"
#include "fontset.h"

/* A valid cached resolution as a ready font set; false on any miss. */
bool nb_fontcache_load(const nb_layout *layout, const char *const *overrides, nb_fontset **out);
/* Stores a successful resolution. */
void nb_fontcache_store(const nb_layout *layout, const char *const *overrides,
                        const nb_fontset *fs);

#endif
