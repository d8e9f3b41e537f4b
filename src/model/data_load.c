/* Loading one office's data file into an nb_data (schema: see data.h).
 *
 * Like the layout loader it reports every problem it can find and returns
 * the first error code; running out of memory stops at once. Prose, titles,
 * headings and names pass through model/normalize.h, which removes what
 * word processors leave behind (indentation, line breaks, invisible
 * characters, trailing white space) with a note for each change. */
#include <string.h>

#include "../parse/yaml_load.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/digits.h"
#include "../util/fileio.h"
#include "data.h"
#include "model_internal.h"
#include "normalize.h"
#include "textfile.h"

typedef struct dctx {
    nb_data *data;
    size_t files_cap, sections_cap; /* text_files, sections (text-file) */
    nb_yload y;                     /* the document, its diagnostics, the first error */
    nb_nsrc src;                    /* the file's bytes, to place normalisation notes */
} dctx;

/* ---- lookup and free --------------------------------------------------- */

const char *nb_data_layout_name(const nb_data *data) { return data->layout; }
const char *nb_data_previous_path(const nb_data *data) { return data->previous; }

const nb_section *nb_data_section(const nb_data *data, const char *key)
{
    for (size_t i = 0; i < data->nsections; i++)
        if (data->sections[i].key && strcmp(data->sections[i].key, key) == 0)
            return &data->sections[i];
    return NULL;
}

void nb_data_free(nb_data *data)
{
    if (!data)
        return;
    for (size_t i = 0; i < data->nsections; i++) {
        nb_section *s = &data->sections[i];
        for (size_t j = 0; j < s->count; j++) {
            nb_free(s->paras[j].head);
            nb_free(s->paras[j].text);
        }
        nb_free(s->paras);
        nb_free(s->key);
    }
    nb_free(data->sections);
    for (size_t i = 0; i < data->ntitle; i++)
        nb_free(data->title[i]);
    nb_free(data->title);
    nb_free(data->sig_name);
    for (size_t i = 0; i < data->nheadings; i++) {
        nb_free(data->headings[i].key);
        nb_free(data->headings[i].text);
    }
    nb_free(data->headings);
    for (size_t i = 0; i < data->nfigures; i++) {
        nb_free(data->figures[i].key);
        nb_free(data->figures[i].value);
    }
    nb_free(data->figures);
    for (size_t i = 0; i < data->nfigrows; i++) {
        nb_figrow *r = &data->figrows[i];
        for (size_t j = 0; j < r->count; j++)
            nb_free(r->values[j]);
        nb_free(r->values);
        nb_free(r->vpos);
        nb_free(r->key);
    }
    nb_free(data->figrows);
    nb_free(data->file);
    nb_free(data->layout);
    nb_free(data->office);
    nb_free(data->previous);
    for (size_t i = 0; i < data->ntext_files; i++)
        nb_free(data->text_files[i]);
    nb_free(data->text_files);
    nb_ydoc_free(data->ydoc);
    nb_free(data);
}

/* ---- date -------------------------------------------------------------- */

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

static void load_date(dctx *c, const nb_ynode *v, int *oy, int *om, int *od, nb_pos *at)
{
    char buf[NB_Y_DESCRIBE];
    *at = nb_yl_pos(&c->y, v);
    if (nb_y_is_null(v))
        return; /* a template's placeholder: reported as not filled in */
    const char *s = v->str;
    int y = -1, m = -1, d = -1;
    if (v->kind == NB_Y_SCALAR && v->len == 10 && s[4] == '-' && s[7] == '-') {
        y = nb_digits(s, 4);
        m = nb_digits(s + 5, 2);
        d = nb_digits(s + 8, 2);
    }
    if (y < 0 || m < 0 || d < 0) {
        nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, v),
                    "'date' must be a date such as 2022-01-24, found %s",
                    nb_y_describe(v, buf, sizeof buf));
        return;
    }
    const char *bad = NULL;
    if (y < 1900 || y > 2999)
        bad = "the year must be between 1900 and 2999";
    else if (m < 1 || m > 12)
        bad = "there is no such month";
    else if (d < 1 || d > days_in_month(y, m))
        bad = "there is no such day in that month";
    if (bad) {
        nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, v), "'date' %s is not a valid date: %s",
                    s, bad);
        return;
    }
    *oy = y;
    *om = m;
    *od = d;
}

