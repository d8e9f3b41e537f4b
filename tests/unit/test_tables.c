/* Unit tests for the statistics tables (src/model/table_load.c, rules.c,
 * figures.c, keys.c): the grids of the shipped layouts against golden
 * dumps, the samples' figures, every consistency rule passing and failing,
 * and the figure-binding errors.
 *
 * Run from the source folder (ctest does). NB_UPDATE_GOLDEN=1 rewrites
 * tests/golden/tables/<layout>-<table>.txt — review the diff. The last line
 * printed is "N passed, N failed"; the exit status is 0 only when nothing
 * failed. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "model/data.h"
#include "model/layout.h"
#include "bind/figures.h"
#include "util/alloc.h"

/* The first error has `code`, sits at line:col and contains `excerpt`. */
static void expect_error(const char *label, const nb_diags *d, nb_status st, nb_status want,
                         int line, int col, const char *excerpt, int src_line)
{
    const nb_diag *e = diag_first(d, NB_ERROR);
    int ok = st == want && e && e->code == want && e->line == line && e->col == col &&
             (!excerpt || strstr(e->msg, excerpt));
    if (!check_at(ok, __FILE__, src_line, "%s", label)) {
        fprintf(stderr, "  want %s %d:%d \"%s\"; got status %s\n", nb_status_name(want), line, col,
                excerpt ? excerpt : "", nb_status_name(st));
        nb_diags_print(d, stderr);
    }
}

static nb_layout *load_layout(const char *path)
{
    nb_diags d;
    nb_diags_init(&d);
    nb_layout *l = NULL;
    if (!CHECK(nb_layout_load(path, &l, &d) == NB_OK))
        nb_diags_print(&d, stderr);
    CHECK(d.count == 0);
    nb_diags_free(&d);
    return l;
}

/* ---- grids ---------------------------------------------------------------- */

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) == (size_t)n)
        s[n] = '\0';
    else {
        free(s);
        s = NULL;
    }
    fclose(f);
    return s;
}

static void golden(const char *layout, const nb_table *t)
{
    char path[256], *got = NULL;
    size_t len = 0;
    snprintf(path, sizeof path, "tests/golden/tables/%s-%s.txt", layout, t->id);
    FILE *m = open_memstream(&got, &len);
    nb_table_dump(t, m);
    fclose(m);
    const char *upd = getenv("NB_UPDATE_GOLDEN");
    if (upd && *upd == '1') {
        FILE *f = fopen(path, "wb");
        if (CHECK(f != NULL)) {
            fwrite(got, 1, len, f);
            fclose(f);
        }
    } else {
        char *want = read_all(path);
        if (!check_at(want && strcmp(want, got) == 0, __FILE__, __LINE__, "%s", path))
            fprintf(stderr, "  %s differs from the dump (NB_UPDATE_GOLDEN=1 rewrites it)\n", path);
        free(want);
    }
    free(got);
}

static const nb_tcell *cell_with_text(const nb_table *t, const char *text)
{
    for (size_t i = 0; i < t->ncells; i++)
        if (t->cells[i].text && strcmp(t->cells[i].text, text) == 0)
            return &t->cells[i];
    return NULL;
}

static size_t count_kind(const nb_table *t, nb_tcell_kind k)
{
    size_t n = 0;
    for (size_t i = 0; i < t->ncells; i++)
        n += t->cells[i].kind == k;
    return n;
}

/* Every slot covered exactly once, cells sorted by (row, col). */
static int tiles(const nb_table *t)
{
    int *grid = calloc((size_t)t->nrows * (size_t)t->ncols, sizeof *grid);
    int ok = grid != NULL;
    for (size_t i = 0; ok && i < t->ncells; i++) {
        const nb_tcell *c = &t->cells[i];
        if (i && (c->row < c[-1].row || (c->row == c[-1].row && c->col <= c[-1].col)))
            ok = 0;
        for (int y = c->row; ok && y < c->row + c->rowspan; y++)
            for (int x = c->col; ok && x < c->col + c->colspan; x++)
                ok = y < t->nrows && x < t->ncols && grid[y * t->ncols + x]++ == 0;
    }
    for (int i = 0; ok && i < t->nrows * t->ncols; i++)
        ok = grid[i] == 1;
    free(grid);
    return ok;
}

