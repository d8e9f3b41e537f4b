/* Checking an office's bound figures against the layout's rules (schema
 * and rules: see model/table.h): compute rules fill in what they can, every
 * rule instance is checked, blanks are reported.
 *
 * Values stay the text the office wrote; a rule reads them as exact
 * decimals (int64 scaled by 10^6), so 24252.311082 + 0.000001 is compared
 * without rounding. A blank cell, or one the rules cannot fill in, prints
 * blank and is a warning (N1); text such as "/" prints as written and makes
 * each rule that uses it "not assessable" (a warning). A rule that fails is
 * an error at the data line of the first cell it involves. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "figures_internal.h"

#define SCALE INT64_C(1000000) /* values are compared in millionths */
#define MAX_INT_DIGITS 12      /* 10^12 × 10^6 leaves room for sums in int64 */

/* ---- numbers -------------------------------------------------------------- */

typedef enum numkind { NUM_OK, NUM_BLANK, NUM_TEXT, NUM_PLACES, NUM_BIG } numkind;

/* "-18", "0012", "24252.311082" → millionths. */
static numkind parse_num(const char *s, int64_t *out)
{
    if (!*s)
        return NUM_BLANK;
    bool neg = *s == '-';
    const char *p = s + neg;
    int64_t ip = 0, fp = 0;
    int idig = 0, fdig = 0;
    for (; *p >= '0' && *p <= '9'; p++)
        if (++idig <= MAX_INT_DIGITS)
            ip = ip * 10 + (*p - '0');
    if (idig == 0)
        return NUM_TEXT;
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9'; p++)
            if (++fdig <= 6)
                fp = fp * 10 + (*p - '0');
        if (fdig == 0)
            return NUM_TEXT;
    }
    if (*p)
        return NUM_TEXT;
    if (fdig > 6)
        return NUM_PLACES;
    if (idig > MAX_INT_DIGITS)
        return NUM_BIG;
    for (int i = fdig; i < 6; i++)
        fp *= 10;
    int64_t v = ip * SCALE + fp;
    *out = neg ? -v : v;
    return NUM_OK;
}

static const char *num_problem(numkind k)
{
    switch (k) {
    case NUM_PLACES:
        return "has more than 6 decimal places";
    case NUM_BIG:
        return "has more than 12 digits before the decimal point";
    default:
        return "is not a number";
    }
}

/* Millionths → the shortest exact decimal ("12", "-0.5", "24252.311082"). */
static void put_num(nb_buf *b, int64_t v)
{
    uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    nb_buf_printf(b, "%s%" PRIu64, v < 0 ? "-" : "", a / (uint64_t)SCALE);
    uint64_t frac = a % (uint64_t)SCALE;
    if (!frac)
        return;
    char digits[8];
    snprintf(digits, sizeof digits, "%06" PRIu64, frac);
    size_t n = 6;
    while (digits[n - 1] == '0')
        n--;
    digits[n] = '\0';
    nb_buf_printf(b, ".%s", digits);
}

/* ---- rule instances --------------------------------------------------------- */

static const nb_rule_term *term_at(const nb_rule *r, size_t k)
{
    return k < r->nlhs ? &r->lhs[k] : &r->rhs[k - r->nlhs];
}

static int nfixed(const nb_rule *r, const nb_table *t, const nb_rres *x)
{
    if (r->each == NB_EACH_NONE)
        return 1;
    const nb_tgroup *g = &t->info->groups[x->group];
    return r->each == NB_EACH_ROW ? g->nbody : g->ncol_leaves;
}

/* The cell of term k's j-th leaf at position `fixed`. */
static long cell_of(const nb_rule *r, const nb_table *t, const nb_rres *x, size_t k, size_t j,
                    int fixed)
{
    long i = x->idx[k][j];
    if (r->each == NB_EACH_NONE)
        return i;
    const nb_tgroup *g = &t->info->groups[x->group];
    return r->each == NB_EACH_ROW ? nb_tgroup_cell(g, fixed, (int)i)
                                  : nb_tgroup_cell(g, (int)i, fixed);
}

