#include "normalize.h"

#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/utf8.h"

/* One code point of the value and where it is in the source. */
typedef struct ncp {
    uint32_t cp;
    int line, col;
    int breaks; /* source line breaks since the previous matched character */
} ncp;

/* What was changed in the current paragraph, for its notes. */
enum { K_SPLIT, K_INDENT, K_JOIN, K_NBSP, K_INVISIBLE, K_SEPARATOR, K__COUNT };

typedef struct note {
    int count;
    nb_pos first;
    uint32_t cp; /* the first character concerned (K_INDENT, K_INVISIBLE…) */
} note;

typedef struct nctx {
    nb_ntext *out;
    nb_diags *d;
    nb_buf para;
    nb_pos para_pos;
    uint32_t last; /* last code point written to `para`, 0 = none */
    note notes[K__COUNT];
    bool oom;
} nctx;

static bool is_invisible(uint32_t cp)
{
    return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF ||
           cp == 0x00AD || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0x180E;
}

static bool is_separator(uint32_t cp) { return cp == 0x2028 || cp == 0x2029 || cp == 0x85; }

static bool is_nbsp(uint32_t cp) { return cp == 0xA0 || cp == 0x202F || cp == 0x2007; }

static bool is_newline(uint32_t cp) { return cp == '\n' || cp == '\r' || is_separator(cp); }

static bool is_blank(uint32_t cp) { return cp == ' ' || cp == '\t' || cp == 0x3000; }

/* Chinese text, including the marks set in it: no space where two lines
 * of it are joined. */
static bool is_cjk(uint32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
           (cp >= 0x20000 && cp <= 0x3FFFF) || (cp >= 0x2018 && cp <= 0x201F) || cp == 0x2014 ||
           cp == 0x2026 || cp == 0x00B7;
}

static const char *cp_name(uint32_t cp)
{
    switch (cp) {
    case 0x200B:
        return "ZERO WIDTH SPACE";
    case 0x200C:
        return "ZERO WIDTH NON-JOINER";
    case 0x200D:
        return "ZERO WIDTH JOINER";
    case 0x2060:
        return "WORD JOINER";
    case 0xFEFF:
        return "BYTE ORDER MARK";
    case 0x00AD:
        return "SOFT HYPHEN";
    case 0x2028:
        return "LINE SEPARATOR";
    case 0x2029:
        return "PARAGRAPH SEPARATOR";
    case 0x0085:
        return "NEXT LINE";
    case 0x3000:
        return "IDEOGRAPHIC SPACE";
    case 0x00A0:
        return "NO-BREAK SPACE";
    case 0x202F:
        return "NARROW NO-BREAK SPACE";
    case 0x2007:
        return "FIGURE SPACE";
    case '\t':
        return "TAB";
    case ' ':
        return "SPACE";
    default:
        return "a formatting character";
    }
}

/* ---- aligning the value with its source --------------------------------- */

static bool is_src_break(const char *s, size_t len, int32_t cp, size_t next)
{
    return cp == '\n' || (cp == '\r' && !(next < len && s[next] == '\n')) ||
           is_separator((uint32_t)cp);
}