static void test_grids(void)
{
    static const char *const names[] = {"annual-report-2021", "annual-report-2019"};
    for (int li = 0; li < 2; li++) {
        char path[128];
        snprintf(path, sizeof path, "layouts/%s.yaml", names[li]);
        nb_layout *l = load_layout(path);
        if (!l)
            continue;
        bool y2021 = li == 0;
        CHECK(l->ntables == 3);
        for (size_t i = 0; i < l->ntables; i++) {
            CHECK(tiles(&l->tables[i]));
            golden(names[li], &l->tables[i]);
        }
        const nb_table *a = nb_layout_find_table(l, "active"),
                       *b = nb_layout_find_table(l, "requests"),
                       *c = nb_layout_find_table(l, "reviews");
        if (!CHECK(a && b && c)) {
            nb_layout_free(l);
            continue;
        }
        /* (a): 4 groups (2021) or 5 (2019), each caption + header + rows. */
        CHECK(a->ncols == 4 && a->nrows == (y2021 ? 14 : 18));
        CHECK(count_kind(a, NB_TC_CAPTION) == (y2021 ? 4u : 5u));
        CHECK(count_kind(a, NB_TC_DATA) == (y2021 ? 10u : 22u));
        const nb_tcell *cap = &a->cells[0];
        CHECK(cap->kind == NB_TC_CAPTION && cap->colspan == 4 &&
              strcmp(cap->text, "第二十条第（一）项") == 0 && a->rows[0].header);
        if (y2021) {
            const nb_tcell *fee = cell_with_text(a, "本年收费金额（单位：万元）");
            CHECK(fee && fee->colspan == 3 && fee->col == 1);
            long k = nb_table_find_key(a, "active.fees.amount");
            CHECK(k >= 0 && a->cells[k].colspan == 3 && a->cells[k].row == 13);
            CHECK(!a->rows[13].header && a->rows[13].header_first == 11 &&
                  a->rows[13].header_count == 2);
        } else {
            long k = nb_table_find_key(a, "active.fees.change");
            CHECK(k >= 0 && a->cells[k].colspan == 2 && a->cells[k].col == 2);
            CHECK(cell_with_text(a, "采购总金额") && cell_with_text(a, "其他对外管理服务事项"));
        }
        /* (b): 3 label columns + 7, 3 header rows, 25 (23) body rows. */
        CHECK(b->ncols == 10 && b->nrows == (y2021 ? 28 : 26));
        CHECK(b->rows[2].header && !b->rows[3].header && b->rows[3].header_first == 0 &&
              b->rows[3].header_count == 3);
        CHECK(count_kind(b, NB_TC_DATA) == (y2021 ? 175u : 161u));
        const nb_tcell *corner = &b->cells[0];
        CHECK(corner->kind == NB_TC_CORNER && corner->rowspan == 3 && corner->colspan == 3 &&
              strcmp(corner->text,
                     "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）") == 0);
        const nb_tcell *res = cell_with_text(b, "三、本年度办理结果");
        CHECK(res && res->row == 5 && res->col == 0 && res->colspan == 1 &&
              res->rowspan == (y2021 ? 22 : 20));
        const nb_tcell *denied = cell_with_text(b, "（三）不予公开");
        CHECK(denied && denied->rowspan == 8 && denied->col == 1 && denied->colspan == 1);
        const nb_tcell *safety = cell_with_text(b, "3.危及“三安全一稳定”");
        CHECK(safety && safety->col == 2 && safety->colspan == 1);
        const nb_tcell *first = cell_with_text(b, "一、本年新收政府信息公开申请数量");
        CHECK(first && first->colspan == 3 && first->row == 3);
        const nb_tcell *granted = cell_with_text(b, "（一）予以公开");
        CHECK(granted && granted->col == 1 && granted->colspan == 2);
        const nb_tcell *org = cell_with_text(b, "法人或其他组织");
        CHECK(org && org->row == 1 && org->colspan == 5 && org->rowspan == 1);
        const nb_tcell *nat = cell_with_text(b, "自然人");
        CHECK(nat && nat->row == 1 && nat->rowspan == 2);
        const nb_tcell *other = cell_with_text(b, "（六）其他处理");
        CHECK(other && (y2021 ? other->rowspan == 3 && other->colspan == 1
                              : other->rowspan == 1 && other->colspan == 2));
        long total = nb_table_find_key(b, "requests.result.total.total");
        CHECK(total >= 0 && b->cells[total].row == (y2021 ? 26 : 24) && b->cells[total].col == 9);
        CHECK(nb_table_find_key(b, "requests.result.denied.secret.total") >= 0);
        CHECK(nb_table_find_key(b, "requests.next.other") >= 0);
        CHECK(nb_table_find_key(b, "requests.result") < 0);
        /* (c): 15 columns, 3 header rows, one data row. */
        CHECK(c->ncols == 15 && c->nrows == 4 && count_kind(c, NB_TC_DATA) == 15);
        CHECK(count_kind(c, NB_TC_CORNER) == 0 && count_kind(c, NB_TC_LABEL) == 0);
        const nb_tcell *suit = cell_with_text(c, "行政诉讼");
        CHECK(suit && suit->colspan == 10 && suit->col == 5);
        long st = nb_table_find_key(c, "reviews.suit.after_review.total");
        CHECK(st >= 0 && c->cells[st].col == 14 && c->cells[st].row == 3);
        /* Widths: mm, auto. */
        CHECK(!b->widths[0].em && b->widths[1].value > 0 && b->widths[3].value == 0 &&
              !b->width_fr[3]);
        /* Document items point at the tables. */
        int items = 0;
        for (size_t i = 0; i < l->nblocks; i++)
            items += l->blocks[i].kind == NB_BLK_TABLE;
        CHECK(items == 3);
        CHECK(l->nrules == (y2021 ? 6u : 5u));
        /* `nianbao keys`. */
        char *keys = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&keys, &len);
        nb_layout_keys(l, m);
        fclose(m);
        CHECK(strstr(keys, "requests.new = [natural, business, research, welfare, legal, "
                           "other, total]\t一、本年新收政府信息公开申请数量\n") != NULL);
        CHECK(strstr(keys,
                     "requests.result.denied.safety.natural\t三、本年度办理结果 › "
                     "（三）不予公开 › 3.危及“三安全一稳定” › 申请人情况 › 自然人\n") != NULL);
        CHECK(strstr(keys, "reviews.suit.direct.total\t行政诉讼 › 未经复议直接起诉 › 总计\n") !=
              NULL);
        free(keys);
        nb_layout_free(l);
    }
}

/* ---- binding ----------------------------------------------------------------- */

typedef struct bound {
    nb_diags d;
    nb_status st;
    nb_figures f;
    nb_data *data, *prev;
} bound;

static void bound_free(bound *b)
{
    nb_figures_free(&b->f);
    nb_data_free(b->data);
    nb_data_free(b->prev);
    nb_diags_free(&b->d);
}

/* Binds "figures:\n" + `figs` (data lines start at line 5, so a figure on
 * the n-th line of `figs` is at line n + 4), with last year's `prev`. */