/* The value a term's cell has: this year's, or last year's. NULL = none. */
static const char *value_of(const nb_figctx *c, size_t ti, const nb_rule_term *tm, long cell)
{
    if (tm->previous)
        return c->prev && ti < c->prev->count ? c->prev->tables[ti].values[cell] : NULL;
    return c->state[ti][cell] == NB_FIG_ABSENT ? NULL : c->f->tables[ti].values[cell];
}

/* Fills absent left sides of compute rules until nothing changes. */
void nb_figrules_compute(nb_figctx *c)
{
    bool changed = true;
    while (changed && !nb_yl_oom(&c->y)) {
        changed = false;
        for (size_t ri = 0; ri < c->l->nrules && !nb_yl_oom(&c->y); ri++) {
            const nb_rule *r = &c->l->rules[ri];
            if (!r->compute || !r->info)
                continue;
            size_t ti = r->info->table, nterms = r->nlhs + r->nrhs;
            const nb_table *t = &c->l->tables[ti];
            nb_tvalues *tv = &c->f->tables[ti];
            for (size_t xi = 0; xi < r->info->nres && !nb_yl_oom(&c->y); xi++) {
                const nb_rres *x = &r->info->res[xi];
                for (int fx = 0; fx < nfixed(r, t, x) && !nb_yl_oom(&c->y); fx++) {
                    long target = cell_of(r, t, x, 0, 0, fx);
                    if (c->state[ti][target] != NB_FIG_ABSENT)
                        continue;
                    int64_t sum = 0, v;
                    bool ok = true;
                    nb_pos at = NB_NOPOS;
                    for (size_t k = r->nlhs; k < nterms && ok; k++)
                        for (size_t j = 0; j < x->nidx[k] && ok; j++) {
                            long cell = cell_of(r, t, x, k, j, fx);
                            const char *s = value_of(c, ti, term_at(r, k), cell);
                            ok = s && parse_num(s, &v) == NUM_OK &&
                                 !__builtin_add_overflow(sum, term_at(r, k)->sign * v, &sum);
                            if (ok && !at.file)
                                at = tv->where[cell];
                        }
                    if (!ok)
                        continue;
                    nb_buf b = {0};
                    put_num(&b, sum);
                    if (!(tv->values[target] = nb_buf_take(&b))) {
                        nb_yl_nomem(&c->y);
                        break;
                    }
                    tv->computed[target] = true;
                    tv->where[target] = at;
                    c->state[ti][target] = NB_FIG_COMPUTED;
                    changed = true;
                }
            }
        }
    }
}

/* ---- describing an instance ---------------------------------------------- */

/* Appends the labels from the top of the tree down to `n`, joined by
 * " › " (*first: nothing written yet, so no separator before the first). */
void nb_put_labels(nb_buf *b, const nb_tnode *n, bool *first)
{
    if (!n || n->depth < 0)
        return;
    nb_put_labels(b, n->parent, first);
    nb_buf_puts(b, *first ? "" : " › ");
    nb_buf_puts(b, n->label);
    *first = false;
}

/* " for row 规章" / " for column 自然人" / " for 行政复议"; "" for each: none. */
static void put_where(nb_buf *b, const nb_rule *r, const nb_table *t, const nb_rres *x, int fx)
{
    if (r->each == NB_EACH_NONE)
        return;
    const nb_tgroup *g = &t->info->groups[x->group];
    bool first = true;
    size_t mark = b->len;
    nb_buf_puts(b, " for ");
    if (r->each == NB_EACH_ROW && g->nrow_leaves) {
        nb_buf_puts(b, "row ");
        nb_put_labels(b, g->row_leaves[fx], &first);
    } else if (r->each == NB_EACH_COLUMN) {
        const nb_tnode *leaf = g->col_leaves[fx];
        bool unique = true;
        for (int j = 0; j < g->ncol_leaves; j++)
            unique &= j == fx || strcmp(g->col_leaves[j]->label, leaf->label) != 0;
        nb_buf_puts(b, "column ");
        if (unique)
            nb_buf_puts(b, leaf->label);
        else
            nb_put_labels(b, leaf, &first);
        first = false;
    }
    if (x->scope && x->scope->depth >= 0) {
        if (!first)
            nb_buf_puts(b, ", ");
        first = true;
        nb_put_labels(b, x->scope, &first);
    }
    if (b->len == mark + 5) { /* nothing to say: a group without rows */
        b->len = mark;
        if (b->data)
            b->data[mark] = '\0';
    }
}

