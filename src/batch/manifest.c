#include "manifest.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/hash.h"

#define NB_MANIFEST_MAGIC "nianbao-manifest 1"

void nb_mentry_free(nb_mentry *e)
{
    for (size_t i = 0; i < e->nfig; i++) {
        nb_free(e->fkeys[i]);
        nb_free(e->fvals[i]);
    }
    for (size_t i = 0; i < e->nsec; i++)
        nb_free(e->skeys[i]);
    nb_free(e->fkeys);
    nb_free(e->fvals);
    nb_free(e->skeys);
    nb_free(e->shash);
    nb_free(e->out);
    memset(e, 0, sizeof *e);
}

static void put_escaped(nb_buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '\t')
            nb_buf_puts(b, "\\t");
        else if (*s == '\n')
            nb_buf_puts(b, "\\n");
        else if (*s == '\\')
            nb_buf_puts(b, "\\\\");
        else
            nb_buf_putc(b, *s);
    }
}

static char *unescape(const char *s, size_t n)
{
    char *out = nb_malloc(n + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n) {
            char c = s[++i];
            *o++ = c == 't' ? '\t' : c == 'n' ? '\n' : c;
        } else {
            *o++ = s[i];
        }
    }
    *o = '\0';
    return out;
}

static uint64_t section_hash(const nb_section *s)
{
    uint64_t h = NB_HASH_INIT;
    for (size_t i = 0; i < s->count; i++) {
        const nb_para *p = &s->paras[i];
        h = nb_hash(h, &p->level, sizeof p->level);
        if (p->head)
            h = nb_hash(h, p->head, strlen(p->head) + 1);
        if (p->text)
            h = nb_hash(h, p->text, strlen(p->text) + 1);
    }
    return h;
}

nb_status nb_mentry_from_figures(const nb_figures *fig, const nb_data *data, const char *out,
                                 uint64_t hash, nb_mentry *e)
{
    memset(e, 0, sizeof *e);
    e->hash = hash;
    size_t ncells = 0;
    for (size_t t = 0; fig && t < fig->count; t++)
        ncells += fig->tables[t].table->ncells;
    e->out = nb_strdup(out);
    e->fkeys = nb_calloc(ncells ? ncells : 1, sizeof *e->fkeys);
    e->fvals = nb_calloc(ncells ? ncells : 1, sizeof *e->fvals);
    e->skeys = nb_calloc(data->nsections ? data->nsections : 1, sizeof *e->skeys);
    e->shash = nb_calloc(data->nsections ? data->nsections : 1, sizeof *e->shash);
    bool ok = e->out && e->fkeys && e->fvals && e->skeys && e->shash;
    for (size_t t = 0; ok && fig && t < fig->count; t++) {
        const nb_tvalues *tv = &fig->tables[t];
        for (size_t i = 0; ok && i < tv->table->ncells; i++) {
            if (!tv->values[i])
                continue;
            e->fkeys[e->nfig] = nb_strdup(tv->table->cells[i].key);
            e->fvals[e->nfig] = nb_strdup(tv->values[i]);
            ok = e->fkeys[e->nfig] && e->fvals[e->nfig];
            e->nfig++;
        }
    }
    for (size_t i = 0; ok && i < data->nsections; i++, e->nsec++) {
        e->shash[i] = section_hash(&data->sections[i]);
        ok = (e->skeys[i] = nb_strdup(data->sections[i].key)) != NULL;
    }
    if (ok)
        return NB_OK;
    nb_mentry_free(e);
    return NB_ERR_NOMEM;
}

/* ---- the manifest file -------------------------------------------------- */

static void put_body(nb_buf *b, const nb_mentry *e)
{
    for (size_t k = 0; k < e->nfig; k++) {
        nb_buf_puts(b, "F\t");
        put_escaped(b, e->fkeys[k]);
        nb_buf_putc(b, '\t');
        put_escaped(b, e->fvals[k]);
        nb_buf_putc(b, '\n');
    }
    for (size_t k = 0; k < e->nsec; k++) {
        nb_buf_puts(b, "S\t");
        put_escaped(b, e->skeys[k]);
        nb_buf_printf(b, "\t%016" PRIx64 "\n", e->shash[k]);
    }
}

/* Splits a line into at most 4 tab-separated fields (in place). */
static int split(char *line, char **f, size_t *n)
{
    int k = 0;
    char *p = line;
    while (k < 4) {
        f[k] = p;
        char *t = strchr(p, '\t');
        n[k] = t ? (size_t)(t - p) : strlen(p);
        k++;
        if (!t)
            break;
        p = t + 1;
    }
    return k;
}

