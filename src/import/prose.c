/* A report's paragraphs → the office, year, date and prose sections of a
 * draft: the title line names the office and year; 一、… headings open the
 * layout's sections (matched by number, so a reworded heading still
 * lands in its section); （一） and 1. paragraphs, and paragraphs led by a
 * bold or 楷体 sentence ending in 。or ：, become h2/h3 headings, stand-alone
 * or run in; the signature and date close the body. */
#include <stdlib.h>
#include <string.h>

#include "../model/cellmap.h"
#include "../model/textfile.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "prose.h"

#define TITLE_MARK "政府信息公开工作年度报告"

static bool starts(const char *s, const char *prefix)
{
    return !strncmp(s, prefix, strlen(prefix));
}

/* Text without any white space (for comparing what people type with
 * spaces in odd places). nb_free. */
static char *squeeze(const char *s)
{
    nb_buf b = {0};
    for (const char *p = s; *p;) {
        if (*p == ' ' || (*p >= '\t' && *p <= '\r')) {
            p++;
        } else if (starts(p, "\xE3\x80\x80")) { /* U+3000 */
            p += 3;
        } else if (starts(p, "\xC2\xA0")) { /* U+00A0 */
            p += 2;
        } else {
            nb_buf_putc(&b, *p++);
        }
    }
    return b.len || b.oom ? nb_buf_take(&b) : nb_strdup("");
}

static size_t cps(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* Lines of a web page around the report, never part of it. */
static bool chrome_line(const char *t)
{
    static const char *const heads[] = {
        "发布时间", "发布日期", "来源：", "来源:",  "信息来源", "作者：",   "浏览次数", "访问量",
        "阅读次数", "索引号",   "【",     "[",      "字号",     "字体",     "分享到",   "打印",
        "关闭",     "扫一扫",   "上一篇", "下一篇", "点击数",   "责任编辑", "当前位置", NULL};
    if (strlen(t) > 240)
        return false;
    for (const char *const *h = heads; *h; h++)
        if (starts(t, *h))
            return true;
    return false;
}

/* "2022年1月24日" (spaces allowed) → *y, *m, *d. */
static bool date_line(const char *t, int *y, int *m, int *d)
{
    char *s = squeeze(t);
    if (!s)
        return false;
    int n = 0;
    bool ok = sscanf(s, "%4d年%2d月%2d日%n", y, m, d, &n) == 3 && s[n] == 0 && *y >= 1900 &&
              *y <= 2999 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
    nb_free(s);
    return ok;
}

static int year_in(const char *s)
{
    for (const char *p = s; *p; p++)
        if ((p[0] == '1' || p[0] == '2') && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' &&
            p[2] <= '9' && p[3] >= '0' && p[3] <= '9' && starts(p + 4, "年") &&
            (p == s || p[-1] < '0' || p[-1] > '9'))
            return atoi(p) >= 1900 && atoi(p) <= 2999 ? (int)strtol(p, NULL, 10) : 0;
    return 0;
}

nb_status nb_import_title(const nb_idoc *doc, size_t *at, char **office, int *year, nb_diags *d)
{
    *office = NULL;
    *year = 0;
    for (size_t i = 0; i < doc->count; i++) {
        const nb_iblock *b = &doc->blocks[i];
        if (b->is_table)
            continue;
        char *t = squeeze(b->text);
        if (!t)
            return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
        const char *mark = strstr(t, TITLE_MARK);
        if (!mark || strlen(t) > 300) {
            nb_free(t);
            continue;
        }
        *at = i;
        *year = year_in(t);
        /* "OFFICE2021年度…报告", "2021年度OFFICE政府信息公开…报告", or the
         * office on the line above "2021年度…报告". */
        const char *y = NULL;
        for (const char *p = t; *p && !y; p++)
            if (*year && atoi(p) == *year && starts(p + 4, "年"))
                y = p;
        nb_buf name = {0};
        if (y && y > t) {
            nb_buf_append(&name, t, (size_t)(y - t));
        } else if (y) {
            const char *after = y + 4 + strlen("年");
            if (starts(after, "度"))
                after += strlen("度");
            if (mark > after)
                nb_buf_append(&name, after, (size_t)(mark - after));
        } else if (mark > t) {
            nb_buf_append(&name, t, (size_t)(mark - t));
        }
        if (!name.len && i > 0 && !doc->blocks[i - 1].is_table &&
            cps(doc->blocks[i - 1].text, strlen(doc->blocks[i - 1].text)) <= 40) {
            nb_buf_puts(&name, doc->blocks[i - 1].text);
            if (!*year)
                *year = year_in(doc->blocks[i - 1].text);
        }
        nb_free(t);
        if (name.len) {
            /* Keep the office as printed (a space inside is the office's). */
            *office = nb_itext_trim(nb_buf_cstr(&name), name.len, true);
            nb_buf_free(&name);
            if (!*office)
                return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
        }
        nb_buf_free(&name);
        if (!*office || !**office)
            return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, (nb_pos){doc->name, b->line, 0},
                              "the title '%s' names no office: the title line should read "
                              "'OFFICE%d年度政府信息公开工作年度报告'",
                              b->text, *year ? *year : 2021);
        if (!*year)
            return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, (nb_pos){doc->name, b->line, 0},
                              "the title '%s' names no year (such as 2021年度)", b->text);
        return NB_OK;
    }
    return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, (nb_pos){doc->name, 0, 0},
                      "no title line naming a %s: is this an annual report on government "
                      "information disclosure?",
                      TITLE_MARK);
}

