#include "flow.h"

#include <string.h>

#include "../break/lines.h"
#include "../util/alloc.h"
#include "signature.h"

void nb_flow_free(nb_flow *f)
{
    for (size_t i = 0; i < f->count; i++) {
        for (size_t k = 0; k < f->lines[i].nruns; k++)
            nb_free(f->lines[i].runs[k].glyphs);
        nb_free(f->lines[i].runs);
    }
    for (size_t i = 0; i < f->ntexts; i++)
        nb_free(f->texts[i]);
    for (size_t i = 0; i < f->ntables; i++) {
        nb_tlayout_free(f->tables[i]);
        nb_free(f->tables[i]);
    }
    nb_free(f->tables);
    nb_free(f->lines);
    nb_free(f->texts);
    memset(f, 0, sizeof *f);
}

static nb_lline *new_line(nb_flow *f)
{
    if (!nb_grow(&f->lines, f->count, 1, &f->cap, sizeof *f->lines))
        return NULL;
    nb_lline *ln = &f->lines[f->count++];
    memset(ln, 0, sizeof *ln);
    return ln;
}

/* Keeps the shaped text alive for the runs that point into it. */
static nb_status adopt_text(nb_flow *f, nb_shaped *s)
{
    if (!nb_grow(&f->texts, f->ntexts, 1, &f->captexts, sizeof *f->texts))
        return NB_ERR_NOMEM;
    f->texts[f->ntexts++] = s->text;
    s->text = NULL;
    return NB_OK;
}

/* One paragraph (or a title line) → lines. */
static nb_status flow_para(const nb_layout *l, const nb_fontset *fs, const nb_item *it, nb_flow *f,
                           FILE *dump, nb_mpt space_before, nb_diags *d)
{
    const nb_style *st = it->style;
    nb_mpt tracking, em;
    nb_style_metrics(l, st, &tracking, &em);
    nb_shaped s;
    nb_status r = nb_shape_text(l, fs, it->spans, it->nspans, &s, d);
    if (r) {
        nb_shaped_free(&s);
        return r;
    }
    if (dump) {
        fprintf(dump, "para %s\n", st->name);
        nb_shaped_dump(&s, fs, dump);
    }
    nb_breaks br;
    nb_mpt *extra = nb_calloc(s.nclusters + 1, sizeof *extra);
    /* Centred lines (a title) wrap into lines of even length. */
    nb_status (*brk)(const nb_shaped *, nb_mpt, nb_mpt, nb_align, nb_breaks *) =
        st->align == NB_ALIGN_CENTER ? nb_break_balanced : nb_break_lines;
    if (!extra ||
        (r = brk(&s, l->page.text_width, nb_resolve_length(st->indent, em), st->align, &br))) {
        nb_free(extra);
        nb_shaped_free(&s);
        return r ? r : NB_ERR_NOMEM;
    }
    nb_mpt pitch = st->line_pitch ? st->line_pitch : f->page_pitch;
    for (size_t i = 0; i < br.count; i++)
        if (br.lines[i].cut) /* never a silent overflow */
            nb_diag_at(d, NB_WARNING, NB_ERR_LIMIT, it->spans[0].pos,
                       "'%.*s' has no place to break and is wider than a line; it is cut "
                       "after character %u of this text (write a space or a hyphen where it "
                       "may break)",
                       (int)(s.clusters[br.lines[i].end - 1].text_off +
                             s.clusters[br.lines[i].end - 1].text_len -
                             s.clusters[br.lines[i].first].text_off),
                       s.text + s.clusters[br.lines[i].first].text_off, br.lines[i].end);
    for (size_t i = 0; i < br.count && !r; i++) {
        const nb_break_line *bl = &br.lines[i];
        nb_lline *ln = new_line(f);
        if (!ln) {
            r = NB_ERR_NOMEM;
            break;
        }
        ln->size = st->size;
        for (uint32_t c = bl->first; c < bl->end; c++)
            if (s.clusters[c].size > ln->size)
                ln->size = s.clusters[c].size;
        ln->pitch = pitch;
        ln->space_before = i == 0 ? space_before : 0;
        /* A heading keeps with the text after it, and so does the first
         * line of a paragraph that opens with a run-in heading. The lines
         * of a paragraph do not keep together: GB/T 9704 fills every page. */
        ln->keep_with_next = st->keep_with_next || (i == 0 && i + 1 < br.count && it->outline);
        if (i == 0 && it->outline) {
            ln->outline = it->outline;
            ln->outline_title = it->spans[0].text;
        }
        nb_break_justify(&s, bl, extra);
        r = nb_emit_runs(&s, bl->first, bl->vis_end, bl->offset, extra, &ln->runs, &ln->nruns);
    }
    nb_breaks_free(&br);
    nb_free(extra);
    if (!r)
        r = adopt_text(f, &s);
    nb_shaped_free(&s);
    return r;
}