/* How term k shows in a message: a cell's key, or the pattern of a .* sum. */
static void put_term_name(nb_buf *b, const nb_rule *r, const nb_table *t, const nb_rres *x,
                          size_t k, int fx)
{
    const nb_rule_term *tm = term_at(r, k);
    bool star = strchr(tm->name, '*') != NULL;
    if (tm->previous)
        nb_buf_puts(b, "previous.");
    if (!star) {
        nb_buf_puts(b, t->cells[cell_of(r, t, x, k, 0, fx)].key);
        return;
    }
    if (r->each == NB_EACH_NONE) {
        nb_buf_puts(b, tm->name);
        return;
    }
    const nb_tgroup *g = &t->info->groups[x->group];
    nb_buf_puts(b, t->id);
    if (r->each == NB_EACH_ROW) {
        if (g->nrow_leaves)
            nb_buf_printf(b, ".%s", g->row_leaves[fx]->path);
        nb_buf_printf(b, ".%s.*", x->nodes[k]->path);
    } else {
        nb_buf_printf(b, ".%s.*.%s", x->nodes[k]->path, g->col_leaves[fx]->path);
    }
}

/* One side of the check with each term's value and, when it has more than
 * one cell, its sum. */
static void put_side(nb_figctx *c, nb_buf *b, const nb_rule *r, size_t ti, const nb_rres *x, int fx,
                     size_t from, size_t to, int64_t sum)
{
    const nb_table *t = &c->l->tables[ti];
    size_t cells = 0;
    for (size_t k = from; k < to; k++) {
        const nb_rule_term *tm = term_at(r, k);
        if (k == from)
            nb_buf_puts(b, tm->sign < 0 ? "-" : "");
        else
            nb_buf_puts(b, tm->sign < 0 ? " - " : " + ");
        put_term_name(b, r, t, x, k, fx);
        cells += x->nidx[k];
        if (x->nidx[k] == 1 && !strchr(tm->name, '*')) {
            long cell = cell_of(r, t, x, k, 0, fx);
            nb_buf_printf(b, " (%s%s)", value_of(c, ti, tm, cell),
                          !tm->previous && c->f->tables[ti].computed[cell] ? ", computed" : "");
        } else {
            int64_t s = 0, v;
            for (size_t j = 0; j < x->nidx[k]; j++)
                if (parse_num(value_of(c, ti, tm, cell_of(r, t, x, k, j, fx)), &v) == NUM_OK)
                    s += v;
            nb_buf_puts(b, " (");
            put_num(b, s);
            nb_buf_puts(b, ")");
        }
    }
    if (to - from > 1 || cells > 1 || (to > from && term_at(r, from)->sign < 0)) {
        nb_buf_puts(b, " = ");
        put_num(b, sum);
    }
}

static void put_rule(nb_buf *b, const nb_rule *r)
{
    nb_buf_printf(b, "rule %s", r->id);
    if (r->text && *r->text)
        nb_buf_printf(b, " (%s)", r->text);
}

/* Where a message about an instance goes: the first cell of this year's
 * data it involves; a computed cell's source; else the figures: line. */
static nb_pos instance_pos(const nb_figctx *c, const nb_rule *r, size_t ti, const nb_rres *x,
                           int fx)
{
    const nb_table *t = &c->l->tables[ti];
    nb_pos fallback = NB_NOPOS;
    for (size_t k = 0; k < r->nlhs + r->nrhs; k++) {
        if (term_at(r, k)->previous)
            continue;
        for (size_t j = 0; j < x->nidx[k]; j++) {
            long cell = cell_of(r, t, x, k, j, fx);
            if (c->state[ti][cell] == NB_FIG_SUPPLIED)
                return c->f->tables[ti].where[cell];
            if (c->state[ti][cell] == NB_FIG_COMPUTED && !fallback.file)
                fallback = c->f->tables[ti].where[cell];
        }
    }
    return fallback.file ? fallback : c->data->figures_pos;
}

