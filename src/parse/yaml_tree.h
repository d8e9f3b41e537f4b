/* A YAML file as a small generic tree, plus typed accessors for loaders.
 *
 * The model loaders (src/model/) never see libyaml: they walk an nb_ydoc and
 * convert nodes with the nb_y_* checkers below, which record a
 * file:line:col diagnostic naming the key and the expected type.
 *
 * Only the subset of YAML that configuration files need is accepted: one
 * document, no anchors/aliases, no tags, scalar mapping keys, no duplicate
 * keys. Everything outside that subset is an error rather than a silent
 * reinterpretation, so a typo never changes what gets printed. */
#ifndef NB_PARSE_YAML_TREE_H
#define NB_PARSE_YAML_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/diag.h"
#include "../util/units.h" /* nb_length */

/* Limits; exceeding one is NB_ERR_LIMIT. Depth counts nested collections
 * (the root mapping is depth 1). The node cap bounds memory: configuration
 * and office data files hold a few thousand nodes at most. */
#define NB_YAML_MAX_DEPTH 64
#define NB_YAML_MAX_BYTES ((size_t)16 * 1024 * 1024)
#define NB_YAML_MAX_NODES 262144

typedef enum nb_ykind { NB_Y_SCALAR, NB_Y_SEQ, NB_Y_MAP } nb_ykind;

typedef struct nb_ynode nb_ynode;

typedef struct nb_ypair {
    nb_ynode *key; /* always a scalar */
    nb_ynode *value;
} nb_ypair;

struct nb_ynode {
    nb_ykind kind;
    int line, col; /* 1-based; columns count characters, as libyaml does */
    /* NB_Y_SCALAR: the value without quotes or escapes, NUL-terminated
     * (and never containing a NUL); `plain` = written unquoted. */
    char *str;
    size_t len;
    bool plain;
    bool include; /* tagged !include (the only tag accepted) */
    /* NB_Y_SEQ: items[count]; NB_Y_MAP: pairs[count], in file order. */
    size_t count;
    nb_ynode **items;
    nb_ypair *pairs;
    size_t cap; /* allocated items/pairs; private to the builder */
};

typedef struct nb_ydoc nb_ydoc;
struct nb_ydoc {
    char *file;     /* name used in positions; owned */
    nb_ynode *root; /* never NULL in a loaded document */
};

/* Loads and parses `path`. `from` is where the file was referenced (e.g. a
 * layout's `fonts:` value); I/O errors are reported there when it has a
 * file, else at the path itself. On error *out is NULL. */
nb_status nb_ydoc_load_file(const char *path, nb_pos from, nb_ydoc **out, nb_diags *d);
/* Parses `len` bytes; `name` is used as the file name in positions. */
nb_status nb_ydoc_load_mem(const char *name, const char *bytes, size_t len, nb_ydoc **out,
                           nb_diags *d);
void nb_ydoc_free(nb_ydoc *doc);

/* ---- Navigation ------------------------------------------------------- */

nb_pos nb_y_pos(const nb_ydoc *doc, const nb_ynode *node);
/* "a mapping", "a sequence", "null" or "a string"; for messages. */
const char *nb_y_kind_name(const nb_ynode *node);
/* An unquoted empty, "~" or "null" (any case variant YAML allows). */
bool nb_y_is_null(const nb_ynode *node);
/* Writes a printable excerpt of a scalar into buf (control characters
 * become '?', long text is cut at a character boundary and ends in "...").
 * Returns buf. Used to quote user text in messages without allocating. */
#define NB_Y_SNIPPET 80
const char *nb_y_snippet(const nb_ynode *node, char *buf, size_t size);
/* What a node is, for "must be X, found Y": "a mapping", "a sequence",
 * "an empty value" or the quoted snippet "'text'". Returns buf or a
 * static string. */
#define NB_Y_DESCRIBE (NB_Y_SNIPPET + 3)
const char *nb_y_describe(const nb_ynode *node, char *buf, size_t size);
/* True when the scalar `node` is exactly the string `s`. */
bool nb_y_str_is(const nb_ynode *node, const char *s);
/* The pair / value for `key` in a mapping; NULL when absent or `map` is not
 * a mapping. */
const nb_ypair *nb_y_pair(const nb_ynode *map, const char *key);
const nb_ynode *nb_y_get(const nb_ynode *map, const char *key);

/* ---- Checked conversions -----------------------------------------------
 * Each returns NB_OK or the code of the diagnostic it recorded. `what` names
 * the key in the message ("'year' must be an integer, found 'abc'"). */

/* Records "out of memory" (once per nb_diags: see diag.h) and returns
 * NB_ERR_NOMEM. */
nb_status nb_y_nomem(nb_diags *d);

/* "'page' must be a mapping, found a sequence". */
nb_status nb_y_expect(const nb_ydoc *doc, const nb_ynode *node, nb_ykind kind, const char *what,
                      nb_diags *d);
/* Reports every key of `map` not in the NULL-terminated `allowed` list:
 * "unknown key 'foo' in page; expected one of: a, b, c". */
nb_status nb_y_check_keys(const nb_ydoc *doc, const nb_ynode *map, const char *where,
                          const char *const *allowed, nb_diags *d);
/* Looks up a required key: "missing required key 'office'" (plus " in
 * WHERE" when `where` is not NULL), at the mapping's position. */
nb_status nb_y_require(const nb_ydoc *doc, const nb_ynode *map, const char *key, const char *where,
                       const nb_ynode **out, nb_diags *d);

/* Any non-null scalar, copied (nb_free). */
nb_status nb_y_string(const nb_ydoc *doc, const nb_ynode *node, const char *what, char **out,
                      nb_diags *d);
/* Like nb_y_string but also rejects "" — names and references. */
nb_status nb_y_name(const nb_ydoc *doc, const nb_ynode *node, const char *what, char **out,
                    nb_diags *d);
/* Unquoted true or false (YAML 1.1's yes/on/… are rejected on purpose). */
nb_status nb_y_bool(const nb_ydoc *doc, const nb_ynode *node, const char *what, bool *out,
                    nb_diags *d);
/* Unquoted decimal integer in [min, max]. */
nb_status nb_y_int(const nb_ydoc *doc, const nb_ynode *node, const char *what, long min, long max,
                   int *out, nb_diags *d);

/* Flags for nb_y_length. */
enum {
    NB_YLEN_EM = 1,       /* "2em" allowed (else absolute units only) */
    NB_YLEN_NEGATIVE = 2, /* a leading '-' allowed */
    NB_YLEN_POSITIVE = 4  /* zero rejected */
};
/* An unquoted length: a decimal number and a unit mm, cm, in, pt or em
 * ("37mm", "2.5cm", "-1em"); a bare 0 is also accepted. Absolute lengths
 * become millipoints rounded to nearest, em lengths thousandths of an em.
 * Magnitudes above NB_YLEN_MAX millipoints are rejected. */
#define NB_YLEN_MAX 1000000000L
nb_status nb_y_length(const nb_ydoc *doc, const nb_ynode *node, const char *what, unsigned flags,
                      nb_length *out, nb_diags *d);

/* Accumulates the result of a sequence of checks: keeps the first error,
 * except that NB_ERR_NOMEM always wins so callers can stop on it. */
static inline void nb_y_keep(nb_status *first, nb_status s)
{
    if (s == NB_ERR_NOMEM || (s != NB_OK && *first == NB_OK))
        *first = s;
}

#endif
