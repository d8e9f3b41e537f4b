/* Unit tests for src/sheet and model/cell_paths.c: Excel column names and
 * cell references, dates in every form spreadsheets write them (serials
 * of both date systems, Lotus's 1900-02-29), the grid, the cell label
 * chains and their matching, the formulas found from the compute rules,
 * and rows → office data (header search, label-path headers, skipped
 * rows, positions). The last line printed is "N passed, N failed". */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/cell_paths.h"
#include "model/layout.h"
#include "model/values.h"
#include "sheet/formulas.h"
#include "sheet/sheet.h"
#include "util/alloc.h"

static int passed, failed;

#define CHECK(cond) check((cond), #cond, __FILE__, __LINE__)

static int check(int ok, const char *what, const char *file, int line)
{
    if (ok)
        passed++;
    else {
        failed++;
        fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
    }
    return ok;
}

static void test_names(void)
{
    char n[8];
    int r, c;
    nb_col_name(0, n);
    CHECK(!strcmp(n, "A"));
    nb_col_name(25, n);
    CHECK(!strcmp(n, "Z"));
    nb_col_name(26, n);
    CHECK(!strcmp(n, "AA"));
    nb_col_name(16383, n);
    CHECK(!strcmp(n, "XFD"));
    CHECK(nb_cell_ref_parse("F14", &r, &c) && r == 13 && c == 5);
    CHECK(nb_cell_ref_parse("XFD1048576", &r, &c) && r == 1048575 && c == 16383);
    CHECK(!nb_cell_ref_parse("1A", &r, &c));
    CHECK(!nb_cell_ref_parse("A0", &r, &c));
    CHECK(!nb_cell_ref_parse("AAAAA1", &r, &c));
    CHECK(!nb_cell_ref_parse("A1x", &r, &c));
}

static int date_is(const char *in, bool s1904, const char *want)
{
    char out[11];
    bool ok = nb_date_normalize(in, s1904, out);
    return want ? ok && !strcmp(out, want) : !ok;
}

static void test_dates(void)
{
    CHECK(date_is("2022-01-20", false, "2022-01-20"));
    CHECK(date_is("2022/1/20", false, "2022-01-20"));
    CHECK(date_is("2022.1.20", false, "2022-01-20"));
    CHECK(date_is("2022年1月20日", false, "2022-01-20"));
    CHECK(date_is("2022/1/20 0:00", false, "2022-01-20"));
    CHECK(date_is("44581", false, "2022-01-20"));
    CHECK(date_is("44581.75", false, "2022-01-20")); /* a time of day dropped */
    CHECK(date_is("43119", true, "2022-01-20"));     /* 1904 system */
    CHECK(date_is("61", false, NULL));               /* 1900-03-01: before 1949 */
    CHECK(date_is("60", false, NULL));               /* Lotus's 1900-02-29 */
    CHECK(date_is("2024-02-29", false, "2024-02-29"));
    CHECK(date_is("2021-02-29", false, NULL));
    CHECK(date_is("2021-13-01", false, NULL));
    CHECK(date_is("2022-01-20x", false, NULL));
    CHECK(date_is("二〇二二年一月二十日", false, NULL));
    CHECK(date_is("2025", false, NULL)); /* a year is no 成文日期 */
    CHECK(date_is("", false, NULL));
}

static void test_grid(void)
{
    nb_grid g = {0};
    CHECK(nb_grid_set(&g, 2, 3, nb_strdup("x"), NB_GC_TEXT, false) == NB_OK);
    CHECK(nb_grid_set(&g, 0, 0, nb_strdup("a"), NB_GC_TEXT, false) == NB_OK);
    CHECK(nb_grid_set(&g, 10, 1, nb_strdup("b"), NB_GC_NUMBER, true) == NB_OK);
    CHECK(g.nrows >= 11 && g.ncols == 4);
    CHECK(!strcmp(nb_grid_at(&g, 2, 3)->text, "x") && !strcmp(nb_grid_at(&g, 0, 0)->text, "a"));
    CHECK(nb_grid_at(&g, 10, 1)->formula && nb_grid_at(&g, 10, 1)->kind == NB_GC_NUMBER);
    CHECK(!nb_grid_at(&g, 1, 1)->text);
    CHECK(nb_grid_set(&g, 0, NB_GRID_MAX_COLS, nb_strdup("y"), NB_GC_TEXT, false) == NB_ERR_LIMIT);
    CHECK(nb_grid_set(&g, NB_GRID_MAX_ROWS, 0, nb_strdup("y"), NB_GC_TEXT, false) == NB_ERR_LIMIT);
    nb_grid_free(&g);
}

static nb_layout *load(void)
{
    nb_diags d;
    nb_diags_init(&d);
    nb_layout *l = NULL;
    if (nb_layout_load("layouts/annual-report-2021.yaml", &l, &d) != NB_OK)
        nb_diags_print(&d, stderr);
    nb_diags_free(&d);
    return l;
}

static long find(const nb_cell_path *p, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(p[i].key, key))
            return (long)i;
    return -1;
}