static nb_status bind_text(const nb_layout *l, const char *figs, const char *prev, bool allow,
                           bound *b)
{
    char text[16384];
    memset(b, 0, sizeof *b);
    nb_diags_init(&b->d);
    snprintf(text, sizeof text, "date: 2022-01-20\noffice: y\nyear: 2021\nfigures:\n%s", figs);
    b->st = nb_data_load_mem("now.yaml", text, strlen(text), &b->data, &b->d);
    if (b->st == NB_OK && prev) {
        snprintf(text, sizeof text, "date: 2021-01-20\noffice: y\nyear: 2020\nfigures:\n%s", prev);
        b->st = nb_data_load_mem("last.yaml", text, strlen(text), &b->prev, &b->d);
    }
    if (b->st == NB_OK)
        b->st = nb_figures_bind(l, b->data, b->prev, allow, &b->f, &b->d);
    return b->st;
}

static void test_samples(void)
{
    static const struct {
        const char *data, *layout;
        size_t blanks;
    } cases[] = {
        {"samples/fanshi-2021.yaml", "layouts/annual-report-2021.yaml", 5},
        {"samples/example-2019.yaml", "layouts/annual-report-2019.yaml", 0},
    };
    for (size_t i = 0; i < 2; i++) {
        nb_diags d;
        nb_diags_init(&d);
        nb_layout *l = load_layout(cases[i].layout);
        nb_data *data = NULL;
        nb_figures f;
        memset(&f, 0, sizeof f);
        if (l && CHECK(nb_data_load(cases[i].data, &data, &d) == NB_OK) &&
            CHECK(nb_figures_bind(l, data, NULL, false, &f, &d) == NB_OK)) {
            CHECK(f.violations == 0 && f.blanks == cases[i].blanks);
            /* each blank also leaves the rules through it unassessed */
            CHECK(d.errors == 0 && d.warnings == cases[i].blanks + f.unassessed);
            CHECK(diag_count(&d, NB_WARNING, "the cell prints blank") == cases[i].blanks);
            CHECK((f.unassessed > 0) == (cases[i].blanks > 0));
            CHECK(f.count == 3);
        }
        if (i == 0 && f.count) {
            const nb_diag *w = diag_first(&d, NB_WARNING);
            CHECK(w && w->line == 43 && w->col == 35 &&
                  strstr(w->msg, "requests.result.granted.research"));
            const char *v = nb_figures_value(l, &f, "requests.result.granted.total");
            CHECK(v && *v == '\0');
            v = nb_figures_value(l, &f, "active.normative.valid");
            CHECK(v && strcmp(v, "10") == 0);
            CHECK(nb_figures_value(l, &f, "active.nothing") == NULL);
            CHECK(nb_figures_value(l, &f, "nothing.at.all") == NULL);
        }
        if (i == 1 && f.count) {
            const char *v = nb_figures_value(l, &f, "active.license.change");
            CHECK(v && strcmp(v, "-3") == 0);
            v = nb_figures_value(l, &f, "active.procurement.amount");
            CHECK(v && strcmp(v, "3865210.50元") == 0);
        }
        if (d.errors || (i == 1 && d.warnings))
            nb_diags_print(&d, stderr);
        nb_figures_free(&f);
        nb_data_free(data);
        nb_layout_free(l);
        nb_diags_free(&d);
    }
}

/* A row list of table (b): "  requests.KEY: [n, n, ...]\n". */
static void row7(char *buf, size_t size, const char *key, const int v[7])
{
    size_t o = strlen(buf);
    snprintf(buf + o, size - o, "  requests.%s: [%d, %d, %d, %d, %d, %d, %d]\n", key, v[0], v[1],
             v[2], v[3], v[4], v[5], v[6]);
}

static const char *const outcome_rows[] = {"result.granted",
                                           "result.partial",
                                           "result.denied.secret",
                                           "result.denied.law",
                                           "result.denied.safety",
                                           "result.denied.third_party",
                                           "result.denied.internal",
                                           "result.denied.process",
                                           "result.denied.enforcement",
                                           "result.denied.query",
                                           "result.unable.no_info",
                                           "result.unable.need_create",
                                           "result.unable.unclear",
                                           "result.unprocessed.complaint",
                                           "result.unprocessed.repeated",
                                           "result.unprocessed.publication",
                                           "result.unprocessed.massive",
                                           "result.unprocessed.confirm",
                                           "result.other.no_fix",
                                           "result.other.no_fee",
                                           "result.other.misc"};
#define NOUTCOMES (sizeof outcome_rows / sizeof outcome_rows[0])

