/* Text normalisation (model/normalize.h) and script marks (break/script.h)
 * on their own: the value and its source side by side, as the data loader
 * hands them over. The last line printed is "N passed, N failed". */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "break/lines.h"
#include "break/script.h"
#include "model/normalize.h"
#include "nianbao.h"

static int passed, failed;

static void check(bool ok, const char *what, int line)
{
    if (ok) {
        passed++;
        return;
    }
    failed++;
    fprintf(stderr, "test_normalize.c:%d: check failed: %s\n", line, what);
}
#define CHECK(c) check((c), #c, __LINE__)

/* Normalises `value`, found at line:col of `src`, and joins the paragraphs
 * with '|' into out; returns the number of notes. */
static size_t norm(const char *value, const char *src, int line, int col, bool split, char *out,
                   size_t size, nb_diags *d)
{
    nb_nsrc s = {src, src ? strlen(src) : 0, 0, 0, 0};
    nb_ntext t;
    nb_diags_init(d);
    nb_status st = nb_normalize_text(value, &s, (nb_pos){"t.yaml", line, col}, split, &t, d);
    CHECK(st == NB_OK);
    out[0] = '\0';
    for (size_t i = 0; i < t.count; i++) {
        if (i)
            strncat(out, "|", size - strlen(out) - 1);
        strncat(out, t.paras[i].text, size - strlen(out) - 1);
    }
    nb_ntext_free(&t);
    return d->count;
}

static bool has_note(const nb_diags *d, int line, int col, const char *part)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].severity == NB_NOTE && d->items[i].line == line && d->items[i].col == col &&
            strstr(d->items[i].msg, part))
            return true;
    return false;
}

static void test_indent_and_joins(void)
{
    char out[512];
    nb_diags d;
    /* A `|` block: the value keeps the line breaks; the source shows them. */
    const char *src = "p: |\n  \xE3\x80\x80\xE3\x80\x80信息公开\n  目录 and\n  more words\n";
    norm("\xE3\x80\x80\xE3\x80\x80信息公开\n目录 and\nmore words\n", src, 1, 4, true, out,
         sizeof out, &d);
    CHECK(strcmp(out, "信息公开目录 and more words") == 0);
    CHECK(has_note(&d, 2, 3, "indentation"));
    CHECK(has_note(&d, 2, 9, "joined 2 line breaks"));
    nb_diags_free(&d);

    /* A folded plain scalar: YAML made the line break a space; the source
     * tells it from the space typed in the line, which stays. */
    src = "p: 信息公开\n  目录 更新\n";
    norm("信息公开 目录 更新", src, 1, 4, true, out, sizeof out, &d);
    CHECK(strcmp(out, "信息公开目录 更新") == 0);
    CHECK(d.count == 1 && has_note(&d, 1, 8, "joined 1 line break"));
    nb_diags_free(&d);

    /* CRLF line ends count once. */
    src = "p: |\r\n  一\r\n\r\n  二\r\n";
    norm("一\n\n二\n", src, 1, 4, true, out, sizeof out, &d);
    CHECK(strcmp(out, "一|二") == 0);
    CHECK(has_note(&d, 4, 3, "blank line"));
    nb_diags_free(&d);

    /* Without split (a heading), a blank line joins like a line break. */
    norm("一\n\n二", NULL, 3, 5, false, out, sizeof out, &d);
    CHECK(strcmp(out, "一二") == 0);
    nb_diags_free(&d);

    /* Nothing to do: no notes, the text untouched. */
    norm("2021年，本机关 IPV6 改造。", NULL, 1, 1, true, out, sizeof out, &d);
    CHECK(strcmp(out, "2021年，本机关 IPV6 改造。") == 0 && d.count == 0);
    nb_diags_free(&d);
}

