/* Resolving font roles to faces: fontconfig for family names, FreeType to
 * validate files and read their metadata, HarfBuzz for everything the layout
 * measures. */
#include "fontset.h"

#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_CID_H
#include FT_FONT_FORMATS_H
#include <hb-ot.h>
#include <string.h>
#include <strings.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../model/layout.h"
#include "../util/alloc.h"
#include "../util/hash.h"
#include "fontcache.h"

uint32_t nb_face_glyph(const nb_face *f, uint32_t cp)
{
    hb_codepoint_t g = 0;
    if (!hb_font_get_nominal_glyph(f->hb_font, cp, &g))
        return 0;
    return g;
}

int nb_fontset_pick(const nb_fontset *fs, size_t role, uint32_t cp)
{
    if (role >= fs->nroles)
        return -1;
    const nb_role_faces *r = &fs->roles[role];
    for (size_t i = 0; i < r->count; i++)
        if (nb_face_glyph(fs->faces[r->faces[i]], cp))
            return r->faces[i];
    return -1;
}

void nb_face_free(nb_face *f)
{
    if (!f)
        return;
    hb_font_destroy(f->hb_font);
    hb_face_destroy(f->hb_face);
    hb_blob_destroy(f->blob);
    nb_free(f->path);
    nb_free(f->family);
    nb_free(f->psname);
    nb_free(f);
}

void nb_fontset_free(nb_fontset *fs)
{
    if (!fs)
        return;
    for (size_t i = 0; i < fs->nfaces; i++)
        nb_face_free(fs->faces[i]);
    for (size_t i = 0; i < fs->nroles; i++) {
        nb_free(fs->roles[i].name);
        nb_free(fs->roles[i].faces);
    }
    nb_free(fs->faces);
    nb_free(fs->roles);
    nb_free(fs);
}

/* A PostScript name safe for /BaseFont: printable ASCII without the PDF
 * delimiters; faces without one get a name derived from the file. */
static char *clean_psname(const char *name, const char *path)
{
    const char *src = name && *name ? name : strrchr(path, '/');
    src = src ? (src[0] == '/' ? src + 1 : src) : "Font";
    char *out = nb_strdup(src);
    if (!out)
        return NULL;
    for (char *p = out; *p; p++)
        if (*p <= ' ' || *p >= 127 || strchr("()<>[]{}/%#", *p))
            *p = '-';
    return out;
}

bool nb_face_make_hb(nb_face *f)
{
    f->hb_face = hb_face_create(f->blob, f->index);
    f->hb_font = hb_font_create(f->hb_face);
    if (hb_face_get_glyph_count(f->hb_face) == 0 && hb_blob_get_length(f->blob) > 0)
        return false; /* the empty face: HarfBuzz ran out of memory */
    hb_ot_font_set_funcs(f->hb_font);
    hb_font_set_scale(f->hb_font, (int)f->upem, (int)f->upem);
    hb_face_make_immutable(f->hb_face);
    hb_font_make_immutable(f->hb_font);
    return true;
}

/* Loads and validates one face. Errors name the file and, through `pos`,
 * the line of the role map that asked for it. */
