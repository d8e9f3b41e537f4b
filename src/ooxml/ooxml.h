/* Reading OOXML packages safely: a zip archive (libzip) of XML parts
 * (libxml2) tied together by OPC relationships (_rels/NAME.rels).
 *
 * Shared by the .docx importer (src/import/) and the .xlsx reader
 * (src/sheet/). Everything here treats the input as hostile:
 *
 *  - the archive is checked when opened: at most `max_entries` members and
 *    at most `max_total` bytes of declared uncompressed size; each member
 *    is read with a cap of `max_entry` bytes counted while inflating (the
 *    declared size is not trusted), so a zip bomb stops at the limit;
 *  - XML is parsed with XML_PARSE_NONET (no network), without
 *    XML_PARSE_NOENT / DTDLOAD / DTDATTR (no entity substitution, no
 *    external subsets), without XML_PARSE_HUGE (libxml2's own depth and
 *    text-size limits stay on), and any DOCTYPE stops the parse: OOXML parts
 *    never have one, so this closes billion-laughs and XXE outright;
 *  - every failure is a diagnostic "FILE: error: … [code]" naming the member.
 *
 * API stability: the sheet helper builds on this header. Functions are
 * only ever added; existing signatures and meanings do not change.
 *
 * Ownership: nb_zip objects are freed with nb_zip_close, relationship lists with nb_opc_rels_free ;
 * bytes from nb_zip_read are freed with nb_free; xmlDoc with xmlFreeDoc. */
#ifndef NB_OOXML_OOXML_H
#define NB_OOXML_OOXML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "../nianbao.h"

/* ---- Zip packages ------------------------------------------------------ */

typedef struct nb_zip_limits {
    size_t max_entries; /* members in the archive */
    uint64_t max_entry; /* uncompressed bytes of one member */
    uint64_t max_total; /* uncompressed bytes of all members together */
} nb_zip_limits;

/* The defaults: 10,000 members, 64 MiB a member, 256 MiB in all — far
 * above any real report or spreadsheet, far below a zip bomb. */
#define NB_ZIP_MAX_ENTRIES 10000
#define NB_ZIP_MAX_ENTRY (64u << 20)
#define NB_ZIP_MAX_TOTAL (256u << 20)
void nb_zip_limits_default(nb_zip_limits *lim);

typedef struct nb_zip nb_zip;

/* Opens the archive at `path` (lim may be NULL for the defaults). Errors:
 * NB_ERR_IO (cannot read), NB_ERR_SYNTAX (not a zip archive),
 * NB_ERR_LIMIT (too many members or too large). */
nb_status nb_zip_open_file(const char *path, const nb_zip_limits *lim, nb_zip **out, nb_diags *d);

/* Opens an archive held in memory. `bytes` is borrowed and must outlive the
 * nb_zip; `name` is what messages call it (copied). */
nb_status nb_zip_open_mem(const void *bytes, size_t len, const char *name, const nb_zip_limits *lim,
                          nb_zip **out, nb_diags *d);

void nb_zip_close(nb_zip *z);

/* The name messages use for the archive (borrowed). */
const char *nb_zip_name(const nb_zip *z);

/* Number of members, and the name of member i (borrowed; NULL past the end). */
size_t nb_zip_count(const nb_zip *z);
const char *nb_zip_member(const nb_zip *z, size_t i);

/* Whether a member called `member` exists (exact, case-sensitive; a leading
 * '/' is ignored, as in OPC part names). */
bool nb_zip_has(const nb_zip *z, const char *member);

/* Reads a whole member into *bytes (NUL-terminated for convenience; *len
 * excludes the NUL; free with nb_free). NB_ERR_NOT_FOUND when absent (an
 * error diagnostic only when `required`), NB_ERR_LIMIT past the limits,
 * NB_ERR_SYNTAX when the member is corrupt or encrypted. */
nb_status nb_zip_read(nb_zip *z, const char *member, bool required, char **bytes, size_t *len,
                      nb_diags *d);

/* ---- XML ---------------------------------------------------------------- */

/* Parses an XML part with the safe options above. `name` (e.g.
 * "report.docx:word/document.xml") is used in messages. NULL on failure
 * (an NB_ERR_SYNTAX or NB_ERR_NOMEM diagnostic recorded with line:col). */
xmlDocPtr nb_xml_parse(const char *bytes, size_t len, const char *name, nb_diags *d);

/* Parses an HTML page with libxml2's HTML parser (recovering from broken
 * markup, as browsers do; no network). `encoding` may be NULL (detected
 * from the page's <meta charset>, else UTF-8). NULL on failure. */
xmlDocPtr nb_html_parse(const char *bytes, size_t len, const char *name, const char *encoding,
                        nb_diags *d);

/* Helpers for walking a parsed part. Names compare the local name and, when
 * `ns` is not NULL, the namespace URI. */
bool nb_xml_is(const xmlNode *n, const char *ns, const char *local);
/* The first element child of `n` with that name, or NULL. */
xmlNode *nb_xml_child(const xmlNode *n, const char *ns, const char *local);
/* An attribute's value (borrowed from the tree) or NULL. `ns` may be NULL
 * for an unqualified attribute. */
const char *nb_xml_attr(const xmlNode *n, const char *ns, const char *local);

/* ---- OPC relationships ---------------------------------------------------- */

typedef struct nb_opc_rel {
    char *id;     /* r:id, e.g. "rId3" */
    char *type;   /* the relationship type URI */
    char *target; /* internal: the resolved part name ("word/numbering.xml");
                     external (TargetMode="External"): the URI as written */
    bool external;
} nb_opc_rel;

typedef struct nb_opc_rels {
    nb_opc_rel *items;
    size_t count;
} nb_opc_rels;

/* Reads the relationships of `part` ("" or "/" for the package's own
 * _rels/.rels; "word/document.xml" → word/_rels/document.xml.rels).
 * A part without a .rels member has no relationships (NB_OK, count 0).
 * Targets are resolved against the part's folder ("../x", "/x"); a target
 * that climbs out of the package is an NB_ERR_SYNTAX error. */
nb_status nb_opc_rels_read(nb_zip *z, const char *part, nb_opc_rels *out, nb_diags *d);
void nb_opc_rels_free(nb_opc_rels *r);

/* The first relationship whose type ends with `type_suffix` (e.g.
 * "/officeDocument", "/numbering"), or NULL. Suffix matching accepts both
 * the transitional and the strict (purl.oclc.org) type URIs. */
const nb_opc_rel *nb_opc_rels_find(const nb_opc_rels *r, const char *type_suffix);
/* The relationship with id `id`, or NULL. */
const nb_opc_rel *nb_opc_rels_by_id(const nb_opc_rels *r, const char *id);

/* The package's main part (the officeDocument relationship of _rels/.rels),
 * e.g. "word/document.xml" or "xl/workbook.xml", as a heap string (nb_free).
 * NB_ERR_NOT_FOUND with a diagnostic naming `what` ("a Word document") when
 * the package has none. */
nb_status nb_opc_main_part(nb_zip *z, const char *what, char **part, nb_diags *d);

#endif
