/* Drafts of data files and how they are written (see draft.h). */
#include <stdio.h>
#include <string.h>

#include "../model/table.h"
#include "../util/alloc.h"
#include "draft.h"

nb_status nb_draft_init(nb_draft *dr, const nb_layout *layout)
{
    memset(dr, 0, sizeof *dr);
    dr->layout = layout;
    if (nb_cellmap_build(layout, &dr->map))
        return NB_ERR_NOMEM;
    dr->values = nb_calloc(dr->map.nrows + 1, sizeof *dr->values);
    dr->row_notes = nb_calloc(dr->map.nrows + 1, sizeof *dr->row_notes);
    if (!dr->values || !dr->row_notes) {
        nb_draft_free(dr);
        return NB_ERR_NOMEM;
    }
    for (size_t i = 0; i < dr->map.nrows; i++)
        if (!(dr->values[i] = nb_calloc((size_t)dr->map.rows[i].ncols + 1, sizeof(char *)))) {
            nb_draft_free(dr);
            return NB_ERR_NOMEM;
        }
    return NB_OK;
}

void nb_draft_free(nb_draft *dr)
{
    for (size_t i = 0; i < dr->nsections; i++) {
        nb_draft_section *s = &dr->sections[i];
        for (size_t j = 0; j < s->count; j++) {
            nb_free(s->paras[j].head);
            nb_free(s->paras[j].text);
        }
        nb_free(s->paras);
        nb_free(s->key);
    }
    nb_free(dr->sections);
    for (size_t i = 0; i < dr->map.nrows; i++) {
        for (int j = 0; dr->values && dr->values[i] && j < dr->map.rows[i].ncols; j++)
            nb_free(dr->values[i][j]);
        if (dr->values)
            nb_free(dr->values[i]);
        if (dr->row_notes)
            nb_free(dr->row_notes[i]);
    }
    nb_free(dr->values);
    nb_free(dr->row_notes);
    nb_cellmap_free(&dr->map);
    nb_free(dr->office);
    nb_free(dr->previous);
    nb_free(dr->origin);
    memset(dr, 0, sizeof *dr);
}

nb_draft_section *nb_draft_section_get(nb_draft *dr, const char *key)
{
    for (size_t i = 0; i < dr->nsections; i++)
        if (!strcmp(dr->sections[i].key, key))
            return &dr->sections[i];
    if (!nb_grow(&dr->sections, dr->nsections, 1, &dr->cap, sizeof *dr->sections))
        return NULL;
    nb_draft_section *s = &dr->sections[dr->nsections];
    memset(s, 0, sizeof *s);
    if (!(s->key = nb_strdup(key)))
        return NULL;
    dr->nsections++;
    return s;
}

bool nb_draft_add(nb_draft_section *s, int level, const char *head, const char *text)
{
    if (!nb_grow(&s->paras, s->count, 1, &s->cap, sizeof *s->paras))
        return false;
    nb_draft_para *p = &s->paras[s->count];
    p->level = level;
    p->head = head ? nb_strdup(head) : NULL;
    p->text = text ? nb_strdup(text) : NULL;
    if ((head && !p->head) || (text && !p->text)) {
        nb_free(p->head);
        nb_free(p->text);
        return false;
    }
    s->count++;
    return true;
}

static bool find_cell(const nb_draft *dr, const char *key, size_t *row, int *col)
{
    for (size_t i = 0; i < dr->map.nrows; i++)
        for (int j = 0; j < dr->map.rows[i].ncols; j++)
            if (!strcmp(dr->map.rows[i].cols[j].key, key)) {
                *row = i;
                *col = j;
                return true;
            }
    return false;
}

bool nb_draft_set(nb_draft *dr, const char *key, const char *value)
{
    size_t r;
    int c;
    if (!find_cell(dr, key, &r, &c))
        return false;
    char *v = nb_strdup(value);
    if (!v)
        return false;
    nb_free(dr->values[r][c]);
    dr->values[r][c] = v;
    return true;
}

const char *nb_draft_get(const nb_draft *dr, const char *key)
{
    size_t r;
    int c;
    return find_cell(dr, key, &r, &c) ? dr->values[r][c] : NULL;
}

/* ---- writing --------------------------------------------------------------- */

