/* Shaping: a paragraph of styled spans → glyphs grouped into clusters.
 *
 * Each code point is given the first face of its role's fallback chain that
 * has a glyph for it (itemization by coverage); runs of one face are shaped
 * with HarfBuzz. A character that no face of the chain covers is an error
 * naming the character, its code point and where it is — never .notdef. */
#ifndef NB_SHAPE_SHAPE_H
#define NB_SHAPE_SHAPE_H

#include <stddef.h>
#include <stdint.h>

#include "../fonts/fontset.h"
#include "../util/diag.h"
#include "../util/units.h"

/* One styled piece of a paragraph's text. */
typedef struct nb_span {
    const char *text;
    size_t len;
    size_t role; /* index into the fontset's roles */
    const char *role_name;
    nb_mpt size;
    nb_mpt tracking; /* added after every cluster but a line's last */
    nb_pos pos;      /* where the text came from, for errors */
} nb_span;

typedef struct nb_sglyph {
    uint32_t gid;
    uint16_t face;
    nb_mpt advance; /* natural advance at the span's size */
    nb_mpt x_offset, y_offset;
} nb_sglyph;

/* Cluster classes that line breaking and justification care about. */
enum {
    NB_CL_SPACE = 1 << 0, /* white space: hangs at a line end */
    NB_CL_WORD = 1 << 1,  /* Latin letter or digit: no letter-spacing */
    NB_CL_DIGIT = 1 << 2,
    NB_CL_NO_START = 1 << 3, /* may not begin a line (、，。”） …) */
    NB_CL_NO_END = 1 << 4,   /* may not end a line (“（《 …) */
    NB_CL_UNIT = 1 << 5,     /* unit after a number (年 月 日 % 件 …) */
    NB_CL_PUNCT = 1 << 6,    /* punctuation: not a character for 孤字 */
    NB_CL_DASH = 1 << 7,     /* — and …: pairs never split or spaced */
    NB_CL_BREAK_OK = 1 << 8  /* UAX #14 allows a break before this one */
};

typedef struct nb_cluster {
    uint32_t text_off, text_len; /* in nb_shaped.text */
    uint32_t glyph, nglyphs;     /* in nb_shaped.glyphs */
    uint32_t cp;                 /* first code point */
    uint16_t span;
    uint16_t flags; /* NB_CL_* */
    nb_mpt width;   /* sum of the glyphs' natural advances */
    nb_mpt tracking;
    nb_mpt size;
} nb_cluster;

typedef struct nb_shaped {
    char *text; /* the spans concatenated, owned */
    size_t len;
    nb_sglyph *glyphs;
    size_t nglyphs;
    nb_cluster *clusters;
    size_t nclusters;
} nb_shaped;

/* Shapes `spans` into `out` (zeroed first; free with nb_shaped_free even on
 * failure). */
nb_status nb_shape(const nb_fontset *fs, const nb_span *spans, size_t nspans, nb_shaped *out,
                   nb_diags *d);
void nb_shaped_free(nb_shaped *s);

/* Golden dump of a shaped paragraph: one line per cluster. */
void nb_shaped_dump(const nb_shaped *s, const nb_fontset *fs, FILE *out);

#endif