/* ---- text -------------------------------------------------------------- */

/* A text string normalised (model/normalize.h): with `split`, each
 * paragraph in it; otherwise one line. Empty text is an error. */
static bool load_ntext(dctx *c, const nb_ynode *v, const char *what, bool split, nb_ntext *out)
{
    char *raw;
    memset(out, 0, sizeof *out);
    if (!nb_yl_string(&c->y, v, what, &raw))
        return false;
    nb_status st = nb_normalize_text(raw, &c->src, nb_yl_pos(&c->y, v), split, out, c->y.d);
    nb_free(raw);
    if (st) {
        nb_yl_nomem(&c->y);
        return false;
    }
    /* The first paragraph is where the value is, as in every message
     * about this text; later ones where they start. */
    if (out->count) {
        out->paras[0].pos = nb_yl_pos(&c->y, v);
        return true;
    }
    nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, v), "'%s' must not be empty", what);
    return false;
}

/* One line of text (a heading, a title line, a name), normalised. */
static bool load_text(dctx *c, const nb_ynode *v, const char *what, char **out, nb_pos *at)
{
    nb_ntext t;
    *out = NULL;
    if (!load_ntext(c, v, what, false, &t))
        return false;
    *out = t.paras[0].text;
    if (at)
        *at = t.paras[0].pos;
    t.paras[0].text = NULL;
    nb_ntext_free(&t);
    return true;
}

/* Appends a body paragraph for each of `t`'s paragraphs from `from` on. */
static void add_paras(dctx *c, nb_section *s, size_t *cap, nb_ntext *t, size_t from, nb_pos item)
{
    for (size_t i = from; i < t->count; i++) {
        if (!nb_grow(&s->paras, s->count, 1, cap, sizeof *s->paras)) {
            nb_yl_nomem(&c->y);
            return;
        }
        nb_para *p = &s->paras[s->count++];
        memset(p, 0, sizeof *p);
        p->pos = item;
        p->text_pos = t->paras[i].pos;
        p->text = t->paras[i].text;
        t->paras[i].text = NULL;
    }
}

/* - h2: HEADING            a stand-alone heading
 * - h3: HEADING            (level 3)
 *   text: BODY             optional: run-in heading followed by body
 * Paragraphs after a blank line in BODY follow as body paragraphs. */
static void load_heading_item(dctx *c, const nb_ynode *m, nb_section *s, size_t *cap, nb_pos at)
{
    static const char *const keys[] = {"h2", "h3", "text", NULL};
    nb_yl_check_keys(&c->y, m, "text item", keys);
    const nb_ypair *h2 = nb_y_pair(m, "h2"), *h3 = nb_y_pair(m, "h3");
    if (!h2 && !h3) {
        nb_yl_error(&c->y, NB_ERR_SCHEMA, at,
                    "a text item is a string or a mapping with 'h2' or 'h3'");
        return;
    }
    if (h2 && h3) {
        const nb_ypair *second = h2 < h3 ? h3 : h2;
        nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, second->key),
                    "a text item has both 'h2' and 'h3'; give one");
        return;
    }
    if (!nb_grow(&s->paras, s->count, 1, cap, sizeof *s->paras)) {
        nb_yl_nomem(&c->y);
        return;
    }
    size_t pi = s->count++;
    nb_para *p = &s->paras[pi];
    memset(p, 0, sizeof *p);
    const nb_ypair *h = h2 ? h2 : h3;
    p->pos = at;
    p->level = h2 ? 2 : 3;
    p->text_pos = nb_yl_pos(&c->y, h->value);
    load_text(c, h->value, h2 ? "h2" : "h3", &p->head, NULL);
    const nb_ynode *t = nb_y_get(m, "text");
    nb_ntext body;
    if (t && load_ntext(c, t, "text", true, &body)) {
        p->text = body.paras[0].text;
        p->text_pos = body.paras[0].pos;
        body.paras[0].text = NULL;
        add_paras(c, s, cap, &body, 1, at); /* p may move */
        nb_ntext_free(&body);
    }
}

