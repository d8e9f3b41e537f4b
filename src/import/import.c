/* `nianbao import`: a published report (.docx or web page) → a data file.
 * The file's kind comes from its bytes (a zip package, an old OLE .doc,
 * or text), not its name. */
#include <string.h>
#include <strings.h>

#include "../init/init.h"
#include "../util/alloc.h"
#include "../util/fileio.h"
#include "prose.h"

static nb_status read_idoc(const char *bytes, size_t len, const char *name, nb_import_kind kind,
                           nb_idoc *doc, nb_diags *d)
{
    if (kind == NB_IMPORT_HTML)
        return nb_import_html(bytes, len, doc, d);
    nb_zip *zip = NULL;
    nb_status s = nb_zip_open_mem(bytes, len, name, NULL, &zip, d);
    if (!s)
        s = nb_import_docx(zip, doc, d);
    nb_zip_close(zip);
    return s;
}

nb_status nb_import_mem(const char *bytes, size_t len, const char *name, nb_import_kind kind,
                        const nb_import_opts *o, const nb_layout *layout, char **yaml, nb_diags *d)
{
    *yaml = NULL;
    nb_idoc doc = {.name = name};
    nb_layout *loaded = NULL;
    nb_draft dr;
    memset(&dr, 0, sizeof dr);
    char *office = NULL;
    int year = 0;
    size_t title = 0;
    nb_buf notes = {0};
    nb_status s = read_idoc(bytes, len, name, kind, &doc, d);
    if (!s)
        s = nb_import_title(&doc, &title, &office, &year, d);
    if (!s && !layout && !(s = nb_init_layout_of_year(o ? o->layout : NULL, year, &loaded, d)))
        layout = loaded;
    if (!s && nb_draft_init(&dr, layout))
        s = NB_ERR_NOMEM;
    if (!s) {
        dr.office = office;
        office = NULL;
        dr.year = year;
        dr.omit_empty_optional = true;
        nb_buf origin = {0};
        const char *base = strrchr(name, '/');
        nb_buf_printf(&origin,
                      "%s %d年度政府信息公开工作年度报告 — imported by `nianbao import` "
                      "from %s",
                      dr.office, year, base ? base + 1 : name);
        dr.origin = nb_buf_take(&origin);
        if (!dr.origin)
            s = NB_ERR_NOMEM;
    }
    if (!s)
        s = nb_import_prose(&doc, title, &dr, d);
    if (!s)
        s = nb_import_tables(&doc, &dr, &notes, d);
    if (!s) {
        nb_buf out = {0};
        nb_draft_write(&dr, &out);
        if (notes.len)
            nb_buf_printf(&out,
                          "\n# Cells of the report that were not imported (no cell of %s "
                          "has their labels):\n%s",
                          layout->name, nb_buf_cstr(&notes));
        if (notes.oom || !(*yaml = nb_buf_take(&out)))
            s = NB_ERR_NOMEM;
    }
    if (s == NB_ERR_NOMEM)
        nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
    nb_buf_free(&notes);
    nb_free(office);
    nb_draft_free(&dr);
    nb_layout_free(loaded);
    nb_idoc_free(&doc);
    return s;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcasecmp(s + n - m, suffix);
}

nb_status nb_import(const char *path, const nb_import_opts *o, char **yaml, nb_diags *d)
{
    *yaml = NULL;
    nb_buf bytes = {0};
    nb_status s = nb_read_file(path, NB_IMPORT_MAX_FILE, NB_NOPOS, &bytes, d);
    if (s) {
        nb_buf_free(&bytes);
        return s;
    }
    const unsigned char *b = (const unsigned char *)bytes.data;
    nb_import_kind kind;
    if (bytes.len >= 4 && !memcmp(b, "PK\3\4", 4)) {
        kind = NB_IMPORT_DOCX;
    } else if ((bytes.len >= 8 && !memcmp(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) ||
               ends_with(path, ".doc") || ends_with(path, ".wps")) {
        nb_buf_free(&bytes);
        return nb_diag_at(d, NB_ERROR, NB_ERR_SYNTAX, (nb_pos){path, 0, 0},
                          "an old binary Word/WPS file (.doc/.wps): open it in Word or WPS and "
                          "save it as .docx (Word 2007 or later), then import that");
    } else if (ends_with(path, ".docx")) {
        nb_buf_free(&bytes);
        return nb_diag_at(d, NB_ERROR, NB_ERR_SYNTAX, (nb_pos){path, 0, 0},
                          "not a zip package, so not a real .docx: save it again from Word or "
                          "WPS as .docx");
    } else {
        kind = NB_IMPORT_HTML;
    }
    s = nb_import_mem(bytes.data ? bytes.data : "", bytes.len, path, kind, o, NULL, yaml, d);
    nb_buf_free(&bytes);
    return s;
}
