/* The only place that touches libharu 2.3.0 internals (hpdf_objects.h,
 * hpdf_doc.h, hpdf_pages.h, hpdf_font.h). Everything else in draw/ uses the
 * public libharu API plus these few calls, whose arguments are public
 * handle types and plain C data.
 *
 * Ownership: every object these calls create belongs to the HPDF_Doc (its
 * xref or a container in it) as soon as it exists, so a failure half-way
 * leaks nothing once HPDF_Free runs. */
#ifndef NB_DRAW_HPDF_GLUE_H
#define NB_DRAW_HPDF_GLUE_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>

/* The libharu version these internals were checked against. */
#define NB_HG_TESTED_VERSION "2.3.0"

/* NULL when the linked libharu is the tested version, else the version
 * string it reports. */
const char *nb_hg_version_mismatch(void);

/* One embedded font: Type0 / Identity-H over a CIDFontType2 (TrueType,
 * CIDToGIDMap /Identity, FontFile2) or a CIDFontType0 (CFF, FontFile3
 * /CIDFontType0C). */
typedef struct nb_hg_font_spec {
    const char *base_font; /* "ABCDEF+PSName"; also the FontName */
    bool cff;
    const unsigned char *program; /* sfnt (TrueType) or bare CFF bytes */
    size_t program_len;
    size_t program_raw_len; /* before deflate (/Length1 of TrueType) */
    int bbox[4];            /* glyph space (1000/em) */
    /* Raw dictionary entries written into the CIDFont dict verbatim, e.g.
     * "/DW 1000\n/W [3 [500 550.781]]\n" (PDF syntax, no outer << >>). */
    const char *cid_entries;
    size_t cid_entries_len;
    const char *tounicode; /* the complete ToUnicode CMap program */
    size_t tounicode_len;
    /* The CIDFont's /CIDSystemInfo: what the font program declares (a
     * CID-keyed CFF's ROS); NULL registry = Adobe/Identity/0. */
    const char *registry, *ordering;
    int supplement;
    /* A /CIDSet stream in the descriptor (PDF/A): one bit per CID present
     * in the program, most significant bit first (deflated like the
     * program when `deflated`); NULL = none. */
    const unsigned char *cidset;
    size_t cidset_len;
    /* program and tounicode are zlib streams (nb_deflate): written as they
     * are with /Filter /FlateDecode. */
    bool deflated;
} nb_hg_font_spec;

/* Creates the font objects in `pdf`; *out can then be passed to
 * HPDF_Page_SetFontAndSize. Returns HPDF_OK or a libharu error code. */
HPDF_STATUS nb_hg_font_new(HPDF_Doc pdf, const nb_hg_font_spec *spec, HPDF_Font *out);

/* Appends raw bytes to the page's content stream. The page must be inside a
 * text object (after HPDF_Page_BeginText): meant for TJ arrays. */
HPDF_STATUS nb_hg_page_write_text(HPDF_Page page, const void *data, size_t len);

/* Sets Info `key` ("Title", "Author", ...) or an outline's /Title to a PDF
 * text string given as UTF-16BE (with its FE FF mark), written as hex. Used
 * for strings with characters above U+FFFF, which libharu's UTF-8 encoder
 * turns into spaces. The Info dictionary must already exist (set the entry
 * through HPDF_SetInfoAttr first). */
HPDF_STATUS nb_hg_info_set_utf16(HPDF_Doc pdf, const char *key, const unsigned char *utf16,
                                 size_t len);
HPDF_STATUS nb_hg_outline_set_utf16(HPDF_Outline outline, const unsigned char *utf16, size_t len);

/* After HPDF_Destination_SetXYZ: replaces the zoom by 0 ("keep the
 * viewer's zoom"), which the public call refuses. */
HPDF_STATUS nb_hg_dest_keep_zoom(HPDF_Destination dst);

/* ---- PDF/A ------------------------------------------------------------- */

/* The header's version (%PDF-1.x), e.g. HPDF_VER_17. */
HPDF_STATUS nb_hg_set_version(HPDF_Doc pdf, HPDF_PDFVer v);

/* The trailer's /ID: two 16-byte strings (the same for a new file). Set
 * before saving; libharu keeps an /ID it finds. */
HPDF_STATUS nb_hg_set_id(HPDF_Doc pdf, const unsigned char id[16]);

/* The catalog's /Metadata: an uncompressed /Type /Metadata /Subtype /XML
 * stream holding `xmp` (an XMP packet). */
HPDF_STATUS nb_hg_set_metadata(HPDF_Doc pdf, const char *xmp, size_t len);

/* ---- objects for the structure tree (tagged PDF) ------------------------ */

/* A dictionary or an array of libharu's, opaque outside this file. */
typedef void *nb_hg_obj;

/* A new dictionary: `indirect` registers it in the xref (an object of its
 * own, referenced wherever it is added), else it is direct (owned by the
 * one container it is added to). NULL when out of memory. */
nb_hg_obj nb_hg_dict_new(HPDF_Doc pdf, bool indirect);
nb_hg_obj nb_hg_array_new(HPDF_Doc pdf);
/* The catalog, and a page's dictionary. */
nb_hg_obj nb_hg_catalog(HPDF_Doc pdf);
nb_hg_obj nb_hg_page_obj(HPDF_Page page);

HPDF_STATUS nb_hg_dict_name(nb_hg_obj dict, const char *key, const char *name);
HPDF_STATUS nb_hg_dict_int(nb_hg_obj dict, const char *key, int value);
HPDF_STATUS nb_hg_dict_bool(nb_hg_obj dict, const char *key, bool value);
/* An ASCII string value, e.g. /Lang (zh-CN). */
HPDF_STATUS nb_hg_dict_string(nb_hg_obj dict, const char *key, const char *ascii);
HPDF_STATUS nb_hg_dict_obj(nb_hg_obj dict, const char *key, nb_hg_obj value);
HPDF_STATUS nb_hg_array_int(nb_hg_obj array, int value);
HPDF_STATUS nb_hg_array_obj(nb_hg_obj array, nb_hg_obj value);

/* An indirect dictionary whose entries are written verbatim from text set
 * later (nb_hg_raw_set), once the object numbers it refers to are known:
 * hundreds of structure elements cost one allocation each this way. */
nb_hg_obj nb_hg_raw_new(HPDF_Doc pdf);
HPDF_STATUS nb_hg_raw_set(nb_hg_obj dict, const char *text, size_t len);
/* The object number of an indirect object (a page, a dictionary). */
unsigned nb_hg_obj_id(nb_hg_obj obj);

/* Appends raw bytes to the page's content stream outside a text object
 * (marked-content operators around paths). */
HPDF_STATUS nb_hg_page_write_raw(HPDF_Page page, const void *data, size_t len);

#endif
