/* Times the pathological inputs of tests/e2e/test_pathological.py in one
 * process, stage by stage: loading the office data (and the layout, for
 * the table cases) from memory, and rendering to PDF bytes. The layout's
 * fonts are loaded once. Each case runs N times (default 3); the best time
 * is printed, with the result code, the PDF size and the page count.
 *
 *   cmake --build build --target nb_bench_pathological
 *   build/bench/nb_bench_pathological [N] [CASE]     (from the source tree) */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/data.h"
#include "model/layout.h"
#include "nianbao.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* ---- a growable string ---------------------------------------------------- */

typedef struct str {
    char *p;
    size_t len, cap;
} str;

static void put(str *s, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(s->p ? s->p + s->len : NULL, s->p ? s->cap - s->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0)
            abort();
        if (s->p && s->len + (size_t)n < s->cap) {
            s->len += (size_t)n;
            return;
        }
        size_t cap = (s->cap + (size_t)n + 1) * 2;
        char *p = realloc(s->p, cap);
        if (!p)
            abort();
        s->p = p;
        s->cap = cap;
    }
}

static void rep(str *s, const char *piece, long n)
{
    for (long i = 0; i < n; i++)
        put(s, "%s", piece);
}

#define HDR "layout: annual-report-2021\noffice: 某县人民政府办公室\nyear: 2021\ndate: 2022-01-24\n"
#define TEXT "text:\n  overview:\n"
#define TAIL "  problems: [无]\n  other: [无]\n"

/* ---- the cases ------------------------------------------------------------ */

typedef struct bcase {
    const char *name;
    str data;   /* office data */
    str layout; /* a layout of its own, or empty for the default */
} bcase;

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    str s = {0};
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        put(&s, "%.*s", (int)n, buf);
    fclose(f);
    return s.p;
}

/* The default layout up to `document:`, then one table of `nrows` rows. */
static void table_layout(str *l, const char *base, long nrows)
{
    const char *doc = strstr(base, "\ndocument:");
    put(l, "%.*s\ndocument:\n  - title: [\"{office}\"]\n  - table: big\n", (int)(doc - base), base);
    put(l, "tables:\n  big:\n    style: table\n    header-style: table-head\n    continued: 续表\n"
           "    groups:\n      - corner: 项目\n        columns:\n"
           "          - { label: 列, key: c0 }\n        rows:\n");
    for (long r = 0; r < nrows; r++)
        put(l, "          - { label: 第%ld行, key: r%ld }\n", r, r);
}

static void table_data(str *d, long nrows)
{
    put(d, "layout: big\noffice: 某县\nyear: 2021\nsignature: false\ntext: {}\nfigures:\n");
    for (long r = 0; r < nrows; r++)
        put(d, "  big.r%ld.c0: %ld\n", r, r);
}

static size_t build_cases(bcase *c, const char *base)
{
    size_t n = 0;
    str *s;
#define NEW(nm) (c[n] = (bcase){.name = nm}, s = &c[n++].data)
    NEW("sample fanshi-2021");
    char *sample = read_text("samples/fanshi-2021.yaml");
    put(s, "%s", sample ? sample : "");
    free(sample);
    NEW("paragraph 1 MB");
    put(s, HDR TEXT "    - \"");
    rep(s, "政府信息公开", 55556);
    put(s, "\"\n" TAIL);
    NEW("paragraph over 1 MiB");
    put(s, HDR TEXT "    - \"");
    rep(s, "政府信息公开", 62000);
    put(s, "\"\n" TAIL);
    NEW("1 MB of spaces in a paragraph");
    put(s, HDR TEXT "    - \"开");
    rep(s, " ", 1000000);
    put(s, "始\"\n" TAIL);
    NEW("unbreakable Latin 500");
    put(s, HDR TEXT "    - \"");
    for (int i = 0; i < 500; i++)
        put(s, "%c", 'a' + i % 26);
    put(s, "\"\n" TAIL);
    NEW("10,000 paragraphs of one char");
    put(s, HDR TEXT);
    rep(s, "    - 字\n", 10000);
    put(s, TAIL);
    NEW("10,000 keep-with-next headings");
    put(s, HDR TEXT);
    rep(s, "    - h2: （一）标题\n", 10000);
    put(s, TAIL);
    NEW("40,000 paragraphs, 5 MB");
    put(s, HDR TEXT);
    for (int i = 0; i < 40000; i++) {
        put(s, "    - \"");
        rep(s, "文", 40);
        put(s, "\"\n");
    }
    put(s, TAIL);
    NEW("office name of 100,000 chars");
    put(s, "layout: annual-report-2021\noffice: ");
    rep(s, "某", 100000);
    put(s, "\nyear: 2021\n" TEXT "    - 正文。\n" TAIL);
    NEW("flow nesting 100,000 deep");
    put(s, HDR "figures:\n  deep: ");
    rep(s, "[", 100000);
    rep(s, "]", 100000);
    put(s, "\n");
    NEW("120,000 unknown figure keys, 5.8 MB");
    put(s, HDR TEXT "    - 正文。\n" TAIL "figures:\n");
    for (int i = 0; i < 120000; i++)
        put(s, "  requests.k%07d: \"999999999999999999999999\"\n", i);
    NEW("400,000 keys (node limit)");
    put(s, HDR TEXT "    - 正文。\n" TAIL "figures:\n");
    for (int i = 0; i < 400000; i++)
        put(s, "  k%07d: %d\n", i, i);
    NEW("table of 9,000 rows");
    table_data(s, 9000);
    table_layout(&c[n - 1].layout, base, 9000);
    NEW("table of 10,000 rows (limit)");
    table_data(s, 10000);
    table_layout(&c[n - 1].layout, base, 10000);
#undef NEW
    return n;
}

