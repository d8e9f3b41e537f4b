#include "bind.h"

#include <stdio.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"

void nb_bound_free(nb_bound *b)
{
    for (size_t i = 0; i < b->count; i++)
        for (size_t k = 0; k < b->items[i].nspans; k++)
            nb_free(b->items[i].spans[k].text);
    nb_free(b->items);
    nb_free(b->title);
    nb_free(b->author);
    nb_free(b->subject);
    memset(b, 0, sizeof *b);
}

/* 成文日期 per GB/T 9704 §7.3.5.4: Arabic numerals, full year, no leading
 * zeros: 2022年1月24日. */
static void format_date(const nb_data *data, nb_buf *out)
{
    if (data->date_y)
        nb_buf_printf(out, "%d年%d月%d日", data->date_y, data->date_m, data->date_d);
}

/* Looks a placeholder up. Returns false if the name is unknown. */
/* What binding reads. */
typedef struct bctx {
    const nb_layout *l;
    const nb_data *data;
    const nb_figures *figures;
    nb_diags *d;
} bctx;

static bool placeholder(const bctx *c, const char *name, size_t n, nb_buf *out)
{
    const nb_data *data = c->data;
    if (n == 6 && memcmp(name, "office", 6) == 0) {
        nb_buf_puts(out, data->office);
        return true;
    }
    if (n == 4 && memcmp(name, "year", 4) == 0) {
        nb_buf_printf(out, "%d", data->year);
        return true;
    }
    if (n == 4 && memcmp(name, "date", 4) == 0) {
        format_date(data, out);
        return true;
    }
    /* A figure, so that prose and tables cannot disagree. */
    char key[256];
    if (!c->figures || n >= sizeof key)
        return false;
    memcpy(key, name, n);
    key[n] = '\0';
    const char *v = nb_figures_value(c->l, c->figures, key);
    if (v)
        nb_buf_puts(out, v);
    return v != NULL;
}

/* Expands {name} placeholders; "{{" and "}}" stand for literal braces. */
static nb_status expand(const bctx *c, const char *tmpl, nb_pos pos, char **out)
{
    nb_diags *d = c->d;
    nb_buf b = {0};
    for (const char *p = tmpl; *p;) {
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            nb_buf_putc(&b, p[0]);
            p += 2;
        } else if (*p == '{') {
            const char *end = strchr(p, '}');
            if (!end) {
                nb_buf_free(&b);
                return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, pos,
                                  "unclosed '{' in \"%s\"; write '{{' for a literal brace", tmpl);
            }
            if (!placeholder(c, p + 1, (size_t)(end - p - 1), &b)) {
                nb_buf_free(&b);
                return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, pos,
                                  "unknown placeholder '{%.*s}': use office, year, date "
                                  "or a figure key",
                                  (int)(end - p - 1), p + 1);
            }
            p = end + 1;
        } else {
            nb_buf_putc(&b, *p++);
        }
    }
    *out = nb_buf_take(&b);
    return *out ? NB_OK : NB_ERR_NOMEM;
}

