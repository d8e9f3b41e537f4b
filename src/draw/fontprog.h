/* What PDF/A asks of an embedded subset beyond what fontsub prepares, read
 * back from the subset program itself so that the PDF cannot disagree with
 * it: the CIDSet (every CID the program holds) and the CIDSystemInfo a
 * CID-keyed CFF declares in its ROS (Adobe-GB1-5 for Fandol), where the
 * font dictionaries used to say Adobe-Identity-0. */
#ifndef NB_DRAW_FONTPROG_H
#define NB_DRAW_FONTPROG_H

#include "../util/buf.h"
#include "fontsub.h"

typedef struct nb_fprog {
    nb_buf cidset;     /* bitmap, MSB first; empty when not asked for */
    bool has_ros;      /* registry/ordering/supplement are the CFF's ROS */
    char registry[64]; /* else Adobe-Identity-0 stands */
    char ordering[64];
    int supplement;
} nb_fprog;

/* Reads the finished subset `s`: the ROS from its face, and with
 * `cidset` the bitmap from its program (which must still be there, a zlib
 * stream when `deflated`). NB_ERR_NOMEM, or NB_ERR_FONT when the program
 * cannot be read. */
nb_status nb_fprog_read(const nb_fsub *s, bool cidset, bool deflated, nb_fprog *out);
void nb_fprog_free(nb_fprog *p);

#endif