static int cmp_ref(const void *a, const void *b)
{
    return strcmp(((const nb_mref *)a)->out, ((const nb_mref *)b)->out);
}

/* Indexes an open manifest file: one nb_mref per O line. */
static nb_status index_file(FILE *f, nb_mref **items, size_t *count, size_t *cap)
{
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    nb_mref *cur = NULL;
    bool ok = true;
    if ((len = getline(&line, &lcap, f)) < 0 ||
        strncmp(line, NB_MANIFEST_MAGIC, strlen(NB_MANIFEST_MAGIC))) {
        free(line); /* unknown format: start afresh, everything is rebuilt */
        return NB_OK;
    }
    long at = ftell(f);
    while (ok && (len = getline(&line, &lcap, f)) > 0) {
        long next = at + len;
        if (line[0] == 'O' && line[1] == '\t') {
            if (cur)
                cur->len = (size_t)(at - cur->off);
            if (line[len - 1] == '\n')
                line[--len] = '\0';
            char *fld[4];
            size_t n[4];
            if (split(line, fld, n) == 4 && nb_grow(items, *count, 1, cap, sizeof **items)) {
                cur = &(*items)[(*count)++];
                memset(cur, 0, sizeof *cur);
                cur->out = unescape(fld[1], n[1]);
                cur->hash = strtoull(fld[2], NULL, 16);
                cur->stale = !strncmp(fld[3], "stale", 5);
                cur->off = next;
                ok = cur->out != NULL;
            } else {
                ok = false;
            }
        }
        at = next;
    }
    if (cur)
        cur->len = (size_t)(at - cur->off);
    free(line);
    if (!ok)
        return NB_ERR_NOMEM;
    qsort(*items, *count, sizeof **items, cmp_ref);
    return NB_OK;
}

nb_status nb_manifest_open(const char *path, nb_manifest *m)
{
    memset(m, 0, sizeof *m);
    pthread_mutex_init(&m->lock, NULL);
    m->old = fopen(path, "rb");
    if (!m->old)
        return NB_OK;
    return index_file(m->old, &m->items, &m->count, &m->cap);
}

void nb_manifest_close(nb_manifest *m)
{
    for (size_t i = 0; i < m->count; i++)
        nb_free(m->items[i].out);
    nb_free(m->items);
    if (m->old)
        fclose(m->old);
    if (m->spool)
        fclose(m->spool);
    pthread_mutex_destroy(&m->lock);
    memset(m, 0, sizeof *m);
}

const nb_mref *nb_manifest_find(const nb_manifest *m, const char *out)
{
    nb_mref key = {.out = (char *)out};
    return m->count ? bsearch(&key, m->items, m->count, sizeof key, cmp_ref) : NULL;
}

/* Reads len bytes at off of f into b (under the caller's lock). */
static bool read_at(FILE *f, long off, size_t len, nb_buf *b)
{
    b->len = 0;
    if (!nb_buf_reserve(b, len + 1) || fseek(f, off, SEEK_SET) != 0 ||
        fread(b->data, 1, len, f) != len)
        return false;
    b->len = len;
    b->data[len] = '\0';
    return true;
}

static bool grow(void ***v, size_t n, size_t each)
{
    void *p = nb_realloc(*v, (n + 1) * each);
    if (!p)
        return false;
    *v = p;
    return true;
}

/* Parses F/S lines into e. */
static bool parse_body(char *text, nb_mentry *e)
{
    bool ok = true;
    for (char *line = text, *next; ok && line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char *fld[4];
        size_t n[4];
        int k = split(line, fld, n);
        if (line[0] == 'F' && k == 3) {
            ok = grow((void ***)&e->fkeys, e->nfig, sizeof(char *)) &&
                 grow((void ***)&e->fvals, e->nfig, sizeof(char *));
            if (ok) {
                e->fkeys[e->nfig] = unescape(fld[1], n[1]);
                e->fvals[e->nfig] = unescape(fld[2], n[2]);
                e->nfig++;
                ok = e->fkeys[e->nfig - 1] && e->fvals[e->nfig - 1];
            }
        } else if (line[0] == 'S' && k == 3) {
            ok = grow((void ***)&e->skeys, e->nsec, sizeof(char *)) &&
                 grow((void ***)&e->shash, e->nsec, sizeof(uint64_t));
            if (ok) {
                e->skeys[e->nsec] = unescape(fld[1], n[1]);
                e->shash[e->nsec] = strtoull(fld[2], NULL, 16);
                e->nsec++;
                ok = e->skeys[e->nsec - 1] != NULL;
            }
        }
    }
    return ok;
}