/* 署名 and 成文日期: placed by layout/signature.h, the name on one or
 * more lines. */
static nb_status flow_signature(const nb_layout *l, const nb_fontset *fs, const nb_item *it,
                                nb_flow *f, nb_mpt space_before, nb_diags *d)
{
    const nb_style *st = it->style;
    nb_mpt tracking, em;
    nb_style_metrics(l, st, &tracking, &em);
    nb_shaped name, date;
    nb_sigplace place = {0};
    nb_status r = nb_shape_text(l, fs, &it->spans[0], 1, &name, d);
    if (!r)
        r = nb_shape_text(l, fs, &it->spans[1], 1, &date, d);
    else
        memset(&date, 0, sizeof date);
    if (!r)
        r = nb_signature_place(&name, &date, l->page.text_width, em, &place);
    if (r)
        goto done;
    nb_mpt pitch = st->line_pitch ? st->line_pitch : f->page_pitch;
    /* GB/T 9704 §7.3.5.5: the signature never stands alone on a page; it
     * keeps the last line of the text above with it. */
    if (f->count)
        f->lines[f->count - 1].keep_with_next = true;
    for (size_t k = 0; k <= place.name.count && !r; k++) {
        nb_lline *ln = new_line(f);
        if (!ln) {
            r = NB_ERR_NOMEM;
            break;
        }
        ln->size = st->size;
        ln->pitch = pitch;
        ln->space_before = k == 0 ? space_before : 0;
        ln->keep_with_next = k < place.name.count;
        if (k < place.name.count) {
            const nb_break_line *bl = &place.name.lines[k];
            r = nb_emit_runs(&name, bl->first, bl->vis_end, bl->offset, NULL, &ln->runs,
                             &ln->nruns);
        } else {
            r = nb_emit_runs(&date, 0, (uint32_t)date.nclusters, place.date_x, NULL, &ln->runs,
                             &ln->nruns);
        }
    }
    if (!r)
        r = adopt_text(f, &name);
    if (!r)
        r = adopt_text(f, &date);
done:
    nb_breaks_free(&place.name);
    nb_shaped_free(&name);
    nb_shaped_free(&date);
    return r;
}

/* A row-spanning label cut by a page break is printed again on each part,
 * so each part must be tall enough for it: the first and the last rows of
 * its span keep together until they are. */
static void keep_label_rows(const nb_table *t, const nb_tlayout *tl, nb_lline *rows)
{
    for (size_t i = 0; i < t->ncells; i++) {
        const nb_tcell *c = &t->cells[i];
        if (c->kind != NB_TC_LABEL || c->rowspan < 2)
            continue;
        nb_mpt need = tl->boxes[i].height + tl->pad_y * 2, top = 0, bottom = 0;
        int a = c->row, b = c->row + c->rowspan - 1;
        for (int r = a; r < b && top < need; r++) {
            top += tl->row_h[r];
            rows[r].keep_with_next = rows[r].keep_with_next || top < need;
        }
        for (int r = b; r > a && bottom < need; r--) {
            bottom += tl->row_h[r];
            if (bottom < need)
                rows[r - 1].keep_with_next = true;
        }
    }
}

/* A table → one flow line per grid row. Header rows keep with the next
 * row, so a caption and its column headers never end a page. */
