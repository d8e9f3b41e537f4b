#include "script.h"

#include <string.h>

static bool is_han(uint32_t cp)
{
    return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF) || cp == 0x3007;
}

/* Chinese punctuation and full-width forms, including the quotes and
 * dashes that are full width in Chinese text. */
static bool is_cjk_mark(uint32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x33FF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
           (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x2018 && cp <= 0x201F) || cp == 0x2014 ||
           cp == 0x2026 || cp == 0x00B7 || cp == 0x2E3A || cp == 0x22EF;
}

static bool is_alnum(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
           (cp >= 0xC0 && cp < 0x250 && cp != 0xD7 && cp != 0xF7);
}

static bool is_digit(uint32_t cp) { return cp >= '0' && cp <= '9'; }

/* Punctuation that belongs to a token when letters or digits follow it:
 * www.example.gov.cn, a@b.cn, 0000-1234, 1,234, x=1&y=2, 51.85%. */
static bool is_connector(uint32_t cp) { return cp && strchr("-._~:/?#@%&=+,", (int)cp) != NULL; }

static uint32_t cp_at(const nb_shaped *s, size_t i)
{
    return i < s->nclusters ? s->clusters[i].cp : 0;
}

static void protect(nb_shaped *s, size_t a, size_t b)
{
    for (size_t i = a; i + 1 < b; i++)
        s->clusters[i].flags |= NB_CL_PROTECT;
}

static bool lower_is(const nb_shaped *s, size_t a, size_t b, const char *what)
{
    size_t n = strlen(what);
    if (b - a < n)
        return false;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = cp_at(s, a + i);
        if (c >= 'A' && c <= 'Z')
            c += 32;
        if (c != (uint32_t)(unsigned char)what[i])
            return false;
    }
    return true;
}

/* A token [a, b): URL (a scheme, www., or a dotted host name ending in
 * letters) or e-mail address? */
static bool is_url(const nb_shaped *s, size_t a, size_t b)
{
    if (lower_is(s, a, b, "www."))
        return true;
    int dots = 0;
    bool letters_after_dot = false;
    for (size_t i = a; i < b; i++) {
        uint32_t c = cp_at(s, i);
        if (c == ':' && cp_at(s, i + 1) == '/' && cp_at(s, i + 2) == '/')
            return true;
        if (c == '@')
            return true;
        if (c == '.') {
            dots++;
            letters_after_dot = !is_digit(cp_at(s, i + 1));
        }
    }
    return dots >= 2 && letters_after_dot;
}

/* Break points of a URL, used only when nothing else fits: after a slash
 * (not between the two of //), before . ? & - (Chicago Manual's rule, so
 * a line end never looks like the URL's own end). */
static void url_breaks(nb_shaped *s, size_t a, size_t b)
{
    for (size_t i = a + 1; i < b; i++) {
        uint32_t p = cp_at(s, i - 1), c = cp_at(s, i);
        if ((p == '/' && c != '/') || c == '.' || c == '?' || c == '&' || c == '-')
            s->clusters[i].flags |= NB_CL_LAST_RESORT;
    }
}

/* Latin tokens: letters and digits with the connectors between them. */
static void mark_tokens(nb_shaped *s)
{
    size_t n = s->nclusters;
    for (size_t i = 0; i < n;) {
        if (!is_alnum(cp_at(s, i))) {
            i++;
            continue;
        }
        size_t a = i, end = i + 1; /* end: after the last letter or digit */
        for (i++; i < n && (is_alnum(cp_at(s, i)) || is_connector(cp_at(s, i))); i++)
            if (is_alnum(cp_at(s, i)))
                end = i + 1;
        /* A trailing slash or per cent sign is part of it; a full stop or
         * comma is the sentence's. */
        while (end < i && (cp_at(s, end) == '/' || cp_at(s, end) == '%'))
            end++;
        protect(s, a, end);
        if (is_url(s, a, end))
            url_breaks(s, a, end);
        i = end;
    }
}

/* 国办公开办函〔2021〕30号: an issuer's abbreviation (the Han characters
 * before the bracket, at most eight), the year in 〔〕 and the number. */
