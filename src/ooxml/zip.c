/* Zip packages through libzip, with limits checked before and while
 * inflating (see ooxml.h). */
#include <string.h>
#include <zip.h>

#include "ooxml/ooxml.h"
#include "util/alloc.h"
#include "util/diag.h"

struct nb_zip {
    zip_t *za;
    char *name;
    nb_zip_limits lim;
    uint64_t read_total; /* bytes inflated so far, against lim.max_total */
    size_t count;
};

void nb_zip_limits_default(nb_zip_limits *lim)
{
    lim->max_entries = NB_ZIP_MAX_ENTRIES;
    lim->max_entry = NB_ZIP_MAX_ENTRY;
    lim->max_total = NB_ZIP_MAX_TOTAL;
}

static nb_pos at_file(const nb_zip *z) { return (nb_pos){z->name, 0, 0}; }

/* Checks the central directory against the limits before anything is
 * inflated; the sizes it declares are re-checked while reading. */
static nb_status check_directory(nb_zip *z, nb_diags *d)
{
    zip_int64_t n = zip_get_num_entries(z->za, 0);
    if (n < 0)
        return nb_diag_at(d, NB_ERROR, NB_ERR_SYNTAX, at_file(z), "not a readable zip archive");
    if ((uint64_t)n > z->lim.max_entries)
        return nb_diag_at(d, NB_ERROR, NB_ERR_LIMIT, at_file(z),
                          "the archive has %lld members, more than the limit of %zu", (long long)n,
                          z->lim.max_entries);
    z->count = (size_t)n;
    uint64_t total = 0;
    for (zip_uint64_t i = 0; i < (zip_uint64_t)n; i++) {
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(z->za, i, 0, &st) < 0 || !(st.valid & ZIP_STAT_SIZE))
            continue; /* reported if and when the member is read */
        if (st.size > z->lim.max_entry)
            continue; /* only an error if the member is needed */
        total += st.size;
        if (total > z->lim.max_total)
            return nb_diag_at(d, NB_ERROR, NB_ERR_LIMIT, at_file(z),
                              "the archive unpacks to more than %llu bytes",
                              (unsigned long long)z->lim.max_total);
    }
    return NB_OK;
}

static nb_status zip_error_status(int code, const char *name, nb_diags *d)
{
    zip_error_t err;
    zip_error_init_with_code(&err, code);
    nb_status s = (code == ZIP_ER_OPEN || code == ZIP_ER_READ || code == ZIP_ER_NOENT) ? NB_ERR_IO
                  : code == ZIP_ER_MEMORY ? NB_ERR_NOMEM
                                          : NB_ERR_SYNTAX;
    nb_diag_at(d, NB_ERROR, s, (nb_pos){name, 0, 0},
               s == NB_ERR_SYNTAX ? "not a zip package (%s): a .docx or .xlsx file is a zip "
                                    "archive; save it again from Word, WPS or Excel"
                                  : "cannot open: %s",
               zip_error_strerror(&err));
    zip_error_fini(&err);
    return s;
}

static nb_status finish_open(zip_t *za, const char *name, const nb_zip_limits *lim, nb_zip **out,
                             nb_diags *d)
{
    nb_zip *z = nb_calloc(1, sizeof *z);
    char *copy = nb_strdup(name ? name : "(memory)");
    if (!z || !copy) {
        nb_free(z);
        nb_free(copy);
        zip_discard(za);
        return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
    }
    z->za = za;
    z->name = copy;
    if (lim)
        z->lim = *lim;
    else
        nb_zip_limits_default(&z->lim);
    nb_status s = check_directory(z, d);
    if (s) {
        nb_zip_close(z);
        return s;
    }
    *out = z;
    return NB_OK;
}

nb_status nb_zip_open_file(const char *path, const nb_zip_limits *lim, nb_zip **out, nb_diags *d)
{
    *out = NULL;
    int code = 0;
    zip_t *za = zip_open(path, ZIP_RDONLY, &code);
    if (!za)
        return zip_error_status(code, path, d);
    return finish_open(za, path, lim, out, d);
}