/* Byte offset of line:col (libyaml's marks: characters, 1-based). */
static size_t src_offset(nb_nsrc *src, int line, int col)
{
    const char *s = src->bytes;
    size_t len = src->len;
    if (src->line == 0 || line < src->line || (line == src->line && col < src->col)) {
        src->off = len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        src->line = src->col = 1;
    }
    size_t i = src->off;
    int l = src->line, c = src->col;
    while (i < len && (l < line || (l == line && c < col))) {
        int32_t cp = nb_utf8_next(s, len, &i);
        if (is_src_break(s, len, cp, i)) {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    src->off = i;
    src->line = l;
    src->col = c;
    return i;
}

/* Fills line/col/breaks of every code point: each one is looked for a
 * little ahead of the previous match (escapes and quotes lie between),
 * white space is not (YAML folds and strips it). */
static void align(ncp *v, size_t n, nb_nsrc *source, nb_pos at)
{
    const char *src = source ? source->bytes : NULL;
    size_t srclen = src ? source->len : 0;
    size_t sp = src ? src_offset(source, at.line, at.col) : 0;
    int line = at.line, col = at.col;
    for (size_t k = 0; k < n; k++) {
        v[k].line = line;
        v[k].col = col;
        v[k].breaks = 0;
        if (!src || is_newline(v[k].cp) || v[k].cp == ' ' || v[k].cp == '\t')
            continue;
        char enc[4];
        int el = nb_utf8_encode(v[k].cp, enc);
        size_t limit = sp + 256 < srclen ? sp + 256 : srclen;
        size_t q = sp;
        while (q + (size_t)el <= limit && memcmp(src + q, enc, (size_t)el) != 0)
            q++;
        if (q + (size_t)el > limit)
            continue; /* an escape: keep the last position */
        int breaks = 0;
        for (size_t i = sp; i < q;) {
            int32_t cp = nb_utf8_next(src, q, &i);
            if (is_src_break(src, q, cp, i)) {
                breaks++;
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        v[k].line = line;
        v[k].col = col;
        v[k].breaks = breaks;
        sp = q + (size_t)el;
        col++;
    }
}

/* ---- notes and paragraphs ------------------------------------------------ */

static void mark(nctx *c, int kind, nb_pos at, uint32_t cp)
{
    note *nt = &c->notes[kind];
    if (nt->count++ == 0) {
        nt->first = at;
        nt->cp = cp;
    }
}

static void flush_notes(nctx *c)
{
    for (int k = 0; k < K__COUNT; k++) {
        note *nt = &c->notes[k];
        int n = nt->count;
        if (!n)
            continue;
        switch (k) {
        case K_INDENT:
            nb_diag_at(c->d, NB_NOTE, NB_OK, nt->first,
                       "removed the indentation pasted before this paragraph (%d × U+%04X %s); "
                       "the layout indents paragraphs itself",
                       n, (unsigned)nt->cp, cp_name(nt->cp));
            break;
        case K_JOIN:
            nb_diag_at(c->d, NB_NOTE, NB_OK, nt->first,
                       "joined %d line break%s inside this paragraph into one line (no space "
                       "between Chinese characters, one between Latin words)",
                       n, n == 1 ? "" : "s");
            break;
        case K_SPLIT:
            nb_diag_at(c->d, NB_NOTE, NB_OK, nt->first, "a new paragraph starts here (%s)",
                       nt->cp ? "a line that starts with indentation, as pasted from Word"
                              : "a blank line");
            break;
        case K_NBSP:
            nb_diag_at(c->d, NB_NOTE, NB_OK, nt->first,
                       "%d U+%04X %s kept as an unbreakable space that justification does not "
                       "stretch",
                       n, (unsigned)nt->cp, cp_name(nt->cp));
            break;
        case K_INVISIBLE:
            nb_diag_at(c->d, NB_NOTE, NB_OK, nt->first,
                       "removed %d invisible formatting character%s (the first: U+%04X %s)", n,
                       n == 1 ? "" : "s", (unsigned)nt->cp, cp_name(nt->cp));
            break;
        case K_SEPARATOR:
            nb_diag_at(c->d, NB_NOTE, NB_OK, nt->first,
                       "removed %d line or paragraph separator%s (the first: U+%04X %s), read "
                       "as line breaks",
                       n, n == 1 ? "" : "s", (unsigned)nt->cp, cp_name(nt->cp));
            break;
        }
        nt->count = 0;
    }
}

static void end_para(nctx *c)
{
    if (c->para.len) {
        nb_npara p = {nb_buf_take(&c->para), c->para_pos};
        size_t cap = c->out->count;
        if (!p.text || !nb_grow(&c->out->paras, c->out->count, 1, &cap, sizeof *c->out->paras)) {
            nb_free(p.text);
            c->oom = true;
        } else {
            c->out->paras[c->out->count++] = p;
        }
    }
    nb_buf_free(&c->para);
    c->last = 0;
    flush_notes(c);
}

static void put(nctx *c, uint32_t cp, nb_pos at)
{
    char enc[4];
    if (!c->para.len)
        c->para_pos = at;
    nb_buf_append(&c->para, enc, (size_t)nb_utf8_encode(cp, enc));
    if (c->para.oom)
        c->oom = true;
    c->last = cp;
}

/* ---- the walk ----------------------------------------------------------- */

nb_status nb_normalize_text(const char *value, nb_nsrc *src, nb_pos at, bool split, nb_ntext *out,
                            nb_diags *d)
{
    memset(out, 0, sizeof *out);
    size_t len = strlen(value), n = 0;
    ncp *v = nb_malloc((len + 1) * sizeof *v);
    if (!v)
        return NB_ERR_NOMEM;
    for (size_t i = 0; i < len;) {
        int32_t cp = nb_utf8_next(value, len, &i);
        v[n++].cp = cp < 0 ? 0xFFFD : (uint32_t)cp;
    }
    align(v, n, src, at);
    nctx c = {.out = out, .d = d};
    /* The white space since the last character written: line breaks in it
     * and where the indentation after the last break starts. */
    int newlines = 0, srcbreaks = 0;
    size_t ws_from = (size_t)-1, indent_from = (size_t)-1;
    for (size_t k = 0; k < n && !c.oom; k++) {
        uint32_t cp = v[k].cp;
        nb_pos here = {at.file, v[k].line, v[k].col};
        if (is_invisible(cp)) {
            srcbreaks += v[k].breaks;
            mark(&c, K_INVISIBLE, here, cp);
            continue;
        }
        if (is_newline(cp) || is_blank(cp)) {
            if (is_separator(cp))
                mark(&c, K_SEPARATOR, here, cp);
            if (ws_from == (size_t)-1)
                ws_from = k;
            srcbreaks += v[k].breaks;
            if (is_newline(cp)) {
                if (cp != '\r' || k + 1 >= n || v[k + 1].cp != '\n')
                    newlines++;
                indent_from = (size_t)-1;
            } else if (indent_from == (size_t)-1) {
                indent_from = k;
            }
            continue;
        }
        /* A character: first settle the white space before it. */
        srcbreaks += v[k].breaks;
        int lines = newlines > srcbreaks ? newlines : srcbreaks;
        bool indented = false; /* a line starting with Word's indentation */
        if (lines > 0 && indent_from != (size_t)-1)
            for (size_t i = indent_from; i < k; i++)
                indented = indented || v[i].cp == 0x3000 || v[i].cp == '\t';
        if (c.para.len && (lines >= 2 || indented) && split) {
            nb_pos nat = {at.file, v[k].line, v[k].col};
            end_para(&c);
            mark(&c, K_SPLIT, nat, indented && lines < 2);
        }
        if (!c.para.len) {
            /* Leading white space: indentation (or the blank lines before
             * the first line of a block). */
            size_t from = indent_from != (size_t)-1 ? indent_from : ws_from;
            if (lines > 0 && indent_from == (size_t)-1)
                from = (size_t)-1;
            for (size_t i = from; i != (size_t)-1 && i < k; i++)
                if (is_blank(v[i].cp))
                    mark(&c, K_INDENT, (nb_pos){at.file, v[i].line, v[i].col}, v[i].cp);
        } else if (ws_from != (size_t)-1) {
            if (lines > 0) {
                mark(&c, K_JOIN, (nb_pos){at.file, v[ws_from].line, v[ws_from].col}, 0);
                if (!is_cjk(c.last) && !is_cjk(cp))
                    put(&c, ' ', here);
            } else {
                for (size_t i = ws_from; i < k; i++) /* typed in the line: kept */
                    put(&c, v[i].cp, here);
            }
        }
        ws_from = indent_from = (size_t)-1;
        newlines = srcbreaks = 0;
        if (is_nbsp(cp)) {
            mark(&c, K_NBSP, here, cp);
            cp = 0xA0;
        }
        put(&c, cp, here);
    }
    end_para(&c);
    nb_free(v);
    if (c.oom) {
        nb_ntext_free(out);
        return NB_ERR_NOMEM;
    }
    return NB_OK;
}

void nb_ntext_free(nb_ntext *t)
{
    for (size_t i = 0; i < t->count; i++)
        nb_free(t->paras[i].text);
    nb_free(t->paras);
    memset(t, 0, sizeof *t);
}
