/* `nianbao serve`: the web workspace on libmicrohttpd. One thread per
 * connection (a render takes a few tens of milliseconds and must not hold
 * up the board); the layouts, fonts and outputs are shared (model.c).
 *
 * A request's body is gathered up to NB_SERVE_MAX_BODY (uploads:
 * NB_SERVE_MAX_UPLOAD) and refused with 413 beyond it, before anything is
 * parsed. Writes need the token when one is set, and a save needs
 * If-Match: the ETag is compared and the file renamed into place under
 * one lock, so of two saves from the same version the second gets 412 and
 * nothing is lost. */
#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/alloc.h"
#include "../util/diag.h"
#include "serve.h"

#define CSP_APP                                                                                    \
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "              \
    "connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; "              \
    "form-action 'self'"
/* The web edition has its stylesheet inline and no script at all. */
#define CSP_EDITION "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"

typedef struct conn {
    nb_buf body;
    bool too_big;
} conn;

static enum MHD_Result send_bytes(struct MHD_Connection *c, unsigned status, const char *mime,
                                  const void *bytes, size_t len, enum MHD_ResponseMemoryMode mode,
                                  const char *csp, const char *etag)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)bytes, mode);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", mime);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cache-Control", "no-cache");
    MHD_add_response_header(r, "Content-Security-Policy", csp ? csp : CSP_APP);
    MHD_add_response_header(r, "X-Frame-Options", "SAMEORIGIN");
    if (etag)
        MHD_add_response_header(r, "ETag", etag);
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(r, "Allow", "GET, PUT, POST");
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

/* Takes ownership of `heap` (a NUL-terminated string). */
static enum MHD_Result send_owned(struct MHD_Connection *c, unsigned status, const char *mime,
                                  char *heap, const char *etag)
{
    if (!heap)
        return send_bytes(c, 500, "text/plain; charset=utf-8", "out of memory\n", 14,
                          MHD_RESPMEM_PERSISTENT, NULL, NULL);
    return send_bytes(c, status, mime, heap, strlen(heap), MHD_RESPMEM_MUST_FREE, NULL, etag);
}

/* {"error": MSG} with MSG escaped for JSON (messages are ours, ASCII or
 * UTF-8 without control characters, plus ids that were checked). */
static enum MHD_Result send_error(struct MHD_Connection *c, unsigned status, const char *msg)
{
    nb_buf b = {0};
    nb_buf_puts(&b, "{\"error\":\"");
    for (const char *p = msg; *p; p++) {
        if (*p == '"' || *p == '\\')
            nb_buf_putc(&b, '\\');
        if ((unsigned char)*p >= 0x20)
            nb_buf_putc(&b, *p);
    }
    nb_buf_puts(&b, "\"}\n");
    return send_owned(c, status, "application/json; charset=utf-8", nb_buf_take(&b), NULL);
}

static const char JSON[] = "application/json; charset=utf-8";

static bool token_ok(nb_serve_t *s, struct MHD_Connection *c)
{
    if (!s->o->token)
        return true;
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Nianbao-Token");
    const char *a = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    if (!h && a && !strncmp(a, "Bearer ", 7))
        h = a + 7;
    if (!h)
        return false;
    /* compared in time independent of where they differ */
    size_t n = strlen(s->o->token), m = strlen(h);
    unsigned diff = n != m;
    for (size_t i = 0; i < m; i++)
        diff |= (unsigned char)h[i] ^ (unsigned char)s->o->token[i % (n ? n : 1)];
    return diff == 0;
}

/* Bound to loopback: a page of another site that rebinds its DNS name to
 * 127.0.0.1 still sends its own Host, which is refused. */
static bool host_ok(nb_serve_t *s, struct MHD_Connection *c)
{
    if (!s->loopback)
        return true;
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
    if (!h)
        return false;
    static const char *const ok[] = {"127.0.0.1", "localhost", "[::1]"};
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(ok[i]);
        if (!strncmp(h, ok[i], n) && (h[n] == '\0' || h[n] == ':'))
            return true;
    }
    return false;
}