static nb_status flow_table(const nb_layout *l, const nb_fontset *fs, const nb_item *it, nb_flow *f,
                            FILE *dump, nb_mpt space_before, nb_diags *d)
{
    size_t cap = f->ntables;
    if (!nb_grow(&f->tables, f->ntables, 1, &cap, sizeof *f->tables))
        return NB_ERR_NOMEM;
    nb_tlayout *tl = nb_calloc(1, sizeof *tl);
    if (!tl)
        return NB_ERR_NOMEM;
    f->tables[f->ntables++] = tl;
    nb_status r = nb_tlayout_build(l, fs, it->table, it->values, tl, d);
    if (r)
        return r;
    if (dump)
        nb_table_dump(it->table, dump);
    size_t first = f->count;
    for (int row = 0; row < it->table->nrows; row++) {
        nb_lline *ln = new_line(f);
        if (!ln)
            return NB_ERR_NOMEM;
        ln->size = ln->pitch = tl->row_h[row];
        ln->space_before = row == 0 ? space_before : 0;
        ln->keep_with_next = it->table->rows[row].header;
        ln->table = tl;
        ln->trow = row;
    }
    keep_label_rows(it->table, tl, f->lines + first);
    return NB_OK;
}

nb_status nb_flow_build(const nb_layout *l, const nb_fontset *fs, const nb_bound *b, nb_flow *out,
                        FILE *shape_dump, FILE *table_dump, nb_diags *d)
{
    memset(out, 0, sizeof *out);
    out->page_pitch = nb_page_pitch(l);
    nb_status first = NB_OK;
    nb_mpt pending = 0; /* blank space owed to the next line */
    for (size_t i = 0; i < b->count; i++) {
        const nb_item *it = &b->items[i];
        nb_status r = NB_OK;
        size_t before = out->count;
        if (it->kind == NB_IT_SPACE) {
            pending += it->lines * out->page_pitch;
            continue;
        }
        if (it->kind == NB_IT_TABLE) {
            /* Half a line of air above and below a table. */
            r = flow_table(l, fs, it, out, table_dump, pending, d);
            for (size_t k = before; k < out->count; k++)
                out->lines[k].item = i;
            pending = out->page_pitch / 2; /* air below the grid */
            if (r == NB_ERR_NOMEM)
                return r;
            if (r && !first)
                first = r;
            continue;
        }
        pending += it->space_before * out->page_pitch;
        if (it->kind == NB_IT_SIGNATURE)
            r = flow_signature(l, fs, it, out, pending, d);
        else
            r = flow_para(l, fs, it, out, shape_dump, pending, d);
        for (size_t k = before; k < out->count; k++)
            out->lines[k].item = i;
        pending = it->space_after * out->page_pitch;
        if (r == NB_ERR_NOMEM)
            return r;
        if (r && !first)
            first = r; /* keep going: report every missing glyph at once */
    }
    return first;
}

void nb_flow_dump(const nb_flow *f, const nb_fontset *fs, FILE *out)
{
    for (size_t i = 0; i < f->count; i++) {
        const nb_lline *ln = &f->lines[i];
        fprintf(out, "line %zu size=%d pitch=%d before=%d%s", i, ln->size, ln->pitch,
                ln->space_before, ln->keep_with_next ? " keep" : "");
        if (ln->table)
            fprintf(out, " table=%s row=%d", ln->table->table->id, ln->trow);
        if (ln->outline)
            fprintf(out, " outline=%d", ln->outline);
        fputc('\n', out);
        for (size_t k = 0; k < ln->nruns; k++) {
            const nb_prun *r = &ln->runs[k];
            nb_mpt w = 0;
            for (size_t g = 0; g < r->count; g++)
                w += r->glyphs[g].advance;
            fprintf(out, "  run x=%d w=%d %s@%d \"", r->x, w, fs->faces[r->face]->psname, r->size);
            for (size_t g = 0; g < r->count; g++)
                fwrite(r->text + r->glyphs[g].text_off, 1, r->glyphs[g].text_len, out);
            fputs("\"\n", out);
        }
    }
}