static nb_item *new_item(nb_bound *b, nb_item_kind kind, const nb_style *style, nb_pos pos)
{
    if (!nb_grow(&b->items, b->count, 1, &b->cap, sizeof *b->items))
        return NULL;
    nb_item *it = &b->items[b->count++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->style = style;
    it->pos = pos;
    if (style) {
        it->space_before = style->space_before;
        it->space_after = style->space_after;
    }
    return it;
}

static nb_status add_span(const bctx *c, nb_item *it, const char *tmpl, const nb_style *style,
                          nb_pos pos)
{
    nb_bound_span *sp = &it->spans[it->nspans];
    nb_status s = expand(c, tmpl, pos, &sp->text);
    if (s)
        return s;
    sp->style = style;
    sp->pos = pos;
    it->nspans++;
    return NB_OK;
}

/* Data the office wrote itself (its title, signing body, headings) is
 * printed as written: no placeholders. */
static nb_status add_literal(nb_item *it, const char *text, const nb_style *style, nb_pos pos)
{
    nb_bound_span *sp = &it->spans[it->nspans];
    if (!(sp->text = nb_strdup(text)))
        return NB_ERR_NOMEM;
    sp->style = style;
    sp->pos = pos;
    it->nspans++;
    return NB_OK;
}

/* The prose section a heading block introduces: the first prose block
 * after it, before the next heading. That key names the heading in the
 * data's `headings:`. */
static const char *heading_key(const nb_layout *l, const nb_block *blk)
{
    for (const nb_block *b = blk + 1; b < l->blocks + l->nblocks; b++) {
        if (b->kind == NB_BLK_HEADING)
            break;
        if (b->kind == NB_BLK_PROSE)
            return b->key;
    }
    return NULL;
}

static const nb_heading *data_heading(const nb_data *data, const char *key)
{
    for (size_t i = 0; key && i < data->nheadings; i++)
        if (data->headings[i].key && !strcmp(data->headings[i].key, key))
            return &data->headings[i];
    return NULL;
}

/* Length of the ordinal a heading starts with ("五、", "（三）", "1."),
 * 0 if none. */
static size_t ordinal_len(const char *s)
{
    static const char *const digits[] = {"一", "二", "三", "四", "五", "六",
                                         "七", "八", "九", "十", "〇", NULL};
    size_t i = 0;
    for (bool more = true; more;) {
        more = false;
        for (int k = 0; digits[k]; k++)
            if (!strncmp(s + i, digits[k], strlen(digits[k]))) {
                i += strlen(digits[k]);
                more = true;
            }
    }
    if (i && !strncmp(s + i, "、", strlen("、")))
        return i + strlen("、");
    return 0;
}

/* A heading in the office's words keeps the layout's number: "存在的问题"
 * becomes "五、存在的问题"; a different number is an error. */
static nb_status heading_text(const bctx *c, const nb_block *blk, const nb_heading *h, char **out)
{
    size_t lo = ordinal_len(blk->lines[0]), ho = ordinal_len(h->text);
    nb_buf b = {0};
    if (ho && (ho != lo || strncmp(h->text, blk->lines[0], lo)))
        return nb_diag_at(c->d, NB_ERROR, NB_ERR_SCHEMA, h->text_pos,
                          "heading '%s' (标题) starts with '%.*s' but this section is '%.*s' in "
                          "layout '%s'; leave the number out or write the layout's",
                          h->text, (int)ho, h->text, (int)lo, blk->lines[0], c->l->name);
    if (!ho && lo) {
        nb_buf_printf(&b, "%.*s", (int)lo, blk->lines[0]);
        nb_diag_at(c->d, NB_NOTE, NB_OK, h->text_pos, "heading printed as '%.*s%s'", (int)lo,
                   blk->lines[0], h->text);
    }
    nb_buf_puts(&b, h->text);
    *out = nb_buf_take(&b);
    return *out ? NB_OK : NB_ERR_NOMEM;
}

static const nb_style *style_or(const nb_layout *l, const char *name, const char *dflt)
{
    return nb_layout_style(l, name ? name : dflt);
}

static nb_status bind_prose(const bctx *c, const nb_block *blk, nb_bound *b)
{
    const nb_layout *l = c->l;
    const nb_data *data = c->data;
    nb_diags *d = c->d;
    const nb_section *sec = nb_data_section(data, blk->key);
    if (!sec) {
        if (blk->optional)
            return NB_OK;
        return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, (nb_pos){data->file, 1, 1},
                          "the data has no text section '%s' (text: %s: [...]) that the "
                          "layout requires at %s:%d",
                          blk->key, blk->key, blk->pos.file ? blk->pos.file : "?", blk->pos.line);
    }
    const nb_style *body = nb_layout_style(l, l->prose_paragraph);
    for (size_t i = 0; i < sec->count; i++) {
        const nb_para *p = &sec->paras[i];
        const nb_style *head = p->level == 2   ? nb_layout_style(l, l->prose_h2)
                               : p->level == 3 ? nb_layout_style(l, l->prose_h3)
                                               : NULL;
        if (p->level && !head)
            return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, p->pos,
                              "the layout has no style for level-%d headings", p->level);
        /* A heading with text is run in: the paragraph takes the body's
         * shape, the heading only its own font. */
        const nb_style *para_style = p->text ? body : head;
        nb_item *it = new_item(b, NB_IT_PARA, para_style, p->pos);
        if (!it)
            return NB_ERR_NOMEM;
        nb_status s = NB_OK;
        if (p->head)
            s = add_span(c, it, p->head, head, p->pos);
        if (!s && p->text)
            s = add_span(c, it, p->text, body, p->text_pos);
        if (s)
            return s;
        it->outline = head ? head->outline : 0;
        it->level = p->level == 2 ? NB_LV_H2 : p->level == 3 ? NB_LV_H3 : NB_LV_BODY;
    }
    return NB_OK;
}

