/* Layouts, fonts and rendered outputs for the server, cached: a layout and
 * its fonts are loaded once per file version (path and mtime) and shared
 * by every connection's thread, as a batch's workers share them; rendered
 * PDFs and web editions are kept by the hash of the data's bytes. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/hash.h"
#include "serve.h"

/* The cached layout of `path` (loaded now when new or changed), with its
 * fonts when `fonts`. Entries are never freed while serving: another
 * thread may be rendering with an older version. */
static nb_cached_layout *layout_get(nb_serve_t *s, const char *path, bool fonts, nb_diags *d)
{
    struct stat st;
    if (stat(path, &st))
        st.st_mtime = 0; /* the loader says why below */
    pthread_mutex_lock(&s->lock);
    nb_cached_layout *c = NULL;
    for (size_t i = s->nlayouts; i-- > 0;)
        if (!strcmp(s->layouts[i].path, path) && s->layouts[i].mtime == st.st_mtime) {
            c = &s->layouts[i];
            break;
        }
    if (!c) {
        nb_layout *l = NULL;
        if (s->nlayouts == NB_SERVE_MAX_LAYOUTS)
            nb_diag_at(d, NB_ERROR, NB_ERR_LIMIT, NB_NOPOS,
                       "%s: more than %d layout versions since the server started; restart "
                       "nianbao serve [limit]",
                       path, NB_SERVE_MAX_LAYOUTS);
        else if (!nb_layout_load(path, &l, d)) {
            c = &s->layouts[s->nlayouts++];
            *c = (nb_cached_layout){nb_strdup(path), st.st_mtime, l, NULL};
        }
    }
    if (c && fonts && !c->fonts && nb_fontset_load(c->layout, NULL, &c->fonts, d))
        c = NULL;
    pthread_mutex_unlock(&s->lock);
    return c;
}

/* Last year's data when the office names it (`previous:`), as `nianbao
 * check` loads it, so that the web runs the cross-year rules too. The
 * office is parsed under its bare file name, so a relative `previous:`
 * comes back as "./LAST.yaml" and is taken from the data folder. */
static nb_status previous_load(nb_serve_t *s, const nb_data *data, nb_data **out, nb_diags *d)
{
    const char *rel = nb_data_previous_path(data);
    if (!rel)
        return NB_OK;
    nb_buf b = {0};
    if (rel[0] == '/')
        nb_buf_puts(&b, rel);
    else
        nb_buf_printf(&b, "%s/%s", s->o->data_dir, rel);
    char *path = nb_buf_take(&b);
    if (!path)
        return NB_ERR_NOMEM;
    nb_status st = nb_data_load(path, out, d);
    nb_free(path);
    return st;
}

nb_status nb_serve_check(nb_serve_t *s, const char *name, const char *bytes, size_t len,
                         bool want_fonts, nb_checked *out)
{
    *out = (nb_checked){0};
    nb_diags d;
    nb_diags_init(&d);
    char *path = NULL;
    nb_status st = nb_data_parse(name, bytes, len, &out->data, &d);
    if (!st)
        st = nb_data_layout_path(out->data, &path, &d);
    nb_cached_layout *c = st ? NULL : layout_get(s, path, want_fonts, &d);
    if (!st && !c)
        st = nb_diags_first_error(&d) ? nb_diags_first_error(&d) : NB_ERR_IO;
    if (!st)
        st = nb_data_check_layout(out->data, c->layout, &d);
    nb_data *previous = NULL;
    if (!st)
        st = previous_load(s, out->data, &previous, &d);
    if (!st) {
        out->layout = c->layout;
        out->fonts = c->fonts;
        out->json = nb_check_json(c->layout, out->data, previous, &d, NULL);
        st = nb_diags_first_error(&d);
    } else {
        out->json = nb_diags_json(&d, NULL, NULL);
    }
    out->errors = d.errors;
    out->warnings = d.warnings;
    nb_data_free(previous);
    nb_free(path);
    nb_diags_free(&d);
    if (!out->json)
        return NB_ERR_NOMEM;
    return st;
}

void nb_checked_free(nb_checked *c)
{
    nb_data_free(c->data);
    nb_free(c->json);
    *c = (nb_checked){0};
}

static bool cache_get(nb_serve_t *s, uint64_t key, unsigned char **out, size_t *len)
{
    bool hit = false;
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; i < NB_SERVE_MAX_OUTPUTS && !hit; i++) {
        nb_cached_output *e = &s->outputs[i];
        if (e->bytes && e->key == key && (*out = nb_malloc(e->len ? e->len : 1))) {
            memcpy(*out, e->bytes, e->len);
            *len = e->len;
            e->used = ++s->clock;
            hit = true;
        }
    }
    pthread_mutex_unlock(&s->lock);
    return hit;
}

