/* XML and HTML parsing with libxml2, with the options that keep a hostile
 * part from reaching the network or expanding entities (see ooxml.h). */
#include <pthread.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "ooxml/ooxml.h"
#include "util/diag.h"

/* libxml2 must be initialised once, before any thread uses it. */
static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static void init_libxml(void) { xmlInitParser(); }

/* libxml2 reports some problems (bad bytes for the declared encoding)
 * through its generic error handler, which prints to stderr; the library
 * never prints, so they are dropped here (the parse's own result and
 * error say what matters). The handler is per thread in libxml2. */
static void silent(void *ctx, const char *msg, ...) {}

static void prepare(void)
{
    pthread_once(&init_once, init_libxml);
    xmlSetGenericErrorFunc(NULL, silent);
}

/* Parts are bounded by the zip limits, but libxml2 takes an int length. */
#define XML_MAX_BYTES (1u << 30)

/* OOXML parts never carry a DOCTYPE; one is an attack (entity expansion,
 * external entities), so the parse stops as soon as one starts. */
static void refuse_dtd(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
    xmlParserCtxtPtr c = ctx;
    *(int *)c->_private = 1;
    xmlStopParser(c);
}

static void report_error(xmlParserCtxtPtr ctxt, const char *name, const char *what, nb_diags *d)
{
    const xmlError *e = xmlCtxtGetLastError(ctxt);
    if (e && e->message) {
        /* libxml2's messages end in a newline. */
        size_t n = strlen(e->message);
        while (n && (e->message[n - 1] == '\n' || e->message[n - 1] == ' '))
            n--;
        nb_diag_at(d, NB_ERROR, NB_ERR_SYNTAX, (nb_pos){name, e->line, e->int2},
                   "malformed %s: %.*s", what, (int)n, e->message);
    } else {
        nb_diag_at(d, NB_ERROR, NB_ERR_SYNTAX, (nb_pos){name, 0, 0}, "malformed %s", what);
    }
}

xmlDocPtr nb_xml_parse(const char *bytes, size_t len, const char *name, nb_diags *d)
{
    prepare();
    nb_pos at = {name, 0, 0};
    if (len > XML_MAX_BYTES) {
        nb_diag_at(d, NB_ERROR, NB_ERR_LIMIT, at, "an XML part of more than 1 GiB");
        return NULL;
    }
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, at, "out of memory");
        return NULL;
    }
    int saw_dtd = 0;
    ctxt->_private = &saw_dtd;
    ctxt->sax->internalSubset = refuse_dtd;
    ctxt->sax->externalSubset = refuse_dtd;
    /* Deliberately absent: XML_PARSE_NOENT (substitute entities),
     * XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR, XML_PARSE_HUGE, XML_PARSE_XINCLUDE. */
    int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, bytes, (int)len, NULL, NULL, opts);
    if (saw_dtd) {
        xmlFreeDoc(doc);
        doc = NULL;
        nb_diag_at(d, NB_ERROR, NB_ERR_SYNTAX, at,
                   "a DOCTYPE declaration, which an Office part never has: the file is not "
                   "what it claims to be");
    } else if (!doc || !ctxt->wellFormed) {
        report_error(ctxt, name, "XML", d);
        xmlFreeDoc(doc);
        doc = NULL;
    } else if (!xmlDocGetRootElement(doc)) {
        nb_diag_at(d, NB_ERROR, NB_ERR_SYNTAX, at, "an XML part with no root element");
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    return doc;
}

xmlDocPtr nb_html_parse(const char *bytes, size_t len, const char *name, const char *encoding,
                        nb_diags *d)
{
    prepare();
    nb_pos at = {name, 0, 0};
    if (len > XML_MAX_BYTES) {
        nb_diag_at(d, NB_ERROR, NB_ERR_LIMIT, at, "a web page of more than 1 GiB");
        return NULL;
    }
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (!ctxt) {
        nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, at, "out of memory");
        return NULL;
    }
    /* Real portals publish broken markup; recover as a browser would. */
    int opts = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
               HTML_PARSE_NOIMPLIED;
    htmlDocPtr doc = htmlCtxtReadMemory(ctxt, bytes, (int)len, NULL, encoding, opts);
    if (!doc || !xmlDocGetRootElement(doc)) {
        report_error(ctxt, name, "web page", d);
        xmlFreeDoc(doc);
        doc = NULL;
    }
    htmlFreeParserCtxt(ctxt);
    return doc;
}

bool nb_xml_is(const xmlNode *n, const char *ns, const char *local)
{
    if (!n || n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, local))
        return false;
    if (!ns)
        return true;
    return n->ns && n->ns->href && !strcmp((const char *)n->ns->href, ns);
}

xmlNode *nb_xml_child(const xmlNode *n, const char *ns, const char *local)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (nb_xml_is(c, ns, local))
            return c;
    return NULL;
}

const char *nb_xml_attr(const xmlNode *n, const char *ns, const char *local)
{
    if (!n || n->type != XML_ELEMENT_NODE)
        return NULL;
    for (xmlAttr *a = n->properties; a; a = a->next) {
        if (strcmp((const char *)a->name, local))
            continue;
        if (ns && !(a->ns && a->ns->href && !strcmp((const char *)a->ns->href, ns)))
            continue;
        if (!ns && a->ns)
            continue;
        /* Attribute values are a single text child in a parsed tree. */
        if (a->children && a->children->type == XML_TEXT_NODE && !a->children->next)
            return (const char *)a->children->content;
        return "";
    }
    return NULL;
}
