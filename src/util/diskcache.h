/* A persistent cache of derived bytes (font subsets, font resolutions) in
 * $XDG_CACHE_HOME/nianbao/NS/ (else ~/.cache/nianbao/NS/).
 *
 * An entry is a file named by a hash of its key. It holds the full key and a
 * checksum of key and value, so a hash collision, a truncated file or any
 * corruption reads as a miss, never as wrong data. Writers write a private
 * temporary file and rename(2) it into place: concurrent processes and
 * threads never see a half-written entry, and the last writer wins (both
 * wrote the same bytes). Each namespace is bounded: when it grows beyond
 * its budget the least recently used entries (by mtime, which a hit
 * refreshes) are deleted.
 *
 * NIANBAO_CACHE=off disables the cache; NIANBAO_CACHE_MB sets the budget
 * per namespace (default 256). Every failure is silent: the cache only ever
 * saves work. */
#ifndef NB_UTIL_DISKCACHE_H
#define NB_UTIL_DISKCACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* The value stored under key, into out (replacing its contents). */
bool nb_dcache_get(const char *ns, const void *key, size_t klen, nb_buf *out);
void nb_dcache_put(const char *ns, const void *key, size_t klen, const void *val, size_t vlen);

#endif
