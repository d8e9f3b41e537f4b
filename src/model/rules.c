/* Loading a layout's `rules:` (schema: see table.h): parsing each check
 * and resolving its names against the table's header trees, so that a
 * typo in a rule is an error at the layout's line, not a silent no-op.
 *
 * Resolution: with `each: row` the names are column keys relative to a
 * scope — the root of a group's column tree or any keyed inner column —
 * and the rule runs for every body row of every group and scope where all
 * its names exist. So `total = upheld + corrected + other + pending` runs
 * three times on table (c): under 行政复议 (review), under 未经复议直接起诉
 * (suit.direct) and under 复议后起诉 (suit.after_review). `each: column` is
 * the same with rows and columns swapped; `each: none` names full keys. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "model_internal.h"

typedef struct rctx {
    nb_layout *l;
    nb_yload y; /* the document, its diagnostics, the first error */
} rctx;

/* ---- parsing a check ---------------------------------------------------- */

static bool word_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_';
}

/* A name: word(.word)*, optionally ending in .* */
static bool name_ok(const char *s, size_t n)
{
    size_t i = 0, segs = 0;
    while (i < n) {
        if (s[i] == '*') {
            if (segs == 0 || i + 1 != n)
                return false;
            return true;
        }
        size_t start = i;
        while (i < n && word_char(s[i]))
            i++;
        if (i == start)
            return false;
        segs++;
        if (i == n)
            return true;
        if (s[i] != '.' || i + 1 == n)
            return false;
        i++;
    }
    return false;
}

/* Up to a dozen bytes of `s` for a message, cut at a character boundary. */
static int excerpt(const char *s)
{
    int n = 0;
    while (s[n] && n < 12)
        n++;
    while (s[n] && ((unsigned char)s[n] & 0xC0) == 0x80)
        n++;
    return n;
}

typedef struct terms {
    nb_rule_term *v;
    size_t n;
} terms;

static bool push_term(terms *t, int sign, const char *name, size_t n, bool previous)
{
    nb_rule_term *p = nb_realloc(t->v, (t->n + 1) * sizeof *p);
    if (!p)
        return false;
    t->v = p;
    p[t->n] = (nb_rule_term){sign, nb_strndup(name, n), previous};
    if (!p[t->n].name)
        return false;
    t->n++;
    return true;
}

/* Parses "a + b - c = d" into r->lhs / r->rhs. */
static void parse_check(rctx *c, nb_rule *r, const char *s, nb_pos at)
{
    terms sides[2] = {{0}};
    size_t errors = c->y.d->errors;
    int side = 0, sign = 1;
    bool want_term = true, signed_ = false;
    const char *p = s, *bad = NULL;
    while (!bad) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        if (want_term && (*p == '+' || *p == '-') && sides[side].n == 0 && !signed_) {
            sign = *p == '-' ? -1 : 1;
            signed_ = true;
            p++;
        } else if (want_term && (word_char(*p) || *p == '*' || *p == '.')) {
            const char *q = p;
            while (word_char(*q) || *q == '.' || *q == '*')
                q++;
            size_t n = (size_t)(q - p);
            bool previous = false;
            if (n > 9 && memcmp(p, "previous.", 9) == 0) {
                if (!r->cross_year) {
                    nb_yl_error(&c->y, NB_ERR_SCHEMA, at,
                                "rule '%s': '%.*s' names last year's figures; that needs "
                                "'cross-year: true'",
                                r->id, (int)n, p);
                    break;
                }
                previous = true;
                p += 9;
                n -= 9;
            }
            if (!name_ok(p, n)) {
                nb_yl_error(&c->y, NB_ERR_SCHEMA, at,
                            "rule '%s': '%.*s' is not a name (keys joined by dots, "
                            "optionally ending in .*)",
                            r->id, (int)n, p);
                break;
            }
            if (!push_term(&sides[side], sign, p, n, previous)) {
                nb_yl_nomem(&c->y);
                break;
            }
            p = q;
            sign = 1;
            want_term = false;
        } else if (!want_term && (*p == '+' || *p == '-')) {
            sign = *p++ == '-' ? -1 : 1;
            want_term = true;
        } else if (!want_term && *p == '=' && side == 0) {
            side = 1;
            p++;
            want_term = true;
            signed_ = false;
        } else {
            bad = p;
        }
    }
    if (bad)
        nb_yl_error(&c->y, NB_ERR_SCHEMA, at,
                    "rule '%s': cannot read the check at '%.*s'; write names joined by + "
                    "and -, with one = (such as: total = a + b)",
                    r->id, excerpt(bad), bad);
    else if (c->y.d->errors == errors && (want_term || side == 0 || sides[0].n == 0))
        nb_yl_error(&c->y, NB_ERR_SCHEMA, at,
                    "rule '%s': the check needs names on both sides of one = (such as: "
                    "total = a + b)",
                    r->id);
    r->lhs = sides[0].v;
    r->nlhs = sides[0].n;
    r->rhs = sides[1].v;
    r->nrhs = sides[1].n;
}

