/* Text on the text block, shared by every kind of layout (paragraphs,
 * signatures, table cells, page numbers): style metrics, shaping a styled
 * text, and turning shaped clusters into display-list runs. */
#ifndef NB_LAYOUT_TEXT_H
#define NB_LAYOUT_TEXT_H

#include "../bind/bind.h"
#include "../doc/doc.h"
#include "../shape/shape.h"

/* The body line pitch: explicit, or what fills the block with
 * lines-per-page lines of the body size (first em box at the top edge,
 * last one on the bottom edge). */
nb_mpt nb_page_pitch(const nb_layout *l);

/* Horizontal metrics of a style on the text block: the tracking that puts
 * chars-per-line characters on one line, and the resulting em (the grid
 * pitch), which measures indents. */
void nb_style_metrics(const nb_layout *l, const nb_style *st, nb_mpt *tracking, nb_mpt *em);

/* A length in millipoints: an em length measured by `em`. */
nb_mpt nb_resolve_length(nb_length len, nb_mpt em);

/* Builds the spans of a styled text and shapes and classifies them. */
nb_status nb_shape_text(const nb_layout *l, const nb_fontset *fs, const nb_bound_span *spans,
                        size_t nspans, nb_shaped *out, nb_diags *d);

/* Lays out shaped clusters [first, end) as runs starting at x; `extra` is
 * indexed by cluster (NULL = none). Appends to *runs. */
nb_status nb_emit_runs(const nb_shaped *s, uint32_t first, uint32_t end, nb_mpt x,
                       const nb_mpt *extra, nb_prun **runs, size_t *nruns);

/* Shapes `text` in style `st` and breaks it into a box `width` wide, lines
 * at the style's pitch (or 5/4 of its size). *text_out receives the shaped
 * text the runs point into (NULL for an empty text); the caller keeps it
 * alive as long as the runs. An empty text gives an empty box one size
 * tall. */
nb_status nb_text_box(const nb_layout *l, const nb_fontset *fs, const nb_style *st,
                      const char *text, nb_pos pos, nb_mpt width, nb_align align, nb_box *box,
                      char **text_out, nb_diags *d);

/* Page number `number` in the layout's page-number format and style: runs
 * with x from the text block's left edge (odd pages right, even pages left,
 * or centred) and y from the block's bottom edge. An empty box when the
 * layout prints no page numbers. *text_out as for nb_text_box. */
nb_status nb_page_number_box(const nb_layout *l, const nb_fontset *fs, int number, nb_box *box,
                             char **text_out, nb_diags *d);

#endif