static nb_status face_load(FT_Library ft, const char *path, unsigned index, nb_pos pos,
                           nb_face **out, nb_diags *d)
{
    *out = NULL;
    struct stat st;
    if (stat(path, &st) != 0)
        return nb_diag_at(d, NB_ERROR, NB_ERR_IO, pos, "cannot read font file '%s': %s", path,
                          strerror(errno));
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    if (!blob)
        return nb_diag_at(d, NB_ERROR, NB_ERR_IO, pos, "cannot read font file '%s'", path);
    unsigned len = 0;
    const char *data = hb_blob_get_data(blob, &len);
    FT_Face ftf = NULL;
    FT_Error err = FT_New_Memory_Face(ft, (const FT_Byte *)data, (FT_Long)len, -1, &ftf);
    if (err) {
        hb_blob_destroy(blob);
        return nb_diag_at(d, NB_ERROR, NB_ERR_FONT, pos,
                          "'%s' is not a font FreeType can read (error %d)", path, err);
    }
    long nfaces = ftf->num_faces;
    FT_Done_Face(ftf);
    if ((long)index >= nfaces) {
        hb_blob_destroy(blob);
        return nb_diag_at(d, NB_ERROR, NB_ERR_FONT, pos,
                          "face index %u is out of range: '%s' has %ld face%s", index, path, nfaces,
                          nfaces == 1 ? "" : "s");
    }
    err = FT_New_Memory_Face(ft, (const FT_Byte *)data, (FT_Long)len, (FT_Long)index, &ftf);
    if (err) {
        hb_blob_destroy(blob);
        return nb_diag_at(d, NB_ERROR, NB_ERR_FONT, pos, "cannot open face %u of '%s'", index,
                          path);
    }
    const char *format = FT_Get_Font_Format(ftf);
    bool is_cff = format && strcmp(format, "CFF") == 0;
    bool is_tt = format && strcmp(format, "TrueType") == 0;
    if (!is_cff && !is_tt) {
        nb_status s = nb_diag_at(d, NB_ERROR, NB_ERR_FONT, pos,
                                 "'%s' is a %s font; only TrueType and OpenType fonts "
                                 "can be embedded",
                                 path, format ? format : "unknown");
        FT_Done_Face(ftf);
        hb_blob_destroy(blob);
        return s;
    }
    nb_face *f = nb_calloc(1, sizeof *f);
    if (!f) {
        FT_Done_Face(ftf);
        hb_blob_destroy(blob);
        return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, pos, "out of memory loading font '%s'", path);
    }
    f->blob = blob;
    f->index = index;
    f->is_cff = is_cff;
    FT_Bool cid = 0;
    f->cid_keyed = is_cff && FT_Get_CID_Is_Internally_CID_Keyed(ftf, &cid) == 0 && cid;
    f->upem = ftf->units_per_EM ? ftf->units_per_EM : 1000;
    f->ascender = ftf->ascender;
    f->descender = ftf->descender;
    f->bbox[0] = (int)ftf->bbox.xMin;
    f->bbox[1] = (int)ftf->bbox.yMin;
    f->bbox[2] = (int)ftf->bbox.xMax;
    f->bbox[3] = (int)ftf->bbox.yMax;
    f->path = nb_strdup(path);
    f->family = nb_strdup(ftf->family_name ? ftf->family_name : "");
    f->psname = clean_psname(FT_Get_Postscript_Name(ftf), path);
    /* Identity of the file for manifests: size and a hash of its first and
     * last 64 KiB. Hashing 20 MB collections whole would cost more than a
     * render. */
    uint64_t h = nb_hash(NB_HASH_INIT, &len, sizeof len);
    unsigned head = len < 65536 ? len : 65536;
    h = nb_hash(h, data, head);
    h = nb_hash(h, data + len - head, head);
    f->file_hash = h;
    f->file_size = (long long)st.st_size;
    f->file_mtime = st.st_mtim;
    FT_Done_Face(ftf);
    if (!f->path || !f->family || !f->psname || !nb_face_make_hb(f)) {
        nb_face_free(f);
        return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, pos, "out of memory loading font '%s'", path);
    }
    *out = f;
    return NB_OK;
}

/* Asks fontconfig for `family`. Fontconfig always answers with *some* font;
 * only an answer whose family list contains the one asked for counts, so a
 * missing 仿宋_GB2312 is skipped instead of silently becoming DejaVu. */