/* A path named in the data file, resolved against its folder and kept in
 * data->text_files (positions point into it); NULL after an error. */
static const char *keep_path(dctx *c, const nb_ynode *v, const char *what)
{
    char *rel = NULL;
    if (!nb_yl_string(&c->y, v, what, &rel))
        return NULL;
    char *dir = nb_path_dir(c->y.doc->file);
    char *path = dir ? nb_path_join(dir, rel) : NULL;
    nb_free(dir);
    nb_free(rel);
    if (!path || !nb_grow(&c->data->text_files, c->data->ntext_files, 1, &c->files_cap,
                          sizeof *c->data->text_files)) {
        nb_free(path);
        nb_yl_nomem(&c->y);
        return NULL;
    }
    c->data->text_files[c->data->ntext_files++] = path;
    return path;
}

/* overview: !include overview.txt — the section's paragraphs from a file
 * (model/textfile.h). */
static void load_included(dctx *c, const nb_ynode *v, nb_section *s)
{
    const char *path = keep_path(c, v, s->key);
    nb_section *secs = NULL;
    size_t n = 0;
    if (!path ||
        !nb_yl_keep(&c->y, nb_text_read(path, nb_yl_pos(&c->y, v), false, &secs, &n, c->y.d)))
        return;
    s->paras = secs[0].paras;
    s->count = secs[0].count;
    nb_free(secs[0].key);
    nb_free(secs);
}

static void load_section(dctx *c, const nb_ypair *kv, nb_section *s)
{
    const nb_ynode *seq = kv->value;
    s->pos = nb_yl_pos(&c->y, kv->key);
    if (nb_yl_name(&c->y, kv->key, "section name", &s->key) && seq->kind == NB_Y_SCALAR &&
        seq->include) {
        load_included(c, seq, s);
        return;
    }
    if (!s->key || !nb_yl_expect(&c->y, seq, NB_Y_SEQ, s->key) || seq->count == 0)
        return;
    size_t cap = 0;
    for (size_t i = 0; i < seq->count && !nb_yl_oom(&c->y); i++) {
        const nb_ynode *item = seq->items[i];
        nb_pos at = nb_yl_pos(&c->y, item);
        nb_ntext t;
        if (item->kind == NB_Y_MAP) {
            load_heading_item(c, item, s, &cap, at);
        } else if (load_ntext(c, item, "paragraph", true, &t)) {
            add_paras(c, s, &cap, &t, 0, at);
            nb_ntext_free(&t);
        }
    }
}

static void load_sections(dctx *c, const nb_ynode *m)
{
    if (!nb_yl_expect(&c->y, m, NB_Y_MAP, "text"))
        return;
    c->data->sections = nb_calloc(m->count, sizeof *c->data->sections);
    if (!c->data->sections) {
        nb_yl_nomem(&c->y);
        return;
    }
    c->data->nsections = m->count;
    c->sections_cap = m->count;
    for (size_t i = 0; i < m->count && !nb_yl_oom(&c->y); i++)
        load_section(c, &m->pairs[i], &c->data->sections[i]);
}

/* text-file: report.txt — sections keyed by their heading's numeral
 * ("一"), renamed to the layout's keys when rendered (textfile.h). */
