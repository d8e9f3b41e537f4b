/* libharu 2.3.0 internals, kept in this one file (see hpdf_glue.h).
 *
 * What is relied upon (all from the installed 2.3.0 headers):
 *  - HPDF_Doc_Rec.mmgr / .xref / .info;
 *  - HPDF_Dict_Rec: header.obj_class, stream, filter, attr, write_fn,
 *    free_fn; HPDF_DictStream_New, HPDF_Dict_New, HPDF_Xref_Add,
 *    HPDF_Dict_Add*, HPDF_Array_*, HPDF_String_New, HPDF_Binary_New;
 *  - HPDF_Dict_Write: it drops /Filter from a stream whose `filter` is NONE
 *    and calls write_fn just before ">>" (our streams come deflated, and
 *    their /Filter is written by write_fn);
 *  - HPDF_Page_SetFontAndSize only checks obj_class == FONT|DICT, a
 *    non-NULL attr (an HPDF_FontAttr_Rec: writing_mode is read) and mmgr;
 *  - HPDF_PageAttr_Rec.stream / .gmode;
 *  - HPDF_Dict_Add replaces an existing key (freeing the old direct value).
 */
#include "hpdf_glue.h"

#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_mmgr.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <stdint.h>
#include <string.h>

const char *nb_hg_version_mismatch(void)
{
    const char *v = HPDF_GetVersion();
    if (v && strcmp(v, NB_HG_TESTED_VERSION) == 0)
        return NULL;
    return v ? v : "(unknown)";
}

/* ---- raw dictionary entries --------------------------------------------- */

/* Stored in the dict's attr (unused by plain dicts), allocated from the
 * document's mmgr and freed by free_fn with the dict. */
typedef struct raw_entries {
    HPDF_UINT len;
    char text[];
} raw_entries;

static HPDF_STATUS raw_write(HPDF_Dict obj, HPDF_Stream stream)
{
    raw_entries *r = obj->attr;
    if (!r || r->len == 0)
        return HPDF_OK;
    return HPDF_Stream_Write(stream, (const HPDF_BYTE *)r->text, r->len);
}

static void raw_free(HPDF_Dict obj)
{
    if (obj->attr)
        HPDF_FreeMem(obj->mmgr, obj->attr);
    obj->attr = NULL;
}

static HPDF_STATUS set_raw_entries(HPDF_Dict dict, const char *text, size_t len)
{
    if (len > 0x7fffffffu - sizeof(raw_entries))
        return HPDF_INVALID_PARAMETER;
    raw_entries *r = HPDF_GetMem(dict->mmgr, (HPDF_UINT)(sizeof *r + len));
    if (!r)
        return HPDF_Error_GetCode(dict->error);
    r->len = (HPDF_UINT)len;
    if (len)
        memcpy(r->text, text, len);
    dict->attr = r;
    dict->free_fn = raw_free;
    dict->write_fn = raw_write;
    return HPDF_OK;
}

/* ---- fonts --------------------------------------------------------------- */

static void font_free(HPDF_Dict obj)
{
    if (obj->attr)
        HPDF_FreeMem(obj->mmgr, obj->attr);
    obj->attr = NULL;
}

/* A stream object registered in the xref holding a copy of data: plain,
 * or (deflated) bytes that already are a zlib stream. libharu drops a
 * /Filter key from a stream it did not compress itself (HPDF_Dict_Write),
 * so the filter of a deflated stream is written as a raw entry instead. */
static HPDF_Dict new_stream(HPDF_Doc pdf, const void *data, size_t len, bool deflated,
                            HPDF_STATUS *st)
{
    if (len > 0x7fffffffu) {
        *st = HPDF_INVALID_PARAMETER;
        return NULL;
    }
    HPDF_Dict s = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!s) {
        *st = HPDF_Error_GetCode(&pdf->error);
        return NULL;
    }
    s->filter = HPDF_STREAM_FILTER_NONE;
    static const char flate[] = "/Filter /FlateDecode\n";
    if (deflated && (*st = set_raw_entries(s, flate, sizeof flate - 1)) != HPDF_OK)
        return NULL;
    *st = HPDF_Stream_Write(s->stream, (const HPDF_BYTE *)data, (HPDF_UINT)len);
    return *st == HPDF_OK ? s : NULL;
}

/* Creates a dict and registers it in the xref (which then owns it). */
static HPDF_Dict new_indirect(HPDF_Doc pdf, HPDF_STATUS *st)
{
    HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
    if (!d) {
        *st = HPDF_Error_GetCode(&pdf->error);
        return NULL;
    }
    *st = HPDF_Xref_Add(pdf->xref, d); /* frees d on failure */
    return *st == HPDF_OK ? d : NULL;
}