nb_status nb_zip_open_mem(const void *bytes, size_t len, const char *name, const nb_zip_limits *lim,
                          nb_zip **out, nb_diags *d)
{
    *out = NULL;
    zip_error_t err;
    zip_error_init(&err);
    /* libzip refuses a NULL buffer even when empty. */
    static const char empty[1];
    zip_source_t *src = zip_source_buffer_create(len ? bytes : empty, len, 0, &err);
    if (!src) {
        zip_error_fini(&err);
        return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
    }
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &err);
    if (!za) {
        int code = zip_error_code_zip(&err);
        zip_source_free(src);
        zip_error_fini(&err);
        return zip_error_status(code, name ? name : "(memory)", d);
    }
    zip_error_fini(&err);
    return finish_open(za, name, lim, out, d);
}

void nb_zip_close(nb_zip *z)
{
    if (!z)
        return;
    if (z->za)
        zip_discard(z->za); /* read-only: nothing to write back */
    nb_free(z->name);
    nb_free(z);
}

const char *nb_zip_name(const nb_zip *z) { return z->name; }
size_t nb_zip_count(const nb_zip *z) { return z->count; }

const char *nb_zip_member(const nb_zip *z, size_t i)
{
    if (i >= z->count)
        return NULL;
    return zip_get_name(z->za, i, ZIP_FL_ENC_GUESS);
}

static const char *part_name(const char *member)
{
    while (*member == '/')
        member++;
    return member;
}

bool nb_zip_has(const nb_zip *z, const char *member)
{
    return zip_name_locate(z->za, part_name(member), ZIP_FL_ENC_GUESS) >= 0;
}

nb_status nb_zip_read(nb_zip *z, const char *member, bool required, char **bytes, size_t *len,
                      nb_diags *d)
{
    *bytes = NULL;
    *len = 0;
    const char *m = part_name(member);
    zip_int64_t idx = zip_name_locate(z->za, m, ZIP_FL_ENC_GUESS);
    if (idx < 0)
        return required ? nb_diag_at(d, NB_ERROR, NB_ERR_NOT_FOUND, at_file(z),
                                     "the package has no part %s: is it really this kind of "
                                     "file, saved completely?",
                                     m)
                        : NB_ERR_NOT_FOUND;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(z->za, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
        st.size > z->lim.max_entry)
        return nb_diag_at(d, NB_ERROR, NB_ERR_LIMIT, at_file(z),
                          "part %s unpacks to %llu bytes, more than the limit of %llu", m,
                          (unsigned long long)st.size, (unsigned long long)z->lim.max_entry);
    zip_file_t *f = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
    if (!f)
        return nb_diag_at(d, NB_ERROR, NB_ERR_SYNTAX, at_file(z),
                          "part %s cannot be read (%s): the file is damaged or encrypted", m,
                          zip_strerror(z->za));
    /* Inflate in chunks, counting what actually comes out: the sizes in
     * the directory may lie. */
    char *buf = NULL;
    size_t n = 0, cap = 0;
    nb_status s = NB_OK;
    for (;;) {
        if (!nb_grow(&buf, n, 65536 + 1, &cap, 1)) {
            s = nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, at_file(z), "out of memory reading %s", m);
            break;
        }
        zip_int64_t got = zip_fread(f, buf + n, 65536);
        if (got < 0) {
            s = nb_diag_at(d, NB_ERROR, NB_ERR_SYNTAX, at_file(z),
                           "part %s is damaged (%s): save the file again", m, zip_file_strerror(f));
            break;
        }
        if (got == 0)
            break;
        n += (size_t)got;
        z->read_total += (uint64_t)got;
        if (n > z->lim.max_entry) {
            s = nb_diag_at(d, NB_ERROR, NB_ERR_LIMIT, at_file(z),
                           "part %s unpacks to more than %llu bytes", m,
                           (unsigned long long)z->lim.max_entry);
            break;
        }
        if (z->read_total > z->lim.max_total) {
            s = nb_diag_at(d, NB_ERROR, NB_ERR_LIMIT, at_file(z),
                           "the archive unpacks to more than %llu bytes",
                           (unsigned long long)z->lim.max_total);
            break;
        }
    }
    zip_fclose(f);
    if (s) {
        nb_free(buf);
        return s;
    }
    buf[n] = 0;
    *bytes = buf;
    *len = n;
    return NB_OK;
}
