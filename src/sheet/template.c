/* `nianbao template --xlsx`: the workbook a county coordinator hands out.
 *
 * Sheet 填报: the header rows mirror the layout's tables — for each cell
 * the chain 表三 › 三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密 ›
 * 申请人情况 › 自然人, equal neighbours merged, a chain shorter than the
 * deepest merged down — then a hidden row of machine keys (what
 * sheet/rows.c reads back, whatever the labels), then one row per office.
 * Input cells take whole numbers ≥ 0 (counts) or decimals ≥ 0 (amounts),
 * 成文日期 a date; the cells the layout computes are live, locked formulas.
 * Sheet 填写说明: how to fill it in. Written with libxlsxwriter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* mkstemp makes files 0600; the finished workbook gets the usual mode. */
static mode_t current_umask(void)
{
    mode_t m = umask(0);
    umask(m);
    return m;
}

#include "../model/cell_paths.h"
#include "../model/values.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "formulas.h"

#define FIXED_COLS 3       /* 单位名称, 年度, 成文日期 */
#define BLANK_ROWS 50      /* rows without a roster */
#define MAX_OFFICES 100000 /* a roster longer than this is no county */
#define DATA_SHEET "填报"
#define PROSE_LABEL "正文（文件名）"

typedef struct tpl {
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *head, *key, *input, *amount, *date, *formula, *name, *wrap;
    const nb_cell_path *p;
    size_t n;
    int depth;     /* header rows */
    double *width; /* per cell column, in Excel character units */
} tpl;

/* Display width in Excel character units: a CJK character is two. */
static double text_width(const char *s)
{
    double w = 0;
    for (const unsigned char *u = (const unsigned char *)s; *u; u++)
        if (*u < 0x80)
            w += 1;
        else if (*u >= 0xC0)
            w += 2;
    return w;
}

static int label_at(const nb_cell_path *p, int level, const char **out)
{
    if (level >= p->nlabels)
        return 0;
    *out = p->labels[level];
    return 1;
}

/* Columns j and k share the chain down to `level`. */
static bool same_prefix(const nb_cell_path *a, const nb_cell_path *b, int level)
{
    if (a->nlabels <= level || b->nlabels <= level)
        return false;
    for (int i = 0; i <= level; i++)
        if (strcmp(a->labels[i], b->labels[i]))
            return false;
    return true;
}

/* A cell column wide enough for its leaf label on two lines, never
 * narrower than a number. */
static double column_width(const nb_cell_path *p)
{
    double w = text_width(p->labels[p->nlabels - 1]) / 2 + 2;
    return w < 9 ? 9 : w > 24 ? 24 : w;
}

/* Records the lines `label` needs when wrapped over columns j..k-1 and
 * header rows r0..r1, spread over those rows. */
static void need_lines(const tpl *t, const char *label, size_t j, size_t k, int r0, int r1,
                       double *lines)
{
    double avail = -1;
    for (size_t i = j; i < k; i++)
        avail += t->width[i];
    double n = text_width(label) / (avail > 2 ? avail : 2);
    int rows = r1 - r0 + 1;
    double per = (double)(long)(n / rows + 0.999);
    for (int r = r0; r <= r1; r++)
        if (per > lines[r])
            lines[r] = per;
}

