/* The data folder: which offices it holds, reading an office's file with
 * its ETag. Every request reads the folder and the file again (a stat and
 * a small read), so a file edited by hand or by `nianbao build` shows up
 * without a restart. */
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../util/alloc.h"
#include "../util/fileio.h"
#include "../util/hash.h"
#include "serve.h"

static int by_id(const void *a, const void *b)
{
    return strcmp(((const nb_office *)a)->id, ((const nb_office *)b)->id);
}

static char *join(const char *dir, const char *id)
{
    nb_buf b = {0};
    nb_buf_printf(&b, "%s/%s.yaml", dir, id);
    return nb_buf_take(&b);
}

nb_status nb_serve_offices_list(const char *dir, nb_office **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    DIR *dp = opendir(dir);
    if (!dp)
        return NB_ERR_IO;
    size_t cap = 0;
    nb_status s = NB_OK;
    struct dirent *e;
    while ((e = readdir(dp))) {
        size_t len = strlen(e->d_name);
        if (len <= 5 || strcmp(e->d_name + len - 5, ".yaml"))
            continue;
        char *id = nb_strndup(e->d_name, len - 5);
        if (!id) {
            s = NB_ERR_NOMEM;
            break;
        }
        char *path = nb_office_id_ok(id) ? join(dir, id) : NULL;
        struct stat st;
        if (!path || stat(path, &st) || !S_ISREG(st.st_mode) ||
            !nb_grow(out, *n, 1, &cap, sizeof **out)) {
            nb_free(id);
            nb_free(path);
            continue;
        }
        (*out)[(*n)++] = (nb_office){id, path, st.st_mtime};
    }
    closedir(dp);
    if (*n)
        qsort(*out, *n, sizeof **out, by_id);
    return s;
}

void nb_serve_offices_free(nb_office *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        nb_free(v[i].id);
        nb_free(v[i].path);
    }
    nb_free(v);
}

char *nb_office_path(const char *dir, const char *id)
{
    if (!nb_office_id_ok(id))
        return NULL;
    char *path = join(dir, id);
    struct stat st;
    if (path && (stat(path, &st) || !S_ISREG(st.st_mode))) {
        nb_free(path);
        return NULL;
    }
    return path;
}

void nb_etag_of(const void *bytes, size_t len, char out[48])
{
    snprintf(out, 48, "\"%zx-%016" PRIx64 "\"", len, nb_hash(NB_HASH_INIT, bytes, len));
}

nb_status nb_office_read(const char *path, nb_buf *out, char etag[48])
{
    nb_status s = nb_read_file(path, NB_SERVE_MAX_BODY, NB_NOPOS, out, NULL);
    if (!s)
        nb_etag_of(out->data ? out->data : "", out->len, etag);
    return s;
}
