/* Just enough of a CFF (Compact Font Format) reader for the PDF backend:
 * whether a font is CID-keyed (its Top DICT has a ROS operator, 12 30) and
 * which CID each glyph carries (the charset). Never reads outside the table;
 * a malformed table is reported as "not CFF".
 *
 * The fonts module can use nb_cff_face_is_cid_keyed() to fill
 * nb_face.cid_keyed. */
#ifndef NB_DRAW_CFF_H
#define NB_DRAW_CFF_H

#include <hb.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct nb_cff_info {
    bool cid_keyed;   /* Top DICT has ROS */
    uint32_t nglyphs; /* CharStrings INDEX count */
    uint32_t charset; /* charset offset (0 when predefined / absent) */
    int32_t ros[3];   /* ROS operands: Registry SID, Ordering SID, Supplement */
    size_t strings;   /* offset of the String INDEX */
} nb_cff_info;

/* Parses the header, Name INDEX and the first Top DICT of a 'CFF ' table.
 * Returns false if the data is not a well-formed CFF. */
bool nb_cff_probe(const unsigned char *cff, size_t len, nb_cff_info *out);

/* Maps glyph ids to CIDs through the charset of a CID-keyed font in one
 * pass: `gids` must be sorted ascending (n entries, each < nglyphs); cids[i]
 * receives the CID of gids[i]. Returns false if the charset is unreadable or
 * the font is not CID-keyed (cids is then left undefined). */
bool nb_cff_map_cids(const unsigned char *cff, size_t len, const nb_cff_info *info,
                     const uint32_t *gids, size_t n, uint32_t *cids);

/* The string a SID names, when it is one of the font's own (SID >= 391,
 * the String INDEX): *out and *n point into `cff`. false for a standard
 * string or a bad SID. */
bool nb_cff_string(const unsigned char *cff, size_t len, const nb_cff_info *info, int32_t sid,
                   const unsigned char **out, size_t *n);

/* true when the face has a 'CFF ' table whose Top DICT has a ROS. */
bool nb_cff_face_is_cid_keyed(hb_face_t *face);

#endif