static nb_status fc_find(FcConfig *fc, const char *family, char **path, int *index, bool *found_out)
{
    *found_out = false;
    FcPattern *pat = FcPatternCreate();
    if (!pat)
        return NB_ERR_NOMEM;
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    FcConfigSubstitute(fc, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *m = FcFontMatch(fc, pat, &res);
    FcPatternDestroy(pat);
    bool found = false;
    if (m) {
        FcChar8 *fam;
        for (int i = 0; FcPatternGetString(m, FC_FAMILY, i, &fam) == FcResultMatch; i++)
            if (strcasecmp((const char *)fam, family) == 0)
                found = true;
        FcChar8 *file;
        int idx = 0;
        if (found && FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch) {
            FcPatternGetInteger(m, FC_INDEX, 0, &idx);
            *path = nb_strdup((const char *)file);
            *index = idx;
            if (!*path) {
                FcPatternDestroy(m);
                return NB_ERR_NOMEM; /* not "not installed": that would pick another font */
            }
        } else {
            found = false;
        }
        FcPatternDestroy(m);
    }
    *found_out = found;
    return NB_OK;
}

/* Returns the index of the face (path, index) in fs, loading it once. */
static nb_status intern_face(nb_fontset *fs, FT_Library ft, const char *path, unsigned index,
                             nb_pos pos, int *out, nb_diags *d)
{
    for (size_t i = 0; i < fs->nfaces; i++)
        if (fs->faces[i]->index == index && strcmp(fs->faces[i]->path, path) == 0) {
            *out = (int)i;
            return NB_OK;
        }
    if (fs->nfaces == NB_MAX_FACES)
        return nb_diag_at(d, NB_ERROR, NB_ERR_LIMIT, pos, "more than %d font faces in one layout",
                          NB_MAX_FACES);
    nb_face *f;
    nb_status s = face_load(ft, path, index, pos, &f, d);
    if (s)
        return s;
    fs->faces[fs->nfaces] = f;
    *out = (int)fs->nfaces++;
    return NB_OK;
}

/* Resolves one chain entry to a face; *out = -1 when it is not installed. */
static nb_status resolve_source(nb_fontset *fs, FT_Library ft, FcConfig *fc, const nb_fontsrc *src,
                                int *out, nb_diags *d)
{
    *out = -1;
    if (src->kind == NB_FONTSRC_FILE) {
        if (access(src->name, F_OK) != 0)
            return NB_OK; /* not on this machine: the next entry serves */
        return intern_face(fs, ft, src->name, (unsigned)src->index, src->pos, out, d);
    }
    char *path = NULL;
    int index = 0;
    bool found;
    nb_status s = fc_find(fc, src->name, &path, &index, &found);
    if (s || !found)
        return s;
    s = intern_face(fs, ft, path, (unsigned)index, src->pos, out, d);
    nb_free(path);
    return s;
}

/* A role override from the command line: "role=FAMILY" or "role=/path". */
static nb_status apply_override(const nb_layout *l, const char *spec, nb_fontsrc *src, size_t *role,
                                nb_diags *d)
{
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec || !eq[1])
        return nb_diag_at(d, NB_ERROR, NB_ERR_USAGE, NB_NOPOS,
                          "--font expects ROLE=FAMILY or ROLE=FILE, got '%s'", spec);
    char *name = nb_strndup(spec, (size_t)(eq - spec));
    if (!name)
        return NB_ERR_NOMEM;
    *role = nb_layout_role_index(l, name);
    nb_free(name);
    if (*role == (size_t)-1)
        return nb_diag_at(d, NB_ERROR, NB_ERR_USAGE, NB_NOPOS,
                          "--font: the layout has no font role '%.*s'", (int)(eq - spec), spec);
    const char *value = eq + 1;
    const char *colon = strrchr(value, ':');
    src->kind = strchr(value, '/') ? NB_FONTSRC_FILE : NB_FONTSRC_FAMILY;
    src->index = 0;
    src->pos = NB_NOPOS;
    size_t n = strlen(value);
    if (src->kind == NB_FONTSRC_FILE && colon && colon[1] >= '0' && colon[1] <= '9') {
        src->index = atoi(colon + 1); /* /path/font.ttc:2 */
        n = (size_t)(colon - value);
    }
    src->name = nb_strndup(value, n);
    return src->name ? NB_OK : NB_ERR_NOMEM;
}

static nb_status add_role_face(nb_role_faces *r, int face)
{
    for (size_t i = 0; i < r->count; i++)
        if (r->faces[i] == face)
            return NB_OK;
    uint16_t *v = nb_realloc(r->faces, (r->count + 1) * sizeof *v);
    if (!v)
        return NB_ERR_NOMEM;
    r->faces = v;
    r->faces[r->count++] = (uint16_t)face;
    return NB_OK;
}

