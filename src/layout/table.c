#include "table.h"

#include <string.h>

#include "../break/lines.h"
#include "../util/alloc.h"
#include "flow.h"

/* Cell padding and grid line: 3 pt inside every edge, 0.5 pt rules
 * (layout-rules.md §5: full grid, thin rules). */
#define NB_CELL_PAD_X NB_PT(3)
#define NB_CELL_PAD_Y NB_PT(3)
#define NB_TABLE_RULE NB_PT(0.5)

void nb_tlayout_free(nb_tlayout *tl)
{
    if (tl->boxes && tl->table)
        for (size_t i = 0; i < tl->table->ncells; i++) {
            for (size_t k = 0; k < tl->boxes[i].nruns; k++)
                nb_free(tl->boxes[i].runs[k].glyphs);
            nb_free(tl->boxes[i].runs);
        }
    for (size_t k = 0; k < tl->caption.nruns; k++)
        nb_free(tl->caption.runs[k].glyphs);
    nb_free(tl->caption.runs);
    for (size_t i = 0; i < tl->ntexts; i++)
        nb_free(tl->texts[i]);
    nb_free(tl->texts);
    nb_free(tl->boxes);
    nb_free(tl->col_x);
    nb_free(tl->col_w);
    nb_free(tl->row_h);
    memset(tl, 0, sizeof *tl);
}

/* Declared widths first; auto columns and fractions share the rest. */
static nb_status column_widths(const nb_layout *l, const nb_table *t, nb_tlayout *tl, nb_diags *d)
{
    nb_mpt W = l->page.text_width, fixed = 0;
    int64_t frac = 0;
    for (int c = 0; c < t->ncols; c++) {
        bool is_fr = t->width_fr && t->width_fr[c];
        nb_length w = t->widths ? t->widths[c] : (nb_length){0, false};
        if (is_fr)
            frac += w.value;
        else if (w.value == 0)
            frac += 1000; /* auto = 1fr */
        else
            fixed += w.value;
    }
    if (fixed > W)
        return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, t->pos,
                          "table '%s' is %.1f mm wide, wider than the %.1f mm text block", t->id,
                          fixed * 25.4 / 72000.0, W * 25.4 / 72000.0);
    nb_mpt rest = W - fixed, given = 0, x = 0;
    int last_fr = -1;
    for (int c = 0; c < t->ncols; c++) {
        bool is_fr = t->width_fr && t->width_fr[c];
        nb_length w = t->widths ? t->widths[c] : (nb_length){0, false};
        nb_mpt cw;
        if (is_fr || w.value == 0) {
            int64_t share = is_fr ? w.value : 1000;
            cw = frac ? (nb_mpt)(rest * share / frac) : 0;
            given += cw;
            last_fr = c;
        } else {
            cw = w.value;
        }
        tl->col_w[c] = cw;
    }
    if (last_fr >= 0)
        tl->col_w[last_fr] += rest - given; /* rounding: the block's exact width */
    for (int c = 0; c < t->ncols; c++) {
        tl->col_x[c] = x;
        x += tl->col_w[c];
    }
    return NB_OK;
}

static nb_mpt span_width(const nb_tlayout *tl, const nb_tcell *c)
{
    nb_mpt w = 0;
    for (int k = c->col; k < c->col + c->colspan; k++)
        w += tl->col_w[k];
    return w;
}

