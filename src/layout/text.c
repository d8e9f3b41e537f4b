#include "text.h"

#include <string.h>

#include "../break/lines.h"
#include "../break/script.h"
#include "../util/alloc.h"
#include "../util/buf.h"

nb_mpt nb_page_pitch(const nb_layout *l)
{
    if (l->page.line_pitch > 0)
        return l->page.line_pitch;
    const nb_style *body = nb_layout_style(l, l->page.body_style);
    nb_mpt size = body ? body->size : NB_PT(16);
    int n = l->page.lines_per_page > 1 ? l->page.lines_per_page : 2;
    return (l->page.text_height - size) / (n - 1);
}

void nb_style_metrics(const nb_layout *l, const nb_style *st, nb_mpt *tracking, nb_mpt *em)
{
    nb_mpt t = 0;
    int cpl = st->chars_per_line;
    if (cpl > 1) {
        /* Round down: cpl characters must fit, never exceed, the width. */
        nb_mpt room = l->page.text_width - (nb_mpt)cpl * st->size;
        t = room / (cpl - 1);
        if (t * (cpl - 1) > room)
            t--;
    }
    *tracking = t;
    *em = st->size + t;
}

nb_mpt nb_resolve_length(nb_length len, nb_mpt em)
{
    return len.em ? (nb_mpt)((int64_t)len.value * em / 1000) : len.value;
}

nb_status nb_shape_text(const nb_layout *l, const nb_fontset *fs, const nb_bound_span *spans,
                        size_t nspans, nb_shaped *out, nb_diags *d)
{
    nb_span sp[4];
    if (nspans > 4)
        nspans = 4;
    for (size_t i = 0; i < nspans; i++) {
        const nb_style *st = spans[i].style;
        nb_mpt t, em;
        nb_style_metrics(l, st, &t, &em);
        sp[i] =
            (nb_span){spans[i].text, strlen(spans[i].text), st->role_index, st->role, st->size, t,
                      spans[i].pos};
    }
    nb_status s = nb_shape(fs, sp, nspans, out, d);
    if (!s)
        s = nb_break_classify(out);
    if (!s)
        nb_script_space(out, l->page.latin_quarter_ems);
    return s;
}

nb_status nb_emit_runs(const nb_shaped *s, uint32_t first, uint32_t end, nb_mpt x,
                       const nb_mpt *extra, nb_prun **runs, size_t *nruns)
{
    nb_prun *cur = NULL;
    size_t gcap = 0;
    nb_mpt pen = x;
    for (uint32_t c = first; c < end; c++) {
        const nb_cluster *cl = &s->clusters[c];
        for (uint32_t k = 0; k < cl->nglyphs; k++) {
            const nb_sglyph *g = &s->glyphs[cl->glyph + k];
            if (!cur || cur->face != g->face || cur->size != cl->size) {
                size_t cap = *nruns; /* the array is sized exactly */
                if (!nb_grow(runs, *nruns, 1, &cap, sizeof **runs))
                    return NB_ERR_NOMEM;
                cur = &(*runs)[(*nruns)++];
                memset(cur, 0, sizeof *cur);
                cur->face = g->face;
                cur->size = cl->size;
                cur->x = pen;
                cur->text = s->text;
                gcap = 0;
            }
            if (!nb_grow(&cur->glyphs, cur->count, 1, &gcap, sizeof *cur->glyphs))
                return NB_ERR_NOMEM;
            nb_pglyph *pg = &cur->glyphs[cur->count++];
            bool last_of_cluster = k + 1 == cl->nglyphs;
            bool last_of_line = c + 1 == end;
            pg->gid = g->gid;
            pg->natural = g->advance;
            pg->advance = g->advance;
            if (last_of_cluster && !last_of_line)
                pg->advance += cl->tracking + (extra ? extra[c] : 0);
            pg->x_offset = g->x_offset;
            pg->y_offset = g->y_offset;
            pg->text_off = k == 0 ? cl->text_off : 0;
            pg->text_len = k == 0 ? cl->text_len : 0;
            pen += pg->advance;
        }
    }
    return NB_OK;
}

