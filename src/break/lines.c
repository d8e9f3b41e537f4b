#include "lines.h"

#include <linebreak.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/utf8.h"
#include "script.h"

/* clreq basic level and GB/T 15834, plus the half-width marks that real
 * reports contain inside Chinese text: never at a line start. */
static const uint32_t no_start[] = {
    0x3001, 0xFF0C, 0x3002, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F, 0x201D, 0x2019, 0xFF09, 0x300B,
    0x300D, 0x300F, 0x3011, 0x3015, 0x3017, 0xFF3D, 0xFF5D, 0x3009, 0xFF05, 0x2030, 0x2103,
    0x2026, 0x22EF, 0x00B7, 0x30FB, 0xFF0E, 0x3019, 0x301B, 0x301E, ',',    '.',    ';',
    ':',    '!',    '?',    ')',    ']',    '}',    '%',    0x2014, 0x2E3A, 0xFE5A};
/* Opening quotes and brackets: never at a line end. */
static const uint32_t no_end[] = {0x201C, 0x2018, 0xFF08, 0x300A, 0x300C, 0x300E, 0x3010,
                                  0x3014, 0x3016, 0xFF3B, 0xFF5B, 0x3008, 0x3018, 0x301A,
                                  0x301D, '(',    '[',    '{',    0xFE59};
/* Characters that stay with the number before them: 2021年, 7家, 51.85%. */
static const char *const units =
    "年月日时分秒号期届次件条项个家人名户元万亿千百岁天周份篇批套台辆所处起宗%％‰℃";

static bool in_list(const uint32_t *v, size_t n, uint32_t cp)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == cp)
            return true;
    return false;
}

static bool is_unit(uint32_t cp)
{
    char buf[5] = {0};
    if (cp < 0x80) {
        buf[0] = (char)cp;
        return cp == '%';
    }
    nb_utf8_encode(cp, buf);
    return strstr(units, buf) != NULL;
}

static bool is_punct(uint32_t cp)
{
    return (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFF0F) ||
           (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0x2010 && cp <= 0x206F) ||
           (cp < 0x80 && strchr(",.;:!?()[]{}'\"-/", (int)cp) && cp) ||
           in_list(no_start, sizeof no_start / sizeof *no_start, cp) ||
           in_list(no_end, sizeof no_end / sizeof *no_end, cp);
}

static uint16_t classify(uint32_t cp)
{
    uint16_t f = 0;
    if (cp == ' ' || cp == 0x3000 || cp == '\t' || cp == 0xA0)
        f |= NB_CL_SPACE;
    if ((cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19))
        f |= NB_CL_DIGIT | NB_CL_WORD;
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= 0xC0 && cp < 0x250))
        f |= NB_CL_WORD;
    if (in_list(no_start, sizeof no_start / sizeof *no_start, cp))
        f |= NB_CL_NO_START;
    if (in_list(no_end, sizeof no_end / sizeof *no_end, cp))
        f |= NB_CL_NO_END;
    if (is_unit(cp))
        f |= NB_CL_UNIT;
    if (is_punct(cp))
        f |= NB_CL_PUNCT;
    if (cp == 0x2014 || cp == 0x2026 || cp == 0x2E3A || cp == 0x22EF)
        f |= NB_CL_DASH;
    return f;
}

