/* Scripts in Chinese prose: which clusters are Chinese, which are Latin,
 * and which runs must never be broken or letter-spaced.
 *
 * Protected runs (no break inside, no space added inside by
 * justification): Latin words and numbers with their inner punctuation
 * (IPV6, 24252.311082, 0000-12345678, 51.85%), URLs, e-mail addresses and
 * document numbers (国办公开办函〔2021〕30号). A number and its unit
 * (2021年) is never broken (break/lines.c) but the gap between them is a
 * Chinese–Latin boundary like the one before the number. A URL may still be broken, as a last
 * resort, after / and before . ? & -, and a document number inside the issuer's abbreviation before
 * 〔 (NB_CL_LAST_RESORT; break/lines.c decides). NO-BREAK SPACE is neither a break opportunity nor
 * stretchable.
 *
 * Justification (nb_break_justify) spreads slack over the gaps between
 * Chinese characters, word spaces and Chinese–Latin boundaries alike —
 * equal gaps are what text extractors read as one word; a gap opened
 * wider than its neighbours comes back from pdftotext as a space — and
 * over the boundaries alone only when a line has no other gap. */
#ifndef NB_BREAK_SCRIPT_H
#define NB_BREAK_SCRIPT_H

#include "../shape/shape.h"

/* Flags set by nb_script_mark, next to the NB_CL_* of shape.h. */
enum {
    NB_CL_PROTECT = 1 << 9,      /* the gap after this cluster is inside a protected run */
    NB_CL_LAST_RESORT = 1 << 10, /* a break before it only when nothing else fits */
    NB_CL_CJK = 1 << 11,         /* Han or Chinese punctuation */
    NB_CL_LATIN = 1 << 12,       /* any other visible character */
    NB_CL_NBSP = 1 << 13,        /* NO-BREAK SPACE */
    NB_CL_HAN = 1 << 14          /* a Han character (not punctuation) */
};

/* Marks scripts and protected runs, and removes the break opportunities
 * inside protected runs and around NO-BREAK SPACE. Run after the break
 * opportunities are found (nb_break_classify calls it). */
void nb_script_mark(nb_shaped *s);

/* Adds `space` (a quarter em: latin-spacing: quarter-em) to the tracking
 * of each cluster that ends a Han character before Latin text or digits,
 * or Latin text before a Han character, outside protected runs. Line ends
 * drop it with the tracking, so it never shows at a line start or end. */
void nb_script_space(nb_shaped *s, int quarter_ems);

/* Justification class of the gap after cluster i: 0 never stretched
 * (inside a protected run, —— or ……, Latin against Latin, next to a
 * no-break space), 1 Chinese–Chinese, 2 a Chinese–Latin boundary, 3 either
 * side of a word space. */
int nb_script_gap(const nb_shaped *s, uint32_t i);

#endif