static void test_paths(const nb_layout *l)
{
    nb_cell_path *p = NULL;
    size_t n = 0;
    CHECK(nb_layout_cell_paths(l, &p, &n) == NB_OK && n == 200);
    long i = find(p, n, "requests.result.denied.secret.natural");
    if (CHECK(i >= 0)) {
        CHECK(p[i].nlabels == 6);
        CHECK(!strcmp(p[i].labels[0], "表三") && !strcmp(p[i].labels[3], "1.属于国家秘密") &&
              !strcmp(p[i].labels[5], "自然人"));
        CHECK(nb_cell_paths_match(p, n,
                                  "表三 › 三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密 "
                                  "› 申请人情况 › 自然人") == i);
        CHECK(nb_cell_paths_match(p, n,
                                  "三、本年度办理结果>（三）不予公开>1.属于国家秘密>"
                                  "申请人情况>自然人") == i); /* no table name */
    }
    CHECK(nb_cell_paths_match(p, n, "表三 › 不存在") == -1);
    long fee = find(p, n, "active.fees.amount"), made = find(p, n, "active.rules.made");
    /* the layout's declared value types: 万元 amounts, 件数 counts */
    CHECK(fee >= 0 && nb_cell_value_type(l, &p[fee]) == NB_VT_AMOUNT);
    CHECK(made >= 0 && nb_cell_value_type(l, &p[made]) == NB_VT_COUNT);
    CHECK(nb_value_type_additive(NB_VT_COUNT) && nb_value_type_additive(NB_VT_AMOUNT) &&
          nb_value_type_additive(NB_VT_CHANGE) && !nb_value_type_additive(NB_VT_TEXT));

    nb_formula *f = NULL;
    CHECK(nb_layout_formulas(l, p, n, &f) == NB_OK);
    long total = find(p, n, "requests.new.total"), nat = find(p, n, "requests.new.natural");
    long grand = find(p, n, "requests.result.total.total");
    if (f && total >= 0 && nat >= 0 && grand >= 0) {
        CHECK(f[total].computed && f[total].nterms == 6 && !f[nat].computed);
        bool has_nat = false;
        for (size_t k = 0; k < f[total].nterms; k++)
            has_nat |= f[total].terms[k] == (size_t)nat && f[total].signs[k] == 1;
        CHECK(has_nat);
        /* （七）总计 of 总计: 21 result rows × 6 kinds of applicant */
        CHECK(f[grand].computed && f[grand].nterms == 21 * 6);
        CHECK(!f[made].computed && !f[fee].computed);
    }
    nb_formulas_free(f, n);
    nb_cell_paths_free(p, n);
}

static void put(nb_grid *g, int r, int c, const char *s)
{
    nb_grid_set(g, r, c, nb_strdup(s), NB_GC_TEXT, false);
}

static void test_rows(void)
{
    nb_grid g = {0};
    g.path = nb_strdup("county.xlsx");
    g.sheet = nb_strdup("表1");
    g.xlsx = true;
    put(&g, 0, 0, "2025年度统计"); /* a title above the header */
    put(&g, 1, 0, "单位名称");
    put(&g, 1, 1, "年度");
    put(&g, 1, 2, "成文日期");
    put(&g, 1, 3, "表三 › 一、本年新收政府信息公开申请数量 › 申请人情况 › 自然人");
    put(&g, 1, 4, "active.rules.made");
    put(&g, 2, 0, "县教育局");
    nb_grid_set(&g, 2, 1, nb_strdup("2025"), NB_GC_NUMBER, false);
    nb_grid_set(&g, 2, 2, nb_strdup("46042"), NB_GC_NUMBER, false);
    nb_grid_set(&g, 2, 3, nb_strdup("3.0"), NB_GC_NUMBER, false);
    put(&g, 2, 4, "2");
    nb_grid_set(&g, 4, 3, nb_strdup("0"), NB_GC_NUMBER, true); /* formulas only: skipped */
    nb_diags d;
    nb_diags_init(&d);
    nb_sheet_batch b;
    CHECK(nb_sheet_offices(&g, &b, &d) == NB_OK && d.errors == 0);
    if (CHECK(b.count == 1)) {
        const nb_sheet_office *o = &b.offices[0];
        CHECK(o->row == 3 && !strcmp(o->office, "县教育局"));
        CHECK(strstr(o->yaml, "year: 2025\n") && strstr(o->yaml, "date: \"2026-01-20\"\n"));
        CHECK(NULL != strstr(o->yaml, "\"requests.new.natural\": \"3\"\n"));
        CHECK(!strstr(o->yaml, "layout:")); /* the loader takes its year's layout */
        char *w = nb_sheet_where(&b, o->office, 2, 3);
        CHECK(w && !strcmp(w, "县教育局 (county.xlsx 表1!D3)"));
        nb_free(w);
    }
    nb_sheet_batch_free(&b);
    nb_diags_free(&d);
}

int main(void)
{
    test_names();
    test_dates();
    test_grid();
    nb_layout *l = load();
    if (CHECK(l != NULL))
        test_paths(l);
    nb_layout_free(l);
    test_rows();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