/* ---- resolving names ------------------------------------------------------ */

static const nb_rule_term *term_at(const nb_rule *r, size_t k)
{
    return k < r->nlhs ? &r->lhs[k] : &r->rhs[k - r->nlhs];
}

static size_t name_len(const nb_rule_term *t, bool *star)
{
    size_t n = strlen(t->name);
    *star = n >= 2 && strcmp(t->name + n - 2, ".*") == 0;
    return *star ? n - 2 : n;
}

/* The keyed node of `tree` whose path is `scope.name` (name: n bytes). */
static const nb_tnode *find_node(const nb_tnode *n, const char *scope, const char *name, size_t len)
{
    if (n->key) {
        size_t ls = strlen(scope);
        const char *p = n->path;
        if (ls == 0 || (strncmp(p, scope, ls) == 0 && p[ls] == '.')) {
            const char *rest = ls ? p + ls + 1 : p;
            if (strlen(rest) == len && memcmp(rest, name, len) == 0)
                return n;
        }
    }
    for (size_t i = 0; i < n->nkids; i++) {
        const nb_tnode *f = find_node(&n->kids[i], scope, name, len);
        if (f)
            return f;
    }
    return NULL;
}

static size_t count_under(const nb_tnode *n)
{
    if (!n->nkids)
        return 1;
    size_t k = 0;
    for (size_t i = 0; i < n->nkids; i++)
        k += count_under(&n->kids[i]);
    return k;
}

static void leaves_under(const nb_tnode *n, long *out, size_t *k)
{
    if (!n->nkids) {
        out[(*k)++] = n->leaf;
        return;
    }
    for (size_t i = 0; i < n->nkids; i++)
        leaves_under(&n->kids[i], out, k);
}

static nb_rres *new_res(rctx *c, nb_rule_info *in, size_t nterms)
{
    nb_rres *v = nb_realloc(in->res, (in->nres + 1) * sizeof *v);
    if (!v) {
        nb_yl_nomem(&c->y);
        return NULL;
    }
    in->res = v;
    nb_rres *x = &v[in->nres++];
    *x = (nb_rres){0};
    x->nodes = nb_calloc(nterms, sizeof *x->nodes);
    x->idx = nb_calloc(nterms, sizeof *x->idx);
    x->nidx = nb_calloc(nterms, sizeof *x->nidx);
    if (!x->nodes || !x->idx || !x->nidx) {
        nb_yl_nomem(&c->y);
        return NULL;
    }
    return x;
}

/* Tries the rule in one scope of group g; `found` marks names seen. */
static void try_scope(rctx *c, nb_rule *r, size_t g, const nb_tnode *tree, const nb_tnode *scope,
                      bool *found, const nb_tnode **nodes)
{
    size_t nterms = r->nlhs + r->nrhs;
    bool all = true;
    for (size_t k = 0; k < nterms; k++) {
        bool star;
        const nb_rule_term *t = term_at(r, k);
        size_t n = name_len(t, &star);
        nodes[k] = find_node(tree, scope->path, t->name, n);
        if (nodes[k] && !star && nodes[k]->nkids)
            nodes[k] = NULL; /* a group of rows or columns needs .* */
        if (nodes[k])
            found[k] = true;
        else
            all = false;
    }
    if (!all)
        return;
    nb_rres *x = new_res(c, r->info, nterms);
    if (!x)
        return;
    x->group = (long)g;
    x->scope = scope;
    for (size_t k = 0; k < nterms; k++) {
        x->nodes[k] = nodes[k];
        size_t n = count_under(nodes[k]);
        if (!(x->idx[k] = nb_malloc(n * sizeof *x->idx[k]))) {
            nb_yl_nomem(&c->y);
            return;
        }
        leaves_under(nodes[k], x->idx[k], &x->nidx[k]);
    }
}

/* Tries `n` and every keyed inner node under it as the scope. */
static void try_scopes(rctx *c, nb_rule *r, size_t g, const nb_tnode *tree, const nb_tnode *n,
                       bool *found, const nb_tnode **nodes)
{
    if (nb_yl_oom(&c->y) || !n->nkids)
        return;
    if (n->depth < 0 || n->key)
        try_scope(c, r, g, tree, n, found, nodes);
    for (size_t i = 0; i < n->nkids; i++)
        try_scopes(c, r, g, tree, &n->kids[i], found, nodes);
}