static void test_rules(const nb_layout *l)
{
    bound b;
    /* A1 holds. */
    bind_text(l,
              "  requests.new: [3, 0, 0, 0, 0, 0, 3]\n"
              "  requests.carried: [1, 0, 0, 0, 0, 0, 1]\n"
              "  requests.result.total: [3, 0, 0, 0, 0, 0, 3]\n"
              "  requests.next: [1, 0, 0, 0, 0, 0, 1]\n",
              NULL, false, &b);
    CHECK(b.st == NB_OK && b.f.violations == 0 && diag_count(&b.d, NB_ERROR, NULL) == 0);
    bound_free(&b);
    /* A1 fails in columns 自然人 and 总计; the first error is at 一's 自然人. */
    bind_text(l,
              "  requests.new: [3, 0, 0, 0, 0, 0, 3]\n"
              "  requests.carried: [1, 0, 0, 0, 0, 0, 1]\n"
              "  requests.result.total: [2, 0, 0, 0, 0, 0, 2]\n"
              "  requests.next: [1, 0, 0, 0, 0, 0, 1]\n",
              NULL, false, &b);
    expect_error("A1 fails", &b.d, b.st, NB_ERR_RULE, 5, 18,
                 "rule A1 (一+二=三（七）总计+四) fails for column 自然人: requests.new.natural "
                 "(3) + requests.carried.natural (1) = 4, but requests.result.total.natural "
                 "(2) + requests.next.natural (1) = 3",
                 __LINE__);
    CHECK(b.f.violations == 2 && diag_count(&b.d, NB_ERROR, "for column 总计") == 1);
    bound_free(&b);
    /* The same as warnings with allow_inconsistent. */
    bind_text(l,
              "  requests.new: [3, 0, 0, 0, 0, 0, 3]\n"
              "  requests.carried: [1, 0, 0, 0, 0, 0, 1]\n"
              "  requests.result.total: [2, 0, 0, 0, 0, 0, 2]\n"
              "  requests.next: [1, 0, 0, 0, 0, 0, 1]\n",
              NULL, true, &b);
    CHECK(b.st == NB_OK && b.f.violations == 2 && b.d.errors == 0 &&
          diag_count(&b.d, NB_WARNING, "rule A1") == 2);
    bound_free(&b);

    /* A2 holds / fails (the row's total is the first cell involved). */
    bind_text(l, "  requests.new: [1, 1, 0, 0, 0, 0, 2]\n", NULL, false, &b);
    CHECK(b.st == NB_OK && b.f.violations == 0);
    bound_free(&b);
    bind_text(l, "  requests.new: [1, 1, 0, 0, 0, 0, 3]\n", NULL, false, &b);
    expect_error("A2 fails", &b.d, b.st, NB_ERR_RULE, 5, 36,
                 "rule A2 (各类申请人之和=总计) fails for row 一、本年新收政府信息公开申请数量: "
                 "requests.new.total (3), but requests.new.natural (1) + "
                 "requests.new.business (1) + requests.new.research (0)",
                 __LINE__);
    CHECK(b.f.violations == 1 && strstr(diag_first(&b.d, NB_ERROR)->msg, "= 2"));
    bound_free(&b);

    /* A3: 21 outcome rows and （七）总计 in every column. */
    char figs[8192];
    for (int pass = 0; pass < 2; pass++) {
        figs[0] = '\0';
        for (size_t i = 0; i < NOUTCOMES; i++) {
            int v[7] = {0, 0, 0, 0, 0, 0, 0};
            if (i == 0 || i == 5)
                v[0] = v[6] = 2;
            row7(figs, sizeof figs, outcome_rows[i], v);
        }
        int total[7] = {4, 0, 0, 0, 0, 0, 4};
        if (pass)
            total[0] = total[6] = 5;
        row7(figs, sizeof figs, "result.total", total);
        bind_text(l, figs, NULL, false, &b);
        if (!pass) {
            CHECK(b.st == NB_OK && b.f.violations == 0);
        } else {
            /* result.total is line 26 (the 22nd figure line). */
            expect_error("A3 fails", &b.d, b.st, NB_ERR_RULE, 26, 27,
                         "rule A3 (（七）总计=（一）至（六）各项之和) fails for column 自然人: "
                         "requests.result.total.natural (5), but "
                         "requests.result.granted.natural (2) + "
                         "requests.result.partial.natural (0) + "
                         "requests.result.denied.*.natural (2)",
                         __LINE__);
            CHECK(b.f.violations == 2 && strstr(diag_first(&b.d, NB_ERROR)->msg, "= 4"));
        }
        bound_free(&b);
    }

    /* R1 runs once per group of table (c). */
    bind_text(l, "  reviews: [1, 0, 0, 1, 2, 0, 0, 0, 0, 0, 1, 1, 1, 1, 4]\n", NULL, false, &b);
    CHECK(b.st == NB_OK && b.f.violations == 0);
    bound_free(&b);
    bind_text(l, "  reviews: [1, 0, 0, 1, 2, 0, 0, 0, 0, 1, 1, 1, 1, 1, 4]\n", NULL, false, &b);
    expect_error("R1 fails", &b.d, b.st, NB_ERR_RULE, 5, 40,
                 "rule R1 (结果维持+结果纠正+其他结果+尚未审结=总计) fails for 行政诉讼 › "
                 "未经复议直接起诉: reviews.suit.direct.total (1), but "
                 "reviews.suit.direct.upheld (0) + reviews.suit.direct.corrected (0) + "
                 "reviews.suit.direct.other (0) + reviews.suit.direct.pending (0) = 0",
                 __LINE__);
    CHECK(b.f.violations == 1);
    bound_free(&b);

    /* X1: last year's 四 = this year's 二, per column. */
    const char *last = "  requests.next: [2, 0, 0, 0, 0, 0, 2]\n";
    bind_text(l, "  requests.carried: [2, 0, 0, 0, 0, 0, 2]\n", last, false, &b);
    CHECK(b.st == NB_OK && b.f.violations == 0);
    bound_free(&b);
    bind_text(l, "  requests.carried: [2, 0, 0, 0, 0, 0, 2]\n", NULL, false, &b);
    CHECK(b.st == NB_OK && b.f.violations == 0); /* no last year: not run */
    bound_free(&b);
    bind_text(l, "  requests.carried: [1, 0, 0, 0, 0, 0, 1]\n", last, false, &b);
    expect_error("X1 fails", &b.d, b.st, NB_ERR_RULE, 5, 22,
                 "rule X1 (上年“结转下年度继续办理”=本年“上年结转”) fails for column 自然人: "
                 "requests.carried.natural (1), but previous.requests.next.natural (2)",
                 __LINE__);
    CHECK(b.f.violations == 2);
    bound_free(&b);

    /* X2: last year's valid + made − repealed = valid, rows of 第二十条第（一）项. */
    last = "  active.rules: [0, 0, 5]\n  active.normative: [3, 1, 10]\n";
    bind_text(l, "  active.rules: [2, 1, 6]\n  active.normative: [1, 0, 11]\n", last, false, &b);
    CHECK(b.st == NB_OK && b.f.violations == 0);
    bound_free(&b);
    bind_text(l, "  active.rules: [2, 1, 6]\n  active.normative: [1, 0, 12]\n", last, false, &b);
    expect_error("X2 fails", &b.d, b.st, NB_ERR_RULE, 6, 28,
                 "rule X2 (上年现行有效件数+本年制发件数−本年废止件数=本年现行有效件数) fails "
                 "for row 行政规范性文件: active.normative.valid (12), but "
                 "previous.active.normative.valid (10) + active.normative.made (1) - "
                 "active.normative.repealed (0) = 11",
                 __LINE__);
    CHECK(b.f.violations == 1);
    bound_free(&b);
}

