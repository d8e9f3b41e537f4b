/* Atomic file replacement: write a temporary file beside the target, then
 * rename(2) it over the target. An error or a killed process at any point
 * leaves either the old file or the new one, never a truncated mix.
 *
 * No fsync: it cost 7 ms a file here, a third of a batch's time, and
 * rename-over-existing on ext4 (auto_da_alloc) already orders the data
 * before the rename. */
#define _GNU_SOURCE /* nftw */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "fileio.h"

nb_status nb_write_file_atomic(const char *path, const void *bytes, size_t len, nb_diags *d)
{
    nb_buf tmp = {0};
    nb_buf_printf(&tmp, "%s.tmp.XXXXXX", path);
    char *name = nb_buf_take(&tmp);
    if (!name)
        return NB_ERR_NOMEM;
    nb_pos pos = {path, 0, 0};
    int fd = mkstemp(name);
    if (fd < 0) {
        int e = errno;
        nb_free(name);
        return nb_diag_at(d, NB_ERROR, NB_ERR_IO, pos,
                          "cannot create a file in the folder of '%s': %s", path, strerror(e));
    }
    const char *p = bytes;
    size_t left = len;
    int err = 0;
    while (left > 0) {
        ssize_t n = write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            err = errno;
            break;
        }
        p += n;
        left -= (size_t)n;
    }
    /* Readable like any file the user creates (mkstemp makes it 0600). */
    mode_t mask = umask(0);
    umask(mask);
    if (!err && fchmod(fd, 0666 & ~mask) != 0)
        err = errno;
    if (close(fd) != 0 && !err)
        err = errno;
    if (!err && rename(name, path) != 0)
        err = errno;
    if (err) {
        unlink(name);
        nb_free(name);
        return nb_diag_at(d, NB_ERROR, NB_ERR_IO, pos, "cannot write '%s': %s", path,
                          strerror(err));
    }
    nb_free(name);
    return NB_OK;
}

nb_status nb_read_file(const char *path, size_t max, nb_pos at, nb_buf *out, nb_diags *d)
{
    const size_t chunk = 65536;
    if (!at.file)
        at = (nb_pos){path, 0, 0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return nb_diag_at(d, NB_ERROR, NB_ERR_IO, at, "cannot read '%s': %s", path,
                          strerror(errno));
    for (;;) {
        if (!nb_buf_reserve(out, chunk)) {
            fclose(f);
            return nb_diag_nomem(d);
        }
        size_t n = fread(out->data + out->len, 1, chunk, f);
        out->len += n;
        out->data[out->len] = '\0';
        if (out->len > max) {
            fclose(f);
            return nb_diag_at(d, NB_ERROR, NB_ERR_LIMIT, at,
                              "'%s' is larger than the %zu MiB limit", path, max >> 20);
        }
        if (n < chunk) {
            int err = ferror(f) ? (errno ? errno : EIO) : 0;
            fclose(f);
            if (err)
                return nb_diag_at(d, NB_ERROR, NB_ERR_IO, at, "cannot read '%s': %s", path,
                                  strerror(err));
            return NB_OK;
        }
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

nb_status nb_each_file_in(const char *dir, const char *suffix,
                          nb_status (*fn)(void *ctx, const char *path), void *ctx, nb_diags *d)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return nb_diag_at(d, NB_ERROR, NB_ERR_IO, (nb_pos){dir, 0, 0},
                          "cannot read folder '%s': %s", dir, strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    nb_status s = NB_OK;
    struct dirent *e;
    while ((e = readdir(dp)) && !s) {
        if (e->d_name[0] == '.' || !ends_with_ci(e->d_name, suffix))
            continue;
        nb_buf p = {0};
        nb_buf_printf(&p, "%s/%s", dir, e->d_name);
        char *full = nb_buf_take(&p);
        if (!full || !nb_grow(&names, n, 1, &cap, sizeof *names)) {
            nb_free(full);
            s = NB_ERR_NOMEM;
            break;
        }
        names[n++] = full;
    }
    closedir(dp);
    if (!s)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (!s)
            s = fn(ctx, names[i]);
        nb_free(names[i]);
    }
    nb_free(names);
    return s;
}

static int remove_stray(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    const char *base = strrchr(path, '/');
    if (flag == FTW_F && base && strstr(base, ".pdf.tmp."))
        unlink(path);
    return 0;
}

void nb_remove_stray_pdf_tmp(const char *dir) { nftw(dir, remove_stray, 16, FTW_PHYS); }

void nb_make_dirs(const char *path, size_t len, unsigned mode)
{
    char *p = len ? nb_strndup(path, len) : NULL;
    if (!p)
        return;
    for (char *s = p + 1; *s; s++)
        if (*s == '/') {
            *s = '\0';
            mkdir(p, (mode_t)mode);
            *s = '/';
        }
    mkdir(p, (mode_t)mode);
    nb_free(p);
}