static void test_invisible(void)
{
    char out[512];
    nb_diags d;
    /* Escapes in a quoted string: positions stay on the nearest real
     * character; the separators act as line breaks. */
    const char *src = "p: \"a\\u200Bb\\u2028c\\u00A0d\\uFEFF\"\n";
    norm("a\xE2\x80\x8B"
         "b\xE2\x80\xA8"
         "c\xC2\xA0"
         "d\xEF\xBB\xBF",
         src, 1, 4, true, out, sizeof out, &d);
    CHECK(strcmp(out, "ab c\xC2\xA0"
                      "d") == 0);
    CHECK(d.count == 4);
    nb_diags_free(&d);
    /* Narrow and figure no-break spaces become U+00A0. */
    norm("1\xE2\x80\xAF"
         "234\xE2\x80\x87条",
         NULL, 1, 1, true, out, sizeof out, &d);
    CHECK(strcmp(out, "1\xC2\xA0"
                      "234\xC2\xA0条") == 0);
    nb_diags_free(&d);
    /* All blank: no paragraph. */
    norm(" \xE3\x80\x80\n\t", NULL, 1, 1, true, out, sizeof out, &d);
    CHECK(out[0] == '\0');
    nb_diags_free(&d);
}

/* A paragraph as clusters of one code point each, classified. */
static void classify(const char *text, nb_shaped *s, nb_cluster *cl, size_t max)
{
    memset(s, 0, sizeof *s);
    s->text = (char *)text;
    s->len = strlen(text);
    s->clusters = cl;
    for (size_t i = 0; i < s->len && s->nclusters < max;) {
        nb_cluster *c = &cl[s->nclusters++];
        memset(c, 0, sizeof *c);
        c->text_off = (uint32_t)i;
        unsigned char b = (unsigned char)text[i];
        size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        uint32_t cp = n == 1 ? b : b & (0xFF >> (n + 1));
        for (size_t k = 1; k < n; k++)
            cp = cp << 6 | ((unsigned char)text[i + k] & 0x3F);
        c->cp = cp;
        c->text_len = (uint32_t)n;
        c->size = 16000;
        i += n;
    }
    CHECK(nb_break_classify(s) == NB_OK);
}

static void test_script(void)
{
    nb_cluster cl[64];
    nb_shaped s;
    /* 见 h t t p : / / a . b . c n / x 。 */
    classify("见http://a.b.cn/x。", &s, cl, 64);
    CHECK(nb_script_gap(&s, 0) == 2);          /* 见|h: a boundary */
    CHECK(nb_script_gap(&s, 1) == 0);          /* inside the URL */
    CHECK(!(cl[2].flags & NB_CL_BREAK_OK));    /* no ordinary break */
    CHECK(cl[9].flags & NB_CL_LAST_RESORT);    /* before .b */
    CHECK(cl[15].flags & NB_CL_LAST_RESORT);   /* after cn/ */
    CHECK(!(cl[7].flags & NB_CL_LAST_RESORT)); /* not between // */
    /* 依 据 国 办 函 〔 2 0 2 1 〕 3 0 号 文 */
    classify("依据国办函〔2021〕30号文", &s, cl, 64);
    for (uint32_t i = 0; i < 13; i++) /* the whole number */
        CHECK(nb_script_gap(&s, i) == 0);
    CHECK(nb_script_gap(&s, 13) == 1);                            /* 号|文 */
    CHECK(!(cl[5].flags & (NB_CL_BREAK_OK | NB_CL_LAST_RESORT))); /* never off 〔 */
    CHECK(cl[3].flags & NB_CL_LAST_RESORT);                       /* inside 国办函 */
    /* A no-break space: no break on either side, never stretched. */
    classify("解读\xC2\xA0"
             "56篇",
             &s, cl, 64);
    CHECK(cl[2].flags & NB_CL_NBSP && !(cl[2].flags & NB_CL_SPACE));
    CHECK(!(cl[2].flags & NB_CL_BREAK_OK) && !(cl[3].flags & NB_CL_BREAK_OK));
    CHECK(nb_script_gap(&s, 1) == 0 && nb_script_gap(&s, 2) == 0);
}

int main(void)
{
    test_indent_and_joins();
    test_invisible();
    test_script();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
