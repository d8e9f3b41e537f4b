/* Recording diagnostics. The library records; only the CLI prints. */
#ifndef NB_UTIL_DIAG_H
#define NB_UTIL_DIAG_H

#include "../nianbao.h"

/* A position in an input file; `file` is borrowed from whoever loaded it. */
typedef struct nb_pos {
    const char *file;
    int line, col; /* 1-based, 0 = unknown */
} nb_pos;

/* Appends a diagnostic. Returns `code` so that error paths can write
 *   return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, pos, "...");
 * If recording itself runs out of memory the diagnostic is dropped but the
 * counters still move, so an error is never lost silently. */
nb_status nb_diag_at(nb_diags *d, nb_severity sev, nb_status code, nb_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#define NB_NOPOS ((nb_pos){NULL, 0, 0})

/* Out of memory: one convention for the whole library.
 *   - Whoever sees an allocation fail and has an nb_diags at hand records
 *     it with nb_diag_nomem() and returns NB_ERR_NOMEM.
 *   - Code without an nb_diags (allocation helpers, the display list,
 *     layout and pagination builders, the font subsetter) only returns
 *     NB_ERR_NOMEM; its caller records it.
 *   - An entry point that returns NB_ERR_NOMEM (nb_render_mem, the loaders,
 *     a batch job) calls nb_diag_nomem() before returning, without having to
 *     know whether a callee already did: it records at most one "out of
 *     memory" per nb_diags, so the user reads it once.
 * Recording a NB_ERR_NOMEM message with nb_diag_at (say, naming what was
 * being written) counts as that one message. */
nb_status nb_diag_nomem(nb_diags *d);

#endif