static void write_header(tpl *t)
{
    double lines[NB_CELL_PATH_MAX] = {0};
    static const char *const fixed[FIXED_COLS] = {"单位名称", "年度", "成文日期"};
    static const char *const keys[FIXED_COLS] = {"office", "year", "date"};
    for (int c = 0; c < FIXED_COLS; c++) {
        if (t->depth > 1)
            worksheet_merge_range(t->ws, 0, (lxw_col_t)c, (lxw_row_t)t->depth - 1, (lxw_col_t)c,
                                  fixed[c], t->head);
        else
            worksheet_write_string(t->ws, 0, (lxw_col_t)c, fixed[c], t->head);
        worksheet_write_string(t->ws, (lxw_row_t)t->depth, (lxw_col_t)c, keys[c], t->key);
    }
    for (int level = 0; level < t->depth; level++)
        for (size_t j = 0; j < t->n;) {
            const char *label;
            if (!label_at(&t->p[j], level, &label)) {
                j++;
                continue;
            }
            size_t k = j + 1;
            while (k < t->n && same_prefix(&t->p[j], &t->p[k], level))
                k++;
            lxw_col_t c0 = (lxw_col_t)(FIXED_COLS + j), c1 = (lxw_col_t)(FIXED_COLS + k - 1);
            bool leaf = k == j + 1 && t->p[j].nlabels == level + 1;
            lxw_row_t r1 = leaf ? (lxw_row_t)t->depth - 1 : (lxw_row_t)level;
            if (c0 == c1 && r1 == (lxw_row_t)level)
                worksheet_write_string(t->ws, (lxw_row_t)level, c0, label, t->head);
            else
                worksheet_merge_range(t->ws, (lxw_row_t)level, c0, r1, c1, label, t->head);
            need_lines(t, label, j, k, level, (int)r1, lines);
            j = k;
        }
    /* Row heights that show every wrapped label (12 pt a line of 11-pt
     * text, plus a margin); Excel does not fit merged cells itself. */
    for (int r = 0; r < t->depth; r++)
        worksheet_set_row(t->ws, (lxw_row_t)r, (lines[r] < 1 ? 1 : lines[r]) * 14.5 + 3, NULL);
    for (size_t j = 0; j < t->n; j++)
        worksheet_write_string(t->ws, (lxw_row_t)t->depth, (lxw_col_t)(FIXED_COLS + j), t->p[j].key,
                               t->key);
    /* Last, the office's prose: a YAML file of its `text:` sections, named
     * relative to the workbook (sheet/sheet.h, column 正文). */
    lxw_col_t pc = (lxw_col_t)(FIXED_COLS + t->n);
    if (t->depth > 1)
        worksheet_merge_range(t->ws, 0, pc, (lxw_row_t)t->depth - 1, pc, PROSE_LABEL, t->head);
    else
        worksheet_write_string(t->ws, 0, pc, PROSE_LABEL, t->head);
    worksheet_write_string(t->ws, (lxw_row_t)t->depth, pc, "prose", t->key);
    lxw_row_col_options hidden = {.hidden = 1};
    worksheet_set_row_opt(t->ws, (lxw_row_t)t->depth, LXW_DEF_ROW_HEIGHT, NULL, &hidden);
}

static void put_formula(nb_buf *b, const tpl *t, const nb_formula *f, lxw_row_t row)
{
    nb_buf_putc(b, '=');
    if (!f->nterms)
        nb_buf_putc(b, '0');
    for (size_t i = 0; i < f->nterms; i++) {
        char col[16];
        lxw_col_to_name(col, (lxw_col_t)(FIXED_COLS + f->terms[i]), 0);
        nb_buf_printf(b, "%s%s%u", f->signs[i] < 0 ? "-" : i ? "+" : "", col, (unsigned)row + 1);
    }
}

/* The spreadsheet's check of a figure cell, from its value type: a whole
 * number >= 0 (count), a whole number (change, 本年增/减), a decimal >= 0
 * (amount); free text and undeclared cells are not checked. */
static int validation_kind(int vtype)
{
    switch (vtype) {
    case NB_VT_COUNT:
        return 'c';
    case NB_VT_CHANGE:
        return 'g';
    case NB_VT_AMOUNT:
        return 'a';
    default:
        return 0;
    }
}

