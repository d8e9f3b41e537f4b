/* Line breaking by Chinese rules (clreq "basic" prohibition rules on top of
 * UAX #14) and justification.
 *
 * Opportunities come from libunibreak (UAX #14 with the "zh" tailoring),
 * then narrowed: no line starts with 、，。：；！？”’）》」』】… and no line
 * ends with “‘（《「『【…; digit runs, a number and its unit (2021年,
 * 51.85%) and ——/…… stay whole. Lines are filled greedily; where the next
 * character may not start a line, one or two marks are squeezed into the line
 * (先挤进) when the squeeze stays small, otherwise a character is pushed down
 * (后推出). A paragraph's last line keeps at least two characters (孤字). */
#ifndef NB_BREAK_LINES_H
#define NB_BREAK_LINES_H

#include "../model/layout.h"
#include "../shape/shape.h"

typedef struct nb_break_line {
    uint32_t first, end; /* clusters [first, end) */
    uint32_t vis_end;    /* end without trailing white space */
    nb_mpt offset;       /* x of the first cluster (indent, centring) */
    nb_mpt width;        /* natural width with tracking, of [first, vis_end) */
    nb_mpt slack;        /* what justification adds (negative: squeeze) */
    bool cut;            /* ended inside a run that has no break point */
} nb_break_line;

typedef struct nb_breaks {
    nb_break_line *lines;
    size_t count;
} nb_breaks;

/* Classifies every cluster (NB_CL_* flags) and finds break opportunities. */
nb_status nb_break_classify(nb_shaped *s);

/* Breaks the classified paragraph into lines of `width`, the first line
 * indented by `indent`. */
nb_status nb_break_lines(const nb_shaped *s, nb_mpt width, nb_mpt indent, nb_align align,
                         nb_breaks *out);
void nb_breaks_free(nb_breaks *b);

/* Like nb_break_lines, but lines of even length: the narrowest measure
 * that needs no more lines than `width` does (GB/T 9704 §7.3.1: a title's
 * lines 长短适宜、排列对称; a long 署名 likewise). Offsets and slack are
 * computed for the full `width`. */
nb_status nb_break_balanced(const nb_shaped *s, nb_mpt width, nb_mpt indent, nb_align align,
                            nb_breaks *out);

/* Pen advance to add after each cluster of `line` so that it is justified:
 * fills extra[first..vis_end) (the array is indexed by cluster). */
void nb_break_justify(const nb_shaped *s, const nb_break_line *line, nb_mpt *extra);

#endif