static int count_pages(const unsigned char *pdf, size_t len)
{
    int n = 0;
    for (size_t i = 0; i + 10 < len; i++)
        if (pdf[i] == '/' && memcmp(pdf + i, "/Type /Page", 11) == 0 &&
            (i + 11 >= len || pdf[i + 11] != 's'))
            n++;
    return n;
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 3;
    const char *only = argc > 2 ? argv[2] : NULL;
    if (runs < 1)
        runs = 1;
    char *base = read_text("layouts/annual-report-2021.yaml");
    if (!base) {
        fprintf(stderr, "run from the source tree (layouts/annual-report-2021.yaml)\n");
        return 2;
    }
    nb_diags d;
    nb_diags_init(&d);
    nb_layout *layout = NULL;
    nb_fontset *fonts = NULL;
    if (nb_layout_load("layouts/annual-report-2021.yaml", &layout, &d) ||
        nb_fontset_load(layout, NULL, &fonts, &d)) {
        nb_diags_print(&d, stderr);
        return 1;
    }
    nb_diags_free(&d);
    bcase cases[32];
    size_t n = build_cases(cases, base);
    printf("%-38s %10s %9s %9s %9s  %-10s %10s %6s\n", "case", "bytes", "layout", "data", "render",
           "result", "pdf bytes", "pages");
    for (size_t i = 0; i < n; i++) {
        bcase *c = &cases[i];
        if (only && !strstr(c->name, only))
            continue;
        double best_l = 1e18, best_d = 1e18, best_r = 1e18;
        nb_status st = NB_OK;
        size_t pdf_len = 0;
        int pages = 0;
        for (int k = 0; k < runs; k++) {
            nb_diags_init(&d);
            nb_layout *l = layout;
            nb_fontset *fs = fonts;
            double t = now_ms();
            if (c->layout.p) {
                st = nb_layout_load_mem("layouts/bench-table.yaml", c->layout.p, c->layout.len, &l,
                                        &d);
                t = now_ms() - t;
                if (t < best_l)
                    best_l = t;
                if (!st)
                    st = nb_fontset_load(l, NULL, &fs, &d);
                if (st) {
                    nb_diags_free(&d);
                    continue;
                }
            }
            nb_data *data = NULL;
            t = now_ms();
            st = nb_data_load_mem("bench.yaml", c->data.p, c->data.len, &data, &d);
            t = now_ms() - t;
            if (t < best_d)
                best_d = t;
            if (!st) {
                nb_render_opts o;
                nb_render_opts_init(&o);
                unsigned char *pdf = NULL;
                t = now_ms();
                st = nb_render_mem(l, data, fs, &o, &pdf, &pdf_len, &d);
                t = now_ms() - t;
                if (t < best_r)
                    best_r = t;
                if (!st)
                    pages = count_pages(pdf, pdf_len);
                nb_free(pdf);
            }
            nb_data_free(data);
            if (l != layout) {
                nb_fontset_free(fs);
                nb_layout_free(l);
            }
            nb_diags_free(&d);
        }
        char lt[16] = "-", dt[16] = "-", rt[16] = "-";
        if (best_l < 1e17)
            snprintf(lt, sizeof lt, "%.1f ms", best_l);
        if (best_d < 1e17)
            snprintf(dt, sizeof dt, "%.1f ms", best_d);
        if (best_r < 1e17)
            snprintf(rt, sizeof rt, "%.1f ms", best_r);
        printf("%-38s %10zu %9s %9s %9s  %-10s %10zu %6d\n", c->name, c->data.len + c->layout.len,
               lt, dt, rt, nb_status_name(st), st ? 0 : pdf_len, st ? 0 : pages);
        fflush(stdout);
    }
    for (size_t i = 0; i < n; i++) {
        free(cases[i].data.p);
        free(cases[i].layout.p);
    }
    free(base);
    nb_fontset_free(fonts);
    nb_layout_free(layout);
    return 0;
}
