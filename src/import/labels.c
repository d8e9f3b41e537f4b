/* Comparing table labels as different offices print them. */
#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "import_internal.h"

/* Decodes one UTF-8 sequence (input is valid: libxml2 produced it). */
static unsigned cp_at(const unsigned char *s, size_t *w)
{
    if (s[0] < 0x80) {
        *w = 1;
        return s[0];
    }
    if ((s[0] & 0xE0) == 0xC0 && s[1]) {
        *w = 2;
        return (unsigned)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
    }
    if ((s[0] & 0xF0) == 0xE0 && s[1] && s[2]) {
        *w = 3;
        return (unsigned)(s[0] & 0x0F) << 12 | (unsigned)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
    }
    if ((s[0] & 0xF8) == 0xF0 && s[1] && s[2] && s[3]) {
        *w = 4;
        return (unsigned)(s[0] & 0x07) << 18 | (unsigned)(s[1] & 0x3F) << 12 |
               (unsigned)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
    }
    *w = 1;
    return 0xFFFD;
}

static void put_cp(nb_buf *b, unsigned c)
{
    if (c < 0x80) {
        nb_buf_putc(b, (char)c);
    } else if (c < 0x800) {
        nb_buf_putc(b, (char)(0xC0 | c >> 6));
        nb_buf_putc(b, (char)(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        nb_buf_putc(b, (char)(0xE0 | c >> 12));
        nb_buf_putc(b, (char)(0x80 | (c >> 6 & 0x3F)));
        nb_buf_putc(b, (char)(0x80 | (c & 0x3F)));
    } else {
        nb_buf_putc(b, (char)(0xF0 | c >> 18));
        nb_buf_putc(b, (char)(0x80 | (c >> 12 & 0x3F)));
        nb_buf_putc(b, (char)(0x80 | (c >> 6 & 0x3F)));
        nb_buf_putc(b, (char)(0x80 | (c & 0x3F)));
    }
}

char *nb_label_norm(const char *s)
{
    nb_buf b = {0};
    unsigned prev = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t w;
        unsigned c = cp_at(p, &w);
        p += w;
        if (c == ' ' || (c >= '\t' && c <= '\r') || c == 0xA0 || c == 0x3000)
            continue;
        if (c >= 0xFF01 && c <= 0xFF5E) /* full-width ASCII */
            c -= 0xFEE0;
        if (c == '"' || c == '\'' || c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 ||
            c == 0x300C || c == 0x300D)
            continue;
        if (c == 0x3001 && prev >= '0' && prev <= '9') /* 1、 → 1. */
            c = '.';
        if (c == 0x5EA6 && prev == 0x5E74) /* 年度 → 年 */
            continue;
        put_cp(&b, c);
        prev = c;
    }
    if (!b.len && !b.oom)
        return nb_strdup("");
    return nb_buf_take(&b);
}

/* Code points of s into out (at most max); the count. */
static size_t to_cps(const char *s, unsigned *out, size_t max)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && n < max;) {
        size_t w;
        out[n++] = cp_at(p, &w);
        p += w;
    }
    return n;
}

static bool numeral(unsigned c)
{
    return (c >= '0' && c <= '9') || c == 0x4E00 || c == 0x4E8C || c == 0x4E09 || c == 0x56DB ||
           c == 0x4E94 || c == 0x516D || c == 0x4E03 || c == 0x516B || c == 0x4E5D ||
           c == 0x5341; /* 一二三四五六七八九十 */
}

/* Length of a leading "(一)", "1." or "一、" (in code points), or 0. */
static size_t numbering_len(const unsigned *c, size_t n)
{
    size_t i = c[0] == '(' ? 1 : 0;
    size_t start = i;
    while (i < n && i < 6 && numeral(c[i]))
        i++;
    if (i == start || i >= n)
        return 0;
    if (start && c[i] == ')')
        return i + 1;
    if (!start && (c[i] == '.' || c[i] == 0x3001))
        return i + 1;
    return 0;
}

#define MAX_FUZZY 128 /* longer labels must be equal */

/* Edit distance of a and b, or more than `limit` (then any larger value). */
static size_t distance(const unsigned *a, size_t n, const unsigned *b, size_t m, size_t limit)
{
    size_t row[MAX_FUZZY + 1], prev[MAX_FUZZY + 1];
    for (size_t j = 0; j <= m; j++)
        prev[j] = j;
    for (size_t i = 1; i <= n; i++) {
        row[0] = i;
        size_t best = row[0];
        for (size_t j = 1; j <= m; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = row[j - 1] + 1;
            row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            if (row[j] < best)
                best = row[j];
        }
        if (best > limit)
            return limit + 1;
        memcpy(prev, row, (m + 1) * sizeof *row);
    }
    return prev[m];
}

bool nb_label_same(const char *a, const char *b)
{
    if (!strcmp(a, b))
        return true;
    unsigned ca[MAX_FUZZY + 1], cb[MAX_FUZZY + 1];
    size_t n = to_cps(a, ca, MAX_FUZZY + 1), m = to_cps(b, cb, MAX_FUZZY + 1);
    if (n > MAX_FUZZY || m > MAX_FUZZY)
        return false;
    size_t shorter = n < m ? n : m;
    size_t limit = shorter >= 12 ? 2 : shorter >= 4 ? 1 : 0;
    if (!limit || (n > m ? n - m : m - n) > limit)
        return false;
    /* Numbering must agree exactly: "1.其他" is not "3.其他", "(一)" not "(二)". */
    size_t ka = numbering_len(ca, n), kb = numbering_len(cb, m);
    if (ka != kb || memcmp(ca, cb, ka * sizeof *ca))
        return false;
    return distance(ca, n, cb, m, limit) <= limit;
}
