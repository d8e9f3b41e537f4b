/* Layout: bound items → a flow of finished lines.
 *
 * Every paragraph is shaped, broken and justified here; a line leaves with
 * its glyph runs positioned horizontally (x from the text block's left
 * edge, y = 0 on its baseline) and with what pagination needs: its em
 * height, its pitch to the next line, the blank space before it and whether
 * it must stay with the next line. */
#ifndef NB_LAYOUT_FLOW_H
#define NB_LAYOUT_FLOW_H

#include <stdio.h>

#include "table.h"
#include "text.h"

typedef struct nb_lline {
    nb_prun *runs;
    size_t nruns;
    nb_mpt size;         /* em height: the largest font size on the line */
    nb_mpt pitch;        /* from this line's top to the next line's top */
    nb_mpt space_before; /* dropped at the top of a page */
    bool keep_with_next;
    int outline;               /* bookmark level of the line's heading */
    const char *outline_title; /* borrowed from the nb_bound */
    const nb_tlayout *table;   /* a table row instead of text: grid row */
    int trow;                  /* `trow` of `table`, placed by pagination */
    size_t item;               /* the bound item (nb_bound.items) it shows */
} nb_lline;

typedef struct nb_flow {
    nb_lline *lines;
    size_t count, cap;
    char **texts; /* the shaped texts the runs point into, owned */
    size_t ntexts, captexts;
    nb_mpt page_pitch;   /* the body line pitch */
    nb_tlayout **tables; /* laid-out tables the table rows point to, owned */
    size_t ntables;
} nb_flow;

nb_status nb_flow_build(const nb_layout *l, const nb_fontset *fs, const nb_bound *b, nb_flow *out,
                        FILE *shape_dump, FILE *table_dump, nb_diags *d);
void nb_flow_free(nb_flow *f);
void nb_flow_dump(const nb_flow *f, const nb_fontset *fs, FILE *out);

#endif
