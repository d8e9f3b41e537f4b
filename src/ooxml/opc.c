/* OPC relationships (ECMA-376 Part 2): each part's _rels/NAME.rels lists
 * the parts it points to; the package's own _rels/.rels names the main
 * document. */
#include <string.h>

#include "ooxml/ooxml.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/diag.h"

#define NS_RELS "http://schemas.openxmlformats.org/package/2006/relationships"

/* "word/document.xml" → "word/_rels/document.xml.rels"; "" → "_rels/.rels". */
static char *rels_name(const char *part)
{
    while (*part == '/')
        part++;
    const char *slash = strrchr(part, '/');
    nb_buf b = {0};
    if (slash)
        nb_buf_append(&b, part, (size_t)(slash - part + 1));
    nb_buf_printf(&b, "_rels/%s.rels", slash ? slash + 1 : part);
    return nb_buf_take(&b);
}

/* Resolves `target` against the folder of `part`, collapsing "." and "..";
 * NULL when it climbs above the package root or memory runs out. */
static char *resolve(const char *part, const char *target, bool *escapes)
{
    *escapes = false;
    nb_buf path = {0};
    if (target[0] != '/') {
        while (*part == '/')
            part++;
        const char *slash = strrchr(part, '/');
        if (slash)
            nb_buf_append(&path, part, (size_t)(slash - part + 1));
    }
    nb_buf_puts(&path, target);
    char *in = nb_buf_take(&path);
    if (!in)
        return NULL;
    /* Segment by segment into `out`, which never grows past `in`. */
    size_t n = strlen(in);
    char *out = nb_malloc(n + 1);
    if (!out) {
        nb_free(in);
        return NULL;
    }
    size_t o = 0;
    for (const char *p = in; *p;) {
        while (*p == '/')
            p++;
        const char *e = strchr(p, '/');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == 0)
            break;
        if (len == 1 && p[0] == '.') {
        } else if (len == 2 && p[0] == '.' && p[1] == '.') {
            if (o == 0) {
                *escapes = true;
                break;
            }
            while (o > 0 && out[o - 1] != '/')
                o--;
            if (o > 0)
                o--; /* the slash before the dropped segment */
        } else {
            if (o)
                out[o++] = '/';
            memcpy(out + o, p, len);
            o += len;
        }
        p += len;
    }
    out[o] = 0;
    nb_free(in);
    if (*escapes) {
        nb_free(out);
        return NULL;
    }
    return out;
}

void nb_opc_rels_free(nb_opc_rels *r)
{
    for (size_t i = 0; i < r->count; i++) {
        nb_free(r->items[i].id);
        nb_free(r->items[i].type);
        nb_free(r->items[i].target);
    }
    nb_free(r->items);
    r->items = NULL;
    r->count = 0;
}

nb_status nb_opc_rels_read(nb_zip *z, const char *part, nb_opc_rels *out, nb_diags *d)
{
    out->items = NULL;
    out->count = 0;
    char *member = rels_name(part);
    if (!member)
        return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
    char *bytes;
    size_t len;
    nb_status s = nb_zip_read(z, member, false, &bytes, &len, d);
    if (s == NB_ERR_NOT_FOUND) {
        nb_free(member);
        return NB_OK; /* no relationships */
    }
    if (s) {
        nb_free(member);
        return s;
    }
    nb_buf where = {0};
    nb_buf_printf(&where, "%s:%s", nb_zip_name(z), member);
    const char *name = nb_buf_cstr(&where);
    xmlDocPtr doc = nb_xml_parse(bytes, len, name, d);
    nb_free(bytes);
    if (!doc) {
        nb_buf_free(&where);
        nb_free(member);
        return NB_ERR_SYNTAX;
    }
    size_t cap = 0;
    xmlNode *root = xmlDocGetRootElement(doc);
    for (xmlNode *n = root ? root->children : NULL; n && !s; n = n->next) {
        if (!nb_xml_is(n, NS_RELS, "Relationship"))
            continue;
        const char *id = nb_xml_attr(n, NULL, "Id");
        const char *type = nb_xml_attr(n, NULL, "Type");
        const char *target = nb_xml_attr(n, NULL, "Target");
        const char *mode = nb_xml_attr(n, NULL, "TargetMode");
        if (!id || !type || !target)
            continue; /* unusable; whoever needed it reports it missing */
        if (!nb_grow(&out->items, out->count, 1, &cap, sizeof *out->items)) {
            s = nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
            break;
        }
        nb_opc_rel *r = &out->items[out->count];
        memset(r, 0, sizeof *r);
        r->external = mode && !strcmp(mode, "External");
        bool escapes = false;
        r->id = nb_strdup(id);
        r->type = nb_strdup(type);
        r->target = r->external ? nb_strdup(target) : resolve(part, target, &escapes);
        if (escapes) {
            nb_free(r->id);
            nb_free(r->type);
            s = nb_diag_at(d, NB_ERROR, NB_ERR_SYNTAX, (nb_pos){name, n->line, 0},
                           "relationship %s points outside the package (%s)", id, target);
            break;
        }
        out->count++;
        if (!r->id || !r->type || !r->target)
            s = nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
    }
    xmlFreeDoc(doc);
    nb_buf_free(&where);
    nb_free(member);
    if (s)
        nb_opc_rels_free(out);
    return s;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

const nb_opc_rel *nb_opc_rels_find(const nb_opc_rels *r, const char *type_suffix)
{
    for (size_t i = 0; i < r->count; i++)
        if (ends_with(r->items[i].type, type_suffix))
            return &r->items[i];
    return NULL;
}

const nb_opc_rel *nb_opc_rels_by_id(const nb_opc_rels *r, const char *id)
{
    for (size_t i = 0; i < r->count; i++)
        if (!strcmp(r->items[i].id, id))
            return &r->items[i];
    return NULL;
}

nb_status nb_opc_main_part(nb_zip *z, const char *what, char **part, nb_diags *d)
{
    *part = NULL;
    nb_opc_rels rels;
    nb_status s = nb_opc_rels_read(z, "", &rels, d);
    if (s)
        return s;
    const nb_opc_rel *main = nb_opc_rels_find(&rels, "/officeDocument");
    if (!main || main->external)
        s = nb_diag_at(d, NB_ERROR, NB_ERR_NOT_FOUND, (nb_pos){nb_zip_name(z), 0, 0},
                       "the package names no main document (_rels/.rels): not %s, or saved "
                       "incompletely",
                       what);
    else if (!(*part = nb_strdup(main->target)))
        s = nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
    nb_opc_rels_free(&rels);
    return s;
}
