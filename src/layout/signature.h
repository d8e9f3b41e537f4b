/* Where 署名 and 成文日期 go (GB/T 9704-2012 §7.3.5.2, a document without a
 * seal): the signing body two characters from the right edge of the text
 * block, the date on the next line, its first character two characters
 * right of the name's first; a date longer than the name goes two
 * characters from the edge and pushes the name left. A name too long for
 * one line wraps, every line right-aligned, and the date keeps that rule
 * relative to the name's last line. Nothing leaves the text block. */
#ifndef NB_LAYOUT_SIGNATURE_H
#define NB_LAYOUT_SIGNATURE_H

#include "../break/lines.h"

typedef struct nb_sigplace {
    nb_breaks name; /* the name's lines; each line's offset is its x */
    nb_mpt date_x;
} nb_sigplace;

/* Places the shaped `name` and `date` on a block `width` wide, `em` the
 * style's character pitch. Free `out->name` with nb_breaks_free. */
nb_status nb_signature_place(const nb_shaped *name, const nb_shaped *date, nb_mpt width, nb_mpt em,
                             nb_sigplace *out);

#endif