#define TRY(expr)                                                                                  \
    do {                                                                                           \
        HPDF_STATUS try_st_ = (expr);                                                              \
        if (try_st_ != HPDF_OK)                                                                    \
            return try_st_ ? try_st_ : HPDF_INVALID_OBJECT;                                        \
    } while (0)

#define NEED(ptr)                                                                                  \
    do {                                                                                           \
        if (!(ptr))                                                                                \
            return st != HPDF_OK ? st : HPDF_FAILD_TO_ALLOC_MEM;                                   \
    } while (0)

HPDF_STATUS nb_hg_font_new(HPDF_Doc pdf, const nb_hg_font_spec *sp, HPDF_Font *out)
{
    HPDF_STATUS st = HPDF_OK;
    *out = NULL;
    if (!HPDF_HasDoc(pdf))
        return HPDF_INVALID_DOCUMENT;
    HPDF_MMgr mm = pdf->mmgr;

    /* font program */
    HPDF_Dict file = new_stream(pdf, sp->program, sp->program_len, sp->deflated, &st);
    NEED(file);
    if (sp->cff)
        TRY(HPDF_Dict_AddName(file, "Subtype", "CIDFontType0C"));
    else
        TRY(HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)sp->program_raw_len));

    /* FontDescriptor */
    HPDF_Dict desc = new_indirect(pdf, &st);
    NEED(desc);
    TRY(HPDF_Dict_AddName(desc, "Type", "FontDescriptor"));
    TRY(HPDF_Dict_AddName(desc, "FontName", sp->base_font));
    TRY(HPDF_Dict_AddNumber(desc, "Flags", 4));
    HPDF_Array bbox = HPDF_Array_New(mm);
    NEED(bbox);
    TRY(HPDF_Dict_Add(desc, "FontBBox", bbox));
    for (int i = 0; i < 4; i++)
        TRY(HPDF_Array_AddNumber(bbox, sp->bbox[i]));
    TRY(HPDF_Dict_AddNumber(desc, "ItalicAngle", 0));
    TRY(HPDF_Dict_AddNumber(desc, "Ascent", 880));
    TRY(HPDF_Dict_AddNumber(desc, "Descent", -120));
    TRY(HPDF_Dict_AddNumber(desc, "CapHeight", 700));
    TRY(HPDF_Dict_AddNumber(desc, "StemV", 80));
    TRY(HPDF_Dict_Add(desc, sp->cff ? "FontFile3" : "FontFile2", file));
    if (sp->cidset) {
        HPDF_Dict cs = new_stream(pdf, sp->cidset, sp->cidset_len, sp->deflated, &st);
        NEED(cs);
        TRY(HPDF_Dict_Add(desc, "CIDSet", cs));
    }

    /* descendant CIDFont */
    HPDF_Dict cid = new_indirect(pdf, &st);
    NEED(cid);
    TRY(HPDF_Dict_AddName(cid, "Type", "Font"));
    TRY(HPDF_Dict_AddName(cid, "Subtype", sp->cff ? "CIDFontType0" : "CIDFontType2"));
    TRY(HPDF_Dict_AddName(cid, "BaseFont", sp->base_font));
    HPDF_Dict csi = HPDF_Dict_New(mm);
    NEED(csi);
    TRY(HPDF_Dict_Add(cid, "CIDSystemInfo", csi));
    HPDF_String s = HPDF_String_New(mm, sp->registry ? sp->registry : "Adobe", NULL);
    NEED(s);
    TRY(HPDF_Dict_Add(csi, "Registry", s));
    s = HPDF_String_New(mm, sp->registry ? sp->ordering : "Identity", NULL);
    NEED(s);
    TRY(HPDF_Dict_Add(csi, "Ordering", s));
    TRY(HPDF_Dict_AddNumber(csi, "Supplement", sp->registry ? sp->supplement : 0));
    TRY(HPDF_Dict_Add(cid, "FontDescriptor", desc));
    if (!sp->cff)
        TRY(HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity"));
    TRY(set_raw_entries(cid, sp->cid_entries, sp->cid_entries_len));

    /* ToUnicode */
    HPDF_Dict tu = new_stream(pdf, sp->tounicode, sp->tounicode_len, sp->deflated, &st);
    NEED(tu);

    /* Type0 font, tagged so that HPDF_Page_SetFontAndSize accepts it */
    HPDF_Dict font = HPDF_Dict_New(mm);
    if (!font)
        return HPDF_Error_GetCode(&pdf->error) ? HPDF_Error_GetCode(&pdf->error)
                                               : HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_FontAttr attr = HPDF_GetMem(mm, sizeof(HPDF_FontAttr_Rec));
    if (!attr) {
        HPDF_Dict_Free(font);
        return HPDF_FAILD_TO_ALLOC_MEM;
    }
    memset(attr, 0, sizeof *attr);
    attr->type = sp->cff ? HPDF_FONT_TYPE0_CID : HPDF_FONT_TYPE0_TT;
    attr->writing_mode = HPDF_WMODE_HORIZONTAL;
    attr->xref = pdf->xref;
    attr->descendant_font = cid;
    font->header.obj_class |= HPDF_OSUBCLASS_FONT;
    font->attr = attr;
    font->free_fn = font_free;
    TRY(HPDF_Xref_Add(pdf->xref, font)); /* frees font (and attr) on failure */
    TRY(HPDF_Dict_AddName(font, "Type", "Font"));
    TRY(HPDF_Dict_AddName(font, "Subtype", "Type0"));
    TRY(HPDF_Dict_AddName(font, "BaseFont", sp->base_font));
    TRY(HPDF_Dict_AddName(font, "Encoding", "Identity-H"));
    HPDF_Array desc_fonts = HPDF_Array_New(mm);
    NEED(desc_fonts);
    TRY(HPDF_Dict_Add(font, "DescendantFonts", desc_fonts));
    TRY(HPDF_Array_Add(desc_fonts, cid));
    TRY(HPDF_Dict_Add(font, "ToUnicode", tu));

    *out = font;
    return HPDF_OK;
}

