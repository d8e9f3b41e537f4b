/* Loading one office's data file into an nb_data (schema: see data.h).
 *
 * Like the layout loader it reports every problem it can find and returns
 * the first error code; running out of memory stops at once. Text is kept
 * byte for byte except for trailing white space, which the source
 * documents carry by accident and which must not shift justified lines. */
#include <string.h>

#include "../parse/yaml_load.h"
#include "../util/alloc.h"
#include "../util/digits.h"
#include "data.h"

typedef struct dctx {
    nb_data *data;
    nb_yload y; /* the document, its diagnostics, the first error */
} dctx;

/* ---- lookup and free --------------------------------------------------- */

const char *nb_data_layout_name(const nb_data *data) { return data->layout; }

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

static void load_date(dctx *c, const nb_ynode *v)
{
    char buf[NB_Y_DESCRIBE];
    nb_data *data = c->data;
    data->date_pos = nb_yl_pos(&c->y, v);
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
    data->date_y = y;
    data->date_m = m;
    data->date_d = d;
}

/* ---- text -------------------------------------------------------------- */

/* Length of s without trailing white space (ASCII, and U+3000 IDEOGRAPHIC
 * SPACE, which word processors leave at paragraph ends too). */
static size_t trimmed_len(const char *s, size_t len)
{
    while (len > 0) {
        unsigned char ch = (unsigned char)s[len - 1];
        if (ch == ' ' || (ch >= '\t' && ch <= '\r'))
            len--;
        else if (len >= 3 && memcmp(s + len - 3, "\xE3\x80\x80", 3) == 0)
            len -= 3;
        else
            break;
    }
    return len;
}

/* A non-empty text string, trailing white space removed. */
static bool load_text(dctx *c, const nb_ynode *v, const char *what, char **out)
{
    if (!nb_yl_string(&c->y, v, what, out))
        return false;
    (*out)[trimmed_len(*out, strlen(*out))] = '\0';
    if (**out)
        return true;
    nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, v), "'%s' must not be empty", what);
    return false;
}

/* - h2: HEADING            a stand-alone heading
 * - h3: HEADING            (level 3)
 *   text: BODY             optional: run-in heading followed by body */
static void load_heading_item(dctx *c, const nb_ynode *m, nb_para *p)
{
    static const char *const keys[] = {"h2", "h3", "text", NULL};
    nb_yl_check_keys(&c->y, m, "text item", keys);
    const nb_ypair *h2 = nb_y_pair(m, "h2"), *h3 = nb_y_pair(m, "h3");
    if (!h2 && !h3) {
        nb_yl_error(&c->y, NB_ERR_SCHEMA, p->pos,
                    "a text item is a string or a mapping with 'h2' or 'h3'");
        return;
    }
    if (h2 && h3) {
        const nb_ypair *second = h2 < h3 ? h3 : h2;
        nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, second->key),
                    "a text item has both 'h2' and 'h3'; give one");
        return;
    }
    const nb_ypair *h = h2 ? h2 : h3;
    p->level = h2 ? 2 : 3;
    p->text_pos = nb_yl_pos(&c->y, h->value);
    load_text(c, h->value, h2 ? "h2" : "h3", &p->head);
    const nb_ynode *t = nb_y_get(m, "text");
    if (t && load_text(c, t, "text", &p->text))
        p->text_pos = nb_yl_pos(&c->y, t);
}

static void load_section(dctx *c, const nb_ypair *kv, nb_section *s)
{
    const nb_ynode *seq = kv->value;
    s->pos = nb_yl_pos(&c->y, kv->key);
    if (!nb_yl_name(&c->y, kv->key, "section name", &s->key) ||
        !nb_yl_expect(&c->y, seq, NB_Y_SEQ, s->key) || seq->count == 0)
        return;
    s->paras = nb_calloc(seq->count, sizeof *s->paras);
    if (!s->paras) {
        nb_yl_nomem(&c->y);
        return;
    }
    s->count = seq->count;
    for (size_t i = 0; i < seq->count && !nb_yl_oom(&c->y); i++) {
        const nb_ynode *item = seq->items[i];
        nb_para *p = &s->paras[i];
        p->pos = p->text_pos = nb_yl_pos(&c->y, item);
        if (item->kind == NB_Y_MAP)
            load_heading_item(c, item, p);
        else
            load_text(c, item, "paragraph", &p->text);
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
    for (size_t i = 0; i < m->count && !nb_yl_oom(&c->y); i++)
        load_section(c, &m->pairs[i], &c->data->sections[i]);
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
    static const char *const keys[] = {"layout",    "office", "year",    "date",
                                       "signature", "text",   "figures", NULL};
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
        load_date(c, v);
    data->signature = true;
    if ((v = nb_y_get(root, "signature")))
        nb_yl_bool(&c->y, v, "signature", &data->signature);
    if ((v = nb_y_get(root, "text")) && !nb_yl_oom(&c->y))
        load_sections(c, v);
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
    nb_status st = from_file ? nb_ydoc_load_file(name, NB_NOPOS, &data->ydoc, d)
                             : nb_ydoc_load_mem(name, bytes, len, &data->ydoc, d);
    if (st == NB_OK) {
        dctx c = {.data = data, .y = {.doc = data->ydoc, .d = d}};
        load_all(&c);
        st = c.y.st;
    }
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
