/* Parsing what a client sends: routes, If-Match and upload names. Pure
 * functions over strings (fuzzed by tests/fuzz/fuzz_serve.c): whatever a
 * URL holds, an office id that comes out of here is a safe file stem. */
#include <ctype.h>
#include <string.h>

#include "../util/alloc.h"
#include "serve.h"

bool nb_office_id_ok(const char *id)
{
    size_t n = strlen(id);
    if (!n || n > NB_SERVE_MAX_ID || id[0] == '.' || strchr(id, '/') || strchr(id, '\\'))
        return false;
    char *safe = nb_safe_file_name(id);
    bool ok = safe && !strcmp(safe, id);
    nb_free(safe);
    return ok;
}

static bool ends_with(const char *s, size_t n, const char *suffix, size_t *stem)
{
    size_t k = strlen(suffix);
    if (n <= k || memcmp(s + n - k, suffix, k))
        return false;
    *stem = n - k;
    return true;
}

/* /o/{id}{suffix}: the id part checked and copied. */
static nb_route office_route(const char *rest, size_t n, nb_route_kind kind)
{
    nb_route r = {R_BAD_ID, ""};
    if (n == 0 || n > NB_SERVE_MAX_ID)
        return r;
    memcpy(r.id, rest, n);
    r.id[n] = '\0';
    if (strlen(r.id) != n || !nb_office_id_ok(r.id)) {
        r.id[0] = '\0';
        return r;
    }
    r.kind = kind;
    return r;
}

nb_route nb_route_parse(const char *path)
{
    nb_route r = {R_NONE, ""};
    if (!strcmp(path, "/"))
        return (nb_route){R_BOARD, ""};
    if (!strcmp(path, "/import"))
        return (nb_route){R_IMPORT, ""};
    if (!strncmp(path, "/static/", 8)) {
        const char *name = path + 8;
        if (strlen(name) <= NB_SERVE_MAX_ID && nb_asset(name, NULL, NULL)) {
            r.kind = R_ASSET;
            strcpy(r.id, name);
        }
        return r;
    }
    if (strncmp(path, "/o/", 3))
        return r;
    const char *rest = path + 3;
    size_t n = strlen(rest), stem;
    const char *slash = strchr(rest, '/');
    if (slash) {
        size_t idn = (size_t)(slash - rest);
        if (!strcmp(slash, "/data"))
            return office_route(rest, idn, R_DATA);
        if (!strcmp(slash, "/check"))
            return office_route(rest, idn, R_CHECK);
        if (!strcmp(slash, "/state"))
            return office_route(rest, idn, R_STATE);
        return (nb_route){R_BAD_ID, ""}; /* a path below an office, or ../ */
    }
    if (ends_with(rest, n, ".pdfa.pdf", &stem))
        return office_route(rest, stem, R_PDFA);
    if (ends_with(rest, n, ".pdf", &stem))
        return office_route(rest, stem, R_PDF);
    if (ends_with(rest, n, ".html", &stem))
        return office_route(rest, stem, R_HTML);
    return office_route(rest, n, R_PAGE);
}

bool nb_if_match(const char *h, const char *etag)
{
    if (!h)
        return false;
    size_t elen = strlen(etag);
    const char *p = h;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (!*p)
            break;
        if (*p == '*')
            return true;
        if (!strncmp(p, "W/", 2)) /* weak tags never match (RFC 9110 13.1.1) */
            p += 2;
        else if (!strncmp(p, etag, elen) &&
                 (p[elen] == '\0' || p[elen] == ',' || p[elen] == ' ' || p[elen] == '\t'))
            return true;
        if (*p == '"') { /* skip one quoted tag */
            const char *q = strchr(p + 1, '"');
            p = q ? q + 1 : p + strlen(p);
        } else {
            while (*p && *p != ',')
                p++;
        }
    }
    return false;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* The page sends X-File-Name percent-encoded (a header is ASCII): decode
 * in place; a NUL byte ends the name. */
static void pct_decode(char *s)
{
    char *o = s;
    for (char *p = s; *p; p++) {
        int hi, lo;
        if (*p == '%' && (hi = hexval(p[1])) >= 0 && (lo = hexval(p[2])) >= 0) {
            *o++ = (char)(hi * 16 + lo);
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
}

char *nb_upload_id(const char *header, char ext[8])
{
    ext[0] = '\0';
    if (!header)
        return NULL;
    char *decoded = nb_strdup(header);
    if (!decoded)
        return NULL;
    pct_decode(decoded);
    const char *filename = decoded;
    const char *base = filename;
    for (const char *p = filename; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    const char *dot = strrchr(base, '.');
    size_t n = dot ? (size_t)(dot - base) : strlen(base);
    if (dot && strlen(dot + 1) < 8) {
        size_t i = 0;
        for (const char *e = dot + 1; *e; e++)
            ext[i++] = (char)tolower((unsigned char)*e);
        ext[i] = '\0';
    }
    if (n > NB_SERVE_MAX_ID)
        n = NB_SERVE_MAX_ID;
    char *stem = nb_strndup(base, n);
    char *id = stem ? nb_safe_file_name(stem) : NULL;
    nb_free(stem);
    nb_free(decoded);
    /* the safe name may cut a character: check it again, and refuse what
     * is left empty */
    if (id && !nb_office_id_ok(id)) {
        nb_free(id);
        id = NULL;
    }
    return id;
}