static enum MHD_Result get_state(nb_serve_t *s, struct MHD_Connection *c, const char *id,
                                 const nb_buf *file, const char *etag)
{
    char name[NB_SERVE_MAX_ID + 8];
    snprintf(name, sizeof name, "%s.yaml", id);
    nb_checked k;
    nb_serve_check(s, name, file->data ? file->data : "", file->len, false, &k);
    char *layout = k.layout ? nb_layout_json(k.layout) : NULL;
    char *data = k.data ? nb_data_json(k.data) : NULL;
    nb_buf b = {0};
    nb_buf_puts(&b, "{\"id\":\"");
    nb_buf_puts(&b, id); /* a safe name: no quotes, backslashes or controls */
    nb_buf_puts(&b, "\",\"etag\":\"");
    for (const char *p = etag; *p; p++) {
        if (*p == '"')
            nb_buf_putc(&b, '\\');
        nb_buf_putc(&b, *p);
    }
    /* the file itself, so that the page keeps the top-level keys it does
     * not edit (previous:, title overrides, …) exactly as written */
    json_t *raw = json_stringn(file->data ? file->data : "", file->len);
    char *rawj = raw ? json_dumps(raw, JSON_ENCODE_ANY) : NULL;
    json_decref(raw);
    nb_buf_printf(&b, "\",\"token\":%s,\"layout\":%s,\"data\":%s,\"check\":%s,\"raw\":%s}\n",
                  s->o->token ? "true" : "false", layout ? layout : "null", data ? data : "null",
                  k.json ? k.json : "null", rawj ? rawj : "null");
    free(rawj);
    nb_free(layout);
    nb_free(data);
    nb_checked_free(&k);
    return send_owned(c, 200, JSON, nb_buf_take(&b), etag);
}

static enum MHD_Result put_data(nb_serve_t *s, struct MHD_Connection *c, const char *id,
                                const char *path, const nb_buf *body)
{
    const char *im = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-Match");
    if (!im)
        return send_error(c, 428, "a save needs If-Match: the ETag of the version you edited");
    pthread_mutex_lock(&s->save_lock);
    nb_buf cur = {0};
    char etag[48];
    enum MHD_Result ret;
    if (nb_office_read(path, &cur, etag)) {
        ret = send_error(c, 404, "no such office");
    } else if (!nb_if_match(im, etag)) {
        nb_buf b = {0};
        nb_buf_puts(&b, "{\"error\":\"someone else saved this office since you loaded it; "
                        "reload to see their version (nothing was written)\",\"etag\":\"");
        for (const char *p = etag; *p; p++)
            nb_buf_puts(&b, *p == '"' ? "\\\"" : (char[2]){*p, 0});
        nb_buf_puts(&b, "\"}\n");
        ret = send_owned(c, 412, JSON, nb_buf_take(&b), etag);
    } else {
        char name[NB_SERVE_MAX_ID + 8];
        snprintf(name, sizeof name, "%s.yaml", id);
        nb_checked k;
        nb_status st = nb_serve_check(s, name, body->data ? body->data : "", body->len, false, &k);
        if (st || k.errors) {
            ret = send_owned(c, 422, JSON, k.json, NULL);
            k.json = NULL;
        } else {
            nb_diags d;
            nb_diags_init(&d);
            if (nb_write_file_atomic(path, body->data ? body->data : "", body->len, &d)) {
                ret = send_error(c, 500,
                                 "the file could not be written; the previous version "
                                 "is kept");
            } else {
                char now[48];
                nb_etag_of(body->data ? body->data : "", body->len, now);
                nb_buf b = {0};
                nb_buf_puts(&b, "{\"etag\":\"");
                for (const char *p = now; *p; p++)
                    nb_buf_puts(&b, *p == '"' ? "\\\"" : (char[2]){*p, 0});
                nb_buf_printf(&b, "\",\"warnings\":%zu}\n", k.warnings);
                ret = send_owned(c, 200, JSON, nb_buf_take(&b), now);
            }
            nb_diags_free(&d);
        }
        nb_checked_free(&k);
    }
    nb_buf_free(&cur);
    pthread_mutex_unlock(&s->save_lock);
    return ret;
}