nb_status nb_break_classify(nb_shaped *s)
{
    if (s->nclusters == 0)
        return NB_OK;
    /* libunibreak's tables, once per process: batch workers break lines at
     * the same time (ThreadSanitizer flagged the unguarded flag). */
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, init_linebreak);
    char *brk = nb_malloc(s->len);
    if (!brk)
        return NB_ERR_NOMEM;
    set_linebreaks_utf8((const utf8_t *)s->text, s->len, "zh", brk);
    for (size_t i = 0; i < s->nclusters; i++) {
        nb_cluster *c = &s->clusters[i];
        c->flags = classify(c->cp);
        if (i == 0)
            continue;
        const nb_cluster *p = &s->clusters[i - 1];
        bool ok = brk[c->text_off - 1] == LINEBREAK_ALLOWBREAK ||
                  brk[c->text_off - 1] == LINEBREAK_MUSTBREAK;
        /* Tailoring on top of UAX #14. */
        if (c->flags & NB_CL_NO_START)
            ok = false;
        if (p->flags & NB_CL_NO_END)
            ok = false;
        if ((p->flags & NB_CL_DIGIT) && (c->flags & (NB_CL_UNIT | NB_CL_DIGIT)))
            ok = false;
        if ((p->flags & NB_CL_WORD) && (c->flags & NB_CL_WORD))
            ok = false;
        if ((p->flags & NB_CL_DASH) && (c->flags & NB_CL_DASH))
            ok = false;
        /* Never break before white space; it hangs at the end of the line. */
        if (c->flags & NB_CL_SPACE)
            ok = false;
        if (p->flags & NB_CL_SPACE)
            ok = true;
        if (ok)
            c->flags |= NB_CL_BREAK_OK;
    }
    nb_free(brk);
    nb_script_mark(s);
    return NB_OK;
}

void nb_breaks_free(nb_breaks *b)
{
    nb_free(b->lines);
    b->lines = NULL;
    b->count = 0;
}

/* Natural width of clusters [a, b): advances plus tracking between them.
 * Prefix sums are 64-bit: a 1 MiB paragraph is some 5,000,000 pt wide,
 * past INT32_MAX millipoints; one line's width always fits an nb_mpt. */
static int64_t span_width(const nb_shaped *s, const int64_t *prefix, uint32_t a, uint32_t b)
{
    if (b <= a)
        return 0;
    return prefix[b] - prefix[a] - s->clusters[b - 1].tracking;
}

/* How far a line may be squeezed: 1/25 em per gap outside protected runs.
 * One full-width mark squeezed into a 28-character line costs 0.6 pt a
 * gap, well inside it. */
static nb_mpt squeeze_capacity(const nb_shaped *s, uint32_t a, uint32_t b)
{
    uint32_t gaps = 0;
    for (uint32_t i = a; i + 1 < b; i++)
        gaps += nb_script_gap(s, i) != 0;
    return (nb_mpt)(gaps * (s->clusters[a].size / 25));
}

static bool breakable(const nb_shaped *s, uint32_t at)
{
    return at >= s->nclusters || (s->clusters[at].flags & NB_CL_BREAK_OK);
}

static uint32_t visible_end(const nb_shaped *s, uint32_t a, uint32_t b)
{
    while (b > a + 1 && (s->clusters[b - 1].flags & NB_CL_SPACE))
        b--;
    return b;
}

nb_status nb_break_balanced(const nb_shaped *s, nb_mpt width, nb_mpt indent, nb_align align,
                            nb_breaks *out)
{
    nb_status r = nb_break_lines(s, width, indent, align, out);
    if (r || out->count < 2)
        return r;
    size_t want = out->count;
    nb_mpt lo = width / (nb_mpt)want, hi = width; /* hi always gives `want` lines */
    while (hi - lo > 100) {
        nb_mpt mid = lo + (hi - lo) / 2;
        nb_breaks t;
        if ((r = nb_break_lines(s, mid, indent, align, &t)))
            return r;
        bool ok = t.count <= want;
        for (size_t i = 0; ok && i < t.count; i++)
            ok = !t.lines[i].cut && t.lines[i].slack >= 0;
        nb_breaks_free(&t);
        if (ok)
            hi = mid;
        else
            lo = mid;
    }
    nb_breaks narrow;
    if ((r = nb_break_lines(s, hi, indent, align, &narrow)))
        return r;
    /* The narrow measure chose the breaks; place the lines on the full
     * width. */
    for (size_t i = 0; i < narrow.count; i++) {
        nb_break_line *l = &narrow.lines[i];
        nb_mpt room = width - (i == 0 ? indent : 0) - l->width;
        l->offset = i == 0 ? indent : 0;
        l->slack = 0;
        if (align == NB_ALIGN_CENTER)
            l->offset += room / 2;
        else if (align == NB_ALIGN_RIGHT)
            l->offset += room;
        else if (align == NB_ALIGN_JUSTIFY && i + 1 < narrow.count)
            l->slack = room;
    }
    nb_breaks_free(out);
    *out = narrow;
    return NB_OK;
}