/* Shapes and breaks a text into a box `width` wide. */
static nb_status text_box(const nb_layout *l, const nb_fontset *fs, nb_tlayout *tl,
                          const nb_style *st, const char *text, nb_pos pos, nb_mpt width,
                          nb_align align, nb_tcell_box *box, nb_diags *d)
{
    box->height = st->size;
    if (!text || !*text)
        return NB_OK;
    nb_bspan span = {(char *)text, st, pos};
    nb_shaped s;
    nb_status r = nb_shape_text(l, fs, &span, 1, &s, d);
    nb_breaks br = {0};
    if (!r)
        r = nb_break_lines(&s, width > 0 ? width : 1, 0, align, &br);
    nb_mpt pitch = st->line_pitch ? st->line_pitch : st->size * 5 / 4;
    for (size_t i = 0; i < br.count && !r; i++) {
        size_t before = box->nruns;
        const nb_bline *bl = &br.lines[i];
        r = nb_emit_runs(&s, bl->first, bl->vis_end, bl->offset, NULL, &box->runs, &box->nruns);
        for (size_t k = before; k < box->nruns; k++)
            box->runs[k].y = (nb_mpt)i * pitch + st->size * NB_ASCENT_PERMILLE / 1000;
    }
    if (br.count)
        box->height = (nb_mpt)(br.count - 1) * pitch + st->size;
    nb_breaks_free(&br);
    if (!r) {
        tl->texts[tl->ntexts++] = s.text; /* one text per cell and the caption */
        s.text = NULL;
    }
    nb_shaped_free(&s);
    return r;
}

static const nb_style *table_style(const nb_layout *l, const nb_table *t, bool head)
{
    return nb_layout_style(l, head && t->head_style ? t->head_style : t->style);
}

/* One cell's text: labels flush left, everything else centred. */
static nb_status cell_box(const nb_layout *l, const nb_fontset *fs, nb_tlayout *tl,
                          const nb_tcell *cell, const char *text, nb_tcell_box *box, nb_diags *d)
{
    bool head =
        cell->kind == NB_TC_HEAD || cell->kind == NB_TC_CORNER || cell->kind == NB_TC_CAPTION;
    const nb_style *st = table_style(l, tl->table, head);
    if (!st)
        return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, tl->table->pos, "table '%s' has no style",
                          tl->table->id);
    return text_box(l, fs, tl, st, text, cell->pos, span_width(tl, cell) - 2 * NB_CELL_PAD_X,
                    cell->kind == NB_TC_LABEL ? NB_ALIGN_LEFT : NB_ALIGN_CENTER, box, d);
}

nb_status nb_table_layout(const nb_layout *l, const nb_fontset *fs, const nb_table *t,
                          const nb_tvalues *values, nb_tlayout *out, nb_diags *d)
{
    memset(out, 0, sizeof *out);
    out->table = t;
    out->rule = NB_TABLE_RULE;
    out->pad_y = NB_CELL_PAD_Y;
    out->col_x = nb_calloc((size_t)t->ncols, sizeof *out->col_x);
    out->col_w = nb_calloc((size_t)t->ncols, sizeof *out->col_w);
    out->row_h = nb_calloc((size_t)t->nrows, sizeof *out->row_h);
    out->boxes = nb_calloc(t->ncells, sizeof *out->boxes);
    out->texts = nb_calloc(t->ncells + 1, sizeof *out->texts);
    if (!out->col_x || !out->col_w || !out->row_h || !out->boxes || !out->texts)
        return NB_ERR_NOMEM;
    nb_status r = column_widths(l, t, out, d);
    nb_status first = r;
    for (size_t i = 0; i < t->ncells && r != NB_ERR_NOMEM; i++) {
        const nb_tcell *c = &t->cells[i];
        const char *text = c->kind == NB_TC_DATA ? (values ? values->values[i] : NULL) : c->text;
        r = cell_box(l, fs, out, c, text, &out->boxes[i], d);
        if (r && !first)
            first = r;
    }
    if (!first && t->continued && *t->continued) {
        /* 续表 (layout-rules.md §5): centred above a continuation. */
        first = text_box(l, fs, out, table_style(l, t, true), t->continued, t->pos,
                         l->page.text_width, NB_ALIGN_CENTER, &out->caption, d);
        out->caption_h = out->caption.height + NB_CELL_PAD_Y;
    }
    if (first)
        return first;
    /* Row heights: single-row cells first, then spanning cells top up
     * their last row. */
    for (size_t i = 0; i < t->ncells; i++) {
        const nb_tcell *c = &t->cells[i];
        nb_mpt need = out->boxes[i].height + 2 * NB_CELL_PAD_Y;
        if (c->rowspan == 1 && need > out->row_h[c->row])
            out->row_h[c->row] = need;
    }
    for (size_t i = 0; i < t->ncells; i++) {
        const nb_tcell *c = &t->cells[i];
        if (c->rowspan == 1)
            continue;
        nb_mpt have = 0, need = out->boxes[i].height + 2 * NB_CELL_PAD_Y;
        for (int k = c->row; k < c->row + c->rowspan; k++)
            have += out->row_h[k];
        if (need > have)
            out->row_h[c->row + c->rowspan - 1] += need - have;
    }
    return NB_OK;
}