static void load_text_file(dctx *c, const nb_ynode *v)
{
    const char *path = keep_path(c, v, "text-file");
    nb_section *secs = NULL;
    size_t n = 0;
    if (!path ||
        !nb_yl_keep(&c->y, nb_text_read(path, nb_yl_pos(&c->y, v), true, &secs, &n, c->y.d)))
        return;
    nb_data *data = c->data;
    if (!nb_grow(&data->sections, data->nsections, n, &c->sections_cap, sizeof *data->sections)) {
        nb_yl_nomem(&c->y);
        for (size_t i = 0; i < n; i++) {
            for (size_t j = 0; j < secs[i].count; j++) {
                nb_free(secs[i].paras[j].head);
                nb_free(secs[i].paras[j].text);
            }
            nb_free(secs[i].paras);
            nb_free(secs[i].key);
        }
        nb_free(secs);
        return;
    }
    memcpy(data->sections + data->nsections, secs, n * sizeof *secs);
    data->nsections += n;
    nb_free(secs);
}

/* title: TEXT, or title: [LINE, LINE, ...] */
static void load_title(dctx *c, const nb_ynode *v)
{
    nb_data *data = c->data;
    data->title_pos = nb_yl_pos(&c->y, v);
    size_t n = v->kind == NB_Y_SEQ ? v->count : 1;
    if (v->kind == NB_Y_MAP || n == 0) {
        char buf[NB_Y_DESCRIBE];
        nb_yl_error(&c->y, NB_ERR_SCHEMA, data->title_pos,
                    "'title' (标题) must be a line of text or a list of lines, "
                    "found %s",
                    nb_y_describe(v, buf, sizeof buf));
        return;
    }
    if (!(data->title = nb_calloc(n, sizeof *data->title))) {
        nb_yl_nomem(&c->y);
        return;
    }
    data->ntitle = n;
    for (size_t i = 0; i < n; i++)
        load_text(c, v->kind == NB_Y_SEQ ? v->items[i] : v, "title", &data->title[i], NULL);
}

/* signature: true | false | { name: TEXT, date: YYYY-MM-DD } */
static void load_signature(dctx *c, const nb_ynode *v)
{
    nb_data *data = c->data;
    data->signature = true;
    if (v->kind != NB_Y_MAP) {
        nb_yl_bool(&c->y, v, "signature", &data->signature);
        return;
    }
    static const char *const keys[] = {"name", "date", NULL};
    nb_yl_check_keys(&c->y, v, "signature (署名)", keys);
    const nb_ynode *n = nb_y_get(v, "name"), *dt = nb_y_get(v, "date");
    if (n)
        load_text(c, n, "signature name", &data->sig_name, &data->sig_name_pos);
    if (dt)
        load_date(c, dt, &data->sig_y, &data->sig_m, &data->sig_d, &data->sig_date_pos);
}

/* headings: { SECTION: TEXT, ... } */
static void load_headings(dctx *c, const nb_ynode *m)
{
    if (!nb_yl_expect(&c->y, m, NB_Y_MAP, "headings") || !m->count)
        return;
    nb_data *data = c->data;
    if (!(data->headings = nb_calloc(m->count, sizeof *data->headings))) {
        nb_yl_nomem(&c->y);
        return;
    }
    data->nheadings = m->count;
    for (size_t i = 0; i < m->count && !nb_yl_oom(&c->y); i++) {
        nb_heading *h = &data->headings[i];
        h->pos = nb_yl_pos(&c->y, m->pairs[i].key);
        if (nb_yl_name(&c->y, m->pairs[i].key, "section name", &h->key))
            load_text(c, m->pairs[i].value, "heading", &h->text, &h->text_pos);
    }
}

/* ---- figures ----------------------------------------------------------- */

/* Values stay text: "24252.311082", "/", "-18" and blanks all occur in real
 * reports and must print as written; an empty or null value becomes "". */
static char *figure_value(dctx *c, const nb_ynode *v)
{
    char *s = nb_y_is_null(v) ? nb_strdup("") : nb_strndup(v->str, v->len);
    if (!s)
        nb_yl_nomem(&c->y);
    return s;
}

