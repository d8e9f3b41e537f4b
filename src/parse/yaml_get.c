/* Typed access to an nb_ydoc: lookups and checked conversions that record
 * a diagnostic naming the key and the expected type. */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "yaml_tree.h"

/* ---- Navigation ------------------------------------------------------- */

nb_pos nb_y_pos(const nb_ydoc *doc, const nb_ynode *node)
{
    return (nb_pos){doc->file, node->line, node->col};
}

bool nb_y_is_null(const nb_ynode *n)
{
    if (n->kind != NB_Y_SCALAR || !n->plain)
        return false;
    return n->len == 0 || strcmp(n->str, "~") == 0 || strcmp(n->str, "null") == 0 ||
           strcmp(n->str, "Null") == 0 || strcmp(n->str, "NULL") == 0;
}

const char *nb_y_kind_name(const nb_ynode *n)
{
    switch (n->kind) {
    case NB_Y_MAP:
        return "a mapping";
    case NB_Y_SEQ:
        return "a sequence";
    default:
        return nb_y_is_null(n) ? "an empty value" : "a string";
    }
}

const char *nb_y_snippet(const nb_ynode *n, char *buf, size_t size)
{
    static const char more[] = "...";
    if (size == 0)
        return buf;
    buf[0] = '\0';
    if (n->kind != NB_Y_SCALAR || size < sizeof more + 1)
        return buf;
    size_t room = size - sizeof more; /* keeps space for "..." and NUL */
    size_t o = 0, i = 0;
    while (i < n->len && o < room) {
        unsigned char c = (unsigned char)n->str[i];
        size_t clen = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (o + clen > room)
            break;
        if (c < 0x20 || c == 0x7F) {
            buf[o++] = '?';
            i++;
            continue;
        }
        memcpy(buf + o, n->str + i, clen);
        o += clen;
        i += clen;
    }
    if (i < n->len) {
        memcpy(buf + o, more, sizeof more - 1);
        o += sizeof more - 1;
    }
    buf[o] = '\0';
    return buf;
}

bool nb_y_str_is(const nb_ynode *n, const char *s)
{
    return n->kind == NB_Y_SCALAR && n->len == strlen(s) && memcmp(n->str, s, n->len) == 0;
}

const nb_ypair *nb_y_pair(const nb_ynode *map, const char *key)
{
    if (!map || map->kind != NB_Y_MAP)
        return NULL;
    for (size_t i = 0; i < map->count; i++)
        if (nb_y_str_is(map->pairs[i].key, key))
            return &map->pairs[i];
    return NULL;
}

const nb_ynode *nb_y_get(const nb_ynode *map, const char *key)
{
    const nb_ypair *p = nb_y_pair(map, key);
    return p ? p->value : NULL;
}

/* ---- Structure checks ------------------------------------------------- */

nb_status nb_y_nomem(nb_diags *d) { return nb_diag_nomem(d); }

const char *nb_y_describe(const nb_ynode *n, char *buf, size_t size)
{
    if (n->kind != NB_Y_SCALAR || nb_y_is_null(n))
        return nb_y_kind_name(n);
    char snip[NB_Y_SNIPPET];
    snprintf(buf, size, "'%s'", nb_y_snippet(n, snip, sizeof snip));
    return buf;
}

nb_status nb_y_expect(const nb_ydoc *doc, const nb_ynode *n, nb_ykind kind, const char *what,
                      nb_diags *d)
{
    static const char *const names[] = {"a string", "a sequence", "a mapping"};
    char buf[NB_Y_DESCRIBE];
    if (n->kind == kind && !(kind == NB_Y_SCALAR && nb_y_is_null(n)))
        return NB_OK;
    if (!what)
        return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, nb_y_pos(doc, n),
                          "the document must be %s, found %s", names[kind],
                          nb_y_describe(n, buf, sizeof buf));
    return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, nb_y_pos(doc, n), "'%s' must be %s, found %s",
                      what, names[kind], nb_y_describe(n, buf, sizeof buf));
}

nb_status nb_y_check_keys(const nb_ydoc *doc, const nb_ynode *map, const char *where,
                          const char *const *allowed, nb_diags *d)
{
    nb_status st = NB_OK;
    for (size_t i = 0; i < map->count; i++) {
        const nb_ynode *k = map->pairs[i].key;
        bool ok = false;
        for (size_t j = 0; allowed[j] && !ok; j++)
            ok = nb_y_str_is(k, allowed[j]);
        if (ok)
            continue;
        /* A fixed buffer: the lists are short and this must not allocate. */
        char list[512], snip[NB_Y_SNIPPET];
        size_t o = 0;
        list[0] = '\0';
        for (size_t j = 0; allowed[j] && o < sizeof list; j++)
            o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", j ? ", " : "", allowed[j]);
        st = nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, nb_y_pos(doc, k),
                        "unknown key '%s' in %s; expected one of: %s",
                        nb_y_snippet(k, snip, sizeof snip), where, list);
    }
    return st;
}

nb_status nb_y_require(const nb_ydoc *doc, const nb_ynode *map, const char *key, const char *where,
                       const nb_ynode **out, nb_diags *d)
{
    *out = nb_y_get(map, key);
    if (*out)
        return NB_OK;
    return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, nb_y_pos(doc, map),
                      "missing required key '%s'%s%s", key, where ? " in " : "",
                      where ? where : "");
}

/* ---- Scalars ---------------------------------------------------------- */

static nb_status wrong(const nb_ydoc *doc, const nb_ynode *n, const char *what,
                       const char *expected, nb_diags *d)
{
    char buf[NB_Y_DESCRIBE];
    return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, nb_y_pos(doc, n), "'%s' must be %s, found %s",
                      what, expected, nb_y_describe(n, buf, sizeof buf));
}