static nb_status add_rule(nb_ppage *pg, nb_mpt x0, nb_mpt y0, nb_mpt x1, nb_mpt y1, nb_mpt w)
{
    if (!nb_grow(&pg->rules, pg->nrules, 1, &pg->caprules, sizeof *pg->rules))
        return NB_ERR_NOMEM;
    pg->rules[pg->nrules++] = (nb_prule){x0, y0, x1, y1, w};
    return NB_OK;
}

static nb_status copy_runs(nb_ppage *pg, const nb_tcell_box *box, nb_mpt x, nb_mpt y)
{
    if (!nb_grow(&pg->runs, pg->nruns, box->nruns, &pg->capruns, sizeof *pg->runs))
        return NB_ERR_NOMEM;
    for (size_t k = 0; k < box->nruns; k++) {
        nb_prun r = box->runs[k];
        r.glyphs = nb_malloc(r.count * sizeof *r.glyphs);
        if (!r.glyphs)
            return NB_ERR_NOMEM;
        memcpy(r.glyphs, box->runs[k].glyphs, r.count * sizeof *r.glyphs);
        r.x += x;
        r.y += y;
        pg->runs[pg->nruns++] = r;
    }
    return NB_OK;
}

nb_status nb_table_draw(const nb_tsegment *seg, nb_mpt left, nb_ppage *page)
{
    const nb_tlayout *tl = seg->tl;
    const nb_table *t = tl->table;
    const nb_mpt half = tl->rule / 2;
    nb_status r = NB_OK;
    if (seg->continued && tl->caption.nruns)
        r = copy_runs(page, &tl->caption, left, seg->caption_top);
    for (size_t i = 0; i < t->ncells && !r; i++) {
        const nb_tcell *c = &t->cells[i];
        size_t a = seg->count, b = 0;
        for (size_t k = 0; k < seg->count; k++)
            if (seg->rows[k] >= c->row && seg->rows[k] < c->row + c->rowspan) {
                if (a == seg->count)
                    a = k;
                b = k;
            }
        if (a == seg->count)
            continue; /* none of the cell's rows is on this page */
        nb_mpt y0 = seg->tops[a], y1 = seg->tops[b] + tl->row_h[seg->rows[b]];
        nb_mpt x0 = left + tl->col_x[c->col];
        nb_mpt x1 = x0 + span_width(tl, c);
        /* Each edge runs half a rule past the corners so they join square. */
        r = add_rule(page, x0 - half, y0, x1 + half, y0, tl->rule);
        if (!r)
            r = add_rule(page, x0 - half, y1, x1 + half, y1, tl->rule);
        if (!r)
            r = add_rule(page, x0, y0 - half, x0, y1 + half, tl->rule);
        if (!r)
            r = add_rule(page, x1, y0 - half, x1, y1 + half, tl->rule);
        const nb_tcell_box *box = &tl->boxes[i];
        if (!r && box->nruns)
            r = copy_runs(page, box, x0 + NB_CELL_PAD_X, y0 + (y1 - y0 - box->height) / 2);
    }
    return r;
}