static long cell(const nb_layout *l, const char *table, const char *key)
{
    return nb_table_find_key(nb_layout_find_table(l, table), key);
}

static void test_compute(const nb_layout *l)
{
    bound b;
    /* A2 fills an omitted row total; R1 each group's total. */
    bind_text(l,
              "  requests.new.natural: 4\n"
              "  requests.new.business: 2\n"
              "  requests.new.research: 0\n"
              "  requests.new.welfare: 0\n"
              "  requests.new.legal: 1\n"
              "  requests.new.other: 0\n"
              "  reviews.review.upheld: 1\n"
              "  reviews.review.corrected: 2\n"
              "  reviews.review.other: 0\n"
              "  reviews.review.pending: 0\n",
              NULL, false, &b);
    if (CHECK(b.st == NB_OK)) {
        const char *v = nb_figures_value(l, &b.f, "requests.new.total");
        CHECK(v && strcmp(v, "7") == 0);
        long k = cell(l, "requests", "requests.new.total");
        const nb_tvalues *tv = &b.f.tables[1];
        CHECK(k >= 0 && tv->computed[k] && tv->where[k].line == 5);
        CHECK(!tv->computed[cell(l, "requests", "requests.new.natural")]);
        v = nb_figures_value(l, &b.f, "reviews.review.total");
        CHECK(v && strcmp(v, "3") == 0);
        /* Not computable: blank with a warning; given values are kept. */
        v = nb_figures_value(l, &b.f, "reviews.suit.direct.total");
        CHECK(v && *v == '\0');
        CHECK(diag_count(
                  &b.d, NB_WARNING,
                  "'reviews.suit.direct.total' (行政诉讼 › 未经复议直接起诉 › 总计) is missing") ==
              1);
        CHECK(diag_count(&b.d, NB_WARNING, "no figures for table 'active'") == 1);
        CHECK(b.f.blanks == 10 + (175 - 7) + 10);
    }
    bound_free(&b);

    /* A3 then A2 fill （七）总计 of a whole column chain: outcomes given per
     * cell without the 总计 column, （七） omitted entirely. */
    char figs[8192] = "";
    for (size_t i = 0; i < NOUTCOMES; i++) {
        size_t o = strlen(figs);
        snprintf(figs + o, sizeof figs - o, "  requests.%s.natural: %d\n", outcome_rows[i],
                 i == 2 ? 3 : 1);
    }
    bind_text(l, figs, NULL, false, &b);
    if (CHECK(b.st == NB_OK)) {
        const char *v = nb_figures_value(l, &b.f, "requests.result.total.natural");
        CHECK(v && strcmp(v, "23") == 0);
        CHECK(b.f.violations == 0);
    }
    bound_free(&b);
}

