/* Reading YAML into an nb_ydoc: file reading, byte-level checks, and a tree
 * builder driven by libyaml's event API.
 *
 * Why events and not libyaml's document API: the document API resolves
 * aliases into shared nodes (a "billion laughs" risk), keeps no "was this
 * quoted" flag we can trust cheaply, and allocates with plain malloc, which
 * would bypass the nb_malloc failure injection. Building our own nodes keeps
 * every allocation that we own testable. */
#include "yaml_tree.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/fileio.h"
#include "../util/hash.h"
#include "../util/utf8.h"
#include "yaml_hints.h"

/* Maps with at least this many keys get a hash index for the duplicate-key
 * check; below it a linear scan is cheaper than building the table. */
#define HASH_FROM 16

/* ---- Positions of raw bytes -------------------------------------------- */

/* libyaml's line breaks: LF, CR, CRLF, NEL, LS, PS. */
static bool is_break(int32_t cp, const char *s, size_t len, size_t next)
{
    if (cp == '\r')
        return !(next < len && s[next] == '\n'); /* CRLF counts at the LF */
    return cp == '\n' || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

/* Line and column (characters, 1-based, like libyaml's marks) of byte
 * offset `off`. Bytes before it are known to be valid UTF-8. */
static nb_pos locate(const char *file, const char *s, size_t len, size_t off)
{
    nb_pos p = {file, 1, 1};
    size_t i = 0;
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = 3; /* libyaml drops the BOM without counting a column */
    while (i < off && i < len) {
        int32_t cp = nb_utf8_next(s, len, &i);
        if (is_break(cp, s, len, i)) {
            p.line++;
            p.col = 1;
        } else {
            p.col++;
        }
    }
    return p;
}

/* libyaml would report bad encodings as a byte offset with no line; we
 * check first so that the message carries line:col. */
static nb_status check_bytes(const char *file, const char *s, size_t len, nb_diags *d)
{
    const void *nul = memchr(s, '\0', len);
    size_t bad = nb_utf8_invalid_at(s, len);
    size_t nul_at = nul ? (size_t)((const char *)nul - s) : (size_t)-1;
    if (nul_at < bad)
        return nb_diag_at(d, NB_ERROR, NB_ERR_SYNTAX, locate(file, s, len, nul_at),
                          "NUL byte in input");
    if (bad != (size_t)-1)
        return nb_diag_at(d, NB_ERROR, NB_ERR_SYNTAX, locate(file, s, len, bad),
                          "invalid UTF-8 (byte 0x%02X); the file must be saved as UTF-8",
                          (unsigned)(unsigned char)s[bad]);
    return NB_OK;
}

/* ---- Nodes ------------------------------------------------------------ */

static void node_free(nb_ynode *n)
{
    if (!n)
        return;
    nb_free(n->str);
    for (size_t i = 0; i < n->count; i++) {
        if (n->kind == NB_Y_SEQ) {
            node_free(n->items[i]);
        } else if (n->kind == NB_Y_MAP) {
            node_free(n->pairs[i].key);
            node_free(n->pairs[i].value);
        }
    }
    nb_free(n->items);
    nb_free(n->pairs);
    nb_free(n);
}

void nb_ydoc_free(nb_ydoc *doc)
{
    if (!doc)
        return;
    node_free(doc->root);
    nb_free(doc->file);
    nb_free(doc);
}

/* ---- Tree builder ----------------------------------------------------- */

typedef struct frame {
    nb_ynode *node;
    size_t *hash; /* maps only: slots hold pair index + 1, 0 = empty */
    size_t hcap;  /* power of two, or 0 before the table is built */
} frame;

typedef struct builder {
    nb_ydoc *doc;
    const char *src; /* input bytes, for reader-error offsets */
    size_t srclen;
    nb_diags *d;
    frame stack[NB_YAML_MAX_DEPTH];
    int depth;
    size_t nodes;
    int docs;
    bool includes; /* a scalar was tagged !include */
} builder;

static nb_pos mark_pos(const builder *b, yaml_mark_t m)
{
    return (nb_pos){b->doc->file, (int)m.line + 1, (int)m.column + 1};
}

static bool same_key(const nb_ynode *a, const nb_ynode *b)
{
    return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
}

static void hash_put(frame *f, size_t idx)
{
    const nb_ynode *k = f->node->pairs[idx].key;
    size_t mask = f->hcap - 1;
    size_t h = (size_t)nb_hash(NB_HASH_INIT, k->str, k->len) & mask;
    while (f->hash[h])
        h = (h + 1) & mask;
    f->hash[h] = idx + 1;
}

/* Makes room for one more key at load factor <= 1/2. */
static nb_status hash_grow(frame *f)
{
    size_t need = 2 * (f->node->count + 1);
    if (f->hcap >= need)
        return NB_OK;
    size_t cap = 64;
    while (cap < 2 * need)
        cap *= 2;
    size_t *t = nb_calloc(cap, sizeof *t);
    if (!t)
        return NB_ERR_NOMEM;
    nb_free(f->hash);
    f->hash = t;
    f->hcap = cap;
    for (size_t i = 0; i < f->node->count; i++)
        hash_put(f, i);
    return NB_OK;
}

/* Sets *first to the earlier pair holding `key`, or NULL. */
static nb_status find_key(frame *f, const nb_ynode *key, const nb_ypair **first)
{
    const nb_ynode *m = f->node;
    *first = NULL;
    if (m->count < HASH_FROM) {
        for (size_t i = 0; i < m->count; i++)
            if (same_key(m->pairs[i].key, key)) {
                *first = &m->pairs[i];
                break;
            }
        return NB_OK;
    }
    if (hash_grow(f) != NB_OK)
        return NB_ERR_NOMEM;
    size_t mask = f->hcap - 1;
    size_t h = (size_t)nb_hash(NB_HASH_INIT, key->str, key->len) & mask;
    for (; f->hash[h]; h = (h + 1) & mask)
        if (same_key(m->pairs[f->hash[h] - 1].key, key)) {
            *first = &m->pairs[f->hash[h] - 1];
            break;
        }
    return NB_OK;
}

/* Room for one more item (sequence) or pair (mapping). */
static bool grow(nb_ynode *p)
{
    if (p->count < p->cap)
        return true;
    size_t cap = p->cap ? p->cap * 2 : 4;
    if (p->kind == NB_Y_SEQ) {
        nb_ynode **items = nb_realloc(p->items, cap * sizeof *items);
        if (!items)
            return false;
        p->items = items;
    } else {
        nb_ypair *pairs = nb_realloc(p->pairs, cap * sizeof *pairs);
        if (!pairs)
            return false;
        p->pairs = pairs;
    }
    p->cap = cap;
    return true;
}

static nb_status add_key(builder *b, frame *f, nb_ynode *key)
{
    char snip[NB_Y_SNIPPET];
    nb_ynode *m = f->node;
    if (key->kind != NB_Y_SCALAR)
        return nb_diag_at(b->d, NB_ERROR, NB_ERR_SCHEMA, nb_y_pos(b->doc, key),
                          "mapping keys must be plain strings, found %s", nb_y_kind_name(key));
    const nb_ypair *first;
    if (find_key(f, key, &first) != NB_OK)
        return nb_y_nomem(b->d);
    if (first)
        return nb_diag_at(b->d, NB_ERROR, NB_ERR_SCHEMA, nb_y_pos(b->doc, key),
                          "duplicate key '%s' (first defined at line %d)",
                          nb_y_snippet(key, snip, sizeof snip), first->key->line);
    if (!grow(m))
        return nb_y_nomem(b->d);
    m->pairs[m->count++] = (nb_ypair){key, NULL};
    if (f->hcap)
        hash_put(f, m->count - 1);
    return NB_OK;
}

/* Links a new node under the innermost open collection. On failure the
 * caller still owns `n`. */
static nb_status attach(builder *b, nb_ynode *n)
{
    if (b->depth == 0) {
        b->doc->root = n;
        return NB_OK;
    }
    frame *f = &b->stack[b->depth - 1];
    nb_ynode *p = f->node;
    if (p->kind == NB_Y_SEQ) {
        if (!grow(p))
            return nb_y_nomem(b->d);
        p->items[p->count++] = n;
        return NB_OK;
    }
    if (p->count > 0 && !p->pairs[p->count - 1].value) {
        p->pairs[p->count - 1].value = n;
        return NB_OK;
    }
    return add_key(b, f, n);
}

/* Anchors, aliases and tags would make the tree mean something other than
 * what it looks like; configuration files have no need for them. */
static nb_status reject_props(builder *b, const yaml_event_t *ev, const yaml_char_t *anchor,
                              const yaml_char_t *tag)
{
    if (anchor)
        return nb_diag_at(b->d, NB_ERROR, NB_ERR_SYNTAX, mark_pos(b, ev->start_mark),
                          "anchor '&%s': anchors and aliases are not supported",
                          (const char *)anchor);
    if (tag)
        return nb_diag_at(b->d, NB_ERROR, NB_ERR_SYNTAX, mark_pos(b, ev->start_mark),
                          "tag '%s': tags are not supported", (const char *)tag);
    return NB_OK;
}

static nb_status new_node(builder *b, const yaml_event_t *ev, nb_ykind kind, nb_ynode **out)
{
    *out = NULL;
    if (b->nodes >= NB_YAML_MAX_NODES) {
        nb_diag_at(b->d, NB_ERROR, NB_ERR_LIMIT, mark_pos(b, ev->start_mark),
                   "more than %d YAML nodes", NB_YAML_MAX_NODES);
        return NB_ERR_LIMIT;
    }
    nb_ynode *n = nb_calloc(1, sizeof *n);
    if (!n) {
        nb_y_nomem(b->d);
        return NB_ERR_NOMEM;
    }
    b->nodes++;
    n->kind = kind;
    n->line = (int)ev->start_mark.line + 1;
    n->col = (int)ev->start_mark.column + 1;
    *out = n;
    return NB_OK;
}

static nb_status on_scalar(builder *b, const yaml_event_t *ev)
{
    const char *v = (const char *)ev->data.scalar.value;
    size_t len = ev->data.scalar.length;
    /* One tag is meaningful: `!include FILE` names a text file whose
     * lines are the value (a prose section, model/textfile.h). */
    const yaml_char_t *tag = ev->data.scalar.tag;
    bool include = tag && !strcmp((const char *)tag, "!include");
    nb_status st = reject_props(b, ev, ev->data.scalar.anchor, include ? NULL : tag);
    if (st != NB_OK)
        return st;
    if (memchr(v, '\0', len)) /* only a "\0" escape can get here */
        return nb_diag_at(b->d, NB_ERROR, NB_ERR_SYNTAX, mark_pos(b, ev->start_mark),
                          "NUL character in string");
    nb_ynode *n;
    if ((st = new_node(b, ev, NB_Y_SCALAR, &n)) != NB_OK)
        return st;
    n->str = nb_strndup(v, len);
    n->include = include;
    b->includes |= include;
    n->len = len;
    n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    if (!n->str) {
        node_free(n);
        return nb_y_nomem(b->d);
    }
    if ((st = attach(b, n)) != NB_OK)
        node_free(n);
    return st;
}

static nb_status on_start(builder *b, const yaml_event_t *ev, nb_ykind kind,
                          const yaml_char_t *anchor, const yaml_char_t *tag)
{
    nb_status st = reject_props(b, ev, anchor, tag);
    if (st != NB_OK)
        return st;
    if (b->depth >= NB_YAML_MAX_DEPTH)
        return nb_diag_at(b->d, NB_ERROR, NB_ERR_LIMIT, mark_pos(b, ev->start_mark),
                          "nesting deeper than %d levels", NB_YAML_MAX_DEPTH);
    nb_ynode *n;
    if ((st = new_node(b, ev, kind, &n)) != NB_OK)
        return st;
    if ((st = attach(b, n)) != NB_OK) {
        node_free(n);
        return st;
    }
    b->stack[b->depth++] = (frame){n, NULL, 0};
    return NB_OK;
}

static void pop(builder *b)
{
    frame *f = &b->stack[--b->depth];
    nb_free(f->hash);
    *f = (frame){0};
}

static nb_status on_event(builder *b, const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (b->docs++ > 0)
            return nb_diag_at(b->d, NB_ERROR, NB_ERR_SYNTAX, mark_pos(b, ev->start_mark),
                              "more than one document in the file");
        return NB_OK;
    case YAML_ALIAS_EVENT:
        return nb_diag_at(b->d, NB_ERROR, NB_ERR_SYNTAX, mark_pos(b, ev->start_mark),
                          "alias '*%s': aliases are not supported",
                          (const char *)ev->data.alias.anchor);
    case YAML_SCALAR_EVENT:
        return on_scalar(b, ev);
    case YAML_SEQUENCE_START_EVENT:
        return on_start(b, ev, NB_Y_SEQ, ev->data.sequence_start.anchor,
                        ev->data.sequence_start.tag);
    case YAML_MAPPING_START_EVENT:
        return on_start(b, ev, NB_Y_MAP, ev->data.mapping_start.anchor, ev->data.mapping_start.tag);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        pop(b);
        return NB_OK;
    default: /* stream start/end, document end, no-op events */
        return NB_OK;
    }
}

