/* Resolved fonts: each role of the layout is a fallback chain of faces.
 *
 * A face is loaded once per process (hb_blob over the file, hb_face,
 * hb_font with hb-ot functions at scale = upem) and checked with FreeType so
 * that a file that is not a font, or a face index out of range, is an error
 * naming the file. The set is immutable after nb_fontset_load, so batch
 * workers share it without locks. */
#ifndef NB_FONTS_FONTSET_H
#define NB_FONTS_FONTSET_H

#include <hb.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "../nianbao.h"

/* The most faces one document may use; each is a PDF font object. */
#define NB_MAX_FACES 64

typedef struct nb_face {
    char *path;
    unsigned index;  /* face index inside a collection */
    char *family;    /* family name as fontconfig / the name table gives it */
    char *psname;    /* PostScript name, for /BaseFont (ASCII, no spaces) */
    hb_blob_t *blob; /* whole file */
    hb_face_t *hb_face;
    hb_font_t *hb_font; /* scale = upem: advances in font units */
    unsigned upem;
    bool is_cff;                /* outlines in a CFF table (else glyf) */
    bool cid_keyed;             /* CFF with a ROS: glyph ids are CIDs (Noto CJK) */
    int ascender, descender;    /* font units, from hhea/OS2 */
    int bbox[4];                /* head.xMin yMin xMax yMax, font units */
    uint64_t file_hash;         /* content hash of the file (manifests) */
    long long file_size;        /* identity of the file for the caches: */
    struct timespec file_mtime; /* size and mtime as when it was read */

} nb_face;

typedef struct nb_role_faces {
    char *name;
    uint16_t *faces; /* indexes into nb_fontset.faces, in fallback order */
    size_t count;
} nb_role_faces;

struct nb_fontset {
    nb_face **faces; /* distinct faces (same file+index loaded once) */
    size_t nfaces;
    nb_role_faces *roles; /* parallel to nb_layout.roles */
    size_t nroles;
};

/* For fonts/ only: hb objects over f->blob (f->index, f->upem set), and
 * freeing a face. */
bool nb_face_make_hb(nb_face *f);
void nb_face_free(nb_face *f);

/* Glyph id of code point `cp` in face `f`, 0 if the face lacks it. */
uint32_t nb_face_glyph(const nb_face *f, uint32_t cp);

/* The first face of `role` (index into layout roles) that covers `cp`;
 * returns the face index into fs->faces, or -1 if none does. */
int nb_fontset_pick(const nb_fontset *fs, size_t role, uint32_t cp);

#endif