/* key: [v1, v2, ...] — a whole row; the layout checks the count. */
static void load_figrow(dctx *c, const nb_ypair *kv, nb_figrow *r)
{
    char buf[NB_Y_DESCRIBE];
    const nb_ynode *seq = kv->value;
    r->list_pos = nb_yl_pos(&c->y, seq);
    if (seq->count == 0)
        return;
    r->values = nb_calloc(seq->count, sizeof *r->values);
    r->vpos = nb_calloc(seq->count, sizeof *r->vpos);
    if (!r->values || !r->vpos) {
        nb_yl_nomem(&c->y);
        return;
    }
    r->count = seq->count;
    for (size_t j = 0; j < seq->count && !nb_yl_oom(&c->y); j++) {
        const nb_ynode *v = seq->items[j];
        r->vpos[j] = nb_yl_pos(&c->y, v);
        if (v->kind != NB_Y_SCALAR) {
            nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, v),
                        "value %zu of figure row '%s' must be a single value, "
                        "found %s",
                        j + 1, r->key, nb_y_describe(v, buf, sizeof buf));
            continue;
        }
        r->values[j] = figure_value(c, v);
    }
}

static void load_figures(dctx *c, const nb_ypair *fp)
{
    char buf[NB_Y_DESCRIBE];
    const nb_ynode *m = fp->value;
    c->data->figures_pos = nb_yl_pos(&c->y, fp->key);
    if (!nb_yl_expect(&c->y, m, NB_Y_MAP, "figures"))
        return;
    size_t nrows = 0;
    for (size_t i = 0; i < m->count; i++)
        nrows += m->pairs[i].value->kind == NB_Y_SEQ;
    c->data->figures = nb_calloc(m->count - nrows + 1, sizeof *c->data->figures);
    c->data->figrows = nb_calloc(nrows + 1, sizeof *c->data->figrows);
    if (!c->data->figures || !c->data->figrows) {
        nb_yl_nomem(&c->y);
        return;
    }
    for (size_t i = 0; i < m->count && !nb_yl_oom(&c->y); i++) {
        const nb_ypair *kv = &m->pairs[i];
        const nb_ynode *v = kv->value;
        if (v->kind == NB_Y_SEQ) {
            nb_figrow *r = &c->data->figrows[c->data->nfigrows++];
            r->pos = nb_yl_pos(&c->y, kv->key);
            if (nb_yl_name(&c->y, kv->key, "figure name", &r->key))
                load_figrow(c, kv, r);
            continue;
        }
        nb_figure *f = &c->data->figures[c->data->nfigures++];
        f->pos = nb_yl_pos(&c->y, kv->key);
        f->vpos = nb_yl_pos(&c->y, v);
        if (!nb_yl_name(&c->y, kv->key, "figure name", &f->key))
            continue;
        if (v->kind != NB_Y_SCALAR) {
            nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, v),
                        "figure '%s' must be a value or a sequence of values (a "
                        "row), found %s",
                        f->key, nb_y_describe(v, buf, sizeof buf));
            continue;
        }
        f->value = figure_value(c, v);
    }
}

/* ---- top level --------------------------------------------------------- */

/* previous: LAST.yaml — kept resolved against this file's folder, so the
 * pair works from any working directory. */
static void load_previous(dctx *c, const nb_ynode *v)
{
    char *rel = NULL;
    c->data->previous_pos = nb_yl_pos(&c->y, v);
    if (!nb_yl_string(&c->y, v, "previous", &rel))
        return;
    if (!*rel) {
        nb_free(rel);
        nb_yl_error(&c->y, NB_ERR_SCHEMA, c->data->previous_pos,
                    "'previous' must name last year's data file");
        return;
    }
    char *dir = nb_path_dir(c->y.doc->file);
    c->data->previous = dir ? nb_path_join(dir, rel) : NULL;
    nb_free(dir);
    nb_free(rel);
    if (!c->data->previous)
        nb_yl_nomem(&c->y);
}