static nb_status parser_error(builder *b, const yaml_parser_t *p)
{
    if (p->error == YAML_MEMORY_ERROR)
        return nb_y_nomem(b->d);
    if (p->error == YAML_READER_ERROR) /* e.g. control characters */
        return nb_diag_at(b->d, NB_ERROR, NB_ERR_SYNTAX,
                          locate(b->doc->file, b->src, b->srclen, p->problem_offset),
                          "invalid input: %s (character U+%04X)",
                          p->problem ? p->problem : "unreadable character",
                          (unsigned)p->problem_value);
    nb_pos at = mark_pos(b, p->problem_mark);
    const char *problem = p->problem ? p->problem : "unknown error";
    size_t hint_at;
    const char *hint = nb_yaml_hint(b->src, b->srclen, p->problem_mark.line, &hint_at);
    if (hint)
        return nb_diag_at(b->d, NB_ERROR, NB_ERR_SYNTAX,
                          locate(b->doc->file, b->src, b->srclen, hint_at), "%s (invalid YAML: %s)",
                          hint, problem);
    if (!p->context)
        return nb_diag_at(b->d, NB_ERROR, NB_ERR_SYNTAX, at, "invalid YAML: %s", problem);
    nb_pos ctx = mark_pos(b, p->context_mark);
    if (ctx.line == at.line && ctx.col == at.col)
        return nb_diag_at(b->d, NB_ERROR, NB_ERR_SYNTAX, at, "invalid YAML: %s (%s)", problem,
                          p->context);
    return nb_diag_at(b->d, NB_ERROR, NB_ERR_SYNTAX, at,
                      "invalid YAML: %s (%s at line %d, column %d)", problem, p->context, ctx.line,
                      ctx.col);
}