/* ---- pages --------------------------------------------------------------- */

HPDF_STATUS nb_hg_page_write_text(HPDF_Page page, const void *data, size_t len)
{
    if (!HPDF_Page_Validate(page))
        return HPDF_INVALID_PAGE;
    HPDF_PageAttr attr = page->attr;
    if (attr->gmode != HPDF_GMODE_TEXT_OBJECT)
        return HPDF_PAGE_INVALID_GMODE;
    if (len > 0x7fffffffu)
        return HPDF_INVALID_PARAMETER;
    return HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)data, (HPDF_UINT)len);
}

/* ---- text strings -------------------------------------------------------- */

static HPDF_STATUS dict_set_binary(HPDF_Dict dict, const char *key, const unsigned char *bytes,
                                   size_t len)
{
    if (len > HPDF_LIMIT_MAX_STRING_LEN)
        return HPDF_STRING_OUT_OF_RANGE;
    HPDF_Binary b = HPDF_Binary_New(dict->mmgr, (HPDF_BYTE *)bytes, (HPDF_UINT)len);
    if (!b)
        return HPDF_Error_GetCode(dict->error) ? HPDF_Error_GetCode(dict->error)
                                               : HPDF_FAILD_TO_ALLOC_MEM;
    return HPDF_Dict_Add(dict, key, b);
}

HPDF_STATUS nb_hg_info_set_utf16(HPDF_Doc pdf, const char *key, const unsigned char *utf16,
                                 size_t len)
{
    if (!HPDF_HasDoc(pdf))
        return HPDF_INVALID_DOCUMENT;
    if (!pdf->info)
        return HPDF_INVALID_OBJECT;
    return dict_set_binary(pdf->info, key, utf16, len);
}

HPDF_STATUS nb_hg_outline_set_utf16(HPDF_Outline outline, const unsigned char *utf16, size_t len)
{
    if (!outline || outline->header.obj_class != (HPDF_OSUBCLASS_OUTLINE | HPDF_OCLASS_DICT))
        return HPDF_INVALID_OUTLINE;
    return dict_set_binary(outline, "Title", utf16, len);
}

HPDF_STATUS nb_hg_dest_keep_zoom(HPDF_Destination dst)
{
    if (!dst || dst->header.obj_class != (HPDF_OCLASS_ARRAY | HPDF_OSUBCLASS_DESTINATION))
        return HPDF_INVALID_DESTINATION;
    /* [page /XYZ left top zoom] */
    HPDF_Real zoom = HPDF_Array_GetItem(dst, 4, HPDF_OCLASS_REAL);
    if (!zoom)
        return HPDF_INVALID_DESTINATION;
    zoom->value = 0;
    return HPDF_OK;
}

/* ---- PDF/A --------------------------------------------------------------- */

HPDF_STATUS nb_hg_set_version(HPDF_Doc pdf, HPDF_PDFVer v)
{
    if (!HPDF_HasDoc(pdf))
        return HPDF_INVALID_DOCUMENT;
    pdf->pdf_version = v;
    return HPDF_OK;
}