static nb_status bind_block(const bctx *c, const nb_block *blk, nb_bound *b)
{
    const nb_layout *l = c->l;
    const nb_data *data = c->data;
    nb_diags *d = c->d;
    nb_status s = NB_OK;
    nb_item *it;
    switch (blk->kind) {
    case NB_BLK_TITLE: {
        const nb_style *st = style_or(l, blk->style, "title");
        nb_buf title = {0};
        /* The office's own title replaces the layout's lines. */
        size_t n = data->ntitle ? data->ntitle : blk->nlines;
        for (size_t i = 0; i < n && !s; i++) {
            if (!(it = new_item(b, NB_IT_PARA, st, blk->pos)))
                return NB_ERR_NOMEM;
            it->level = NB_LV_TITLE;
            s = data->ntitle ? add_literal(it, data->title[i], st, data->title_pos)
                             : add_span(c, it, blk->lines[i], st, blk->pos);
            if (!s)
                nb_buf_puts(&title, it->spans[0].text);
            /* The title's lines are one block: space above its first line
             * and below its last, none between them. */
            if (i > 0)
                it->space_before = 0;
            if (i + 1 < n)
                it->space_after = 0;
        }
        nb_free(b->title);
        b->title = nb_buf_take(&title);
        return s ? s : (b->title ? NB_OK : NB_ERR_NOMEM);
    }
    case NB_BLK_HEADING:
    case NB_BLK_PARAGRAPH: {
        const nb_style *st = style_or(l, blk->style, blk->kind == NB_BLK_HEADING ? "h1" : "body");
        if (!(it = new_item(b, NB_IT_PARA, st, blk->pos)))
            return NB_ERR_NOMEM;
        const nb_heading *h =
            blk->kind == NB_BLK_HEADING ? data_heading(data, heading_key(l, blk)) : NULL;
        if (h) {
            it->spans[0].style = st;
            it->spans[0].pos = h->text_pos;
            if (!(s = heading_text(c, blk, h, &it->spans[0].text)))
                it->nspans = 1;
        } else {
            s = add_span(c, it, blk->lines[0], st, blk->pos);
        }
        it->outline = st->outline;
        it->level = blk->kind == NB_BLK_HEADING ? NB_LV_HEADING : NB_LV_BODY;
        return s;
    }
    case NB_BLK_PROSE:
        return bind_prose(c, blk, b);
    case NB_BLK_SIGNATURE: {
        if (!data->signature)
            return NB_OK;
        if (!data->date_y && !data->sig_y) {
            if (blk->optional)
                return NB_OK;
            return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, data->office_pos,
                              "the signature needs a date: add 'date: YYYY-MM-DD'");
        }
        const nb_style *st = style_or(l, blk->style, "signature");
        if (!(it = new_item(b, NB_IT_SIGNATURE, st, blk->pos)))
            return NB_ERR_NOMEM;
        /* signature: { name, date } in the data stands for the layout's
         * {office} and {date}. */
        s = data->sig_name ? add_literal(it, data->sig_name, st, data->sig_name_pos)
                           : add_span(c, it, blk->lines[0], st, blk->pos);
        if (!s && data->sig_y) {
            nb_buf date = {0};
            nb_buf_printf(&date, "%d年%d月%d日", data->sig_y, data->sig_m, data->sig_d);
            s = date.oom ? NB_ERR_NOMEM
                         : add_literal(it, nb_buf_cstr(&date), st, data->sig_date_pos);
            nb_buf_free(&date);
        } else if (!s) {
            s = add_span(c, it, blk->lines[1], st, blk->pos);
        }
        return s;
    }
    case NB_BLK_SPACE:
        if (!(it = new_item(b, NB_IT_SPACE, NULL, blk->pos)))
            return NB_ERR_NOMEM;
        it->lines = blk->space;
        return NB_OK;
    case NB_BLK_TABLE: {
        const nb_table *t = nb_layout_find_table(l, blk->key);
        if (!t || !c->figures)
            return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, blk->pos, "no table '%s'", blk->key);
        if (!(it = new_item(b, NB_IT_TABLE, NULL, blk->pos)))
            return NB_ERR_NOMEM;
        it->table = t;
        it->values = &c->figures->tables[t - l->tables];
        return NB_OK;
    }
    }
    return NB_OK;
}