/* How far justification would open each gap of the line [a, b). */
static nb_mpt stretch_per_gap(const nb_shaped *s, const int64_t *prefix, uint32_t a, uint32_t b,
                              nb_mpt avail)
{
    uint32_t ve = visible_end(s, a, b), gaps = 0;
    for (uint32_t i = a; i + 1 < ve; i++)
        gaps += nb_script_gap(s, i) != 0;
    if (!gaps)
        return INT32_MAX;
    return (nb_mpt)((avail - span_width(s, prefix, a, ve)) / gaps);
}

/* Chooses the end of the line starting at `a`. */
static uint32_t choose_end(const nb_shaped *s, const int64_t *prefix, uint32_t a, nb_mpt avail,
                           bool *cut)
{
    uint32_t n = (uint32_t)s->nclusters;
    uint32_t fit = a + 1; /* at least one cluster, whatever its width */
    /* vis = visible_end(s, a, fit), kept up to date as fit grows: a long
     * run of white space must not be rescanned for every cluster. */
    uint32_t vis = a + 1;
    while (fit < n) {
        uint32_t v = (s->clusters[fit].flags & NB_CL_SPACE) ? vis : fit + 1;
        if (span_width(s, prefix, a, v) > avail)
            break;
        vis = v;
        fit++;
    }
    if (fit == n || breakable(s, fit))
        return fit;
    /* 先挤进: pull up to two forbidden marks into the line by squeezing. */
    uint32_t g = fit + 1;
    while (g < n && !breakable(s, g))
        g++;
    if (g - fit <= 2) {
        uint32_t ve = visible_end(s, a, g);
        if (span_width(s, prefix, a, ve) - squeeze_capacity(s, a, ve) <= avail)
            return g;
    }
    /* 后推出: end the line at the last opportunity and stretch it. */
    uint32_t h = 0;
    for (uint32_t k = fit; k > a + 1; k--)
        if (breakable(s, k - 1) && k - 1 > a) {
            h = k - 1;
            break;
        }
    /* A URL or a document number is broken only when nothing else fits:
     * when there is no other opportunity, or when taking it would open the
     * line's gaps by more than an eighth of an em each. */
    uint32_t u = 0;
    for (uint32_t k = fit; k > a + 1 && k > h; k--)
        if (k < n && (s->clusters[k].flags & NB_CL_LAST_RESORT)) {
            u = k;
            break;
        }
    if (u && (!h || stretch_per_gap(s, prefix, a, h, avail) > s->clusters[a].size / 8))
        return u;
    if (h)
        return h;
    *cut = true;
    return fit; /* an unbreakable run longer than the line: cut it */
}

static size_t count_chars(const nb_shaped *s, uint32_t a, uint32_t b)
{
    size_t n = 0;
    for (uint32_t i = a; i < b; i++)
        if (!(s->clusters[i].flags & (NB_CL_PUNCT | NB_CL_SPACE)))
            n++;
    return n;
}

