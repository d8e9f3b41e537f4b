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

typedef struct nb_buf nb_buf;

/* Appends the whole file at `path` to `out`. Errors name the file at `at`
 * (or the file itself): NB_ERR_IO, NB_ERR_LIMIT past `max` bytes,
 * NB_ERR_NOMEM. `d` may be NULL. */
nb_status nb_read_file(const char *path, size_t max, nb_pos at, nb_buf *out, nb_diags *d);

#endif