nb_status nb_bind(const nb_layout *l, const nb_data *data, const nb_figures *figures, nb_bound *out,
                  nb_diags *d)
{
    memset(out, 0, sizeof *out);
    bctx c = {l, data, figures, d};
    nb_status first = NB_OK;
    for (size_t i = 0; i < l->nblocks; i++) {
        nb_status s = bind_block(&c, &l->blocks[i], out);
        if (s == NB_ERR_NOMEM)
            return s;
        if (s && !first)
            first = s;
    }
    /* A text section no block of the layout prints would vanish from the
     * report without a word: most likely a misspelt key. */
    for (size_t i = 0; i < data->nsections; i++) {
        bool used = false;
        for (size_t k = 0; k < l->nblocks && !used; k++)
            used = l->blocks[k].kind == NB_BLK_PROSE &&
                   !strcmp(l->blocks[k].key, data->sections[i].key);
        if (!used) {
            nb_buf keys = {0};
            for (size_t k = 0; k < l->nblocks; k++)
                if (l->blocks[k].kind == NB_BLK_PROSE)
                    nb_buf_printf(&keys, "%s%s", keys.len ? ", " : "", l->blocks[k].key);
            nb_status s = nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, data->sections[i].pos,
                                     "text section '%s' is not part of layout '%s' and would "
                                     "not be printed; its sections are: %s",
                                     data->sections[i].key, l->name, nb_buf_cstr(&keys));
            nb_buf_free(&keys);
            if (!first)
                first = s;
        }
    }
    /* A heading override for a section without a heading would be lost. */
    for (size_t i = 0; i < data->nheadings; i++) {
        const char *key = data->headings[i].key;
        bool used = false;
        nb_buf keys = {0};
        for (size_t k = 0; k < l->nblocks; k++) {
            const char *hk =
                l->blocks[k].kind == NB_BLK_HEADING ? heading_key(l, &l->blocks[k]) : NULL;
            if (!hk)
                continue;
            used = used || (key && !strcmp(hk, key));
            nb_buf_printf(&keys, "%s%s", keys.len ? ", " : "", hk);
        }
        if (!used && key) {
            nb_status s = nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, data->headings[i].pos,
                                     "no section '%s' with a heading in layout '%s'; headings "
                                     "can be given for: %s",
                                     key, l->name, nb_buf_cstr(&keys));
            if (!first)
                first = s;
        }
        nb_buf_free(&keys);
    }
    out->author = nb_strdup(data->office);
    out->subject = nb_strdup(l->name);
    if (!out->author || !out->subject)
        return NB_ERR_NOMEM;
    return first;
}