HPDF_STATUS nb_hg_set_id(HPDF_Doc pdf, const unsigned char id[16])
{
    if (!HPDF_HasDoc(pdf))
        return HPDF_INVALID_DOCUMENT;
    HPDF_Array a = HPDF_Array_New(pdf->mmgr);
    if (!a)
        return HPDF_FAILD_TO_ALLOC_MEM;
    TRY(HPDF_Dict_Add(pdf->trailer, "ID", a));
    for (int k = 0; k < 2; k++) {
        HPDF_Binary b = HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)id, 16);
        if (!b)
            return HPDF_FAILD_TO_ALLOC_MEM;
        TRY(HPDF_Array_Add(a, b));
    }
    return HPDF_OK;
}

HPDF_STATUS nb_hg_set_metadata(HPDF_Doc pdf, const char *xmp, size_t len)
{
    HPDF_STATUS st = HPDF_OK;
    if (!HPDF_HasDoc(pdf))
        return HPDF_INVALID_DOCUMENT;
    /* Uncompressed, so that a tool that does not decode streams still
     * finds the packet (ISO 16684-1 scanning). */
    HPDF_Dict m = new_stream(pdf, xmp, len, false, &st);
    NEED(m);
    TRY(HPDF_Dict_AddName(m, "Type", "Metadata"));
    TRY(HPDF_Dict_AddName(m, "Subtype", "XML"));
    return HPDF_Dict_Add(pdf->catalog, "Metadata", m);
}

/* ---- objects for the structure tree -------------------------------------- */

nb_hg_obj nb_hg_dict_new(HPDF_Doc pdf, bool indirect)
{
    if (!HPDF_HasDoc(pdf))
        return NULL;
    if (!indirect)
        return HPDF_Dict_New(pdf->mmgr);
    HPDF_STATUS st;
    return new_indirect(pdf, &st);
}

nb_hg_obj nb_hg_array_new(HPDF_Doc pdf)
{
    return HPDF_HasDoc(pdf) ? HPDF_Array_New(pdf->mmgr) : NULL;
}

nb_hg_obj nb_hg_catalog(HPDF_Doc pdf) { return HPDF_HasDoc(pdf) ? pdf->catalog : NULL; }

nb_hg_obj nb_hg_page_obj(HPDF_Page page) { return HPDF_Page_Validate(page) ? page : NULL; }

HPDF_STATUS nb_hg_dict_name(nb_hg_obj dict, const char *key, const char *name)
{
    return HPDF_Dict_AddName(dict, key, name);
}

HPDF_STATUS nb_hg_dict_int(nb_hg_obj dict, const char *key, int value)
{
    return HPDF_Dict_AddNumber(dict, key, value);
}

HPDF_STATUS nb_hg_dict_bool(nb_hg_obj dict, const char *key, bool value)
{
    return HPDF_Dict_AddBoolean(dict, key, value ? HPDF_TRUE : HPDF_FALSE);
}

HPDF_STATUS nb_hg_dict_string(nb_hg_obj dict, const char *key, const char *ascii)
{
    HPDF_Dict d = dict;
    HPDF_String s = HPDF_String_New(d->mmgr, ascii, NULL);
    if (!s)
        return HPDF_FAILD_TO_ALLOC_MEM;
    return HPDF_Dict_Add(d, key, s);
}

HPDF_STATUS nb_hg_dict_obj(nb_hg_obj dict, const char *key, nb_hg_obj value)
{
    return value ? HPDF_Dict_Add(dict, key, value) : HPDF_FAILD_TO_ALLOC_MEM;
}

HPDF_STATUS nb_hg_array_int(nb_hg_obj array, int value)
{
    return HPDF_Array_AddNumber(array, value);
}

HPDF_STATUS nb_hg_array_obj(nb_hg_obj array, nb_hg_obj value)
{
    return value ? HPDF_Array_Add(array, value) : HPDF_FAILD_TO_ALLOC_MEM;
}

HPDF_STATUS nb_hg_page_write_raw(HPDF_Page page, const void *data, size_t len)
{
    if (!HPDF_Page_Validate(page))
        return HPDF_INVALID_PAGE;
    if (len > 0x7fffffffu)
        return HPDF_INVALID_PARAMETER;
    HPDF_PageAttr attr = page->attr;
    return HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)data, (HPDF_UINT)len);
}

nb_hg_obj nb_hg_raw_new(HPDF_Doc pdf)
{
    HPDF_STATUS st;
    return HPDF_HasDoc(pdf) ? new_indirect(pdf, &st) : NULL;
}

HPDF_STATUS nb_hg_raw_set(nb_hg_obj dict, const char *text, size_t len)
{
    return set_raw_entries(dict, text, len);
}

unsigned nb_hg_obj_id(nb_hg_obj obj)
{
    const HPDF_Obj_Header *h = obj;
    return h ? (unsigned)(h->obj_id & 0x00FFFFFF) : 0;
}