static enum MHD_Result office(nb_serve_t *s, struct MHD_Connection *c, const nb_route *r,
                              const char *method, const nb_buf *body)
{
    bool get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
    bool put = !strcmp(method, "PUT"), post = !strcmp(method, "POST");
    if (!(get || (put && r->kind == R_DATA) || (post && r->kind == R_CHECK)))
        return send_error(c, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed here");
    char *path = nb_office_path(s->o->data_dir, r->id);
    if (!path)
        return send_error(c, 404, "no such office in the data folder");
    if (put && !token_ok(s, c)) {
        nb_free(path);
        return send_error(c, 401, "saving needs the access token (X-Nianbao-Token)");
    }
    if (put) {
        enum MHD_Result ret = put_data(s, c, r->id, path, body);
        nb_free(path);
        return ret;
    }
    nb_buf file = {0};
    char etag[48];
    char name[NB_SERVE_MAX_ID + 8];
    snprintf(name, sizeof name, "%s.yaml", r->id);
    enum MHD_Result ret;
    if (nb_office_read(path, &file, etag)) {
        ret = send_error(c, 404, "the office's file cannot be read");
    } else if (r->kind == R_DATA) {
        ret = send_bytes(c, 200, "text/plain; charset=utf-8", file.data ? file.data : "", file.len,
                         MHD_RESPMEM_MUST_COPY, NULL, etag);
    } else if (r->kind == R_STATE) {
        ret = get_state(s, c, r->id, &file, etag);
    } else if (r->kind == R_CHECK) {
        const nb_buf *src = post ? body : &file;
        nb_checked k;
        nb_serve_check(s, name, src->data ? src->data : "", src->len, false, &k);
        ret = send_owned(c, 200, JSON, k.json, post ? NULL : etag);
        k.json = NULL;
        nb_checked_free(&k);
    } else if (r->kind == R_PAGE) {
        nb_office o = {(char *)r->id, path, 0};
        nb_verdict v;
        nb_serve_verdict(s, &o, &v);
        ret = send_owned(c, 200, "text/html; charset=utf-8",
                         nb_page_office(s, r->id, v.office[0] ? v.office : r->id), NULL);
    } else {
        nb_format fmt = r->kind == R_PDF    ? NB_FMT_PDF
                        : r->kind == R_PDFA ? NB_FMT_PDFA
                                            : NB_FMT_HTML;
        unsigned char *out = NULL;
        size_t len = 0;
        char *json = NULL;
        if (nb_serve_render(s, name, file.data ? file.data : "", file.len, fmt, &out, &len, &json))
            ret = send_owned(c, 422, JSON, json, NULL);
        else
            ret = send_bytes(
                c, 200, fmt == NB_FMT_HTML ? "text/html; charset=utf-8" : "application/pdf", out,
                len, MHD_RESPMEM_MUST_FREE, fmt == NB_FMT_HTML ? CSP_EDITION : NULL, etag);
    }
    nb_buf_free(&file);
    nb_free(path);
    return ret;
}

/* The upload in a private temporary folder, under the uploaded file's
 * own (safe) name, which the reader quotes in what it writes; NULL when
 * it cannot be written. upload_drop removes both. */
static void upload_drop(char *path)
{
    unlink(path);
    char *slash = strrchr(path, '/');
    if (slash) {
        *slash = '\0';
        rmdir(path);
    }
    nb_free(path);
}

static char *upload_to_temp(const nb_buf *body, const char *id, const char *ext)
{
    const char *tmp = getenv("TMPDIR");
    nb_buf b = {0};
    nb_buf_printf(&b, "%s/nianbao-upload-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    char *dir = nb_buf_take(&b);
    if (!dir || !mkdtemp(dir)) {
        nb_free(dir);
        return NULL;
    }
    nb_buf_printf(&b, "%s/%s.%s", dir, id, ext);
    nb_free(dir);
    char *path = nb_buf_take(&b);
    nb_diags d;
    nb_diags_init(&d);
    if (path && nb_write_file_atomic(path, body->data ? body->data : "", body->len, &d)) {
        upload_drop(path);
        path = NULL;
    }
    nb_diags_free(&d);
    return path;
}

/* A new office from an imported report: the id the file's name gives, or
 * that id with -2, -3, … when taken (an import never overwrites). The
 * caller holds the save lock, so two imports of one name get two offices.
 * Fills `id` and returns 0, or the HTTP status and its message. */
static int import_write(nb_serve_t *s, const char *stem, const char *yaml, size_t len,
                        char id[NB_SERVE_MAX_ID + 1], const char **why)
{
    char *path = NULL;
    for (int k = 1; k < 1000 && !path; k++) {
        if (k == 1)
            snprintf(id, NB_SERVE_MAX_ID + 1, "%s", stem);
        else
            snprintf(id, NB_SERVE_MAX_ID + 1, "%.*s-%d", NB_SERVE_MAX_ID - 8, stem, k);
        char *taken = nb_office_path(s->o->data_dir, id);
        if (!taken && nb_office_id_ok(id)) {
            nb_buf b = {0};
            nb_buf_printf(&b, "%s/%s.yaml", s->o->data_dir, id);
            path = nb_buf_take(&b);
        }
        nb_free(taken);
    }
    int status = 0;
    nb_diags d;
    nb_diags_init(&d);
    if (!path) {
        status = 409;
        *why = "too many offices of this name already";
    } else if (nb_write_file_atomic(path, yaml, len, &d)) {
        status = 500;
        *why = "the new office's file could not be written";
    }
    nb_diags_free(&d);
    nb_free(path);
    return status;
}

static enum MHD_Result import_save(nb_serve_t *s, struct MHD_Connection *c, const char *stem,
                                   const char *yaml, size_t warnings)
{
    pthread_mutex_lock(&s->save_lock);
    char id[NB_SERVE_MAX_ID + 1];
    const char *why = NULL;
    int status = import_write(s, stem, yaml, strlen(yaml), id, &why);
    pthread_mutex_unlock(&s->save_lock);
    if (status)
        return send_error(c, status, why);
    nb_buf b = {0};
    nb_buf_printf(&b, "{\"id\":\"%s\",\"warnings\":%zu}\n", id, warnings);
    return send_owned(c, 201, JSON, nb_buf_take(&b), NULL);
}

/* A workbook of offices (the one `nianbao template --xlsx` writes): one new
 * office per row, named by its 单位名称 (the upload's name with -2, -3, …
 * when it has none), all under one lock; 201 with the ids and the
 * warnings, or 422 with the diagnostics when any row is bad (nothing
 * written). */
static enum MHD_Result import_sheet(nb_serve_t *s, struct MHD_Connection *c, const char *tmp,
                                    const char *shown, const char *upload_id)
{
    nb_sheet_row *rows = NULL;
    size_t n = 0;
    nb_diags d;
    nb_diags_init(&d);
    nb_status st = nb_sheet_split(tmp, shown, &rows, &n, &d);
    char *diags = nb_diags_json(&d, NULL, NULL);
    nb_diags_free(&d);
    json_t *out = diags ? json_loads(diags, 0, NULL) : NULL;
    nb_free(diags);
    json_t *ids = json_array();
    if (!out || !ids) {
        json_decref(out);
        json_decref(ids);
        nb_sheet_rows_free(rows, n);
        return send_error(c, 500, "out of memory reading the workbook");
    }
    if (st) {
        json_decref(ids);
        nb_sheet_rows_free(rows, n);
        char *body = json_dumps(out, JSON_COMPACT);
        json_decref(out);
        return send_owned(c, 422, JSON, body, NULL);
    }
    int status = 0;
    const char *why = NULL;
    pthread_mutex_lock(&s->save_lock);
    for (size_t i = 0; i < n && !status; i++) {
        char stem_buf[NB_SERVE_MAX_ID + 1];
        char *stem = NULL;
        if (*rows[i].office) {
            nb_buf nm = {0};
            nb_buf_printf(&nm, "%s.yaml", rows[i].office);
            char ext[8];
            char *whole = nb_buf_take(&nm);
            stem = whole ? nb_upload_id(whole, ext) : NULL;
            nb_free(whole);
        }
        snprintf(stem_buf, sizeof stem_buf, "%s", stem ? stem : upload_id);
        nb_free(stem);
        char id[NB_SERVE_MAX_ID + 1];
        status = import_write(s, stem_buf, rows[i].yaml, rows[i].len, id, &why);
        if (!status)
            json_array_append_new(ids, json_string(id));
    }
    if (status) /* all or nothing: the offices written so far go again */
        for (size_t i = 0; i < json_array_size(ids); i++) {
            nb_buf p = {0};
            nb_buf_printf(&p, "%s/%s.yaml", s->o->data_dir,
                          json_string_value(json_array_get(ids, i)));
            char *path = nb_buf_take(&p);
            if (path)
                unlink(path);
            nb_free(path);
        }
    pthread_mutex_unlock(&s->save_lock);
    nb_sheet_rows_free(rows, n);
    if (status) {
        json_decref(ids);
        json_decref(out);
        return send_error(c, status, why);
    }
    json_object_set_new(out, "ids", ids);
    char *body = json_dumps(out, JSON_COMPACT);
    json_decref(out);
    return send_owned(c, 201, JSON, body, NULL);
}

static enum MHD_Result import(nb_serve_t *s, struct MHD_Connection *c, const char *method,
                              const nb_buf *body)
{
    if (strcmp(method, "POST"))
        return send_error(c, MHD_HTTP_METHOD_NOT_ALLOWED, "POST a file to /import");
    if (!token_ok(s, c))
        return send_error(c, 401, "importing needs the access token (X-Nianbao-Token)");
    const char *fname = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-File-Name");
    char ext[8];
    char *id = nb_upload_id(fname, ext);
    enum MHD_Result ret;
    if (!id) {
        ret = send_error(c, 400, "name the uploaded file in X-File-Name (e.g. 2021.docx)");
    } else if (!strcmp(ext, "xlsx")) {
        char *tmp = upload_to_temp(body, id, ext);
        char shown[NB_SERVE_MAX_ID + 16];
        snprintf(shown, sizeof shown, "%s.%s", id, ext);
        ret = tmp ? import_sheet(s, c, tmp, shown, id)
                  : send_error(c, 500, "the upload could not be stored for reading");
        if (tmp)
            upload_drop(tmp);
    } else if (strcmp(ext, "docx") && strcmp(ext, "html") && strcmp(ext, "htm")) {
        ret = send_error(c, 415,
                         "import takes a .docx or .html report or an .xlsx workbook of offices");
    } else {
        char *tmp = upload_to_temp(body, id, ext);
        char *yaml = NULL;
        nb_diags d;
        nb_diags_init(&d);
        nb_import_opts io = {0};
        bool stored = tmp != NULL;
        nb_status st = stored ? nb_import(tmp, &io, &yaml, &d) : NB_ERR_IO;
        if (stored)
            upload_drop(tmp);
        if (!stored) {
            ret = send_error(c, 500, "the upload could not be stored for reading");
        } else if (st || !yaml) {
            char shown[NB_SERVE_MAX_ID + 16];
            snprintf(shown, sizeof shown, "%s.%s", id, ext);
            ret = send_owned(c, 422, JSON, nb_diags_json(&d, NULL, shown), NULL);
        } else {
            ret = import_save(s, c, id, yaml, d.warnings);
        }
        nb_free(yaml);
        nb_diags_free(&d);
    }
    nb_free(id);
    return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    nb_serve_t *s = cls;
    conn *k = *con_cls;
    if (!k) {
        if (!(k = calloc(1, sizeof *k)))
            return MHD_NO;
        *con_cls = k;
        return MHD_YES;
    }
    size_t limit = !strcmp(url, "/import") ? NB_SERVE_MAX_UPLOAD : NB_SERVE_MAX_BODY;
    if (*upload_size) {
        if (k->too_big || k->body.len + *upload_size > limit)
            k->too_big = true;
        else
            nb_buf_append(&k->body, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (!host_ok(s, c))
        return send_error(c, 403, "this server answers only to localhost");
    if (k->too_big)
        return send_error(c, 413, "the request body is larger than the server accepts");
    if (k->body.oom)
        return send_error(c, 500, "out of memory");
    nb_route r = nb_route_parse(url);
    switch (r.kind) {
    case R_BOARD:
        if (strcmp(method, "GET") && strcmp(method, "HEAD"))
            return send_error(c, MHD_HTTP_METHOD_NOT_ALLOWED, "GET the board");
        return send_owned(c, 200, "text/html; charset=utf-8", nb_page_board(s), NULL);
    case R_ASSET: {
        const char *mime;
        size_t len;
        const char *a = nb_asset(r.id, &mime, &len);
        return send_bytes(c, 200, mime, a, len, MHD_RESPMEM_PERSISTENT, NULL, NULL);
    }
    case R_IMPORT:
        return import(s, c, method, &k->body);
    case R_BAD_ID:
        return send_error(c, 400,
                          "not an office id: ids are file names in the data folder, "
                          "without slashes or a leading dot");
    case R_NONE:
        return send_error(c, 404, "no such page");
    default:
        return office(s, c, &r, method, &k->body);
    }
}

static void done(void *cls, struct MHD_Connection *c, void **con_cls,
                 enum MHD_RequestTerminationCode why)
{
    conn *k = *con_cls;
    if (k) {
        nb_buf_free(&k->body);
        free(k);
        *con_cls = NULL;
    }
}

/* "HOST:PORT", "[V6]:PORT" or ":PORT" (loopback). */
static bool parse_listen(const char *spec, struct sockaddr_storage *ss, bool *v6, bool *loopback)
{
    char host[64];
    const char *colon = strrchr(spec, ':');
    if (!colon || (size_t)(colon - spec) >= sizeof host)
        return false;
    memcpy(host, spec, (size_t)(colon - spec));
    host[colon - spec] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || end == colon + 1 || port < 0 || port > 65535)
        return false;
    memset(ss, 0, sizeof *ss);
    if (!*host || !strcmp(host, "localhost"))
        strcpy(host, "127.0.0.1");
    size_t hn = strlen(host);
    if (host[0] == '[' && host[hn - 1] == ']') {
        host[hn - 1] = '\0';
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        *v6 = true;
        if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1)
            return false;
        *loopback = !memcmp(&a->sin6_addr, &in6addr_loopback, sizeof in6addr_loopback);
        return true;
    }
    struct sockaddr_in *a = (struct sockaddr_in *)ss;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    *v6 = false;
    if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
        return false;
    *loopback = (ntohl(a->sin_addr.s_addr) >> 24) == 127;
    return true;
}

nb_status nb_serve(const nb_serve_opts *o, nb_diags *d)
{
    const char *listen = o->listen ? o->listen : "127.0.0.1:8080";
    struct sockaddr_storage ss;
    bool v6 = false, loopback = true;
    if (!parse_listen(listen, &ss, &v6, &loopback))
        return nb_diag_at(d, NB_ERROR, NB_ERR_USAGE, NB_NOPOS,
                          "--listen '%s' is not HOST:PORT (e.g. 127.0.0.1:8080)", listen);
    nb_office *v = NULL;
    size_t n = 0;
    if (nb_serve_offices_list(o->data_dir, &v, &n))
        return nb_diag_at(d, NB_ERROR, NB_ERR_IO, NB_NOPOS, "%s: cannot read the data folder (%s)",
                          o->data_dir, strerror(errno));
    nb_serve_offices_free(v, n);

    nb_serve_t s = {.o = o, .loopback = loopback};
    pthread_mutex_init(&s.lock, NULL);
    pthread_mutex_init(&s.save_lock, NULL);
    /* The signals are waited for below: block them in every thread. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct MHD_Daemon *daemon = MHD_start_daemon(
        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL_INTERNAL_THREAD | (v6 ? MHD_USE_IPv6 : 0), 0,
        NULL, NULL, handle, &s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_NOTIFY_COMPLETED, done, NULL, MHD_OPTION_CONNECTION_LIMIT, (unsigned)256,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120, MHD_OPTION_END);
    if (!daemon)
        return nb_diag_at(d, NB_ERROR, NB_ERR_IO, NB_NOPOS,
                          "cannot listen on %s (%s): is another server using the port?", listen,
                          strerror(errno));
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    char host[64];
    const char *colon = strrchr(listen, ':');
    snprintf(host, sizeof host, "%.*s", (int)(colon - listen), listen);
    if (!*host || !strcmp(host, "localhost"))
        strcpy(host, "127.0.0.1");
    FILE *log = o->log ? o->log : stdout;
    fprintf(log, "nianbao serve: listening on http://%s:%u/ (%zu offices in %s)\n", host,
            info ? info->port : 0, n, o->data_dir);
    fflush(log);
    int sig = 0;
    sigwait(&sigs, &sig);
    MHD_stop_daemon(daemon);
    for (size_t i = 0; i < s.nlayouts; i++) {
        nb_fontset_free(s.layouts[i].fonts);
        nb_layout_free(s.layouts[i].layout);
        nb_free(s.layouts[i].path);
    }
    for (size_t i = 0; i < NB_SERVE_MAX_OUTPUTS; i++)
        nb_free(s.outputs[i].bytes);
    free(s.verdicts);
    pthread_mutex_destroy(&s.lock);
    pthread_mutex_destroy(&s.save_lock);
    fprintf(log, "nianbao serve: stopped\n");
    return NB_OK;
}
