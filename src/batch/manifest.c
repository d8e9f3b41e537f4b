#include "manifest.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void nb_manifest_free(nb_manifest *m)
{
    for (size_t i = 0; i < m->count; i++)
        nb_mentry_free(&m->items[i]);
    nb_free(m->items);
    memset(m, 0, sizeof *m);
}

nb_mentry *nb_manifest_find(const nb_manifest *m, const char *out)
{
    for (size_t i = 0; i < m->count; i++)
        if (!strcmp(m->items[i].out, out))
            return &m->items[i];
    return NULL;
}

nb_status nb_manifest_put(nb_manifest *m, nb_mentry *e)
{
    nb_mentry *old = nb_manifest_find(m, e->out);
    if (old) {
        nb_mentry_free(old);
        *old = *e;
        memset(e, 0, sizeof *e);
        return NB_OK;
    }
    if (!nb_grow(&m->items, m->count, 1, &m->cap, sizeof *m->items))
        return NB_ERR_NOMEM;
    m->items[m->count++] = *e;
    memset(e, 0, sizeof *e);
    return NB_OK;
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

nb_status nb_mentry_from_data(const nb_layout *l, const nb_data *data, const char *out,
                              uint64_t hash, nb_mentry *e)
{
    memset(e, 0, sizeof *e);
    e->hash = hash;
    /* The figures as the tables will print them; problems with them are
     * the render's to report, so they go to a scratch list. */
    nb_figures fig;
    nb_diags scratch;
    nb_diags_init(&scratch);
    nb_status bs = nb_figures_bind(l, data, NULL, true, &fig, &scratch);
    nb_diags_free(&scratch);
    if (bs == NB_ERR_NOMEM)
        return bs;
    bool ok = true;
    size_t ncells = 0;
    for (size_t t = 0; bs == NB_OK && t < fig.count; t++)
        ncells += fig.tables[t].table->ncells;
    e->out = nb_strdup(out);
    e->fkeys = nb_calloc(ncells, sizeof *e->fkeys);
    e->fvals = nb_calloc(ncells, sizeof *e->fvals);
    e->skeys = nb_calloc(data->nsections, sizeof *e->skeys);
    e->shash = nb_calloc(data->nsections, sizeof *e->shash);
    ok = e->out && e->fkeys && e->fvals && e->skeys && e->shash;
    for (size_t t = 0; ok && bs == NB_OK && t < fig.count; t++) {
        const nb_tvalues *tv = &fig.tables[t];
        for (size_t i = 0; ok && i < tv->table->ncells; i++) {
            if (!tv->values[i])
                continue;
            e->fkeys[e->nfig] = nb_strdup(tv->table->cells[i].key);
            e->fvals[e->nfig] = nb_strdup(tv->values[i]);
            ok = e->fkeys[e->nfig] && e->fvals[e->nfig];
            e->nfig++;
        }
    }
    nb_figures_free(&fig);
    for (size_t i = 0; ok && i < data->nsections; i++, e->nsec++) {
        e->shash[i] = section_hash(&data->sections[i]);
        ok = (e->skeys[i] = nb_strdup(data->sections[i].key)) != NULL;
    }
    if (ok)
        return NB_OK;
    nb_mentry_free(e);
    return NB_ERR_NOMEM;
}

nb_status nb_manifest_save(const char *path, const nb_manifest *m, nb_diags *d)
{
    nb_buf b = {0};
    nb_buf_puts(&b, NB_MANIFEST_MAGIC "\n");
    for (size_t i = 0; i < m->count; i++) {
        const nb_mentry *e = &m->items[i];
        nb_buf_puts(&b, "O\t");
        put_escaped(&b, e->out);
        nb_buf_printf(&b, "\t%016" PRIx64 "\t%s\n", e->hash, e->stale ? "stale" : "ok");
        for (size_t k = 0; k < e->nfig; k++) {
            nb_buf_puts(&b, "F\t");
            put_escaped(&b, e->fkeys[k]);
            nb_buf_putc(&b, '\t');
            put_escaped(&b, e->fvals[k]);
            nb_buf_putc(&b, '\n');
        }
        for (size_t k = 0; k < e->nsec; k++) {
            nb_buf_puts(&b, "S\t");
            put_escaped(&b, e->skeys[k]);
            nb_buf_printf(&b, "\t%016" PRIx64 "\n", e->shash[k]);
        }
    }
    if (b.oom)
        return NB_ERR_NOMEM;
    nb_status s = nb_write_file_atomic(path, b.data, b.len, d);
    nb_buf_free(&b);
    return s;
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

static bool grow(void ***v, size_t n, size_t each)
{
    void *p = nb_realloc(*v, (n + 1) * each);
    if (!p)
        return false;
    *v = p;
    return true;
}

nb_status nb_manifest_load(const char *path, nb_manifest *m)
{
    memset(m, 0, sizeof *m);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NB_OK;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    nb_mentry cur = {0};
    bool have = false, ok = true;
    if ((len = getline(&line, &cap, f)) < 0 ||
        strncmp(line, NB_MANIFEST_MAGIC, strlen(NB_MANIFEST_MAGIC))) {
        /* Unknown format: start afresh, everything is rebuilt. */
        free(line);
        fclose(f);
        return NB_OK;
    }
    while (ok && (len = getline(&line, &cap, f)) > 0) {
        if (line[len - 1] == '\n')
            line[--len] = '\0';
        char *fld[4];
        size_t n[4];
        int k = split(line, fld, n);
        if (line[0] == 'O' && k == 4) {
            if (have)
                ok = nb_manifest_put(m, &cur) == NB_OK;
            memset(&cur, 0, sizeof cur);
            cur.out = unescape(fld[1], n[1]);
            cur.hash = strtoull(fld[2], NULL, 16);
            cur.stale = !strncmp(fld[3], "stale", 5);
            have = cur.out != NULL;
            ok = ok && have;
        } else if (have && line[0] == 'F' && k == 3) {
            ok = grow((void ***)&cur.fkeys, cur.nfig, sizeof(char *)) &&
                 grow((void ***)&cur.fvals, cur.nfig, sizeof(char *));
            if (ok) {
                cur.fkeys[cur.nfig] = unescape(fld[1], n[1]);
                cur.fvals[cur.nfig] = unescape(fld[2], n[2]);
                cur.nfig++;
                ok = cur.fkeys[cur.nfig - 1] && cur.fvals[cur.nfig - 1];
            }
        } else if (have && line[0] == 'S' && k == 3) {
            ok = grow((void ***)&cur.skeys, cur.nsec, sizeof(char *)) &&
                 grow((void ***)&cur.shash, cur.nsec, sizeof(uint64_t));
            if (ok) {
                cur.skeys[cur.nsec] = unescape(fld[1], n[1]);
                cur.shash[cur.nsec] = strtoull(fld[2], NULL, 16);
                cur.nsec++;
                ok = cur.skeys[cur.nsec - 1] != NULL;
            }
        }
    }
    if (ok && have)
        ok = nb_manifest_put(m, &cur) == NB_OK;
    nb_mentry_free(&cur);
    free(line);
    fclose(f);
    if (!ok) {
        nb_manifest_free(m);
        return NB_ERR_NOMEM;
    }
    return NB_OK;
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
