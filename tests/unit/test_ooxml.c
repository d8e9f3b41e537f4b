/* Unit tests for src/ooxml: zip packages (limits, bad archives, missing
 * parts), safe XML parsing (DOCTYPE refused, errors with line:col), HTML
 * parsing and OPC relationships. Packages are written with libzip into a
 * temporary folder. The last line printed is "N passed, N failed". */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "check.h"
#include "ooxml/ooxml.h"
#include "util/alloc.h"

static char dir[] = "/tmp/nb-ooxml-XXXXXX";

/* Writes a zip of NAME, CONTENT pairs (NULL-terminated); returns its path. */
static const char *make_zip(const char *file, const char *const *members)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    int err = 0;
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (!za)
        return NULL;
    for (size_t i = 0; members[i]; i += 2) {
        zip_source_t *src = zip_source_buffer(za, members[i + 1], strlen(members[i + 1]), 0);
        zip_file_add(za, members[i], src, ZIP_FL_ENC_UTF_8);
    }
    zip_close(za);
    return path;
}

static const char *RELS =
    "<?xml version=\"1.0\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "officeDocument\" Target=\"word/document.xml\"/></Relationships>";
static const char *DOC_RELS =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"x/numbering\" Target=\"numbering.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"x/image\" Target=\"../media/a/../b.png\"/>"
    "<Relationship Id=\"rId3\" Type=\"x/hyperlink\" Target=\"http://e.cn/\" "
    "TargetMode=\"External\"/>"
    "<Relationship Id=\"rId4\" Type=\"x/abs\" Target=\"/word/styles.xml\"/>"
    "</Relationships>";

static void test_package(void)
{
    const char *m[] = {"_rels/.rels",
                       RELS,
                       "word/document.xml",
                       "<w:document xmlns:w=\"urn:w\"><w:body>正文</w:body></w:document>",
                       "word/_rels/document.xml.rels",
                       DOC_RELS,
                       NULL};
    const char *path = make_zip("ok.docx", m);
    nb_diags d;
    nb_diags_init(&d);
    nb_zip *z = NULL;
    CHECK(nb_zip_open_file(path, NULL, &z, &d) == NB_OK);
    if (!z)
        return;
    CHECK(nb_zip_count(z) == 3);
    CHECK(nb_zip_has(z, "/word/document.xml"));
    CHECK(!nb_zip_has(z, "word/numbering.xml"));
    char *main = NULL;
    CHECK(nb_opc_main_part(z, "a Word document", &main, &d) == NB_OK);
    CHECK(main && !strcmp(main, "word/document.xml"));
    char *bytes;
    size_t len;
    CHECK(nb_zip_read(z, main, true, &bytes, &len, &d) == NB_OK);
    xmlDocPtr doc = nb_xml_parse(bytes, len, "ok.docx:word/document.xml", &d);
    CHECK(doc != NULL);
    xmlNode *root = xmlDocGetRootElement(doc);
    CHECK(nb_xml_is(root, "urn:w", "document"));
    CHECK(!nb_xml_is(root, "urn:other", "document"));
    CHECK(nb_xml_child(root, "urn:w", "body") != NULL);
    xmlFreeDoc(doc);
    nb_free(bytes);
    nb_free(main);

    nb_opc_rels rels;
    CHECK(nb_opc_rels_read(z, "word/document.xml", &rels, &d) == NB_OK);
    CHECK(rels.count == 4);
    const nb_opc_rel *r = nb_opc_rels_find(&rels, "/numbering");
    CHECK(r && !strcmp(r->target, "word/numbering.xml") && !r->external);
    r = nb_opc_rels_by_id(&rels, "rId2");
    CHECK(r && !strcmp(r->target, "media/b.png"));
    r = nb_opc_rels_by_id(&rels, "rId3");
    CHECK(r && r->external && !strcmp(r->target, "http://e.cn/"));
    r = nb_opc_rels_by_id(&rels, "rId4");
    CHECK(r && !strcmp(r->target, "word/styles.xml"));
    nb_opc_rels_free(&rels);
    /* A part without relationships has none. */
    CHECK(nb_opc_rels_read(z, "word/styles.xml", &rels, &d) == NB_OK && rels.count == 0);

    CHECK(nb_zip_read(z, "word/missing.xml", false, &bytes, &len, &d) == NB_ERR_NOT_FOUND);
    CHECK(d.errors == 0);
    CHECK(nb_zip_read(z, "word/missing.xml", true, &bytes, &len, &d) == NB_ERR_NOT_FOUND);
    CHECK(d.errors == 1 && strstr(d.items[0].msg, "word/missing.xml"));
    nb_zip_close(z);
    nb_diags_free(&d);
}