/* Keeps a copy, replacing the least recently used entry. */
static void cache_put(nb_serve_t *s, uint64_t key, const unsigned char *bytes, size_t len)
{
    unsigned char *copy = nb_malloc(len ? len : 1);
    if (!copy)
        return;
    memcpy(copy, bytes, len);
    pthread_mutex_lock(&s->lock);
    nb_cached_output *victim = &s->outputs[0];
    for (size_t i = 0; i < NB_SERVE_MAX_OUTPUTS; i++) {
        if (!s->outputs[i].bytes) {
            victim = &s->outputs[i];
            break;
        }
        if (s->outputs[i].used < victim->used)
            victim = &s->outputs[i];
    }
    nb_free(victim->bytes);
    *victim = (nb_cached_output){key, copy, len, ++s->clock};
    pthread_mutex_unlock(&s->lock);
}

nb_status nb_serve_render(nb_serve_t *s, const char *name, const char *bytes, size_t len,
                          nb_format fmt, unsigned char **out, size_t *out_len, char **json)
{
    *out = NULL;
    *json = NULL;
    nb_checked c;
    nb_status st = nb_serve_check(s, name, bytes, len, true, &c);
    if (st) {
        *json = c.json;
        c.json = NULL;
        nb_checked_free(&c);
        return st;
    }
    /* the key: the bytes, the format and which cached layout version
     * (the layout pointer changes when its file does) */
    uint64_t key = nb_hash(NB_HASH_INIT, bytes, len);
    key = nb_hash(key, &fmt, sizeof fmt);
    key = nb_hash(key, &c.layout, sizeof c.layout);
    if (cache_get(s, key, out, out_len)) {
        nb_checked_free(&c);
        return NB_OK;
    }
    nb_render_opts o;
    nb_render_opts_init(&o);
    o.pdf = fmt != NB_FMT_HTML;
    o.pdfa = fmt == NB_FMT_PDFA;
    o.html = fmt == NB_FMT_HTML ? NB_HTML_PAGE : NB_HTML_NONE;
    nb_output res = {0};
    nb_diags d;
    nb_diags_init(&d);
    st = nb_render(c.layout, c.data, c.fonts, &o, &res, &d);
    if (!st) {
        if (fmt == NB_FMT_HTML) {
            *out = (unsigned char *)res.html;
            *out_len = res.html_len;
            res.html = NULL;
        } else {
            *out = res.pdf;
            *out_len = res.pdf_len;
            res.pdf = NULL;
        }
        cache_put(s, key, *out, *out_len);
    } else {
        *json = nb_diags_json(&d, c.layout, NULL);
    }
    nb_output_free(&res);
    nb_diags_free(&d);
    nb_checked_free(&c);
    return st;
}

void nb_serve_verdict(nb_serve_t *s, const nb_office *o, nb_verdict *out)
{
    nb_buf b = {0};
    char etag[48] = "";
    memset(out, 0, sizeof *out);
    snprintf(out->id, sizeof out->id, "%s", o->id);
    if (nb_office_read(o->path, &b, etag)) {
        nb_buf_free(&b);
        return;
    }
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; i < s->nverdicts; i++)
        if (!strcmp(s->verdicts[i].id, o->id) && !strcmp(s->verdicts[i].etag, etag)) {
            *out = s->verdicts[i];
            pthread_mutex_unlock(&s->lock);
            nb_buf_free(&b);
            return;
        }
    pthread_mutex_unlock(&s->lock);
    nb_checked c;
    char name[NB_SERVE_MAX_ID + 8];
    snprintf(name, sizeof name, "%s.yaml", o->id);
    nb_serve_check(s, name, b.data ? b.data : "", b.len, false, &c);
    nb_buf_free(&b);
    snprintf(out->etag, sizeof out->etag, "%s", etag);
    out->loads = c.data != NULL;
    if (c.data && nb_data_office(c.data))
        snprintf(out->office, sizeof out->office, "%s", nb_data_office(c.data));
    out->errors = c.errors;
    out->warnings = c.warnings;
    nb_checked_free(&c);
    pthread_mutex_lock(&s->lock);
    size_t i = 0;
    while (i < s->nverdicts && strcmp(s->verdicts[i].id, o->id))
        i++;
    if (i < s->nverdicts) {
        s->verdicts[i] = *out;
    } else {
        nb_verdict *v = realloc(s->verdicts, (s->nverdicts + 1) * sizeof *v);
        if (v) {
            s->verdicts = v;
            s->verdicts[s->nverdicts++] = *out;
        }
    }
    pthread_mutex_unlock(&s->lock);
}
