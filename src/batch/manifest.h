/* The manifest of an output folder: for each PDF, the hash of everything it
 * was made from (data, prose, layout, role map, fonts, engine version) and
 * a snapshot of its figures and prose sections, so a rerun rebuilds only
 * what changed and can say what did (figure old → new, which sections).
 *
 * Stored as OUTDIR/.nianbao-manifest, a line format:
 *   O <out> <hash> ok|stale      one per PDF, in byte order of <out>,
 *   F <key> <value>              followed by its figures and
 *   S <section> <hash>           prose sections
 * fields separated by tabs, with \t \n \\ escaped.
 *
 * Memory stays flat however many offices a batch has: the old manifest is
 * indexed (out, hash, where its lines are), never loaded; entries of
 * rebuilt offices are spooled to a temporary file as they come; saving
 * copies each entry's lines from one file or the other. */
#ifndef NB_BATCH_MANIFEST_H
#define NB_BATCH_MANIFEST_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "../model/data.h"
#include "../bind/figures.h"

/* One office's entry in full (for diffs). */
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

/* Where an entry's F/S lines are: in the old manifest or in the spool. */
typedef struct nb_mref {
    char *out;
    uint64_t hash;
    bool stale;
    bool spooled; /* lines in the spool (a new entry), else in the old file */
    long off;     /* of the first line after the O line */
    size_t len;   /* bytes of F/S lines */
} nb_mref;

typedef struct nb_manifest {
    FILE *old;      /* the manifest as found, or NULL */
    nb_mref *items; /* its entries, sorted by out */
    size_t count, cap;
    FILE *spool; /* new entries' F/S lines (an unlinked temporary file) */
    pthread_mutex_t lock;
} nb_manifest;

/* Indexes the manifest at `path`; a missing or unknown-format file is an
 * empty one. */
nb_status nb_manifest_open(const char *path, nb_manifest *m);
void nb_manifest_close(nb_manifest *m);
/* The old entry for `out`, or NULL. */
const nb_mref *nb_manifest_find(const nb_manifest *m, const char *out);
/* Reads an old entry in full. Thread-safe. */
nb_status nb_manifest_read(nb_manifest *m, const nb_mref *r, nb_mentry *e);
/* Spools a new entry; *ref (out and hash borrowed from e until saved, so
 * copied) says where its lines are. Thread-safe. */
nb_status nb_manifest_spool(nb_manifest *m, const nb_mentry *e, nb_mref *ref);

/* What a batch decided for one output, for nb_manifest_save. */
typedef struct nb_mfinal {
    const char *out;
    const nb_mref *fresh; /* spooled entry of a rebuilt office, or NULL */
    bool failed;          /* rebuild failed: the old entry turns stale */
} nb_mfinal;

/* Writes the manifest atomically: every old entry for which keep(out)
 * holds, replaced by its fresh entry or marked stale as `finals` say, plus
 * the fresh entries of new outputs; sorted by out. keep may be NULL (all). */
nb_status nb_manifest_save(const char *path, nb_manifest *m, const nb_mfinal *finals, size_t n,
                           bool (*keep)(const char *out, void *ctx), void *ctx, nb_diags *d);

/* Merges whole manifests (disjoint shard manifests) into one at `path`,
 * sorted by out. */
nb_status nb_manifest_merge(const char *path, const char *const *parts, size_t n, nb_diags *d);

void nb_mentry_free(nb_mentry *e);
/* The snapshot of an office: every table cell's value as bound (given or
 * computed; `figures` from the render, so nothing is bound twice) and a
 * hash of each prose section. */
nb_status nb_mentry_from_figures(const nb_figures *fig, const nb_data *data, const char *out,
                                 uint64_t hash, nb_mentry *e);
/* What changed from `old` to `cur`, for people: "figures: k 3 → 4; text:
 * overview" (heap string), or NULL when nothing visible changed. */
char *nb_mentry_diff(const nb_mentry *old, const nb_mentry *cur);

#endif
