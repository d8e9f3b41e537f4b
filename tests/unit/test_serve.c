/* The server's request parsing (src/serve/request.c) and JSON views
 * (nb_layout_json, nb_check_json): routes and which ids they accept,
 * If-Match, upload names, and the cells a broken rule names. */
#include <stdlib.h>

#include "check.h"
#include "serve/serve.h"

static void routes(void)
{
    struct {
        const char *path;
        nb_route_kind kind;
        const char *id;
    } cases[] = {
        {"/", R_BOARD, ""},
        {"/import", R_IMPORT, ""},
        {"/static/app.js", R_ASSET, "app.js"},
        {"/static/../app.js", R_NONE, ""},
        {"/o/01", R_PAGE, "01"},
        {"/o/示例县财政局", R_PAGE, "示例县财政局"},
        {"/o/01/data", R_DATA, "01"},
        {"/o/01/check", R_CHECK, "01"},
        {"/o/01/state", R_STATE, "01"},
        {"/o/01.pdf", R_PDF, "01"},
        {"/o/01.pdfa.pdf", R_PDFA, "01"},
        {"/o/01.html", R_HTML, "01"},
        {"/o/a.b", R_PAGE, "a.b"},
        {"/o/", R_BAD_ID, ""},
        {"/o/.pdf", R_BAD_ID, ""},
        {"/o/..", R_BAD_ID, ""},
        {"/o/../etc/passwd", R_BAD_ID, ""},
        {"/o/.hidden/data", R_BAD_ID, ""},
        {"/o/a/b", R_BAD_ID, ""},
        {"/o/a\\..\\b", R_BAD_ID, ""},
        {"/o/a:b", R_BAD_ID, ""},
        {"/o/a\x01", R_BAD_ID, ""},
        {"/o/01/data/", R_BAD_ID, ""},
        {"/elsewhere", R_NONE, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        nb_route r = nb_route_parse(cases[i].path);
        CHECKF(r.kind == cases[i].kind && !strcmp(r.id, cases[i].id), "%s → kind %d id '%s'",
               cases[i].path, (int)r.kind, r.id);
    }
}

static void if_match(void)
{
    const char *e = "\"1f-0123456789abcdef\"";
    CHECK(nb_if_match(e, e));
    CHECK(nb_if_match("*", e));
    CHECK(nb_if_match("\"x\", \"1f-0123456789abcdef\"", e));
    CHECK(!nb_if_match("W/\"1f-0123456789abcdef\"", e));
    CHECK(!nb_if_match("\"1f-0123456789abcdef0\"", e));
    CHECK(!nb_if_match("", e));
    CHECK(!nb_if_match(NULL, e));
}

static void upload_names(void)
{
    char ext[8];
    char *id = nb_upload_id("C:\\Users\\clerk\\2021年报.DOCX", ext);
    CHECK(id && !strcmp(id, "2021年报") && !strcmp(ext, "docx"));
    nb_free(id);
    id = nb_upload_id("../../etc/passwd", ext);
    CHECK(id && !strcmp(id, "passwd") && !strcmp(ext, ""));
    nb_free(id);
    id = nb_upload_id("%E6%8A%A5%E5%91%8A%2F..%2F2021.xlsx", ext); /* as the page sends it */
    CHECK(id && !strcmp(id, "2021") && !strcmp(ext, "xlsx"));
    nb_free(id);
    id = nb_upload_id("..", ext); /* nothing left: the batch's placeholder name */
    CHECK(id && !strcmp(id, "_"));
    nb_free(id);
    CHECK(!nb_upload_id(NULL, ext));
}

static void json_views(void)
{
    nb_diags d;
    nb_diags_init(&d);
    nb_layout *l = NULL;
    if (!CHECK(nb_layout_load("layouts/annual-report-2021.yaml", &l, &d) == NB_OK))
        return;
    char *lj = nb_layout_json(l);
    CHECK(lj && strstr(lj, "\"key\":\"requests.result.total.natural\"") &&
          strstr(lj, "\"text\":\"一+二=三（七）总计+四\""));
    nb_free(lj);
    /* a county office with one more request than its outcomes account for */
    FILE *f = fopen("samples/county/01.yaml", "rb");
    char yaml[16384];
    size_t n = f ? fread(yaml, 1, sizeof yaml - 1, f) : 0;
    if (f)
        fclose(f);
    yaml[n] = '\0';
    char *at = strstr(yaml, "requests.new: [8,");
    if (CHECK(at))
        at[15] = '9';
    nb_data *data = NULL;
    if (CHECK(nb_data_parse("t.yaml", yaml, n, &data, &d) == NB_OK)) {
        char *cj = nb_check_json(l, data, NULL, &d, "shown.yaml");
        CHECKF(cj && strstr(cj, "\"file\":\"shown.yaml\"") &&
                   strstr(cj, "{\"key\":\"requests.new.natural\",\"labels\":\"一、本年新收政府信息"
                              "公开申请数量 › 申请人情况 › 自然人\"}"),
               "check JSON: %.300s", cj ? cj : "(null)");
        CHECK(d.errors >= 1);
        nb_free(cj);
        char *dj = nb_data_json(data);
        CHECK(dj && strstr(dj, "\"office\":\"示例县人民政府办公室\""));
        nb_free(dj);
    }
    nb_data_free(data);
    nb_layout_free(l);
    nb_diags_free(&d);
}

int main(void)
{
    routes();
    if_match();
    upload_names();
    json_views();
    return check_done();
}
