/* Text views of the tables: `nianbao keys` (what an office may write under
 * `figures:`) and the golden grid dump. */
#include <stdio.h>
#include <string.h>

#include "table_info.h"

static void put_labels(FILE *out, const nb_tnode *n, bool *first)
{
    if (!n || n->depth < 0)
        return;
    put_labels(out, n->parent, first);
    fprintf(out, "%s%s", *first ? "" : " › ", n->label);
    *first = false;
}

/* For each table:
 *   # table requests: 25 rows × 7 columns = 175 cells
 *   requests.new = [natural, business, ...]    <TAB> row labels
 *   requests.new.natural <TAB> row labels › column labels
 * A row key takes a list of values in the order shown. */
void nb_layout_keys(const nb_layout *l, FILE *out)
{
    for (size_t ti = 0; ti < l->ntables; ti++) {
        const nb_table *t = &l->tables[ti];
        if (!t->info || !t->info->keys)
            continue;
        const nb_table_info *in = t->info;
        size_t ndata = 0;
        for (size_t i = 0; i < t->ncells; i++)
            ndata += t->cells[i].kind == NB_TC_DATA;
        fprintf(out, "%s# table %s: %zu cells\n", ti ? "\n" : "", t->id, ndata);
        for (size_t g = 0; g < in->ngroups; g++) {
            const nb_tgroup *gr = &in->groups[g];
            for (int r = 0; r < gr->nbody; r++) {
                const nb_tnode *row = gr->nrow_leaves ? gr->row_leaves[r] : NULL;
                fprintf(out, "%s%s%s = [", t->id, row ? "." : "", row ? row->path : "");
                for (int j = 0; j < gr->ncol_leaves; j++)
                    fprintf(out, "%s%s", j ? ", " : "", gr->col_leaves[j]->path);
                fputs("]", out);
                bool first = true;
                if (gr->caption || row)
                    fputc('\t', out);
                if (gr->caption) {
                    fputs(gr->caption_text, out);
                    first = false;
                }
                put_labels(out, row, &first);
                fputc('\n', out);
                for (int j = 0; j < gr->ncol_leaves; j++) {
                    long cell = nb_tgroup_cell(gr, r, j);
                    fprintf(out, "%s\t", t->cells[cell].key);
                    first = true;
                    if (gr->caption) {
                        fputs(gr->caption_text, out);
                        first = false;
                    }
                    put_labels(out, row, &first);
                    put_labels(out, gr->col_leaves[j], &first);
                    fputc('\n', out);
                }
            }
        }
    }
}

static const char *kind_name(nb_tcell_kind k)
{
    static const char *const names[] = {"CAPTION", "CORNER", "HEAD", "LABEL", "DATA"};
    return (unsigned)k < 5 ? names[k] : "?";
}

/* Header: "table ID NROWSxNCOLS style S head H continued C", the widths,
 * then before each row's cells "row R header" or "row R body F+N" (its
 * repeated header rows), then one line per cell:
 *   r R c C span RSxCS KIND key text        ("-" for no key / no text) */
void nb_table_dump(const nb_table *t, FILE *out)
{
    fprintf(out, "table %s %dx%d style %s head %s continued %s\n", t->id, t->nrows, t->ncols,
            t->style ? t->style : "-", t->head_style ? t->head_style : "-",
            t->continued ? t->continued : "-");
    fputs("widths", out);
    for (int i = 0; t->widths && i < t->ncols; i++) {
        const nb_length *w = &t->widths[i];
        if (t->width_fr[i])
            fprintf(out, " %d.%03dfr", w->value / 1000, w->value % 1000);
        else if (w->value == 0)
            fputs(" auto", out);
        else
            fprintf(out, " %dmpt", w->value);
    }
    fputc('\n', out);
    int row = -1;
    for (size_t i = 0; i < t->ncells; i++) {
        const nb_tcell *c = &t->cells[i];
        while (row < c->row) {
            row++;
            const nb_trow *r = &t->rows[row];
            if (r->header)
                fprintf(out, "row %d header\n", row);
            else
                fprintf(out, "row %d body %d+%d\n", row, r->header_first, r->header_count);
        }
        fprintf(out, "r %d c %d span %dx%d %s %s %s\n", c->row, c->col, c->rowspan, c->colspan,
                kind_name(c->kind), c->key ? c->key : "-",
                c->text ? (*c->text ? c->text : "\"\"") : "-");
    }
}