/* each: none — full keys; `a.*` is every cell whose key starts with "a.". */
static void resolve_none(rctx *c, nb_rule *r, const nb_table *t, bool *found)
{
    size_t nterms = r->nlhs + r->nrhs;
    const nb_table_info *in = t->info;
    size_t *from = nb_calloc(nterms, sizeof *from), *count = nb_calloc(nterms, sizeof *count);
    if (!from || !count) {
        nb_free(from);
        nb_free(count);
        nb_yl_nomem(&c->y);
        return;
    }
    bool all = true;
    for (size_t k = 0; k < nterms; k++) {
        bool star;
        const nb_rule_term *tm = term_at(r, k);
        size_t n = name_len(tm, &star);
        for (size_t i = 0; i < in->nkeys; i++) {
            const nb_tkey *key = &in->keys[i];
            bool hit =
                key->cell >= 0 && (star ? strncmp(key->key, tm->name, n) == 0 && key->key[n] == '.'
                                        : strcmp(key->key, tm->name) == 0);
            if (hit && count[k]++ == 0)
                from[k] = i;
        }
        found[k] = count[k] > 0;
        all &= found[k];
    }
    nb_rres *x = all ? new_res(c, r->info, nterms) : NULL;
    for (size_t k = 0; x && k < nterms; k++) {
        x->group = -1;
        if (!(x->idx[k] = nb_malloc(count[k] * sizeof *x->idx[k]))) {
            nb_yl_nomem(&c->y);
            break;
        }
        /* keys[] is sorted, so the matches are consecutive. */
        for (size_t i = 0; i < count[k]; i++)
            x->idx[k][x->nidx[k]++] = in->keys[from[k] + i].cell;
    }
    nb_free(from);
    nb_free(count);
}

static void resolve(rctx *c, nb_rule *r, const nb_table *t, nb_pos at)
{
    static const char *const what[] = {"key", "column", "row"};
    size_t nterms = r->nlhs + r->nrhs;
    bool *found = nb_calloc(nterms, sizeof *found);
    const nb_tnode **nodes = nb_calloc(nterms, sizeof *nodes);
    if (!found || !nodes) {
        nb_free(found);
        nb_free(nodes);
        nb_yl_nomem(&c->y);
        return;
    }
    if (r->each == NB_EACH_NONE) {
        resolve_none(c, r, t, found);
    } else {
        for (size_t g = 0; g < t->info->ngroups && !nb_yl_oom(&c->y); g++) {
            const nb_tgroup *gr = &t->info->groups[g];
            const nb_tnode *tree = r->each == NB_EACH_ROW ? &gr->cols : &gr->rows;
            try_scopes(c, r, g, tree, tree, found, nodes);
        }
    }
    if (!nb_yl_oom(&c->y) && r->info->nres == 0) {
        size_t k = 0;
        while (k < nterms && found[k])
            k++;
        if (k < nterms)
            nb_yl_error(&c->y, NB_ERR_SCHEMA, at, "rule '%s': table '%s' has no %s '%s'%s", r->id,
                        t->id, what[r->each], term_at(r, k)->name,
                        r->each == NB_EACH_NONE ? " (with each: none, names are full keys)"
                        : strchr(term_at(r, k)->name, '*')
                            ? ""
                            : " (a row or column with children needs .*)");
        else
            nb_yl_error(&c->y, NB_ERR_SCHEMA, at,
                        "rule '%s': its names never occur together in one %s of table '%s'", r->id,
                        r->each == NB_EACH_ROW ? "row" : "column", t->id);
    }
    nb_free(found);
    nb_free(nodes);
}

/* ---- rules ---------------------------------------------------------------- */