nb_status nb_manifest_read(nb_manifest *m, const nb_mref *r, nb_mentry *e)
{
    memset(e, 0, sizeof *e);
    nb_buf b = {0};
    pthread_mutex_lock(&m->lock);
    FILE *f = r->spooled ? m->spool : m->old;
    bool ok = f && read_at(f, r->off, r->len, &b);
    pthread_mutex_unlock(&m->lock);
    e->hash = r->hash;
    e->stale = r->stale;
    ok = ok && (e->out = nb_strdup(r->out)) && parse_body(b.data, e);
    nb_buf_free(&b);
    if (!ok)
        nb_mentry_free(e);
    return ok ? NB_OK : NB_ERR_NOMEM;
}

nb_status nb_manifest_spool(nb_manifest *m, const nb_mentry *e, nb_mref *ref)
{
    memset(ref, 0, sizeof *ref);
    nb_buf b = {0};
    put_body(&b, e);
    if (b.oom || !(ref->out = nb_strdup(e->out))) {
        nb_buf_free(&b);
        return NB_ERR_NOMEM;
    }
    ref->hash = e->hash;
    ref->spooled = true;
    ref->len = b.len;
    pthread_mutex_lock(&m->lock);
    if (!m->spool)
        m->spool = tmpfile();
    bool ok = m->spool && fseek(m->spool, 0, SEEK_END) == 0 && (ref->off = ftell(m->spool)) >= 0 &&
              fwrite(b.data, 1, b.len, m->spool) == b.len;
    pthread_mutex_unlock(&m->lock);
    nb_buf_free(&b);
    return ok ? NB_OK : NB_ERR_IO;
}

/* One entry of a manifest being written, and where its lines are. */
typedef struct wrec {
    const char *out;
    uint64_t hash;
    bool stale;
    FILE *src;
    long off;
    size_t len;
    int rank; /* equal outs: the lowest rank wins */
} wrec;

static int cmp_wrec(const void *a, const void *b)
{
    const wrec *x = a, *y = b;
    int c = strcmp(x->out, y->out);
    return c ? c : (x->rank > y->rank) - (x->rank < y->rank);
}

/* Writes the records, sorted by out, to path through a temporary file. */
static nb_status write_records(const char *path, wrec *r, size_t n, nb_diags *d)
{
    qsort(r, n, sizeof *r, cmp_wrec);
    nb_buf tmp = {0}, line = {0}, body = {0};
    nb_buf_printf(&tmp, "%s.tmp.XXXXXX", path);
    int fd = tmp.oom ? -1 : mkstemp(tmp.data);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!f) {
        if (fd >= 0) {
            close(fd);
            unlink(tmp.data);
        }
        nb_buf_free(&tmp);
        return nb_diag_at(d, NB_ERROR, NB_ERR_IO, (nb_pos){path, 0, 0}, "cannot write '%s'", path);
    }
    bool ok = fputs(NB_MANIFEST_MAGIC "\n", f) >= 0;
    for (size_t i = 0; ok && i < n; i++) {
        if (i && !strcmp(r[i].out, r[i - 1].out))
            continue; /* superseded */
        line.len = 0;
        nb_buf_puts(&line, "O\t");
        put_escaped(&line, r[i].out);
        nb_buf_printf(&line, "\t%016" PRIx64 "\t%s\n", r[i].hash, r[i].stale ? "stale" : "ok");
        ok = !line.oom && fwrite(line.data, 1, line.len, f) == line.len &&
             read_at(r[i].src, r[i].off, r[i].len, &body) &&
             fwrite(body.data, 1, body.len, f) == body.len;
    }
    ok = fclose(f) == 0 && ok;
    if (ok && rename(tmp.data, path) != 0)
        ok = false;
    if (!ok)
        unlink(tmp.data);
    nb_buf_free(&tmp);
    nb_buf_free(&line);
    nb_buf_free(&body);
    return ok ? NB_OK
              : nb_diag_at(d, NB_ERROR, NB_ERR_IO, (nb_pos){path, 0, 0}, "cannot write '%s'", path);
}

static int cmp_str_ptr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