/* ---- checking ---------------------------------------------------------- */

/* Names the table cells of this year's data an instance involves on the
 * message just recorded (nb_diag.keys), so that a client can highlight
 * them: space-separated full keys. */
static void tag_cells(nb_figctx *c, size_t before, const nb_rule *r, size_t ti, const nb_rres *x,
                      int fx)
{
    nb_diags *d = c->y.d;
    if (!d || d->count <= before)
        return;
    const nb_table *t = &c->l->tables[ti];
    nb_buf b = {0};
    for (size_t k = 0; k < r->nlhs + r->nrhs; k++) {
        if (term_at(r, k)->previous)
            continue;
        for (size_t j = 0; j < x->nidx[k]; j++) {
            nb_buf_puts(&b, b.len ? " " : "");
            nb_buf_puts(&b, t->cells[cell_of(r, t, x, k, j, fx)].key);
        }
    }
    d->items[d->count - 1].keys = nb_buf_take(&b);
}

static void check_instance(nb_figctx *c, const nb_rule *r, size_t ti, const nb_rres *x, int fx)
{
    const nb_table *t = &c->l->tables[ti];
    size_t nterms = r->nlhs + r->nrhs;
    int64_t sums[2] = {0, 0}, v;
    long bad = -1;
    const nb_rule_term *bad_term = NULL;
    numkind bad_kind = NUM_OK;
    bool overflow = false;
    for (size_t k = 0; k < nterms; k++) {
        const nb_rule_term *tm = term_at(r, k);
        for (size_t j = 0; j < x->nidx[k]; j++) {
            long cell = cell_of(r, t, x, k, j, fx);
            const char *s = value_of(c, ti, tm, cell);
            if (!s) { /* counted, and said once for the rule */
                c->f->unassessed++;
                if (!c->missing_now && !c->missing_prev)
                    c->first_missing = t->cells[cell].key;
                *(tm->previous ? &c->missing_prev : &c->missing_now) += 1;
                return;
            }
            if (!*s) {
                /* Not silently skipped: "consistent" must mean every rule
                 * was assessed. */
                c->f->unassessed++;
                nb_buf msg = {0};
                put_rule(&msg, r);
                nb_buf_puts(&msg, " is not assessable");
                put_where(&msg, r, t, x, fx);
                nb_buf_printf(&msg, ": %s%s is blank", tm->previous ? "previous." : "",
                              t->cells[cell].key);
                nb_yl_report(&c->y, NB_WARNING, NB_ERR_RULE,
                             !tm->previous ? c->f->tables[ti].where[cell]
                                           : instance_pos(c, r, ti, x, fx),
                             &msg);
                return;
            }
            numkind nk = parse_num(s, &v);
            if (nk != NUM_OK) {
                if (bad < 0) {
                    bad = cell;
                    bad_term = tm;
                    bad_kind = nk;
                }
                continue;
            }
            overflow |=
                __builtin_add_overflow(sums[k >= r->nlhs], tm->sign * v, &sums[k >= r->nlhs]);
        }
    }
    nb_buf msg = {0};
    size_t before = c->y.d ? c->y.d->count : 0;
    put_rule(&msg, r);
    if (bad >= 0 || overflow) {
        c->f->unassessed++;
        nb_buf_puts(&msg, " is not assessable");
        put_where(&msg, r, t, x, fx);
        if (bad >= 0)
            nb_buf_printf(&msg, ": %s%s is '%s', which %s", bad_term->previous ? "previous." : "",
                          t->cells[bad].key, value_of(c, ti, bad_term, bad), num_problem(bad_kind));
        else
            nb_buf_puts(&msg, ": its sums are too large");
        nb_pos at = bad >= 0 && !bad_term->previous ? c->f->tables[ti].where[bad]
                                                    : instance_pos(c, r, ti, x, fx);
        nb_yl_report(&c->y, NB_WARNING, NB_ERR_RULE, at, &msg);
        tag_cells(c, before, r, ti, x, fx);
        return;
    }
    if (sums[0] == sums[1]) {
        nb_buf_free(&msg);
        return;
    }
    c->f->violations++;
    nb_buf_puts(&msg, " fails");
    put_where(&msg, r, t, x, fx);
    nb_buf_puts(&msg, ": ");
    put_side(c, &msg, r, ti, x, fx, 0, r->nlhs, sums[0]);
    nb_buf_puts(&msg, ", but ");
    put_side(c, &msg, r, ti, x, fx, r->nlhs, nterms, sums[1]);
    nb_yl_report(&c->y, c->allow ? NB_WARNING : NB_ERROR, NB_ERR_RULE,
                 instance_pos(c, r, ti, x, fx), &msg);
    tag_cells(c, before, r, ti, x, fx);
}