static void load_rule(rctx *c, const nb_ynode *m, size_t index)
{
    static const char *const keys[] = {"id",    "text",    "table",      "each",
                                       "check", "compute", "cross-year", NULL};
    static const char *const eaches[] = {"none", "row", "column", NULL};
    nb_rule *r = &c->l->rules[index];
    const nb_ynode *v, *check = NULL;
    r->pos = nb_yl_pos(&c->y, m);
    if (!nb_yl_expect(&c->y, m, NB_Y_MAP, "rule"))
        return;
    nb_yl_check_keys(&c->y, m, "rule", keys);
    if (nb_yl_require(&c->y, m, "id", "rule", &v) && nb_yl_name(&c->y, v, "id", &r->id))
        for (size_t i = 0; i < index; i++)
            if (c->l->rules[i].id && strcmp(c->l->rules[i].id, r->id) == 0) {
                nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, v),
                            "rule id '%s' is used twice (first at line %d)", r->id,
                            c->l->rules[i].pos.line);
                break;
            }
    if (!r->id)
        return;
    if ((v = nb_y_get(m, "text")))
        nb_yl_string(&c->y, v, "text", &r->text);
    const nb_table *t = NULL;
    if (nb_yl_require(&c->y, m, "table", "rule", &v) && nb_yl_name(&c->y, v, "table", &r->table) &&
        !(t = nb_layout_find_table(c->l, r->table)))
        nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, v),
                    "rule '%s': no table '%s' is declared under 'tables'", r->id, r->table);
    if ((v = nb_y_get(m, "each"))) {
        int e = -1;
        for (int i = 0; eaches[i]; i++)
            if (nb_y_str_is(v, eaches[i]))
                e = i;
        if (e < 0)
            nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, v),
                        "'each' must be one of: row, column, none");
        else
            r->each = e == 0 ? NB_EACH_NONE : e == 1 ? NB_EACH_ROW : NB_EACH_COLUMN;
    }
    const nb_ynode *comp = nb_y_get(m, "compute");
    if (comp)
        nb_yl_bool(&c->y, comp, "compute", &r->compute);
    if ((v = nb_y_get(m, "cross-year")))
        nb_yl_bool(&c->y, v, "cross-year", &r->cross_year);
    char *text = NULL;
    bool parsed = false;
    if (nb_yl_require(&c->y, m, "check", "rule", &check) &&
        nb_yl_name(&c->y, check, "check", &text)) {
        size_t errors = c->y.d->errors;
        parse_check(c, r, text, nb_yl_pos(&c->y, check));
        parsed = c->y.d->errors == errors;
    }
    nb_free(text);
    if (nb_yl_oom(&c->y) || !parsed)
        return;
    bool prev = false, prev_rhs = false;
    for (size_t k = 0; k < r->nlhs + r->nrhs; k++) {
        prev |= term_at(r, k)->previous;
        prev_rhs |= k >= r->nlhs && term_at(r, k)->previous;
    }
    if (r->cross_year && !prev) {
        nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, check),
                    "rule '%s' is cross-year but names no 'previous.' figure", r->id);
        t = NULL;
    }
    if (r->compute && (r->cross_year || r->nlhs != 1 || r->lhs[0].sign < 0 ||
                       strchr(r->lhs[0].name, '*') || prev_rhs)) {
        nb_yl_error(&c->y, NB_ERR_SCHEMA, nb_yl_pos(&c->y, comp),
                    "rule '%s': 'compute: true' needs a single name on the left of = and "
                    "no cross-year names (the left side is what it fills in)",
                    r->id);
        t = NULL;
    }
    if (!t || !t->info || !t->info->keys) /* the table's errors are reported */
        return;
    if (!(r->info = nb_calloc(1, sizeof *r->info))) {
        nb_yl_nomem(&c->y);
        return;
    }
    r->info->table = (size_t)(t - c->l->tables);
    resolve(c, r, t, nb_yl_pos(&c->y, check));
}

void nb_rule_free(nb_rule *r)
{
    nb_free(r->id);
    nb_free(r->text);
    nb_free(r->table);
    for (size_t i = 0; i < r->nlhs; i++)
        nb_free(r->lhs[i].name);
    for (size_t i = 0; i < r->nrhs; i++)
        nb_free(r->rhs[i].name);
    nb_free(r->lhs);
    nb_free(r->rhs);
    if (r->info) {
        size_t nterms = r->nlhs + r->nrhs;
        for (size_t i = 0; i < r->info->nres; i++) {
            nb_rres *res = &r->info->res[i];
            for (size_t k = 0; k < nterms && res->idx; k++)
                nb_free(res->idx[k]);
            nb_free(res->idx);
            nb_free(res->nidx);
            nb_free(res->nodes);
        }
        nb_free(r->info->res);
        nb_free(r->info);
    }
}

nb_status nb_layout_load_rules(nb_layout *l, const nb_ydoc *doc, const nb_ynode *root, nb_diags *d)
{
    rctx c = {.l = l, .y = {.doc = doc, .d = d}};
    const nb_ynode *s = nb_y_get(root, "rules");
    if (!s)
        return NB_OK;
    if (!nb_yl_expect(&c.y, s, NB_Y_SEQ, "rules"))
        return c.y.st;
    if (!(l->rules = nb_calloc(s->count, sizeof *l->rules)))
        return nb_y_nomem(d);
    l->nrules = s->count;
    for (size_t i = 0; i < s->count && !nb_yl_oom(&c.y); i++)
        load_rule(&c, s->items[i], i);
    return c.y.st;
}