nb_status nb_manifest_save(const char *path, nb_manifest *m, const nb_mfinal *finals, size_t n,
                           bool (*keep)(const char *out, void *ctx), void *ctx, nb_diags *d)
{
    wrec *r = nb_calloc(m->count + n + 1, sizeof *r);
    const char **failed = nb_calloc(n + 1, sizeof *failed);
    if (!r || !failed) {
        nb_free(r);
        nb_free(failed);
        return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory saving the manifest");
    }
    size_t k = 0, nfail = 0;
    for (size_t i = 0; i < n; i++) {
        const nb_mref *e = finals[i].fresh;
        if (e)
            r[k++] = (wrec){e->out, e->hash, false, m->spool, e->off, e->len, 0};
        else if (finals[i].failed)
            failed[nfail++] = finals[i].out;
    }
    qsort(failed, nfail, sizeof *failed, cmp_str_ptr);
    for (size_t i = 0; i < m->count; i++) {
        const nb_mref *e = &m->items[i];
        if (keep && !keep(e->out, ctx))
            continue;
        /* a failed rebuild: the PDF there is the last good one */
        bool stale = e->stale || (nfail && bsearch(&e->out, failed, nfail, sizeof *failed,
                                                   cmp_str_ptr) != NULL);
        r[k++] = (wrec){e->out, e->hash, stale, m->old, e->off, e->len, 1};
    }
    nb_status s = write_records(path, r, k, d);
    nb_free(r);
    nb_free(failed);
    return s;
}

nb_status nb_manifest_merge(const char *path, const char *const *parts, size_t n, nb_diags *d)
{
    nb_manifest *ms = nb_calloc(n ? n : 1, sizeof *ms);
    if (!ms)
        return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory merging manifests");
    size_t total = 0;
    nb_status s = NB_OK;
    for (size_t i = 0; i < n && !s; i++) {
        s = nb_manifest_open(parts[i], &ms[i]);
        if (!s && !ms[i].old)
            s = nb_diag_at(d, NB_ERROR, NB_ERR_IO, (nb_pos){parts[i], 0, 0}, "cannot read '%s'",
                           parts[i]);
        total += ms[i].count;
    }
    wrec *r = s ? NULL : nb_calloc(total + 1, sizeof *r);
    if (!s && !r)
        s = NB_ERR_NOMEM;
    size_t k = 0;
    for (size_t i = 0; !s && i < n; i++)
        for (size_t j = 0; j < ms[i].count; j++) {
            const nb_mref *e = &ms[i].items[j];
            r[k++] = (wrec){e->out, e->hash, e->stale, ms[i].old, e->off, e->len, (int)i};
        }
    if (!s)
        s = write_records(path, r, k, d);
    nb_free(r);
    for (size_t i = 0; i < n; i++)
        nb_manifest_close(&ms[i]);
    nb_free(ms);
    return s;
}

static const char *lookup(char **keys, char **vals, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(keys[i], key))
            return vals[i];
    return NULL;
}

char *nb_mentry_diff(const nb_mentry *old, const nb_mentry *cur)
{
    nb_buf b = {0};
    size_t nf = 0;
    for (size_t i = 0; i < cur->nfig; i++) {
        const char *was = lookup(old->fkeys, old->fvals, old->nfig, cur->fkeys[i]);
        if (was && !strcmp(was, cur->fvals[i]))
            continue;
        nb_buf_printf(&b, "%s%s %s → %s", nf++ ? ", " : "figures: ", cur->fkeys[i],
                      was ? was : "(none)", cur->fvals[i]);
    }
    for (size_t i = 0; i < old->nfig; i++)
        if (!lookup(cur->fkeys, cur->fvals, cur->nfig, old->fkeys[i]))
            nb_buf_printf(&b, "%s%s %s → (none)", nf++ ? ", " : "figures: ", old->fkeys[i],
                          old->fvals[i]);
    size_t ns = 0;
    for (size_t i = 0; i < cur->nsec; i++) {
        bool same = false;
        for (size_t k = 0; k < old->nsec; k++)
            same |= !strcmp(old->skeys[k], cur->skeys[i]) && old->shash[k] == cur->shash[i];
        if (!same)
            nb_buf_printf(&b, "%s%s", ns++ ? ", " : nf ? "; text: " : "text: ", cur->skeys[i]);
    }
    if (b.len == 0) {
        nb_buf_free(&b);
        return NULL;
    }
    return nb_buf_take(&b);
}