nb_status nb_break_lines(const nb_shaped *s, nb_mpt width, nb_mpt indent, nb_align align,
                         nb_breaks *out)
{
    memset(out, 0, sizeof *out);
    uint32_t n = (uint32_t)s->nclusters;
    if (n == 0)
        return NB_OK;
    int64_t *prefix = nb_malloc((n + 1) * sizeof *prefix);
    if (!prefix)
        return NB_ERR_NOMEM;
    prefix[0] = 0;
    for (uint32_t i = 0; i < n; i++)
        prefix[i + 1] = prefix[i] + (int64_t)s->clusters[i].width + s->clusters[i].tracking;
    size_t cap = 8;
    out->lines = nb_malloc(cap * sizeof *out->lines);
    if (!out->lines) {
        nb_free(prefix);
        return NB_ERR_NOMEM;
    }
    for (uint32_t a = 0; a < n;) {
        nb_mpt lead = out->count == 0 ? indent : 0;
        bool cut = false;
        uint32_t e = choose_end(s, prefix, a, width - lead, &cut);
        if (!nb_grow(&out->lines, out->count, 1, &cap, sizeof *out->lines)) {
            nb_free(prefix);
            nb_breaks_free(out);
            return NB_ERR_NOMEM;
        }
        out->lines[out->count++] =
            (nb_break_line){.first = a, .end = e, .offset = lead, .cut = cut};
        a = e;
    }
    /* 孤字: give a one-character last line a companion from the line above. */
    if (out->count >= 2) {
        nb_break_line *last = &out->lines[out->count - 1], *prev = last - 1;
        /* visible_end(s, h, last->end) is max(h + 1, tail) */
        uint32_t tail = last->end;
        while (tail > 0 && (s->clusters[tail - 1].flags & NB_CL_SPACE))
            tail--;
        size_t chars = count_chars(s, last->first, last->end);
        for (uint32_t h = prev->end - 1; chars < 2 && h > prev->first + 1; h--) {
            if (!breakable(s, h))
                continue;
            if (span_width(s, prefix, h, tail > h + 1 ? tail : h + 1) > width)
                break;
            chars += count_chars(s, h, last->first);
            prev->end = last->first = h;
        }
    }
    for (size_t i = 0; i < out->count; i++) {
        nb_break_line *l = &out->lines[i];
        nb_mpt avail = width - l->offset;
        l->vis_end = visible_end(s, l->first, l->end);
        l->width = (nb_mpt)span_width(s, prefix, l->first, l->vis_end);
        bool last = i + 1 == out->count;
        nb_mpt room = avail - l->width;
        if (align == NB_ALIGN_JUSTIFY && (!last || room < 0))
            l->slack = room;
        else if (room < 0)
            l->slack = room; /* a squeezed last line still must fit */
        else if (align == NB_ALIGN_CENTER)
            l->offset += room / 2;
        else if (align == NB_ALIGN_RIGHT)
            l->offset += room;
    }
    nb_free(prefix);
    return NB_OK;
}

void nb_break_justify(const nb_shaped *s, const nb_break_line *line, nb_mpt *extra)
{
    for (uint32_t i = line->first; i < line->end; i++)
        extra[i] = 0;
    if (line->slack == 0 || line->vis_end <= line->first + 1)
        return;
    /* Slack goes to the gaps between Chinese characters, Chinese–Latin
     * boundaries and word spaces alike (script.h says why). A line
     * without a gap between Chinese characters opens its word spaces by
     * a quarter em a side at most, its boundaries by half an em (clreq),
     * else stays ragged: a protected run is never letter-spaced. */
    uint32_t count[4] = {0, 0, 0, 0};
    for (uint32_t i = line->first; i + 1 < line->vis_end; i++)
        count[nb_script_gap(s, i)]++;
    uint32_t gaps = count[1] + count[2] + count[3];
    if (gaps == 0)
        return;
    nb_mpt em = s->clusters[line->first].size;
    if (line->slack > 0 && !count[1] && line->slack / (nb_mpt)gaps > (count[3] ? em / 4 : em / 2))
        return;
    nb_mpt each = line->slack / (nb_mpt)gaps;
    nb_mpt rest = line->slack - each * (nb_mpt)gaps;
    for (uint32_t i = line->first; i + 1 < line->vis_end; i++) {
        if (!nb_script_gap(s, i))
            continue;
        extra[i] = each;
        if (rest > 0) {
            extra[i]++;
            rest--;
        } else if (rest < 0) {
            extra[i]--;
            rest++;
        }
    }
}
