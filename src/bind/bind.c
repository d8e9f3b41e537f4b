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
static bool placeholder(const nb_data *data, const char *name, size_t n, nb_buf *out)
{
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
    for (size_t i = 0; i < data->nfigures; i++)
        if (strlen(data->figures[i].key) == n && memcmp(data->figures[i].key, name, n) == 0) {
            nb_buf_puts(out, data->figures[i].value);
            return true;
        }
    return false;
}

/* Expands {name} placeholders; "{{" and "}}" stand for literal braces. */
static nb_status expand(const char *tmpl, const nb_data *data, nb_pos pos, char **out,
                        nb_diags *d)
{
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
                                  "unclosed '{' in \"%s\"; write '{{' for a literal brace",
                                  tmpl);
            }
            if (!placeholder(data, p + 1, (size_t)(end - p - 1), &b)) {
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
    if (b->count == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 32;
        nb_item *v = nb_realloc(b->items, cap * sizeof *v);
        if (!v)
            return NULL;
        b->items = v;
        b->cap = cap;
    }
    nb_item *it = &b->items[b->count++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->style = style;
    it->pos = pos;
    return it;
}

static nb_status add_span(nb_item *it, const char *tmpl, const nb_style *style,
                          const nb_data *data, nb_pos pos, nb_diags *d)
{
    nb_bspan *sp = &it->spans[it->nspans];
    nb_status s = expand(tmpl, data, pos, &sp->text, d);
    if (s)
        return s;
    sp->style = style;
    sp->pos = pos;
    it->nspans++;
    return NB_OK;
}

static const nb_style *style_or(const nb_layout *l, const char *name, const char *dflt)
{
    return nb_layout_style(l, name ? name : dflt);
}

static nb_status bind_prose(const nb_layout *l, const nb_data *data, const nb_block *blk,
                            nb_bound *b, nb_diags *d)
{
    const nb_section *sec = nb_data_section(data, blk->key);
    if (!sec) {
        if (blk->optional)
            return NB_OK;
        return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, (nb_pos){data->file, 1, 1},
                          "the data has no text section '%s' (text: %s: [...]) that the "
                          "layout requires at %s:%d",
                          blk->key, blk->key, blk->pos.file ? blk->pos.file : "?",
                          blk->pos.line);
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
            s = add_span(it, p->head, head, data, p->pos, d);
        if (!s && p->text)
            s = add_span(it, p->text, body, data, p->text_pos, d);
        if (s)
            return s;
        it->outline = head ? head->outline : 0;
    }
    return NB_OK;
}

static nb_status bind_block(const nb_layout *l, const nb_data *data, const nb_block *blk,
                            nb_bound *b, nb_diags *d)
{
    nb_status s = NB_OK;
    nb_item *it;
    switch (blk->kind) {
    case NB_BLK_TITLE: {
        const nb_style *st = style_or(l, blk->style, "title");
        nb_buf title = {0};
        for (size_t i = 0; i < blk->nlines && !s; i++) {
            if (!(it = new_item(b, NB_IT_PARA, st, blk->pos)))
                return NB_ERR_NOMEM;
            s = add_span(it, blk->lines[i], st, data, blk->pos, d);
            if (!s)
                nb_buf_puts(&title, it->spans[0].text);
            it->style = st;
            /* Only the last title line carries the space after the title,
             * and every line but the last keeps with the next. */
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
        s = add_span(it, blk->lines[0], st, data, blk->pos, d);
        it->outline = st->outline;
        return s;
    }
    case NB_BLK_PROSE:
        return bind_prose(l, data, blk, b, d);
    case NB_BLK_SIGNATURE: {
        if (!data->signature)
            return NB_OK;
        if (!data->date_y) {
            if (blk->optional)
                return NB_OK;
            return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, data->office_pos,
                              "the signature needs a date: add 'date: YYYY-MM-DD'");
        }
        const nb_style *st = style_or(l, blk->style, "signature");
        if (!(it = new_item(b, NB_IT_SIGNATURE, st, blk->pos)))
            return NB_ERR_NOMEM;
        s = add_span(it, blk->lines[0], st, data, blk->pos, d);
        if (!s)
            s = add_span(it, blk->lines[1], st, data, blk->pos, d);
        return s;
    }
    case NB_BLK_SPACE:
        if (!(it = new_item(b, NB_IT_SPACE, NULL, blk->pos)))
            return NB_ERR_NOMEM;
        it->lines = blk->space;
        return NB_OK;
    case NB_BLK_TABLE:
        return NB_OK; /* statistics tables: issue 3 */
    }
    return NB_OK;
}

nb_status nb_bind(const nb_layout *l, const nb_data *data, nb_bound *out, nb_diags *d)
{
    memset(out, 0, sizeof *out);
    nb_status first = NB_OK;
    for (size_t i = 0; i < l->nblocks; i++) {
        nb_status s = bind_block(l, data, &l->blocks[i], out, d);
        if (s == NB_ERR_NOMEM)
            return s;
        if (s && !first)
            first = s;
    }
    out->author = nb_strdup(data->office);
    out->subject = nb_strdup(l->name);
    if (!out->author || !out->subject)
        return NB_ERR_NOMEM;
    return first;
}