static void test_bind_errors(const nb_layout *l)
{
    bound b;
    bind_text(l, "  requests.new.natural: 1\n  requests.nwe.natural: 1\n", NULL, false, &b);
    expect_error("unknown key", &b.d, b.st, NB_ERR_SCHEMA, 6, 3,
                 "unknown figure key 'requests.nwe.natural'; `nianbao keys` lists the keys",
                 __LINE__);
    bound_free(&b);
    bind_text(l, "  tables.x: 1\n", NULL, false, &b);
    expect_error("unknown table", &b.d, b.st, NB_ERR_SCHEMA, 5, 3, "unknown figure key 'tables.x'",
                 __LINE__);
    bound_free(&b);
    bind_text(l, "  requests.new: [1, 2]\n", NULL, false, &b);
    expect_error("short row", &b.d, b.st, NB_ERR_SCHEMA, 5, 17,
                 "figure row 'requests.new' has 2 values but the row has 7 cells (natural, "
                 "business, research, welfare, legal, other, total)",
                 __LINE__);
    bound_free(&b);
    bind_text(l, "  reviews: [0, 0]\n", NULL, false, &b);
    expect_error("short table row", &b.d, b.st, NB_ERR_SCHEMA, 5, 12,
                 "has 2 values but the row has 15 cells", __LINE__);
    bound_free(&b);
    bind_text(l, "  requests.new.natural: [1]\n", NULL, false, &b);
    expect_error("list for a cell", &b.d, b.st, NB_ERR_SCHEMA, 5, 25, "is a single cell", __LINE__);
    bound_free(&b);
    bind_text(l, "  requests.new: 1\n", NULL, false, &b);
    expect_error("value for a row", &b.d, b.st, NB_ERR_SCHEMA, 5, 3,
                 "figure 'requests.new' is a row of 7 cells", __LINE__);
    bound_free(&b);
    /* Row lists hold values only. */
    bind_text(l, "  requests.new: [1, [2], 3]\n", NULL, false, &b);
    expect_error("nested list", &b.d, b.st, NB_ERR_SCHEMA, 5, 21,
                 "value 2 of figure row 'requests.new' must be a single value", __LINE__);
    bound_free(&b);
    bind_text(l, "  requests.new: { natural: 1 }\n", NULL, false, &b);
    expect_error("mapping", &b.d, b.st, NB_ERR_SCHEMA, 5, 17,
                 "must be a value or a sequence of values", __LINE__);
    bound_free(&b);
    /* A one-cell row takes a single value. */
    bind_text(l, "  active.license: 12\n", NULL, false, &b);
    CHECK(b.st == NB_OK && strcmp(nb_figures_value(l, &b.f, "active.license.count"), "12") == 0);
    bound_free(&b);
    /* Given twice: reported at the later of the two. */
    bind_text(l, "  requests.new.business: 5\n  requests.new: [0, 0, 0, 0, 0, 0, 0]\n", NULL, false,
              &b);
    expect_error("duplicate", &b.d, b.st, NB_ERR_SCHEMA, 6, 21,
                 "figure 'requests.new.business' is given twice (also at line 5)", __LINE__);
    bound_free(&b);
    bind_text(l, "  requests.new: [0, 0, 0, 0, 0, 0, 0]\n  requests.new.business: 5\n", NULL, false,
              &b);
    expect_error("duplicate (scalar later)", &b.d, b.st, NB_ERR_SCHEMA, 6, 26,
                 "is given twice (also at line 5)", __LINE__);
    bound_free(&b);

    /* "/" where the layout does not allow it (table (b)): a value error at
     * the cell; allowed to render anyway, it prints as written and makes
     * the rules using it not assessable. */
    static const char slash[] = "  requests.new: [/, 0, 0, 0, 0, 0, 2]\n"
                                "  requests.carried: [1, 0, 0, 0, 0, 0, 1]\n"
                                "  requests.result.total: [2, 0, 0, 0, 0, 0, 2]\n"
                                "  requests.next: [1, 0, 0, 0, 0, 0, 1]\n";
    bind_text(l, slash, NULL, false, &b);
    expect_error("slash", &b.d, b.st, NB_ERR_VALUE, 5, 18,
                 "'/' (not applicable) is not allowed in this cell; write 0", __LINE__);
    bound_free(&b);
    bind_text(l, slash, NULL, true, &b);
    CHECK(b.st == NB_OK && b.f.violations == 0 && b.d.errors == 0 && b.f.invalid == 1);
    CHECK(strcmp(nb_figures_value(l, &b.f, "requests.new.natural"), "/") == 0);
    const nb_diag *w =
        diag_find(&b.d, NB_WARNING,
                  "rule A1 (一+二=三（七）总计+四) is not assessable for column 自然人: "
                  "requests.new.natural is '/', which is not a number");
    CHECK(w && w->line == 5 && w->col == 18 && w->code == NB_ERR_RULE);
    CHECK(diag_count(&b.d, NB_WARNING,
                     "rule A2 (各类申请人之和=总计) is not assessable for row 一、") == 1);
    CHECK(diag_count(&b.d, NB_WARNING, "is '/', which is not a number") == 2);
    bound_free(&b);
}

/* A small layout for decimals and layout errors; `extra` is appended. */
static const char mini[] =
    "name: t\n"        /* 1 */
    "fonts: default\n" /* 2 */
    "page: { size: [210mm, 297mm], text-block: { top: 37mm, left: 28mm, width: 156mm, "
    "height: 225mm }, lines-per-page: 22 }\n" /* 3 */
    "styles: { body: { font: fangsong, size: 16pt }, h1: { font: hei, size: 16pt } }\n"
    "document:\n"                                   /* 5 */
    "  - heading: x\n"                              /* 6 */
    "  - table: fee\n"                              /* 7 */
    "tables:\n"                                     /* 8 */
    "  fee:\n"                                      /* 9 */
    "    style: body\n"                             /* 10 */
    "    widths: [2fr, 30mm, auto, 0.5fr]\n"        /* 11 */
    "    groups:\n"                                 /* 12 */
    "      - columns:\n"                            /* 13 */
    "          - { label: A, key: a }\n"            /* 14 */
    "          - { label: B, key: b }\n"            /* 15 */
    "          - { label: S, key: sum, span: 2 }\n" /* 16 */
    "rules:\n"                                      /* 17 */
    "  - { id: D1, table: fee, each: none, check: fee.sum = fee.a + fee.b }\n";

static nb_status load_mini(const char *replace, const char *with, nb_layout **l, nb_diags *d)
{
    char text[4096];
    const char *at = replace ? strstr(mini, replace) : NULL;
    if (replace && !at) {
        fprintf(stderr, "test bug: '%s' not in the mini layout\n", replace);
        exit(2);
    }
    if (at)
        snprintf(text, sizeof text, "%.*s%s%s", (int)(at - mini), mini, with, at + strlen(replace));
    else
        snprintf(text, sizeof text, "%s", mini);
    nb_diags_init(d);
    return nb_layout_load_mem("mini.yaml", text, strlen(text), l, d);
}

