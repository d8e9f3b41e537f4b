/* libFuzzer target: a .docx → nb_import_mem against
 * layouts/annual-report-2021.yaml, then the data file loaded back.
 *
 * Random bytes rarely survive a zip's checksums, so an input is used two
 * ways: one starting with "PK" is the package itself (bad archives, bad
 * relationships, missing parts, size limits); any other input is XML that
 * becomes word/document.xml of a package built here, with the text after
 * a line "--numbering--" (if any) as word/numbering.xml and after
 * "--styles--" as word/styles.xml — the fuzzer then mutates the XML the
 * Word reader walks (paragraphs, numbering, run properties, gridSpan,
 * vMerge). Seeds: the .docx fixtures of tests/import and their document.xml. */
#include "fuzz_import_common.h"

#include <zip.h>

static const char ROOT_RELS[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"r1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
static const char DOC_RELS[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"r1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/numbering\" Target=\"numbering.xml\"/><Relationship Id=\"r2\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
    "Target=\"styles.xml\"/></Relationships>";

static void add(zip_t *za, const char *name, const char *data, size_t len)
{
    zip_source_t *s = zip_source_buffer(za, data, len, 0);
    zip_int64_t i = s ? zip_file_add(za, name, s, ZIP_FL_OVERWRITE) : -1;
    if (i < 0) {
        zip_source_free(s);
        return;
    }
    zip_set_file_compression(za, (zip_uint64_t)i, ZIP_CM_STORE, 0);
}

/* Splits off the part after "\n--MARK--\n"; returns its start or NULL. */
static const char *split(const char *b, size_t *len, const char *mark, size_t *part_len)
{
    size_t m = strlen(mark);
    for (size_t i = 0; i + m <= *len; i++)
        if (!memcmp(b + i, mark, m)) {
            *part_len = *len - i - m;
            *len = i;
            return b + i + m;
        }
    return NULL;
}

/* A package around the XML; the zip bytes in *out (free) or NULL. */
static char *package(const char *xml, size_t len, size_t *out_len)
{
    size_t slen = 0, nlen = 0;
    const char *styles = split(xml, &len, "\n--styles--\n", &slen);
    const char *numbering = split(xml, &len, "\n--numbering--\n", &nlen);
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &err);
    zip_error_fini(&err);
    if (!src)
        return NULL;
    zip_source_keep(src);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, NULL);
    if (!za) {
        zip_source_free(src);
        return NULL;
    }
    add(za, "_rels/.rels", ROOT_RELS, sizeof ROOT_RELS - 1);
    add(za, "word/_rels/document.xml.rels", DOC_RELS, sizeof DOC_RELS - 1);
    add(za, "word/document.xml", xml, len);
    if (numbering)
        add(za, "word/numbering.xml", numbering, nlen);
    if (styles)
        add(za, "word/styles.xml", styles, slen);
    char *buf = NULL;
    if (zip_close(za) == 0 && zip_source_open(src) == 0) {
        zip_source_seek(src, 0, SEEK_END);
        zip_int64_t n = zip_source_tell(src);
        zip_source_seek(src, 0, SEEK_SET);
        if (n > 0 && (buf = malloc((size_t)n)) && zip_source_read(src, buf, (zip_uint64_t)n) != n) {
            free(buf);
            buf = NULL;
        }
        *out_len = n > 0 ? (size_t)n : 0;
        zip_source_close(src);
    } else {
        zip_discard(za);
    }
    zip_source_free(src);
    return buf;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    nb_fuzz_import_setup();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    if (size > 256 * 1024)
        return 0;
    if (size >= 2 && bytes[0] == 'P' && bytes[1] == 'K') {
        nb_fuzz_import((const char *)bytes, size, "fuzz.docx", NB_IMPORT_DOCX);
        return 0;
    }
    size_t len = 0;
    char *zip = package((const char *)bytes, size, &len);
    if (zip)
        nb_fuzz_import(zip, len, "fuzz.docx", NB_IMPORT_DOCX);
    free(zip);
    return 0;
}