static nb_status run_parser(builder *b)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return nb_y_nomem(b->d);
    yaml_parser_set_input_string(&p, (const unsigned char *)b->src, b->srclen);
    /* No yaml_parser_set_encoding: autodetection is what skips a UTF-8
     * BOM, and UTF-16 input never gets here (0xFE/0xFF fail check_bytes). */
    nb_status st = NB_OK;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            st = parser_error(b, &p);
            break;
        }
        st = on_event(b, &ev);
        yaml_event_type_t type = ev.type;
        yaml_event_delete(&ev);
        if (st != NB_OK || type == YAML_STREAM_END_EVENT)
            break;
    }
    yaml_parser_delete(&p);
    while (b->depth > 0)
        pop(b);
    return st;
}

/* `!include` is meaningful only as a prose section of a data file: a value
 * of the top-level `text:` mapping. Anywhere else it would silently read
 * as the file's name. Iterative: the tree may be deep. */
static nb_status check_includes(const nb_ydoc *doc, size_t nodes, nb_diags *d)
{
    const nb_ynode *text = doc->root ? nb_y_get(doc->root, "text") : NULL;
    const nb_ynode **stack = nb_malloc((nodes + 1) * sizeof *stack);
    if (!stack)
        return nb_y_nomem(d);
    size_t top = 0;
    nb_status st = NB_OK;
    if (doc->root)
        stack[top++] = doc->root;
    while (top && !st) {
        const nb_ynode *n = stack[--top];
        if (n->kind == NB_Y_SCALAR && n->include) {
            st = nb_diag_at(d, NB_ERROR, NB_ERR_SYNTAX, nb_y_pos(doc, n),
                            "'!include' names the text file of a prose section only, as in "
                            "text: {overview: !include overview.txt}");
            break;
        }
        size_t count = n->kind == NB_Y_SCALAR ? 0 : n->count;
        for (size_t i = 0; i < count && top < nodes; i++) {
            const nb_ynode *c = n->kind == NB_Y_SEQ ? n->items[i] : n->pairs[i].value;
            if (n->kind == NB_Y_MAP && n->pairs[i].key->include)
                c = n->pairs[i].key; /* a tagged key is reported as such */
            if (n == text && c->kind == NB_Y_SCALAR)
                continue; /* overview: !include overview.txt */
            stack[top++] = c;
        }
    }
    nb_free(stack);
    return st;
}

