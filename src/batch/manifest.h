/* The manifest of an output folder: for each PDF, the hash of everything it
 * was made from (data, prose, layout, role map, fonts, engine version) and
 * a snapshot of its figures and prose sections, so a rerun rebuilds only
 * what changed and can say what did (figure old → new, which sections).
 *
 * Stored as OUTDIR/.nianbao-manifest, a line format:
 *   O <out> <hash> ok|stale      one per PDF, followed by its
 *   F <key> <value>              figures and
 *   S <section> <hash>           prose sections
 * fields separated by tabs, with \t \n \\ escaped. */
#ifndef NB_BATCH_MANIFEST_H
#define NB_BATCH_MANIFEST_H

#include <stdint.h>

#include "../model/data.h"
#include "../bind/figures.h"

typedef struct nb_mentry {
    char *out;
    uint64_t hash;
    bool stale; /* the last rebuild failed; the PDF is older than its data */
    char **fkeys, **fvals;
    size_t nfig;
    char **skeys;
    uint64_t *shash;
    size_t nsec;
} nb_mentry;

typedef struct nb_manifest {
    nb_mentry *items;
    size_t count, cap;
} nb_manifest;

/* A missing manifest is an empty one. */
nb_status nb_manifest_load(const char *path, nb_manifest *m);
nb_status nb_manifest_save(const char *path, const nb_manifest *m, nb_diags *d);
void nb_manifest_free(nb_manifest *m);
nb_mentry *nb_manifest_find(const nb_manifest *m, const char *out);
/* Adds (or replaces) the entry for `out`; takes ownership of *e. */
nb_status nb_manifest_put(nb_manifest *m, nb_mentry *e);
void nb_mentry_free(nb_mentry *e);

/* The snapshot of an office's data: every table cell's value as bound
 * (given or computed) and a hash of each prose section. */
nb_status nb_mentry_from_data(const nb_layout *l, const nb_data *data, const char *out,
                              uint64_t hash, nb_mentry *e);
/* What changed from `old` to `cur`, for people: "figures: k 3 → 4; text:
 * overview" (heap string), or NULL when nothing visible changed. */
char *nb_mentry_diff(const nb_mentry *old, const nb_mentry *cur);

#endif