/* The prose key the layout prints after heading number `num` ("一"), or
 * NULL; with num NULL, the prose before the first heading (preamble). */
static const char *section_key(const nb_layout *l, const char *num)
{
    const char *cur = NULL; /* the current heading's number, NULL before any */
    char buf[32];
    for (size_t i = 0; i < l->nblocks; i++) {
        const nb_block *b = &l->blocks[i];
        if (b->kind == NB_BLK_HEADING && b->nlines) {
            cur = nb_text_h1(b->lines[0], buf, sizeof buf) ? buf : "";
            continue;
        }
        if (b->kind == NB_BLK_PROSE && b->key &&
            ((!num && !cur) || (num && cur && !strcmp(cur, num))))
            return b->key;
    }
    return NULL;
}

nb_status nb_import_prose(const nb_idoc *doc, size_t title, nb_draft *dr, nb_diags *d)
{
    const nb_layout *l = dr->layout;
    const char *key = section_key(l, NULL);
    for (size_t i = title + 1; i < doc->count; i++) {
        const nb_iblock *b = &doc->blocks[i];
        if (b->is_table || chrome_line(b->text))
            continue;
        int y, m, dd;
        if (date_line(b->text, &y, &m, &dd)) {
            dr->date_y = y;
            dr->date_m = m;
            dr->date_d = dd;
            break; /* the signature's date ends the report */
        }
        if (dr->office && i + 1 < doc->count && !doc->blocks[i + 1].is_table &&
            date_line(doc->blocks[i + 1].text, &y, &m, &dd)) {
            char *a = squeeze(b->text), *o = squeeze(dr->office);
            bool signature = a && o && !strcmp(a, o);
            nb_free(a);
            nb_free(o);
            if (signature)
                continue;
        }
        char num[32];
        size_t p1 = nb_text_h1(b->text, num, sizeof num);
        if (p1 && cps(b->text, strlen(b->text)) <= 40) {
            const char *k = section_key(l, num);
            if (!k)
                nb_diag_at(d, NB_WARNING, NB_ERR_SCHEMA, (nb_pos){doc->name, b->line, 0},
                           "heading '%s' matches no section of layout %s; what follows it is "
                           "not imported",
                           b->text, l->name);
            key = k;
            continue;
        }
        if (!key) {
            nb_diag_at(d, NB_WARNING, NB_ERR_SCHEMA, (nb_pos){doc->name, b->line, 0},
                       "paragraph '%.60s…' is in no section of layout %s; not imported", b->text,
                       l->name);
            continue;
        }
        nb_draft_section *s = nb_draft_section_get(dr, key);
        if (!s)
            return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
        int level;
        size_t head;
        nb_text_classify(b->text, b->lead, &level, &head);
        bool ok;
        if (!level) {
            ok = nb_draft_add(s, 0, NULL, b->text);
        } else {
            char *h = nb_strndup(b->text, head);
            const char *rest = b->text + head;
            while (*rest == ' ')
                rest++;
            ok = h && nb_draft_add(s, level, h, *rest ? rest : NULL);
            nb_free(h);
        }
        if (!ok)
            return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
    }
    return NB_OK;
}