void nb_yaml_quote(nb_buf *out, const char *s)
{
    nb_buf_putc(out, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            nb_buf_printf(out, "\\%c", *p);
        else if (*p == '\n')
            nb_buf_puts(out, "\\n");
        else if (*p == '\t')
            nb_buf_puts(out, "\\t");
        else if (*p < 0x20 || *p == 0x7f)
            nb_buf_printf(out, "\\x%02x", *p);
        else
            nb_buf_putc(out, (char)*p);
    }
    nb_buf_putc(out, '"');
}

/* A figure as written: plain when YAML reads it back as the same text
 * (digits, sign, decimal point), else quoted; "" is an explicit blank. */
static void put_value(nb_buf *out, const char *v)
{
    if (!v) {
        nb_buf_puts(out, NB_DRAFT_UNFILLED);
        return;
    }
    if (!*v) {
        nb_buf_putc(out, '~');
        return;
    }
    const char *p = v + (*v == '-');
    bool plain = *p >= '0' && *p <= '9' && strlen(v) < 40;
    for (; *p && plain; p++)
        plain = (*p >= '0' && *p <= '9') || *p == '.';
    if (plain && !(v[0] == '0' && v[1] >= '0' && v[1] <= '9')) /* 007 would read as octal-ish */
        nb_buf_puts(out, v);
    else
        nb_yaml_quote(out, v);
}

/* What belongs in each of the format's prose sections (国办公开办函〔2021〕30号
 * and practice, as summarised in the project's format notes), as the one-line comment above
 * it. Keys a layout has beyond these get their heading only. */
static const char *section_help(const char *key)
{
    static const char *const help[][2] = {
        {"preamble",
         "开篇（不编号）：编制依据（《条例》、年报格式通知）、报告包括的六部分、统计期限"
         "（1月1日至12月31日）、电子版下载网址和联系方式"},
        {"overview", "主动公开、依申请公开、政府信息管理、平台建设、监督保障，通常各一个 h2: "
                     "（一）至（五）小标题"},
        {"active", "可选：表二前的说明；不需要就删去这一项"},
        {"requests", "可选：表三前的说明；不需要就删去这一项"},
        {"reviews", "可选：表四前的说明；不需要就删去这一项"},
        {"problems", "存在的主要问题、改进措施及上一年度问题的整改情况（不宜只写“无”）"},
        {"other", "信息处理费收取情况、人大代表建议和政协提案办理结果公开、年度政务公开工作要点"
                  "落实情况等；没有则写“无”"},
    };
    for (size_t i = 0; i < sizeof help / sizeof *help; i++)
        if (!strcmp(help[i][0], key))
            return help[i][1];
    return NULL;
}

static const nb_draft_section *draft_section(const nb_draft *dr, const char *key)
{
    for (size_t i = 0; i < dr->nsections; i++)
        if (!strcmp(dr->sections[i].key, key))
            return &dr->sections[i];
    return NULL;
}

static void put_para(nb_buf *out, const nb_draft_para *p)
{
    if (p->level == 0) {
        nb_buf_puts(out, "    - ");
        nb_yaml_quote(out, p->text ? p->text : "");
        nb_buf_putc(out, '\n');
        return;
    }
    nb_buf_printf(out, "    - h%d: ", p->level);
    nb_yaml_quote(out, p->head ? p->head : "");
    nb_buf_putc(out, '\n');
    if (p->text) {
        nb_buf_puts(out, "      text: ");
        nb_yaml_quote(out, p->text);
        nb_buf_putc(out, '\n');
    }
}

