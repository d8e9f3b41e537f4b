/* Unit tests for src/import: label comparison (normalisation, typos,
 * numbering), paragraph classification (model/textfile.c) and the table
 * builder's merged cells (HTML rowspan/colspan, Word vMerge/gridSpan).
 * The last line printed is "N passed, N failed". */
#include <stdio.h>
#include <string.h>

#include "import/import_internal.h"
#include "model/textfile.h"
#include "util/alloc.h"

static int passed, failed;

#define CHECK(cond) check((cond), #cond, __LINE__)

static int check(int ok, const char *what, int line)
{
    if (ok)
        passed++;
    else {
        failed++;
        printf("FAIL line %d: %s\n", line, what);
    }
    return ok;
}

static bool same(const char *a, const char *b)
{
    char *x = nb_label_norm(a), *y = nb_label_norm(b);
    bool r = x && y && nb_label_same(x, y);
    nb_free(x);
    nb_free(y);
    return r;
}

static void test_labels(void)
{
    CHECK(same("自 然 人", "自然人"));
    CHECK(same("(一)予以公开", "（一）予以公开"));
    CHECK(same("1、属于国家秘密", "1.属于国家秘密"));
    CHECK(same("3.危及\"三安全一稳定\"", "3.危及“三安全一稳定”"));
    CHECK(same("三、本年办理结果", "三、本年度办理结果"));
    CHECK(same("行政法复议", "行政复议"));
    CHECK(same("二、上年结转政府信息公开申请数", "二、上年结转政府信息公开申请数量"));
    CHECK(!same("结果维持", "结果纠正"));
    CHECK(!same("1.其他", "3.其他"));
    CHECK(!same("（一）予以公开", "（二）予以公开"));
    CHECK(!same("其他", "总计"));
    CHECK(!same("行政许可", "行政处罚"));
}

static void test_classify(void)
{
    int level;
    size_t head;
    const char *t = "（一）主动公开情况";
    nb_text_classify(t, 0, &level, &head);
    CHECK(level == 2 && head == strlen(t));
    t = "（一）主动公开方面。全年公开信息412条。";
    nb_text_classify(t, 0, &level, &head);
    CHECK(level == 2 && head == strlen("（一）主动公开方面。"));
    t = "2.在政府门户网站开设了统一的互动交流平台，方便群众网上咨询。";
    nb_text_classify(t, 0, &level, &head);
    CHECK(level == 0); /* a numbered body paragraph, not a heading */
    t = "1.加强培训";
    nb_text_classify(t, 0, &level, &head);
    CHECK(level == 3 && head == strlen(t));
    t = "一是加强平台建设：完成专栏改版。";
    nb_text_classify(t, strlen("一是加强平台建设"), &level, &head);
    CHECK(level == 3 && head == strlen("一是加强平台建设："));
    t = "2021年，县人民政府办公室推进政府信息公开工作。";
    nb_text_classify(t, 0, &level, &head);
    CHECK(level == 0);
    char num[16];
    CHECK(nb_text_h1("十二、其他", num, sizeof num) && !strcmp(num, "十二"));
    CHECK(!nb_text_h1("十二其他", num, sizeof num));
}

static void test_table(void)
{
    nb_diags d;
    nb_diags_init(&d);
    nb_idoc doc = {.name = "t"};
    nb_itable_builder b;
    /* row 0:  a | b (rowspan 2) | c
     * row 1:  d | (b)             | e      e skips the column b covers
     * row 2:  (d, merged down)    | f (colspan 2) */
    nb_itable_begin(&b, 1);
    CHECK(nb_itable_row(&b, &d, "t") == NB_OK);
    nb_itable_cell(&b, "a", 1, 1, 0, &d, "t");
    nb_itable_cell(&b, "b", 2, 1, 0, &d, "t");
    nb_itable_cell(&b, "c", 1, 1, 0, &d, "t");
    nb_itable_row(&b, &d, "t");
    nb_itable_cell(&b, "d", 1, 1, 0, &d, "t");
    nb_itable_cell(&b, "e", 1, 1, 0, &d, "t");
    /* Word: a continued vertical merge under "d", then a 2-column cell. */
    nb_itable_row(&b, &d, "t");
    nb_itable_merge_down(&b, 1, &d, "t");
    nb_itable_cell(&b, "f", 1, 2, 0, &d, "t");
    CHECK(nb_itable_end(&doc, &b, &d) == NB_OK && doc.count == 1);
    const nb_itable *t = &doc.blocks[0].table;
    CHECK(t->nrows == 3 && t->ncols == 3);
    CHECK(!strcmp(t->cells[t->slot[1 * 3 + 1]].text, "b"));
    CHECK(!strcmp(t->cells[t->slot[1 * 3 + 2]].text, "e"));
    CHECK(!strcmp(t->cells[t->slot[2 * 3 + 0]].text, "d")); /* d grew down */
    CHECK(!strcmp(t->cells[t->slot[2 * 3 + 2]].text, "f"));
    CHECK(t->cells[t->slot[2 * 3 + 1]].colspan == 2);
    /* A rowspan past the last row is cut at the table's end. */
    nb_itable_begin(&b, 1);
    nb_itable_cell(&b, "x", 500, 1, 0, &d, "t");
    CHECK(nb_itable_end(&doc, &b, &d) == NB_OK && doc.blocks[1].table.cells[0].rowspan == 1);
    /* Limits: 512 columns. */
    nb_itable_begin(&b, 1);
    nb_itable_cell(&b, "w", 1, 400, 0, &d, "t");
    CHECK(nb_itable_cell(&b, "w", 1, 400, 0, &d, "t") == NB_ERR_LIMIT);
    nb_itable_abandon(&b);
    CHECK(d.errors == 1);
    nb_idoc_free(&doc);
    nb_diags_free(&d);

    char *s = nb_itext_trim("\xE3\x80\x80 a \x01 b\xC2\x85  c \n",
                            strlen("\xE3\x80\x80 a \x01 b\xC2\x85  c \n"), true);
    CHECK(s && !strcmp(s, "a b c"));
    nb_free(s);
}

int main(void)
{
    test_labels();
    test_classify();
    test_table();
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