static void validate(tpl *t, lxw_row_t r0, lxw_row_t r1, lxw_col_t c, int kind)
{
    if (!kind)
        return;
    lxw_data_validation v = {0};
    v.ignore_blank = LXW_VALIDATION_ON;
    v.show_error = LXW_VALIDATION_ON;
    v.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    if (kind == 'd') {
        v.validate = LXW_VALIDATION_TYPE_DATE;
        v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        v.minimum_datetime = (lxw_datetime){2000, 1, 1, 0, 0, 0};
        v.maximum_datetime = (lxw_datetime){2100, 12, 31, 0, 0, 0};
        v.error_title = "成文日期";
        v.error_message = "请填写日期，例如 2026-01-20 或 2026年1月20日。";
    } else if (kind == 'y') {
        v.validate = LXW_VALIDATION_TYPE_INTEGER;
        v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        v.minimum_number = 2000;
        v.maximum_number = 2100;
        v.error_title = "年度";
        v.error_message = "请填写四位年份，例如 2025。";
    } else if (kind == 'g') {
        v.validate = LXW_VALIDATION_TYPE_INTEGER;
        v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        v.minimum_number = -1e9;
        v.maximum_number = 1e9;
        v.error_title = "本年增/减";
        v.error_message = "请填写整数，减少时写负数，例如 -3。";
    } else {
        v.validate = kind == 'a' ? LXW_VALIDATION_TYPE_DECIMAL : LXW_VALIDATION_TYPE_INTEGER;
        v.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
        v.value_number = 0;
        v.error_title = kind == 'a' ? "金额" : "件数";
        v.error_message =
            kind == 'a' ? "请填写不小于 0 的数（单位：万元）。" : "请填写不小于 0 的整数。";
    }
    worksheet_data_validation_range(t->ws, r0, c, r1, c, &v);
}

static void write_instructions(lxw_workbook *wb, lxw_format *wrap, int year, int depth,
                               const nb_cell_path *p, size_t n)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "填写说明");
    worksheet_set_column(ws, 0, 0, 100, wrap);
    char line[512];
    const char *text[] = {
        "政府信息公开工作年度报告 统计数据填报说明",
        "",
        "1. 在“" DATA_SHEET "”表中每个单位填写一行：单位名称、年度、成文日期和各项统计数据。",
        "2. 件数只能填写不小于 0 的整数；收费金额以万元为单位，可填写小数。没有发生的事项填 0，"
        "不要留空。",
        "3. 成文日期填写日期，例如 2026-01-20、2026/1/20 或 2026年1月20日。",
        "4. 灰色的“总计”列由公式自动计算，已锁定，无需填写。",
        "   最后一列“正文（文件名）”填写本单位报告正文的文件名，放在本表所在文件夹：纯文本 .txt"
        "（以“一、总体情况”等标题分节），或 YAML 文件（text: 下各部分的文字）。",
        "5. 不要增删、移动或改名表头的列；表头下方隐藏的一行是每列的机读键名，请勿修改。",
        "6. 填好后保存为 .xlsx（或另存为 CSV），交回汇总单位；汇总单位运行：",
        "     nianbao build 本表.xlsx -o 输出目录        逐个生成各单位的年度报告 PDF，"
        "并写出 status.xlsx 进度表",
        "     nianbao rollup 本表.xlsx --office 本级政府名称 --year 年度 -o county.yaml   "
        "生成全县汇总数据",
        "7. 出错时，提示会写明单位名称和单元格位置（例如 县教育局 (本表.xlsx " DATA_SHEET
        "!F14)）。",
        "",
        "各列的键名与表格位置：",
    };
    lxw_row_t r = 0;
    for (size_t i = 0; i < sizeof text / sizeof *text; i++)
        worksheet_write_string(ws, r++, 0, text[i], NULL);
    snprintf(line, sizeof line, "（本表为 %d 年度报告，表头共 %d 行。）", year, depth);
    worksheet_write_string(ws, r++, 0, line, NULL);
    for (size_t j = 0; j < n; j++) {
        nb_buf b = {0};
        char col[16];
        lxw_col_to_name(col, (lxw_col_t)(FIXED_COLS + j), 0);
        nb_buf_printf(&b, "%s列  %s  ", col, p[j].key);
        for (int k = 0; k < p[j].nlabels; k++)
            nb_buf_printf(&b, "%s%s", k ? " › " : "", p[j].labels[k]);
        worksheet_write_string(ws, r++, 0, nb_buf_cstr(&b), NULL);
        nb_buf_free(&b);
    }
}