nb_status nb_ydoc_load_mem(const char *name, const char *bytes, size_t len, nb_ydoc **out,
                           nb_diags *d)
{
    *out = NULL;
    if (!bytes)
        bytes = "";
    if (len > NB_YAML_MAX_BYTES)
        return nb_diag_at(d, NB_ERROR, NB_ERR_LIMIT, (nb_pos){name, 0, 0},
                          "input is larger than the %zu MiB limit", NB_YAML_MAX_BYTES >> 20);
    nb_status st = check_bytes(name, bytes, len, d);
    if (st != NB_OK)
        return st;
    nb_ydoc *doc = nb_calloc(1, sizeof *doc);
    if (!doc || !(doc->file = nb_strdup(name))) {
        nb_free(doc);
        return nb_y_nomem(d);
    }
    builder b = {.doc = doc, .src = bytes, .srclen = len, .d = d};
    st = run_parser(&b);
    if (st == NB_OK && (!doc->root || (doc->root->kind == NB_Y_SCALAR && nb_y_is_null(doc->root))))
        st = nb_diag_at(d, NB_ERROR, NB_ERR_SYNTAX, (nb_pos){doc->file, 1, 1}, "empty document");
    if (st == NB_OK && b.includes)
        st = check_includes(doc, b.nodes, d);
    if (st != NB_OK) {
        nb_ydoc_free(doc);
        return st;
    }
    *out = doc;
    return NB_OK;
}

nb_status nb_ydoc_load_file(const char *path, nb_pos from, nb_ydoc **out, nb_diags *d)
{
    *out = NULL;
    nb_buf buf = {0};
    nb_status st = nb_read_file(path, NB_YAML_MAX_BYTES, from, &buf, d);
    if (st == NB_OK)
        st = nb_ydoc_load_mem(path, buf.data ? buf.data : "", buf.len, out, d);
    nb_buf_free(&buf);
    return st;
}