/* Resolves every role with fontconfig and validates every face with
 * FreeType: what a run does when the resolution cache has no valid entry. */
static nb_status resolve_all(const nb_layout *layout, const char *const *overrides,
                             nb_fontset **out, nb_diags *d)
{
    *out = NULL;
    /* A configuration of our own, destroyed below: the library leaves no
     * fontconfig state behind (FcInit's global would stay allocated). */
    FcConfig *fc = FcInitLoadConfigAndFonts();
    if (!fc)
        return nb_diag_at(d, NB_ERROR, NB_ERR_FONT, NB_NOPOS, "fontconfig failed to start");
    FT_Library ft;
    if (FT_Init_FreeType(&ft)) {
        FcConfigDestroy(fc);
        return nb_diag_at(d, NB_ERROR, NB_ERR_FONT, NB_NOPOS, "FreeType failed to start");
    }
    nb_status s = NB_ERR_NOMEM;
    nb_fontset *fs = nb_calloc(1, sizeof *fs);
    if (!fs)
        goto done;
    fs->faces = nb_calloc(NB_MAX_FACES, sizeof *fs->faces);
    fs->roles = nb_calloc(layout->nroles, sizeof *fs->roles);
    if (!fs->faces || !fs->roles)
        goto done;
    fs->nroles = layout->nroles;
    for (size_t i = 0; i < layout->nroles; i++)
        if (!(fs->roles[i].name = nb_strdup(layout->roles[i].name)))
            goto done;
    s = NB_OK;
    /* Command-line overrides go first in their role's chain. */
    for (size_t k = 0; overrides && overrides[k]; k++) {
        nb_fontsrc src = {0};
        size_t role = 0;
        nb_status o = apply_override(layout, overrides[k], &src, &role, d);
        if (o) {
            s = s ? s : o;
            continue;
        }
        int face;
        o = resolve_source(fs, ft, fc, &src, &face, d);
        if (!o && face < 0)
            o = nb_diag_at(d, NB_ERROR, NB_ERR_FONT, NB_NOPOS, "--font %s: no such font installed",
                           overrides[k]);
        if (!o)
            o = add_role_face(&fs->roles[role], face);
        nb_free(src.name);
        if (o && !s)
            s = o;
    }
    for (size_t i = 0; i < layout->nroles; i++) {
        const nb_role *r = &layout->roles[i];
        for (size_t j = 0; j < r->count; j++) {
            int face;
            nb_status o = resolve_source(fs, ft, fc, &r->chain[j], &face, d);
            if (!o && face >= 0)
                o = add_role_face(&fs->roles[i], face);
            if (o && !s)
                s = o;
        }
        if (fs->roles[i].count == 0 && !s)
            s = nb_diag_at(d, NB_ERROR, NB_ERR_FONT, r->pos,
                           "font role '%s' resolves to nothing: none of its %zu "
                           "fonts is installed; install one or add a 'file:' entry",
                           r->name, r->count);
    }
done:
    FT_Done_FreeType(ft);
    FcConfigDestroy(fc);
    if (s) {
        nb_fontset_free(fs);
        return s == NB_ERR_NOMEM ? nb_diag_nomem(d) : s; /* said once (diag.h) */
    }
    *out = fs;
    return NB_OK;
}

nb_status nb_fontset_load(const nb_layout *layout, const char *const *overrides, nb_fontset **out,
                          nb_diags *d)
{
    /* fontconfig's start-up (parsing its XML configuration) and FreeType's
     * validation of every face cost more than a whole render; a resolution
     * is kept in the cache and reused while the font files and fontconfig's
     * configuration are unchanged. */
    if (nb_fontcache_load(layout, overrides, out))
        return NB_OK;
    nb_status s = resolve_all(layout, overrides, out, d);
    if (s == NB_OK)
        nb_fontcache_store(layout, overrides, *out);
    return s;
}