nb_status nb_y_string(const nb_ydoc *doc, const nb_ynode *n, const char *what, char **out,
                      nb_diags *d)
{
    *out = NULL;
    if (n->kind != NB_Y_SCALAR || nb_y_is_null(n))
        return wrong(doc, n, what, "a string", d);
    *out = nb_strndup(n->str, n->len);
    return *out ? NB_OK : nb_y_nomem(d);
}

nb_status nb_y_name(const nb_ydoc *doc, const nb_ynode *n, const char *what, char **out,
                    nb_diags *d)
{
    *out = NULL;
    if (n->kind == NB_Y_SCALAR && n->len == 0 && !n->plain)
        return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, nb_y_pos(doc, n), "'%s' must not be empty",
                          what);
    return nb_y_string(doc, n, what, out, d);
}

nb_status nb_y_bool(const nb_ydoc *doc, const nb_ynode *n, const char *what, bool *out, nb_diags *d)
{
    if (n->kind == NB_Y_SCALAR && n->plain) {
        if (strcmp(n->str, "true") == 0) {
            *out = true;
            return NB_OK;
        }
        if (strcmp(n->str, "false") == 0) {
            *out = false;
            return NB_OK;
        }
    }
    return wrong(doc, n, what, "true or false", d);
}

/* Parses [+-]digits exactly; false on anything else or overflow. */
static bool parse_long(const char *s, long *out)
{
    bool neg = false;
    if (*s == '+' || *s == '-')
        neg = *s++ == '-';
    if (*s < '0' || *s > '9')
        return false;
    long v = 0;
    for (; *s >= '0' && *s <= '9'; s++) {
        if (v > (LONG_MAX - 9) / 10)
            return false;
        v = v * 10 + (*s - '0');
    }
    if (*s)
        return false;
    *out = neg ? -v : v;
    return true;
}

nb_status nb_y_int(const nb_ydoc *doc, const nb_ynode *n, const char *what, long min, long max,
                   int *out, nb_diags *d)
{
    long v;
    if (n->kind != NB_Y_SCALAR || !n->plain || !parse_long(n->str, &v))
        return wrong(doc, n, what, "an integer", d);
    if (v < min || v > max)
        return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, nb_y_pos(doc, n),
                          "'%s' must be between %ld and %ld, found %s", what, min, max, n->str);
    *out = (int)v;
    return NB_OK;
}

/* ---- Lengths ---------------------------------------------------------- */

typedef struct unit {
    const char *name;
    uint64_t num, den; /* millipoints (or 1/1000 em) per unit = num/den */
    bool em;
} unit;

/* 1 in = 72 pt; 1 mm = 72/25.4 pt = 360/127 pt. */
static const unit units[] = {
    {"mm", 360000, 127, false}, {"cm", 3600000, 127, false}, {"in", 72000, 1, false},
    {"pt", 1000, 1, false},     {"em", 1000, 1, true},
};

/* A decimal with at most 12 significant digits as mantissa / 10^scale.
 * Returns the rest of the string (the unit) or NULL. */
static const char *parse_decimal(const char *s, uint64_t *mant, int *scale)
{
    int digits = 0;
    *mant = 0;
    *scale = 0;
    for (; *s >= '0' && *s <= '9'; s++, digits++)
        *mant = *mant * 10 + (uint64_t)(*s - '0');
    if (*s == '.') {
        s++;
        if (*s < '0' || *s > '9')
            return NULL;
        for (; *s >= '0' && *s <= '9'; s++, digits++, (*scale)++)
            *mant = *mant * 10 + (uint64_t)(*s - '0');
    }
    if (digits == 0 || digits > 12) /* 12 digits keep num * 3.6e6 in 64 bits */
        return NULL;
    return s;
}

nb_status nb_y_length(const nb_ydoc *doc, const nb_ynode *n, const char *what, unsigned flags,
                      nb_length *out, nb_diags *d)
{
    const char *expect = "a length such as 16pt, 37mm or 2em";
    if (n->kind != NB_Y_SCALAR || !n->plain)
        return wrong(doc, n, what, expect, d);
    const char *s = n->str;
    bool neg = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    uint64_t mant;
    int scale;
    const char *u = parse_decimal(s, &mant, &scale);
    if (!u)
        return wrong(doc, n, what, expect, d);
    const unit *un = NULL;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(u, units[i].name) == 0)
            un = &units[i];
    if (!un && !(*u == '\0' && mant == 0)) /* only 0 may omit the unit */
        return wrong(doc, n, what, expect, d);
    uint64_t v = 0;
    if (un) {
        uint64_t den = un->den;
        for (int i = 0; i < scale; i++)
            den *= 10;
        v = (mant * un->num + den / 2) / den;
    }
    if (un && un->em && !(flags & NB_YLEN_EM))
        return wrong(doc, n, what, "an absolute length (mm, cm, in or pt)", d);
    if (neg && v > 0 && !(flags & NB_YLEN_NEGATIVE))
        return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, nb_y_pos(doc, n),
                          "'%s' must not be negative, found %s", what, n->str);
    if (v == 0 && (flags & NB_YLEN_POSITIVE))
        return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, nb_y_pos(doc, n),
                          "'%s' must be greater than zero, found %s", what, n->str);
    if (v > (uint64_t)NB_YLEN_MAX)
        return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, nb_y_pos(doc, n),
                          "'%s' is out of range, found %s", what, n->str);
    out->value = neg ? -(int32_t)v : (int32_t)v;
    out->em = un && un->em;
    return NB_OK;
}
