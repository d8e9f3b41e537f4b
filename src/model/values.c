/* Checking an office's figures against the value types the layout
 * declares (schema: values.h).
 *
 * The office's text is never rewritten: a valid value prints exactly as
 * typed. An invalid one is reported with what was probably meant, found by
 * undoing the slips a spreadsheet or an input method makes — full-width
 * digits (１５６), thousands separators (1,234), a unit typed after the
 * number (23件), stray spaces — and checking what is left against the
 * type. */
#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "table_info.h"
#include "values.h"

/* ---- loading ------------------------------------------------------------ */

static const char *const type_names[] = {"count", "change", "amount", "text", NULL};

void nb_vspec_load(nb_yload *y, const nb_ynode *m, nb_vspec *out)
{
    const nb_ynode *v;
    *out = (nb_vspec){0};
    if ((v = nb_y_get(m, "type"))) {
        int found = -1;
        for (int i = 0; type_names[i]; i++)
            if (nb_y_str_is(v, type_names[i]))
                found = i;
        if (found < 0)
            nb_yl_error(y, NB_ERR_SCHEMA, nb_yl_pos(y, v),
                        "unknown value type; 'type' is one of count (a whole number of items), "
                        "change (signed, 本年增/减), amount (decimal, 万元) or text");
        else
            out->type = (unsigned char)(NB_VT_COUNT + found);
    }
    if (!(v = nb_y_get(m, "allow")))
        return;
    if (!nb_yl_expect(y, v, NB_Y_SEQ, "allow"))
        return;
    out->allow_set = true;
    for (size_t i = 0; i < v->count; i++) {
        const nb_ynode *it = v->items[i];
        if (nb_y_str_is(it, "blank"))
            out->allow |= NB_VALLOW_BLANK;
        else if (nb_y_str_is(it, "/"))
            out->allow |= NB_VALLOW_NA;
        else
            nb_yl_error(y, NB_ERR_SCHEMA, nb_yl_pos(y, it),
                        "'allow' lists blank (~ allowed) and \"/\" (not applicable allowed)");
    }
}

/* ---- a cell's declaration ----------------------------------------------- */

/* The nearest declaration on the way from `n` up to its tree's root. */
static void inherit(const nb_tnode *n, nb_vspec *s)
{
    for (; n; n = n->parent) {
        if (!s->type && n->vspec.type)
            s->type = n->vspec.type;
        if (!s->allow_set && n->vspec.allow_set) {
            s->allow = n->vspec.allow;
            s->allow_set = true;
        }
    }
}

nb_vspec nb_table_cell_vspec(const nb_table *t, long cell)
{
    nb_vspec s = {0};
    if (t->info && cell >= 0 && (size_t)cell < t->ncells && t->info->refs[cell].group >= 0) {
        const nb_tref *r = &t->info->refs[cell];
        const nb_tgroup *g = &t->info->groups[r->group];
        if (g->nrow_leaves)
            inherit(g->row_leaves[r->row], &s);
        inherit(g->col_leaves[r->leaf], &s);
        if (!s.type)
            s.type = t->info->vspec.type;
        if (!s.allow_set && t->info->vspec.allow_set) {
            s.allow = t->info->vspec.allow;
            s.allow_set = true;
        }
    }
    if (!s.allow_set) /* undeclared: a blank is a warning (N1), as always */
        s.allow = NB_VALLOW_BLANK;
    return s;
}

/* ---- the value's shape ---------------------------------------------------- */

typedef enum shape {
    SH_NUMBER, /* [+-]digits[.digits] */
    SH_BLANK,
    SH_NA,    /* "/" */
    SH_OTHER, /* anything else */
} shape;

typedef struct number {
    bool neg, plus, frac;
} number;

static shape shape_of(const char *s, number *n)
{
    *n = (number){0};
    if (!*s)
        return SH_BLANK;
    if (!strcmp(s, "/"))
        return SH_NA;
    const char *p = s;
    if (*p == '-' || *p == '+') {
        n->neg = *p == '-';
        n->plus = *p == '+';
        p++;
    }
    size_t digits = strspn(p, "0123456789");
    if (!digits)
        return SH_OTHER;
    p += digits;
    if (*p == '.') {
        size_t f = strspn(p + 1, "0123456789");
        if (!f)
            return SH_OTHER;
        n->frac = true;
        p += 1 + f;
    }
    return *p ? SH_OTHER : SH_NUMBER;
}

