#include "table.h"

#include <string.h>

#include "../break/lines.h"
#include "../util/alloc.h"
#include "text.h"

/* Cell padding and grid line: 3 pt inside every edge, 0.5 pt rules
 * (layout-rules.md §5: full grid, thin rules). */
#define NB_CELL_PAD_X NB_PT(3)
#define NB_CELL_PAD_Y NB_PT(3)
#define NB_TABLE_RULE NB_PT(0.5)

void nb_tlayout_free(nb_tlayout *tl)
{
    if (tl->boxes && tl->table)
        for (size_t i = 0; i < tl->table->ncells; i++)
            nb_box_free(&tl->boxes[i]);
    nb_box_free(&tl->caption);
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

nb_mpt nb_tlayout_cell_width(const nb_tlayout *tl, const nb_tcell *c)
{
    nb_mpt w = 0;
    for (int k = c->col; k < c->col + c->colspan; k++)
        w += tl->col_w[k];
    return w;
}

/* Shapes and breaks a text into a box; the table keeps its text. */
static nb_status text_box(const nb_layout *l, const nb_fontset *fs, nb_tlayout *tl,
                          const nb_style *st, const char *text, nb_pos pos, nb_mpt width,
                          nb_align align, nb_box *box, nb_diags *d)
{
    char *shaped = NULL;
    nb_status r = nb_text_box(l, fs, st, text, pos, width, align, box, &shaped, d);
    if (shaped)
        tl->texts[tl->ntexts++] = shaped; /* one text per cell and the caption */
    return r;
}

static const nb_style *table_style(const nb_layout *l, const nb_table *t, bool head)
{
    return nb_layout_style(l, head && t->head_style ? t->head_style : t->style);
}

/* One cell's text: labels flush left, everything else centred. */
static nb_status cell_box(const nb_layout *l, const nb_fontset *fs, nb_tlayout *tl,
                          const nb_tcell *cell, const char *text, nb_box *box, nb_diags *d)
{
    bool head =
        cell->kind == NB_TC_HEAD || cell->kind == NB_TC_CORNER || cell->kind == NB_TC_CAPTION;
    const nb_style *st = table_style(l, tl->table, head);
    if (!st)
        return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, tl->table->pos, "table '%s' has no style",
                          tl->table->id);
    return text_box(l, fs, tl, st, text, cell->pos,
                    nb_tlayout_cell_width(tl, cell) - 2 * NB_CELL_PAD_X,
                    cell->kind == NB_TC_LABEL ? NB_ALIGN_LEFT : NB_ALIGN_CENTER, box, d);
}

nb_status nb_tlayout_build(const nb_layout *l, const nb_fontset *fs, const nb_table *t,
                           const nb_tvalues *values, nb_tlayout *out, nb_diags *d)
{
    memset(out, 0, sizeof *out);
    out->table = t;
    out->rule = NB_TABLE_RULE;
    out->pad_x = NB_CELL_PAD_X;
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
