#include "signature.h"

#include <string.h>

static nb_mpt natural_width(const nb_shaped *s)
{
    nb_mpt w = 0;
    for (size_t i = 0; i < s->nclusters; i++)
        w += s->clusters[i].width + (i + 1 < s->nclusters ? s->clusters[i].tracking : 0);
    return w;
}

nb_status nb_signature_place(const nb_shaped *name, const nb_shaped *date, nb_mpt width, nb_mpt em,
                             nb_sigplace *out)
{
    memset(out, 0, sizeof *out);
    nb_mpt right = width - 2 * em; /* 右空二字 */
    nb_mpt wd = natural_width(date);
    /* The date's rule can push the name left; wrapping the name again at
     * the narrower measure moves its last line, so settle in a few
     * rounds (two suffice in practice: the second only confirms). */
    nb_mpt shift = 0;
    for (int round = 0; round < 4; round++) {
        nb_breaks_free(&out->name);
        nb_status s = nb_break_balanced(name, right - shift, 0, NB_ALIGN_RIGHT, &out->name);
        if (s)
            return s;
        nb_mpt last_x = out->name.count ? out->name.lines[out->name.count - 1].offset : right;
        out->date_x = last_x + 2 * em;
        if (out->date_x + wd <= right - shift || right - shift <= 4 * em)
            break;
        /* 成文日期长于署名: the date two characters from the edge, the
         * name's last line starting two characters left of it. */
        nb_mpt want = right - wd - 2 * em;
        shift += last_x - want;
        if (shift > right - 4 * em)
            shift = right - 4 * em;
    }
    if (out->date_x + wd > right)
        out->date_x = right - wd;
    if (out->date_x < 0)
        out->date_x = 0;
    return NB_OK;
}