static void test_decimals(void)
{
    nb_diags d;
    nb_layout *l = NULL;
    if (!CHECK(load_mini(NULL, NULL, &l, &d) == NB_OK)) {
        nb_diags_print(&d, stderr);
        nb_diags_free(&d);
        return;
    }
    nb_diags_free(&d);
    const nb_table *t = nb_layout_find_table(l, "fee");
    CHECK(t && t->ncols == 4 && t->nrows == 2 && t->width_fr[0] && t->widths[0].em &&
          t->widths[0].value == 2000 && t->widths[3].value == 500 && !t->width_fr[1] &&
          t->widths[1].value > 0 && t->widths[2].value == 0);
    CHECK(t && strcmp(t->head_style, "body") == 0 && !t->continued);
    bound b;
    /* 0.1 + 0.2 = 0.3 exactly (doubles would disagree). */
    bind_text(l, "  fee: [0.1, 0.2, 0.3]\n", NULL, false, &b);
    CHECK(b.st == NB_OK && b.f.violations == 0 && b.d.count == 0);
    bound_free(&b);
    bind_text(l, "  fee: [24252.311082, 0.000001, 24252.311083]\n", NULL, false, &b);
    CHECK(b.st == NB_OK && b.f.violations == 0);
    bound_free(&b);
    bind_text(l, "  fee: [24252.311082, 0.000001, 24252.311082]\n", NULL, false, &b);
    expect_error("decimals differ", &b.d, b.st, NB_ERR_RULE, 5, 33,
                 "rule D1 fails: fee.sum (24252.311082), but fee.a (24252.311082) + fee.b "
                 "(0.000001) = 24252.311083",
                 __LINE__);
    bound_free(&b);
    bind_text(l, "  fee: [-18, 20.50, 2.5]\n", NULL, false, &b);
    CHECK(b.st == NB_OK && b.f.violations == 0);
    bound_free(&b);
    /* More than 6 decimals: not assessable, printed as written. */
    bind_text(l, "  fee: [0.0000001, 0, 0.0000001]\n", NULL, false, &b);
    CHECK(b.st == NB_OK && b.f.violations == 0 &&
          diag_count(&b.d, NB_WARNING, "which has more than 6 decimal places") == 1);
    CHECK(strcmp(nb_figures_value(l, &b.f, "fee.a"), "0.0000001") == 0);
    bound_free(&b);
    bind_text(l, "  fee: [1000000000000, 0, 1000000000000]\n", NULL, false, &b);
    CHECK(b.st == NB_OK && diag_count(&b.d, NB_WARNING, "more than 12 digits") == 1);
    bound_free(&b);
    /* A computed sum keeps the decimals it needs. */
    nb_layout_free(l);
    if (CHECK(load_mini("check: fee.sum = fee.a + fee.b }",
                        "check: fee.sum = fee.a + fee.b, compute: true }", &l, &d) == NB_OK)) {
        bind_text(l, "  fee.a: 1.25\n  fee.b: \"2.5\"\n", NULL, false, &b);
        CHECK(b.st == NB_OK && strcmp(nb_figures_value(l, &b.f, "fee.sum"), "3.75") == 0);
        bound_free(&b);
        bind_text(l, "  fee.a: -1.25\n  fee.b: 1.25\n", NULL, false, &b);
        CHECK(b.st == NB_OK && strcmp(nb_figures_value(l, &b.f, "fee.sum"), "0") == 0);
        bound_free(&b);
        bind_text(l, "  fee.a: -1.5\n  fee.b: 0\n", NULL, false, &b);
        CHECK(b.st == NB_OK && strcmp(nb_figures_value(l, &b.f, "fee.sum"), "-1.5") == 0);
        bound_free(&b);
    }
    nb_diags_free(&d);
    nb_layout_free(l);
}