/* A cell the office fills in: unlocked (the sheet is protected), boxed,
 * with `num_format` when given. */
static lxw_format *entry_format(lxw_workbook *wb, const char *num_format)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_unlocked(f);
    format_set_border(f, LXW_BORDER_THIN);
    if (num_format)
        format_set_num_format(f, num_format);
    return f;
}

nb_status nb_template_xlsx(const nb_layout *layout, int year, const char *const *offices,
                           size_t noffices, const char *out_path, nb_diags *d)
{
    if (year < 2000 || year > 2100)
        return nb_diag_at(d, NB_ERROR, NB_ERR_USAGE, NB_NOPOS,
                          "--year %d: give the report's year, e.g. --year 2025", year);
    nb_cell_path *p = NULL;
    nb_formula *f = NULL;
    size_t n = 0;
    nb_status s = nb_layout_cell_paths(layout, &p, &n);
    if (!s)
        s = nb_layout_formulas(layout, p, n, &f);
    if (s) {
        nb_cell_paths_free(p, n);
        return s;
    }
    /* A temporary file beside the output, renamed over it at the end. */
    nb_buf tmp = {0};
    nb_buf_printf(&tmp, "%s.tmp.XXXXXX", out_path);
    int fd = tmp.oom ? -1 : mkstemp(tmp.data);
    if (fd < 0) {
        s = nb_diag_at(d, NB_ERROR, NB_ERR_IO, (nb_pos){out_path, 0, 0},
                       "cannot write in the folder of '%s'", out_path);
        goto done;
    }
    close(fd);
    lxw_workbook_options wo = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    tpl t = {.p = p, .n = n, .depth = 1};
    t.wb = workbook_new_opt(tmp.data, &wo);
    if (!t.wb) {
        unlink(tmp.data);
        s = NB_ERR_NOMEM;
        goto done;
    }
    lxw_doc_properties props = {.title = "政府信息公开工作年度报告 统计数据填报表",
                                .created = (time_t)0};
    workbook_set_properties(t.wb, &props);
    for (size_t j = 0; j < n; j++)
        if (p[j].nlabels > t.depth)
            t.depth = p[j].nlabels;
    t.ws = workbook_add_worksheet(t.wb, DATA_SHEET);
    t.head = workbook_add_format(t.wb);
    format_set_bold(t.head);
    format_set_text_wrap(t.head);
    format_set_align(t.head, LXW_ALIGN_CENTER);
    format_set_align(t.head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_border(t.head, LXW_BORDER_THIN);
    format_set_bg_color(t.head, 0xDDEBF7);
    t.key = workbook_add_format(t.wb);
    format_set_font_color(t.key, LXW_COLOR_GRAY);
    t.input = entry_format(t.wb, "0");
    t.amount = entry_format(t.wb, "0.00####");
    t.date = entry_format(t.wb, "yyyy\"年\"m\"月\"d\"日\"");
    t.name = entry_format(t.wb, NULL);
    t.formula = workbook_add_format(t.wb);
    format_set_border(t.formula, LXW_BORDER_THIN);
    format_set_bg_color(t.formula, 0xEDEDED);
    t.wrap = workbook_add_format(t.wb);
    format_set_text_wrap(t.wrap);
    if (!(t.width = nb_calloc(n + 1, sizeof *t.width))) {
        workbook_close(t.wb);
        unlink(tmp.data);
        s = NB_ERR_NOMEM;
        goto done;
    }
    for (size_t j = 0; j < n; j++)
        t.width[j] = column_width(&p[j]);
    write_header(&t);
    size_t rows = noffices ? noffices : BLANK_ROWS;
    lxw_row_t first = (lxw_row_t)t.depth + 1, last = first + (lxw_row_t)rows - 1;
    double name_w = text_width("单位名称") + 2;
    for (size_t i = 0; i < rows; i++) {
        lxw_row_t r = first + (lxw_row_t)i;
        if (i < noffices) {
            worksheet_write_string(t.ws, r, 0, offices[i], t.name);
            worksheet_write_number(t.ws, r, 1, year, t.name);
            double w = text_width(offices[i]) + 2;
            name_w = w > name_w ? w : name_w;
        } else {
            worksheet_write_blank(t.ws, r, 0, t.name);
            worksheet_write_blank(t.ws, r, 1, t.name);
        }
        worksheet_write_blank(t.ws, r, 2, t.date);
        worksheet_write_blank(t.ws, r, (lxw_col_t)(FIXED_COLS + n), t.name);
        for (size_t j = 0; j < n; j++) {
            lxw_col_t c = (lxw_col_t)(FIXED_COLS + j);
            if (f[j].computed) {
                nb_buf fb = {0};
                put_formula(&fb, &t, &f[j], r);
                /* No cached result: Excel and WPS compute it on opening,
                 * and a file saved by a tool that does not leaves the cell
                 * empty, for the layout's rule to compute, never a stale 0. */
                worksheet_write_formula_str(t.ws, r, c, nb_buf_cstr(&fb), t.formula, "");
                nb_buf_free(&fb);
            } else {
                worksheet_write_blank(t.ws, r, c,
                                      nb_cell_value_type(layout, &p[j]) == NB_VT_AMOUNT ? t.amount
                                                                                        : t.input);
            }
        }
    }
    worksheet_set_column(t.ws, 0, 0, name_w > 60 ? 60 : name_w, NULL);
    worksheet_set_column(t.ws, 1, 1, 8, NULL);
    worksheet_set_column(t.ws, 2, 2, 16, NULL);
    for (size_t j = 0; j < n; j++)
        worksheet_set_column(t.ws, (lxw_col_t)(FIXED_COLS + j), (lxw_col_t)(FIXED_COLS + j),
                             t.width[j], NULL);
    worksheet_set_column(t.ws, (lxw_col_t)(FIXED_COLS + n), (lxw_col_t)(FIXED_COLS + n), 24, NULL);
    validate(&t, first, last, 1, 'y');
    validate(&t, first, last, 2, 'd');
    for (size_t j = 0; j < n; j++)
        if (!f[j].computed)
            validate(&t, first, last, (lxw_col_t)(FIXED_COLS + j),
                     validation_kind(nb_cell_value_type(layout, &p[j])));
    worksheet_freeze_panes(t.ws, (lxw_row_t)t.depth + 1, 1);
    lxw_protection prot = {.format_columns = 1,
                           .format_rows = 1,
                           .insert_rows = 1,
                           .delete_rows = 1,
                           .sort = 1,
                           .autofilter = 1};
    worksheet_protect(t.ws, NULL, &prot);
    write_instructions(t.wb, t.wrap, year, t.depth, p, n);
    lxw_error e = workbook_close(t.wb);
    nb_free(t.width);
    if (e != LXW_NO_ERROR) {
        unlink(tmp.data);
        s = nb_diag_at(d, NB_ERROR, NB_ERR_IO, (nb_pos){out_path, 0, 0},
                       "cannot write the workbook: %s", lxw_strerror(e));
    } else if (chmod(tmp.data, 0666 & ~current_umask()) != 0 || rename(tmp.data, out_path) != 0) {
        unlink(tmp.data);
        s = nb_diag_at(d, NB_ERROR, NB_ERR_IO, (nb_pos){out_path, 0, 0}, "cannot write '%s'",
                       out_path);
    }
done:
    nb_buf_free(&tmp);
    nb_formulas_free(f, n);
    nb_cell_paths_free(p, n);
    return s;
}