static void mark_docnums(nb_shaped *s)
{
    size_t n = s->nclusters;
    for (size_t i = 0; i < n; i++) {
        uint32_t open = cp_at(s, i);
        if (open != 0x3014 && open != 0xFF3B && open != '[')
            continue;
        size_t k = i + 1;
        while (k < n && is_digit(cp_at(s, k)))
            k++;
        uint32_t close = cp_at(s, k);
        if (k - i - 1 != 4 || (close != 0x3015 && close != 0xFF3D && close != ']'))
            continue;
        size_t m = k + 1;
        while (m < n && is_digit(cp_at(s, m)))
            m++;
        if (m == k + 1 || cp_at(s, m) != 0x53F7) /* 号 */
            continue;
        size_t a = i;
        while (a > 0 && i - a < 8 && is_han(cp_at(s, a - 1)))
            a--;
        protect(s, a, m + 1);
        /* The abbreviation is a word of Han characters: broken only
         * when nothing else fits, and never off its last character. */
        for (size_t j = a + 1; j + 1 < i; j++)
            s->clusters[j].flags |= NB_CL_LAST_RESORT;
        i = m;
    }
}

void nb_script_mark(nb_shaped *s)
{
    for (size_t i = 0; i < s->nclusters; i++) {
        nb_cluster *c = &s->clusters[i];
        if (c->cp == 0xA0 || c->cp == 0x202F || c->cp == 0x2007) {
            c->flags = (uint16_t)((c->flags & ~NB_CL_SPACE) | NB_CL_NBSP);
        } else if (c->flags & NB_CL_SPACE) {
            continue;
        } else if (is_han(c->cp)) {
            c->flags |= NB_CL_CJK | NB_CL_HAN;
        } else if (is_cjk_mark(c->cp)) {
            c->flags |= NB_CL_CJK;
        } else {
            c->flags |= NB_CL_LATIN;
        }
    }
    mark_tokens(s);
    mark_docnums(s);
    for (size_t i = 0; i + 1 < s->nclusters; i++) {
        nb_cluster *c = &s->clusters[i], *next = c + 1;
        if ((c->flags & (NB_CL_PROTECT | NB_CL_NBSP)) || (next->flags & NB_CL_NBSP))
            next->flags &= (uint16_t)~NB_CL_BREAK_OK;
        /* Around a no-break space, as around any space, a break may
         * follow only what UAX #14 allows; after it, never. */
    }
}

void nb_script_space(nb_shaped *s, int quarter_ems)
{
    if (quarter_ems <= 0)
        return;
    for (size_t i = 0; i + 1 < s->nclusters; i++) {
        nb_cluster *c = &s->clusters[i];
        uint16_t a = c->flags, b = c[1].flags;
        if (a & NB_CL_PROTECT)
            continue;
        bool han_latin = (a & NB_CL_HAN) && (b & NB_CL_LATIN) && is_alnum(c[1].cp);
        /* A number and its unit stay tight: 2021年, 4820条. */
        bool latin_han = (b & NB_CL_HAN) && (a & NB_CL_LATIN) && is_alnum(c->cp) &&
                         !((a & NB_CL_DIGIT) && (b & NB_CL_UNIT));
        if (han_latin || latin_han)
            c->tracking += c->size * quarter_ems / 4;
    }
}

int nb_script_gap(const nb_shaped *s, uint32_t i)
{
    uint16_t a = s->clusters[i].flags, b = s->clusters[i + 1].flags;
    if ((a & (NB_CL_PROTECT | NB_CL_NBSP)) || (b & NB_CL_NBSP))
        return 0;
    if ((a & NB_CL_DASH) && (b & NB_CL_DASH))
        return 0;
    if ((a | b) & NB_CL_SPACE)
        return 3; /* a word space opens on both sides */
    if ((a & NB_CL_CJK) && (b & NB_CL_CJK))
        return 1;
    if (((a & NB_CL_CJK) && (b & NB_CL_LATIN)) || ((a & NB_CL_LATIN) && (b & NB_CL_CJK)))
        return 2;
    return 0;
}