void nb_figrules_check(nb_figctx *c)
{
    for (size_t ri = 0; ri < c->l->nrules && !nb_yl_oom(&c->y); ri++) {
        const nb_rule *r = &c->l->rules[ri];
        if (r->cross_year && !c->prev)
            c->f->cross_year_skipped++;
        if (!r->info || (r->cross_year && !c->prev))
            continue;
        const nb_table *t = &c->l->tables[r->info->table];
        c->missing_now = c->missing_prev = 0;
        for (size_t xi = 0; xi < r->info->nres && !nb_yl_oom(&c->y); xi++)
            for (int fx = 0; fx < nfixed(r, t, &r->info->res[xi]) && !nb_yl_oom(&c->y); fx++)
                check_instance(c, r, r->info->table, &r->info->res[xi], fx);
        if (c->missing_now || c->missing_prev) {
            nb_buf msg = {0};
            put_rule(&msg, r);
            nb_buf_printf(&msg,
                          " is not assessable %zu time%s: figures it needs are missing "
                          "(first: %s%s)",
                          c->missing_now + c->missing_prev,
                          c->missing_now + c->missing_prev == 1 ? "" : "s",
                          c->missing_now ? "" : "previous.", c->first_missing);
            if (c->missing_prev)
                nb_buf_printf(&msg, "; %zu of them in last year's data", c->missing_prev);
            nb_yl_report(&c->y, NB_WARNING, NB_ERR_RULE, c->data->figures_pos, &msg);
        }
    }
}

/* N1: every cell should hold a figure. */
void nb_figrules_check_blanks(nb_figctx *c)
{
    for (size_t ti = 0; ti < c->l->ntables && !nb_yl_oom(&c->y); ti++) {
        const nb_table *t = &c->l->tables[ti];
        const nb_tvalues *tv = &c->f->tables[ti];
        size_t ndata = 0;
        for (size_t i = 0; i < t->ncells; i++)
            ndata += t->cells[i].kind == NB_TC_DATA;
        if (ndata && c->nsupplied[ti] == 0) {
            c->f->blanks += ndata;
            nb_yl_warn(&c->y, NB_ERR_RULE, c->data->figures_pos,
                       "the data gives no figures for table '%s'; its %zu cells print blank "
                       "(`nianbao keys` lists the keys)",
                       t->id, ndata);
            continue;
        }
        for (size_t i = 0; i < t->ncells && !nb_yl_oom(&c->y); i++) {
            if (t->cells[i].kind != NB_TC_DATA)
                continue;
            if (c->state[ti][i] == NB_FIG_ABSENT) {
                c->f->blanks++;
                char *labels = nb_table_cell_labels(t, (long)i);
                nb_yl_warn(&c->y, NB_ERR_RULE, c->data->figures_pos,
                           "figure '%s' (%s) is missing and no rule computes it; the cell "
                           "prints blank",
                           t->cells[i].key, labels ? labels : "");
                nb_free(labels);
            } else if (c->bad[ti][i]) {
                continue; /* its value-type message says what to write */
            } else if (!*tv->values[i]) {
                c->f->blanks++;
                char *labels = nb_table_cell_labels(t, (long)i);
                nb_yl_warn(&c->y, NB_ERR_RULE, tv->where[i],
                           "figure '%s' (%s) is blank; the cell prints blank (N1: a table cell "
                           "should hold a figure; write 0 if there were none)",
                           t->cells[i].key, labels ? labels : "");
                nb_free(labels);
            }
        }
    }
}