static void req_name(dctx *c, const nb_ynode *root, const char *key, char **out, nb_pos *at)
{
    const nb_ynode *v;
    if (!nb_yl_require(&c->y, root, key, NULL, &v))
        return;
    if (at)
        *at = nb_yl_pos(&c->y, v);
    nb_yl_name(&c->y, v, key, out);
}

static void load_all(dctx *c)
{
    static const char *const keys[] = {"layout",  "office",    "year",      "date",
                                       "title",   "signature", "headings",  "text",
                                       "figures", "previous",  "text-file", NULL};
    const nb_ynode *root = c->y.doc->root, *v;
    nb_data *data = c->data;
    if (!nb_yl_expect(&c->y, root, NB_Y_MAP, NULL))
        return;
    nb_yl_check_keys(&c->y, root, "data file", keys);
    data->layout_pos = data->office_pos = data->year_pos = data->date_pos = data->figures_pos =
        (nb_pos){c->y.doc->file, 0, 0};
    if (nb_y_get(root, "layout")) /* optional: the year chooses the layout */
        req_name(c, root, "layout", &data->layout, &data->layout_pos);
    req_name(c, root, "office", &data->office, &data->office_pos);
    if (nb_yl_require(&c->y, root, "year", NULL, &v)) {
        data->year_pos = nb_yl_pos(&c->y, v);
        nb_yl_int(&c->y, v, "year", 1900, 2999, &data->year);
    }
    if ((v = nb_y_get(root, "date")))
        load_date(c, v, &data->date_y, &data->date_m, &data->date_d, &data->date_pos);
    data->signature = true;
    if ((v = nb_y_get(root, "signature")))
        load_signature(c, v);
    if ((v = nb_y_get(root, "title")))
        load_title(c, v);
    if ((v = nb_y_get(root, "headings")))
        load_headings(c, v);
    if ((v = nb_y_get(root, "text")) && !nb_yl_oom(&c->y))
        load_sections(c, v);
    if ((v = nb_y_get(root, "text-file")) && !nb_yl_oom(&c->y))
        load_text_file(c, v);
    if ((v = nb_y_get(root, "previous")))
        load_previous(c, v);
    const nb_ypair *fp = nb_y_pair(root, "figures");
    if (fp && !nb_yl_oom(&c->y))
        load_figures(c, fp);
}

static nb_status data_load(const char *name, const char *bytes, size_t len, bool from_file,
                           nb_data **out, nb_diags *d)
{
    *out = NULL;
    nb_data *data = nb_calloc(1, sizeof *data);
    if (!data || !(data->file = nb_strdup(name))) {
        nb_free(data);
        return nb_y_nomem(d);
    }
    /* The bytes stay at hand while loading: normalisation notes point
     * into them. */
    nb_buf file = {0};
    nb_status st = NB_OK;
    if (from_file) {
        st = nb_read_file(name, NB_YAML_MAX_BYTES, NB_NOPOS, &file, d);
        bytes = file.data ? file.data : "";
        len = file.len;
    }
    if (st == NB_OK)
        st = nb_ydoc_load_mem(name, bytes, len, &data->ydoc, d);
    if (st == NB_OK) {
        dctx c = {.data = data, .y = {.doc = data->ydoc, .d = d}, .src = {bytes, len, 0, 0, 0}};
        load_all(&c);
        st = c.y.st;
    }
    nb_buf_free(&file);
    if (st != NB_OK) {
        nb_data_free(data);
        return st;
    }
    *out = data;
    return NB_OK;
}

nb_status nb_data_load(const char *path, nb_data **out, nb_diags *d)
{
    return data_load(path, NULL, 0, true, out, d);
}

nb_status nb_data_load_mem(const char *name, const char *bytes, size_t len, nb_data **out,
                           nb_diags *d)
{
    return data_load(name, bytes, len, false, out, d);
}
