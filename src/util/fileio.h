/* Whole files in and out: reading one into a buffer with a size limit, and
 * writing one atomically (nb_write_file_atomic, declared in nianbao.h: a
 * temporary file renamed over the target). */
#ifndef NB_UTIL_FILEIO_H
#define NB_UTIL_FILEIO_H

#include "buf.h"
#include "diag.h"

/* Appends the whole file at `path` to `out`. Errors name the file at `at`
 * (or the file itself): NB_ERR_IO, NB_ERR_LIMIT past `max` bytes,
 * NB_ERR_NOMEM. `d` may be NULL. */
nb_status nb_read_file(const char *path, size_t max, nb_pos at, nb_buf *out, nb_diags *d);

#endif