nb_status nb_text_box(const nb_layout *l, const nb_fontset *fs, const nb_style *st,
                      const char *text, nb_pos pos, nb_mpt width, nb_align align, nb_box *box,
                      char **text_out, nb_diags *d)
{
    *text_out = NULL;
    box->height = st->size;
    if (!text || !*text)
        return NB_OK;
    nb_bound_span span = {(char *)text, st, pos};
    nb_shaped s;
    nb_status r = nb_shape_text(l, fs, &span, 1, &s, d);
    nb_breaks br = {0};
    if (!r)
        r = nb_break_lines(&s, width > 0 ? width : 1, 0, align, &br);
    nb_mpt pitch = st->line_pitch ? st->line_pitch : st->size * 5 / 4;
    for (size_t i = 0; i < br.count && !r; i++) {
        size_t before = box->nruns;
        const nb_break_line *bl = &br.lines[i];
        r = nb_emit_runs(&s, bl->first, bl->vis_end, bl->offset, NULL, &box->runs, &box->nruns);
        for (size_t k = before; k < box->nruns; k++)
            box->runs[k].y = (nb_mpt)i * pitch + st->size * NB_ASCENT_PERMILLE / 1000;
    }
    if (br.count)
        box->height = (nb_mpt)(br.count - 1) * pitch + st->size;
    nb_breaks_free(&br);
    if (!r) {
        *text_out = s.text;
        s.text = NULL;
    }
    nb_shaped_free(&s);
    return r;
}

/* The page-number format with {n} replaced; NULL when out of memory. */
static char *page_number_text(const char *format, int number)
{
    nb_buf text = {0};
    for (const char *p = format; *p; p++) {
        if (strncmp(p, "{n}", 3) == 0) {
            nb_buf_printf(&text, "%d", number);
            p += 2;
        } else {
            nb_buf_putc(&text, *p);
        }
    }
    return nb_buf_take(&text);
}

nb_status nb_page_number_box(const nb_layout *l, const nb_fontset *fs, int number, nb_box *box,
                             char **text_out, nb_diags *d)
{
    memset(box, 0, sizeof *box);
    *text_out = NULL;
    const nb_page_geom *pg = &l->page;
    const nb_style *st = nb_layout_style(l, pg->pn_style);
    if (!pg->page_numbers || !st)
        return NB_OK;
    char *str = page_number_text(pg->pn_format, number);
    if (!str)
        return NB_ERR_NOMEM;
    nb_bound_span span = {str, st, pg->pos};
    nb_shaped s;
    nb_status r = nb_shape_text(l, fs, &span, 1, &s, d);
    nb_free(str);
    if (!r) {
        nb_mpt tracking, em, w = 0;
        nb_style_metrics(l, st, &tracking, &em);
        for (size_t c = 0; c < s.nclusters; c++)
            w += s.clusters[c].width + (c + 1 < s.nclusters ? s.clusters[c].tracking : 0);
        nb_mpt indent = nb_resolve_length(pg->pn_indent, em);
        nb_mpt x;
        if (pg->pn_position == NB_PN_CENTER)
            x = (pg->text_width - w) / 2;
        else if (pg->pn_position == NB_PN_RIGHT || number % 2 == 1)
            x = pg->text_width - indent - w;
        else
            x = indent;
        r = nb_emit_runs(&s, 0, (uint32_t)s.nclusters, x, NULL, &box->runs, &box->nruns);
        nb_mpt baseline = pg->pn_below + st->size * NB_ASCENT_PERMILLE / 1000;
        for (size_t k = 0; k < box->nruns; k++)
            box->runs[k].y = baseline;
        box->height = st->size;
    }
    if (r) {
        nb_box_free(box);
    } else {
        *text_out = s.text;
        s.text = NULL;
    }
    nb_shaped_free(&s);
    return r;
}