static void put_sections(const nb_draft *dr, nb_buf *out)
{
    const nb_layout *l = dr->layout;
    nb_buf_puts(out, "text:\n");
    for (size_t i = 0; i < l->nblocks; i++) {
        const nb_block *b = &l->blocks[i];
        if (b->kind != NB_BLK_PROSE || !b->key)
            continue;
        const nb_draft_section *s = draft_section(dr, b->key);
        const char *heading = NULL;
        char num[32];
        nb_layout_section_of(l, b->key, &heading, num, sizeof num);
        const char *help = section_help(b->key);
        /* Optional notes before a table are offered, not imposed. */
        bool offer_only = b->optional && (heading || dr->omit_empty_optional) && (!s || !s->count);
        nb_buf_printf(out, "  # %s%s%s\n", heading ? heading : "", heading && help ? "：" : "",
                      help ? help : "");
        if (s && s->carried && s->count)
            nb_buf_printf(out, "  # (沿用%d年报告原文：改写前 nianbao check 会提示它与上年相同)\n",
                          dr->from_year);
        if (offer_only) {
            nb_buf_printf(out, "  # %s: []\n", b->key);
            continue;
        }
        nb_buf_printf(out, "  %s:", b->key);
        if (!s || !s->count) {
            nb_buf_puts(out, " []\n");
            continue;
        }
        nb_buf_putc(out, '\n');
        for (size_t j = 0; j < s->count; j++)
            put_para(out, &s->paras[j]);
    }
}

static void put_figures(const nb_draft *dr, nb_buf *out)
{
    const nb_layout *l = dr->layout;
    nb_buf_puts(out, "figures:\n");
    size_t table = (size_t)-1, group = (size_t)-1;
    for (size_t i = 0; i < dr->map.nrows; i++) {
        const nb_maprow *r = &dr->map.rows[i];
        if (r->table != table) {
            const char *heading = NULL;
            char num[32];
            const nb_table *t = &l->tables[r->table];
            nb_layout_section_of(l, t->id, &heading, num, sizeof num);
            nb_buf_printf(out, "%s  # 表%s %s\n", i ? "\n" : "", heading ? num : t->id,
                          heading ? heading : "");
            table = r->table;
            group = (size_t)-1;
        }
        if (r->group != group) {
            char *cols = nb_maprow_columns(r);
            nb_buf_printf(out, "  # %s%s%s\n", r->caption ? r->caption : "",
                          r->caption ? " — " : "", cols ? cols : "");
            nb_free(cols);
            group = r->group;
        }
        nb_buf_printf(out, "  %s: [", r->rowkey);
        bool any = false;
        for (int j = 0; j < r->ncols; j++)
            any |= dr->values[i][j] != NULL;
        for (int j = 0; any && j < r->ncols; j++) {
            if (j)
                nb_buf_puts(out, ", ");
            put_value(out, dr->values[i][j]);
        }
        nb_buf_putc(out, ']');
        const char *sep = "  # ";
        for (int k = 0; k < r->nlabels; k++) {
            nb_buf_printf(out, "%s%s", sep, r->labels[k]);
            sep = " › ";
        }
        if (dr->row_notes[i])
            nb_buf_printf(out, "%s%s", r->nlabels ? "; " : "  # ", dr->row_notes[i]);
        nb_buf_putc(out, '\n');
    }
}

void nb_draft_write(const nb_draft *dr, nb_buf *out)
{
    if (dr->origin)
        nb_buf_printf(out, "# %s\n", dr->origin);
    nb_buf_puts(out, "# Fill in every [], ~ date and " NB_DRAFT_UNFILLED
                     " (render refuses the file until they are), then:\n"
                     "#   nianbao check THIS.yaml && nianbao render THIS.yaml -o report.pdf\n"
                     "# A row list gives its cells in the column order of the comment above it;\n"
                     "# ~ is a cell left blank on purpose. `nianbao keys` lists every cell.\n");
    nb_buf_printf(out, "layout: %s\n", dr->layout->name);
    nb_buf_puts(out, "office: ");
    if (dr->office)
        nb_yaml_quote(out, dr->office);
    else
        nb_buf_puts(out, "\"\"");
    nb_buf_printf(out, "\nyear: %d\n", dr->year);
    if (dr->date_y)
        nb_buf_printf(out, "date: %04d-%02d-%02d  # 成文日期\n", dr->date_y, dr->date_m,
                      dr->date_d);
    else
        nb_buf_printf(out, "date: ~  # 成文日期, the day it is signed, e.g. %d-01-20\n",
                      dr->year + 1);
    if (dr->previous) {
        nb_buf_puts(out, "previous: ");
        nb_yaml_quote(out, dr->previous);
        nb_buf_puts(out, "  # last year's data: check and render run the cross-year rules\n");
    }
    put_sections(dr, out);
    put_figures(dr, out);
}