static void test_layout_errors(void)
{
    static const struct {
        const char *replace, *with;
        nb_status code;
        int line, col;
        const char *excerpt;
    } cases[] = {
        {"  - table: fee\n", "  - table: fees\n", NB_ERR_SCHEMA, 7, 12,
         "no table 'fees' is declared under 'tables'"},
        {"[2fr, 30mm, auto, 0.5fr]", "[2fr, 30mm]", NB_ERR_SCHEMA, 11, 13,
         "'widths' lists 2 widths but table 'fee' has 4 grid columns"},
        {"[2fr, 30mm, auto, 0.5fr]", "[2fr, 30mm, auto, 2em]", NB_ERR_SCHEMA, 11, 31,
         "'width' must be an absolute length"},
        {"key: sum, span: 2 }", "key: sum }", NB_ERR_SCHEMA, 11, 13,
         "'widths' lists 4 widths but table 'fee' has 3 grid columns"},
        {"style: body\n", "style: nope\n", NB_ERR_SCHEMA, 10, 12, "unknown style 'nope'"},
        {"{ label: B, key: b }", "{ label: B, key: a }", NB_ERR_SCHEMA, 15, 30,
         "key 'a' is used twice among these columns"},
        {"{ label: B, key: b }", "{ label: B }", NB_ERR_SCHEMA, 15, 13, "has no 'key'"},
        {"{ label: B, key: b }", "{ label: B, key: b.c }", NB_ERR_SCHEMA, 15, 30,
         "must be ASCII letters, digits and _"},
        {"{ label: B, key: b }", "{ label: B, key: b, colour: red }", NB_ERR_SCHEMA, 15, 33,
         "unknown key 'colour' in column"},
        {"span: 2 }", "span: 20000 }", NB_ERR_LIMIT, 9, 3, "more than the limit of 20000"},
        {"      - columns:\n",
         "      - caption: C\n"
         "        corner: X\n"
         "        columns: [{ label: V, key: v, span: 3 }]\n"
         "        rows: [{ label: R, key: r }]\n"
         "      - caption: D\n"
         "        columns: [{ label: V, key: w }]\n"
         "        rows: [{ label: R, key: s }]\n"
         "      - columns:\n",
         NB_ERR_SCHEMA, 17, 9,
         "this group covers 2 grid columns (1 for row labels, 1 for "
         "figures) but the widest group of table 'fee' covers 4"},
        {"      - columns:\n",
         "      - label-columns: 1\n"
         "        columns: [{ label: V, key: v }]\n"
         "      - columns:\n",
         NB_ERR_SCHEMA, 13, 24, "'label-columns' must be 0"},
        {"      - columns:\n",
         "      - label-columns: 1\n"
         "        columns: [{ label: V, key: v, span: 3 }]\n"
         "        rows: [{ label: R, key: r, children: [{ label: S, key: s }] }]\n"
         "      - columns:\n",
         NB_ERR_SCHEMA, 13, 24, "'label-columns' is 1 but the row tree is 2 levels deep"},
        {"      - columns:\n",
         "      - corner: X\n"
         "        columns: [{ label: V, key: v, span: 4 }]\n"
         "      - columns:\n",
         NB_ERR_SCHEMA, 13, 17, "'corner' sits over the row labels"},
        {"      - columns:\n",
         "      - columns: [{ label: V, key: v, span: 4 }]\n"
         "      - columns:\n",
         NB_ERR_SCHEMA, 14, 9, "a second group without 'rows'"},
        {"fee.sum = fee.a + fee.b", "fee.sum = fee.a + fee.c", NB_ERR_SCHEMA, 18, 46,
         "rule 'D1': table 'fee' has no key 'fee.c'"},
        {"each: none, check: fee.sum = fee.a + fee.b", "each: row, check: sum = a + bb",
         NB_ERR_SCHEMA, 18, 45, "rule 'D1': table 'fee' has no column 'bb'"},
        {"each: none, check: fee.sum = fee.a + fee.b", "each: column, check: sum = a + b",
         NB_ERR_SCHEMA, 18, 48, "rule 'D1': table 'fee' has no row 'sum'"},
        {"table: fee, each", "table: fie, each", NB_ERR_SCHEMA, 18, 22,
         "rule 'D1': no table 'fie' is declared"},
        {"check: fee.sum = fee.a + fee.b", "check: fee.sum == fee.a", NB_ERR_SCHEMA, 18, 46,
         "rule 'D1': cannot read the check at '= fee.a'"},
        {"check: fee.sum = fee.a + fee.b", "check: fee.sum + fee.a", NB_ERR_SCHEMA, 18, 46,
         "needs names on both sides of one ="},
        {"check: fee.sum = fee.a + fee.b", "check: fee.sum = previous.fee.a", NB_ERR_SCHEMA, 18, 46,
         "that needs 'cross-year: true'"},
        {"check: fee.sum = fee.a + fee.b }", "check: fee.sum = fee.a, cross-year: true }",
         NB_ERR_SCHEMA, 18, 46, "is cross-year but names no 'previous.' figure"},
        {"check: fee.sum = fee.a + fee.b }", "check: fee.sum + fee.a = fee.b, compute: true }",
         NB_ERR_SCHEMA, 18, 80, "'compute: true' needs a single name on the left"},
        {"{ id: D1, table", "{ id: D1, tabel: x, table", NB_ERR_SCHEMA, 18, 15,
         "unknown key 'tabel' in rule"},
        {"rules:\n", "rules:\n  - { id: D1, table: fee, check: fee.a = fee.b }\n", NB_ERR_SCHEMA,
         19, 11, "rule id 'D1' is used twice"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        nb_diags d;
        nb_layout *l = NULL;
        nb_status st = load_mini(cases[i].replace, cases[i].with, &l, &d);
        char label[128];
        snprintf(label, sizeof label, "layout error case %zu", i);
        expect_error(label, &d, st, cases[i].code, cases[i].line, cases[i].col, cases[i].excerpt,
                     __LINE__);
        CHECK(l == NULL);
        nb_layout_free(l);
        nb_diags_free(&d);
    }
}

/* Every allocation failure is NB_ERR_NOMEM, never a crash or a leak. */
static void test_alloc_failures(void)
{
    nb_diags d;
    nb_layout *l = NULL;
    nb_data *data = NULL;
    nb_diags_init(&d);
    if (!CHECK(nb_layout_load("layouts/annual-report-2021.yaml", &l, &d) == NB_OK) ||
        !CHECK(nb_data_load("samples/fanshi-2021.yaml", &data, &d) == NB_OK)) {
        nb_layout_free(l);
        nb_data_free(data);
        nb_diags_free(&d);
        return;
    }
    nb_diags_free(&d);
    /* Last year = this year: an error (the previous data must be the year
     * before: NB_ERR_VALUE) and X2 fails (10 + 6 − 0 ≠ 10); a failing
     * allocation must give the clean run's status or NOMEM. */
    nb_figures f0;
    nb_diags_init(&d);
    nb_status base = nb_figures_bind(l, data, data, false, &f0, &d);
    CHECK(base == NB_ERR_VALUE && f0.violations == 1);
    nb_figures_free(&f0);
    nb_diags_free(&d);
    bool all_ok = true;
    for (long n = 0;; n++) {
        nb_figures f;
        nb_diags_init(&d);
        nb_alloc_fail_after(n);
        nb_status st = nb_figures_bind(l, data, data, false, &f, &d);
        long used = nb_alloc_count();
        nb_alloc_fail_after(-1);
        nb_figures_free(&f);
        nb_diags_free(&d);
        if (st == base && used <= n)
            break;
        if (st != NB_ERR_NOMEM && st != base) {
            all_ok = false;
            fprintf(stderr, "  failing allocation %ld gave %s\n", n, nb_status_name(st));
        }
        if (n > 200000)
            break;
    }
    CHECK(all_ok);
    nb_data_free(data);
    bool layout_ok = true;
    for (long n = 0;; n += 7) {
        nb_layout *x = NULL;
        nb_diags_init(&d);
        nb_alloc_fail_after(n);
        nb_status st = nb_layout_load("layouts/annual-report-2021.yaml", &x, &d);
        nb_alloc_fail_after(-1);
        nb_layout_free(x);
        nb_diags_free(&d);
        if (st == NB_OK)
            break;
        if (st != NB_ERR_NOMEM) {
            layout_ok = false;
            fprintf(stderr, "  layout: failing allocation %ld gave %s\n", n, nb_status_name(st));
        }
        if (n > 500000)
            break;
    }
    CHECK(layout_ok);
    nb_layout_free(l);
}

int main(void)
{
    test_grids();
    test_samples();
    nb_layout *l = load_layout("layouts/annual-report-2021.yaml");
    if (l) {
        test_rules(l);
        test_compute(l);
        test_bind_errors(l);
    }
    nb_layout_free(l);
    test_decimals();
    test_layout_errors();
    test_alloc_failures();
    return check_done();
}
