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

/* Calls fn(ctx, "dir/NAME") for each NAME in folder `dir` (not recursive)
 * that ends with `suffix` (any case) and does not start with '.', in name
 * order, so a result never depends on the order the file system lists
 * them in. Stops at fn's first error and returns it; a folder it cannot
 * read is an error in `d`. */
nb_status nb_each_file_in(const char *dir, const char *suffix,
                          nb_status (*fn)(void *ctx, const char *path), void *ctx, nb_diags *d);

/* Removes below `dir` the temporary PDFs ("*.pdf.tmp.*") that
 * nb_write_file_atomic leaves when a run is killed: never a finished file. */
void nb_remove_stray_pdf_tmp(const char *dir);

/* mkdir -p of the first `len` bytes of `path` with `mode`: each folder on
 * the way is made if missing; failures show later, when a file is written
 * there. nb_make_dirs(p, strlen(p), m) makes p itself; the length of a
 * file's folder part makes the folders leading to the file. */
void nb_make_dirs(const char *path, size_t len, unsigned mode);

#endif