static void test_limits(void)
{
    size_t big = 1 << 20;
    char *zeros = malloc(big + 1);
    memset(zeros, 'a', big);
    zeros[big] = 0;
    const char *m[] = {"a.xml", zeros, "b.xml", "<b/>", "c.xml", "<c/>", NULL};
    const char *path = make_zip("big.zip", m);
    nb_diags d;
    nb_diags_init(&d);
    nb_zip *z = NULL;
    nb_zip_limits lim = {2, 1 << 30, 1 << 30};
    CHECK(nb_zip_open_file(path, &lim, &z, &d) == NB_ERR_LIMIT && !z);
    lim = (nb_zip_limits){10, 1 << 30, 1000};
    CHECK(nb_zip_open_file(path, &lim, &z, &d) == NB_ERR_LIMIT && !z);
    /* A member over the per-member limit is an error only when read. */
    lim = (nb_zip_limits){10, 4096, 1 << 30};
    CHECK(nb_zip_open_file(path, &lim, &z, &d) == NB_OK && z);
    char *bytes;
    size_t len;
    CHECK(nb_zip_read(z, "b.xml", true, &bytes, &len, &d) == NB_OK && len == 4);
    nb_free(bytes);
    size_t before = d.errors;
    CHECK(nb_zip_read(z, "a.xml", true, &bytes, &len, &d) == NB_ERR_LIMIT);
    CHECK(d.errors == before + 1 && d.items[d.count - 1].code == NB_ERR_LIMIT);
    nb_zip_close(z);
    free(zeros);
    nb_diags_free(&d);
}

static void test_bad_archives(void)
{
    nb_diags d;
    nb_diags_init(&d);
    nb_zip *z = NULL;
    const char junk[] = "PK\3\4 this is not really a zip archive";
    CHECK(nb_zip_open_mem(junk, sizeof junk, "junk.docx", NULL, &z, &d) == NB_ERR_SYNTAX);
    CHECK(nb_zip_open_file("/nonexistent/x.docx", NULL, &z, &d) == NB_ERR_IO);
    CHECK(d.errors == 2 && !strcmp(d.items[0].file, "junk.docx"));
    /* Zero bytes are an empty archive to libzip: it has no main part. */
    char *main = NULL;
    CHECK(nb_zip_open_mem("", 0, "empty.docx", NULL, &z, &d) == NB_OK && nb_zip_count(z) == 0);
    CHECK(nb_opc_main_part(z, "a Word document", &main, &d) == NB_ERR_NOT_FOUND && !main);
    nb_zip_close(z);
    /* An archive without _rels/.rels names no main part. */
    const char *m[] = {"word/document.xml", "<w/>", NULL};
    const char *path = make_zip("norels.docx", m);
    FILE *f = fopen(path, "rb");
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    CHECK(nb_zip_open_mem(buf, n, "norels.docx", NULL, &z, &d) == NB_OK);
    CHECK(nb_opc_main_part(z, "a Word document", &main, &d) == NB_ERR_NOT_FOUND && !main);
    nb_zip_close(z);
    /* A relationship that climbs out of the package. */
    const char *m2[] = {"_rels/.rels",
                        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                        "relationships\"><Relationship Id=\"r\" Type=\"t/officeDocument\" "
                        "Target=\"../../etc/passwd\"/></Relationships>",
                        NULL};
    path = make_zip("escape.docx", m2);
    CHECK(nb_zip_open_file(path, NULL, &z, &d) == NB_OK);
    CHECK(nb_opc_main_part(z, "a Word document", &main, &d) == NB_ERR_SYNTAX);
    nb_zip_close(z);
    nb_diags_free(&d);
}

static void test_xml(void)
{
    nb_diags d;
    nb_diags_init(&d);
    const char *laughs = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaa\">"
                         "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><x>&b;</x>";
    CHECK(nb_xml_parse(laughs, strlen(laughs), "p.xml", &d) == NULL);
    CHECK(d.errors == 1 && strstr(d.items[0].msg, "DOCTYPE"));
    const char *xxe = "<!DOCTYPE x SYSTEM \"http://example.com/x.dtd\"><x/>";
    CHECK(nb_xml_parse(xxe, strlen(xxe), "p.xml", &d) == NULL && d.errors == 2);
    const char *bad = "<a>\n<b></a>";
    CHECK(nb_xml_parse(bad, strlen(bad), "p.xml", &d) == NULL);
    CHECK(d.errors == 3 && d.items[2].line == 2 && strstr(d.items[2].msg, "malformed XML"));
    CHECK(nb_xml_parse("", 0, "p.xml", &d) == NULL && d.errors == 4);
    const char *ok = "<a x=\"1\" xmlns:q=\"urn:q\" q:y=\"2\"><b/></a>";
    xmlDocPtr doc = nb_xml_parse(ok, strlen(ok), "p.xml", &d);
    CHECK(doc != NULL);
    xmlNode *a = xmlDocGetRootElement(doc);
    CHECK(nb_xml_attr(a, NULL, "x") && !strcmp(nb_xml_attr(a, NULL, "x"), "1"));
    CHECK(nb_xml_attr(a, "urn:q", "y") && !strcmp(nb_xml_attr(a, "urn:q", "y"), "2"));
    CHECK(nb_xml_attr(a, NULL, "y") == NULL);
    xmlFreeDoc(doc);

    const char *page = "<html><head><meta charset=\"gb2312\"></head><body><p>\xd6\xd0\xce\xc4"
                       "<table><tr><td rowspan=2>x</table></body>";
    doc = nb_html_parse(page, strlen(page), "p.html", NULL, &d);
    CHECK(doc != NULL);
    if (doc) {
        xmlChar *text = xmlNodeGetContent(xmlDocGetRootElement(doc));
        CHECK(text && strstr((char *)text, "中文"));
        xmlFree(text);
        xmlFreeDoc(doc);
    }
    nb_diags_free(&d);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_package();
    test_limits();
    test_bad_archives();
    test_xml();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        printf("note: could not remove %s\n", dir);
    return check_done();
}
