/* Per-face glyph collection and subsetting for the PDF backend.
 *
 * Collect every glyph a document draws with a face (nb_fsub_use), then
 * nb_fsub_finish subsets the face with hb-subset and prepares what the font
 * objects need: the content codes (CIDs) of the glyphs, their /W widths, the
 * /DW + /W entries, the ToUnicode CMap and the subset tag. Independent of
 * libharu. */
#ifndef NB_DRAW_FONTSUB_H
#define NB_DRAW_FONTSUB_H

#include <hb.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../fonts/fontset.h"
#include "../nianbao.h"
#include "../util/buf.h"

typedef struct nb_fsglyph {
    uint32_t gid;      /* glyph id in the original face */
    uint32_t code;     /* 2-byte code written in content (= CID) */
    int32_t w;         /* /W width in 1/1000 glyph-space units (1e-6 em);
                          a whole number of glyph-space units (see .c) */
    uint32_t text_len; /* cluster text for ToUnicode (0 = none seen) */
    const char *text;  /* borrowed from the nb_doc */
} nb_fsglyph;

typedef struct nb_fsub {
    const nb_face *face;
    uint32_t nslots; /* glyph count of the face */
    uint32_t *slot;  /* gid -> 1 + index into glyphs; 0 = unused */
    nb_fsglyph *glyphs;
    size_t n, cap;

    int deflate_level; /* set before nb_fsub_finish: 0 = leave the program
                          plain, else deflate it (nb_deflate) at this level */

    /* Set by nb_fsub_finish. */
    bool cff;               /* embed as CIDFontType0 (CFF) */
    char base_font[160];    /* "ABCDEF+PSName" */
    int bbox[4];            /* glyph space, 1000/em */
    nb_buf program;         /* sfnt or bare CFF table; deflated if asked */
    size_t program_raw_len; /* its length before deflate */
    nb_buf cid_entries;     /* "/DW ...\n/W [...]\n" */
    nb_buf tounicode;       /* the CMap program */
} nb_fsub;

nb_status nb_fsub_init(nb_fsub *s, const nb_face *face);
void nb_fsub_free(nb_fsub *s);

/* Slow path of nb_fsub_use; records "out of memory" in d when it fails. */
nb_status nb_fsub_add(nb_fsub *s, uint32_t gid, const char *text, uint32_t len, nb_diags *d);

/* Records one use of `gid` with its cluster text (len 0 = a glyph after the
 * first of its cluster). gid must be in 1..nslots-1 (checked by caller). */
static inline nb_status nb_fsub_use(nb_fsub *s, uint32_t gid, const char *text, uint32_t len,
                                    nb_diags *d)
{
    uint32_t k = s->slot[gid];
    if (k) {
        nb_fsglyph *g = &s->glyphs[k - 1];
        if (!g->text_len && len) {
            g->text = text;
            g->text_len = len;
        }
        return NB_OK;
    }
    return nb_fsub_add(s, gid, text, len, d);
}

/* The record for `gid` (must have been used); valid after nb_fsub_finish. */
static inline const nb_fsglyph *nb_fsub_glyph(const nb_fsub *s, uint32_t gid)
{
    return &s->glyphs[s->slot[gid] - 1];
}

/* Subsets the face (or takes the subset from the persistent cache) and
 * builds codes, widths, tag, /W and ToUnicode. Every failure, out of memory
 * included, is recorded in d. */
nb_status nb_fsub_finish(nb_fsub *s, nb_diags *d);

/* Formats v/1000 with up to 3 decimals, locale-independently, into out
 * (at least 24 bytes); returns the length. */
int nb_fmt_milli(char *out, int64_t v);

#endif