static bool fits(nb_vtype t, const number *n)
{
    switch (t) {
    case NB_VT_CHANGE:
        return !n->frac;
    case NB_VT_AMOUNT:
        return !n->neg && !n->plus;
    case NB_VT_TEXT:
    case NB_VT_UNSET:
        return true;
    default:
        return !n->neg && !n->plus && !n->frac;
    }
}

/* ---- what was probably meant ---------------------------------------------- */

/* Units offices type after a number; the table's heading already says
 * what is counted. Longest first. */
static const char *const units[] = {"万元", "人次", "件次", "件", "个", "项", "条",
                                    "人",   "次",   "份",   "宗", "元", "户", NULL};

typedef struct repair {
    nb_buf out;
    bool fullwidth, separators, spaces;
    const char *unit;
} repair;

/* The value with the usual slips undone, in r->out. */
static void undo_slips(const char *s, repair *r)
{
    size_t n = strlen(s);
    /* spaces (ASCII and the ideographic U+3000) at either end */
    for (;;) {
        if (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        else if (n >= 3 && !memcmp(s + n - 3, "\u3000", 3))
            n -= 3;
        else
            break;
        r->spaces = true;
    }
    for (;;) {
        if (n && (*s == ' ' || *s == '\t'))
            s++, n--;
        else if (n >= 3 && !memcmp(s, "\u3000", 3))
            s += 3, n -= 3;
        else
            break;
        r->spaces = true;
    }
    for (int i = 0; units[i]; i++) {
        size_t u = strlen(units[i]);
        if (n > u && !memcmp(s + n - u, units[i], u)) {
            r->unit = units[i];
            n -= u;
            while (n && s[n - 1] == ' ')
                n--;
            break;
        }
    }
    for (size_t i = 0; i < n;) {
        const unsigned char *p = (const unsigned char *)s + i;
        /* U+FF01..U+FF5E are the full-width forms of ASCII 0x21..0x7E */
        if (i + 3 <= n && p[0] == 0xEF && (p[1] == 0xBC || p[1] == 0xBD)) {
            unsigned cp = 0xFF00u + (unsigned)((p[1] & 0x03) << 6) + (p[2] & 0x3F);
            if (cp >= 0xFF01 && cp <= 0xFF5E) {
                char ascii = (char)(cp - 0xFF01 + 0x21);
                r->fullwidth = true;
                if (ascii == ',') {
                    r->separators = true;
                } else {
                    nb_buf_putc(&r->out, ascii);
                }
                i += 3;
                continue;
            }
        }
        if (i + 3 <= n && !memcmp(p, "\u2212", 3)) { /* minus sign */
            nb_buf_putc(&r->out, '-');
            r->fullwidth = true;
            i += 3;
            continue;
        }
        if (*p == ',' || (*p == '\'' && i)) { /* 1,234 and 1'234 */
            r->separators = true;
            i++;
            continue;
        }
        nb_buf_putc(&r->out, (char)*p);
        i++;
    }
    nb_buf_cstr(&r->out);
}

/* Words that mean "none". */
static bool means_none(const char *s)
{
    static const char *const words[] = {"无", "没有", "暂无", "空",   "-",   "—",   "－",  "--",
                                        "——", "none", "None", "NONE", "nil", "N/A", "n/a", NULL};
    for (int i = 0; words[i]; i++)
        if (!strcmp(s, words[i]))
            return true;
    return false;
}

static const char *type_word(nb_vtype t)
{
    switch (t) {
    case NB_VT_CHANGE:
        return "a change (a signed whole number such as 3 or -2)";
    case NB_VT_AMOUNT:
        return "an amount (a number such as 12 or 3.5)";
    case NB_VT_UNSET:
        return "a number";
    default:
        return "a count (a whole number of items, 0 or more)";
    }
}

/* "; or ~ to leave it blank" / "; or / if it does not apply" */
static void put_alternatives(nb_buf *b, unsigned allow)
{
    if (allow & NB_VALLOW_BLANK)
        nb_buf_puts(b, ", or ~ to leave the cell blank");
    if (allow & NB_VALLOW_NA)
        nb_buf_puts(b, ", or / if it does not apply");
}

/* Describes what is wrong with `v` and what to write instead. */
static void explain(nb_buf *b, const char *v, nb_vspec s)
{
    number n;
    shape sh = shape_of(v, &n);
    if (sh == SH_BLANK) {
        nb_buf_printf(b,
                      "the cell is blank, but the layout requires %s here; write 0 if there "
                      "were none",
                      type_word(s.type));
        if (s.allow & NB_VALLOW_NA)
            nb_buf_puts(b, ", or / if it does not apply");
        return;
    }
    if (sh == SH_NA) {
        nb_buf_printf(b, "'/' (not applicable) is not allowed in this cell; write 0 if there "
                         "were none");
        if (s.allow & NB_VALLOW_BLANK)
            nb_buf_puts(b, ", or ~ to leave it blank");
        return;
    }
    if (sh == SH_NUMBER) { /* a number of the wrong kind */
        if (n.frac && s.type != NB_VT_AMOUNT)
            nb_buf_printf(b, "'%s' is not a whole number, but the cell holds %s", v,
                          type_word(s.type));
        else if (n.plus && s.type != NB_VT_CHANGE)
            nb_buf_printf(b, "'%s' has a + sign, but the cell holds %s; write %s", v,
                          type_word(s.type), v + 1);
        else
            nb_buf_printf(b,
                          "'%s' is negative, but the cell holds %s; a decrease belongs in a "
                          "本年增/减 column",
                          v, type_word(s.type));
        return;
    }
    repair r = {0};
    undo_slips(v, &r);
    number rn;
    const char *fixed = r.out.oom ? "" : nb_buf_cstr(&r.out);
    shape rsh = shape_of(fixed, &rn);
    bool slash_ok = rsh == SH_NA && (s.allow & NB_VALLOW_NA);
    if ((rsh == SH_NUMBER && fits((nb_vtype)s.type, &rn)) || slash_ok) {
        nb_buf_printf(b, "'%s' is not a number; write %s", v, fixed);
        const char *why[4];
        int k = 0;
        if (r.fullwidth)
            why[k++] = "with half-width characters";
        if (r.separators)
            why[k++] = "without thousands separators";
        if (r.spaces)
            why[k++] = "without spaces";
        if (k || r.unit) {
            nb_buf_puts(b, " (");
            for (int i = 0; i < k; i++)
                nb_buf_printf(b, "%s%s", i ? ", " : "", why[i]);
            if (r.unit)
                nb_buf_printf(b, "%sthe unit %s is given by the table's heading", k ? "; " : "",
                              r.unit);
            nb_buf_puts(b, ")");
        }
    } else if (means_none(v)) {
        nb_buf_printf(b, "'%s' is not a number; write 0 if there were none", v);
        put_alternatives(b, s.allow);
    } else {
        nb_buf_printf(b, "'%s' is not a number; the cell holds %s", v, type_word(s.type));
        put_alternatives(b, s.allow);
    }
    nb_buf_free(&r.out);
}

bool nb_value_check(const nb_table *t, long cell, const char *value, nb_pos at, nb_severity sev,
                    nb_diags *d, nb_status *st)
{
    nb_vspec s = nb_table_cell_vspec(t, cell);
    number n;
    shape sh = shape_of(value, &n);
    if (s.type == NB_VT_TEXT || (sh == SH_NUMBER && fits((nb_vtype)s.type, &n)) ||
        (sh == SH_BLANK && (s.allow & NB_VALLOW_BLANK)) ||
        (sh == SH_NA && (s.allow & NB_VALLOW_NA)))
        return true;
    nb_buf msg = {0};
    char *labels = nb_table_cell_labels(t, cell);
    nb_buf_printf(&msg, "figure '%s'", t->cells[cell].key);
    if (labels)
        nb_buf_printf(&msg, " (%s)", labels);
    nb_free(labels);
    nb_buf_puts(&msg, ": ");
    explain(&msg, value, s);
    nb_status code = msg.oom ? NB_ERR_NOMEM : NB_ERR_VALUE;
    if (msg.oom)
        nb_y_keep(st, nb_y_nomem(d));
    else
        nb_diag_at(d, sev, NB_ERR_VALUE, at, "%s", nb_buf_cstr(&msg));
    if (sev == NB_ERROR)
        nb_y_keep(st, code);
    nb_buf_free(&msg);
    return false;
}
