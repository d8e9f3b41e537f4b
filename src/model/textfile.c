/* Plain-text prose files (see textfile.h). */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/fileio.h"
#include "../util/utf8.h"
#include "cellmap.h"
#include "textfile.h"

#define TEXT_MAX (16u << 20) /* bytes of one prose file, as for YAML */
#define TITLE_MARK "政府信息公开工作年度报告"

static bool starts(const char *s, const char *prefix)
{
    return !strncmp(s, prefix, strlen(prefix));
}

static const char *const CN_DIGITS[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

/* Bytes of a run of Chinese numerals 一…十 at s. */
static size_t cn_numeral(const char *s)
{
    size_t n = 0;
    for (bool more = true; more;) {
        more = false;
        for (size_t i = 0; i < 10; i++)
            if (starts(s + n, CN_DIGITS[i])) {
                n += strlen(CN_DIGITS[i]);
                more = true;
                break;
            }
    }
    return n;
}

size_t nb_text_h1(const char *s, char *num, size_t size)
{
    size_t n = cn_numeral(s);
    if (!n || n >= size || !starts(s + n, "、"))
        return 0;
    memcpy(num, s, n);
    num[n] = 0;
    return n + strlen("、");
}

/* "（一）" or "(一)": bytes of the prefix, or 0. */
static size_t h2_prefix(const char *s)
{
    size_t open = starts(s, "（") ? strlen("（") : *s == '(' ? 1 : 0;
    if (!open)
        return 0;
    size_t n = cn_numeral(s + open);
    if (!n)
        return 0;
    const char *close = s + open + n;
    return starts(close, "）") ? open + n + strlen("）") : *close == ')' ? open + n + 1 : 0;
}

/* "1." "1．" "1、": bytes of the prefix, or 0. */
static size_t h3_prefix(const char *s)
{
    size_t n = 0;
    while (s[n] >= '0' && s[n] <= '9' && n < 3)
        n++;
    if (!n)
        return 0;
    if (s[n] == '.')
        return n + 1;
    if (starts(s + n, "．"))
        return n + strlen("．");
    if (starts(s + n, "、"))
        return n + strlen("、");
    return 0;
}

static size_t cps(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* Where the first sentence ends (after its 。 or ：) within `max` code
 * points; 0 when it does not. */
static size_t first_sentence(const char *s, size_t max)
{
    size_t count = 0;
    for (size_t i = 0; s[i] && count <= max; i++) {
        if (starts(s + i, "。") || starts(s + i, "："))
            return i + 3;
        if (s[i] == ':')
            return i + 1;
        count += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return 0;
}

static bool ends_sentence(const char *s, size_t len)
{
    return (len >= 3 && (!memcmp(s + len - 3, "。", 3) || !memcmp(s + len - 3, "：", 3))) ||
           (len >= 1 && s[len - 1] == ':');
}

void nb_text_classify(const char *text, size_t lead, int *level, size_t *head_len)
{
    size_t len = strlen(text);
    size_t p2 = h2_prefix(text), p3 = p2 ? 0 : h3_prefix(text);
    int numbered = p2 ? 2 : p3 ? 3 : 0;
    *level = 0;
    *head_len = 0;
    bool short_line = cps(text, len) <= 40 && !strstr(text, "。");
    if (lead >= len && short_line && (lead || numbered)) {
        *level = numbered ? numbered : 2; /* a stand-alone heading */
        *head_len = len;
        return;
    }
    if (lead && lead < len) {
        size_t h = lead;
        if (!ends_sentence(text, h) && (starts(text + h, "。") || starts(text + h, "：")))
            h += 3;
        if (ends_sentence(text, h)) {
            *level = numbered ? numbered : 3;
            *head_len = h;
            return;
        }
    }
    if (numbered && short_line) {
        *level = numbered;
        *head_len = len;
        return;
    }
    if (numbered == 2) {
        size_t h = first_sentence(text, 40);
        if (h && h < len) {
            *level = 2;
            *head_len = h;
        }
    }
}

/* ---- reading a file ------------------------------------------------------------ */

typedef struct tsec {
    nb_section *secs;
    size_t count, cap;
    size_t pcap; /* of the last section's paras */
} tsec;

static nb_section *new_section(tsec *t, const char *key, nb_pos pos)
{
    if (!nb_grow(&t->secs, t->count, 1, &t->cap, sizeof *t->secs))
        return NULL;
    nb_section *s = &t->secs[t->count];
    memset(s, 0, sizeof *s);
    if (!(s->key = nb_strdup(key)))
        return NULL;
    s->pos = pos;
    t->count++;
    t->pcap = 0;
    return s;
}

/* Drops the paragraphs of s from index `from` on. */
static void drop_paras(nb_section *s, size_t from)
{
    for (size_t j = from; j < s->count; j++) {
        nb_free(s->paras[j].head);
        nb_free(s->paras[j].text);
    }
    if (from < s->count)
        s->count = from;
}

static bool add_para(tsec *t, const char *line, size_t len, nb_pos pos)
{
    nb_section *s = &t->secs[t->count - 1];
    if (!nb_grow(&s->paras, s->count, 1, &t->pcap, sizeof *s->paras))
        return false;
    char *text = nb_strndup(line, len);
    if (!text)
        return false;
    int level;
    size_t head;
    nb_text_classify(text, 0, &level, &head);
    nb_para *p = &s->paras[s->count++];
    memset(p, 0, sizeof *p);
    p->pos = p->text_pos = pos;
    p->level = level;
    if (!level) {
        p->text = text;
        return true;
    }
    p->head = nb_strndup(text, head);
    const char *rest = text + head;
    while (*rest == ' ')
        rest++;
    p->text = *rest ? nb_strdup(rest) : NULL;
    bool ok = p->head && (!*rest || p->text);
    nb_free(text);
    return ok;
}

/* A line without leading and trailing white space (ASCII, U+3000, which
 * pasted Word paragraphs start with as their indent). */
static void trim(const char **s, size_t *len)
{
    while (*len && ((unsigned char)**s <= ' ' || starts(*s, "\xE3\x80\x80"))) {
        size_t w = (unsigned char)**s <= ' ' ? 1 : 3;
        *s += w;
        *len -= w;
    }
    while (*len && ((unsigned char)(*s)[*len - 1] <= ' ' ||
                    (*len >= 3 && !memcmp(*s + *len - 3, "\xE3\x80\x80", 3))))
        *len -= (unsigned char)(*s)[*len - 1] <= ' ' ? 1 : 3;
}

/* "2022年1月24日": a signature's date. */
static bool date_line(const char *s, size_t len)
{
    int y, m, d, n = 0;
    char buf[64];
    if (len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = 0;
    return sscanf(buf, "%4d年%2d月%2d日%n", &y, &m, &d, &n) == 3 && (size_t)n == len;
}

nb_status nb_text_read(const char *file, nb_pos at, bool sections, nb_section **out, size_t *count,
                       nb_diags *d)
{
    *out = NULL;
    *count = 0;
    nb_buf b = {0};
    nb_status s = nb_read_file(file, TEXT_MAX, at, &b, d);
    if (s) {
        nb_buf_free(&b);
        return s;
    }
    const char *text = b.data ? b.data : "";
    size_t len = b.len;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) { /* Notepad's BOM */
        text += 3;
        len -= 3;
    }
    size_t bad = nb_utf8_invalid_at(text, len);
    if (bad != (size_t)-1 || memchr(text, 0, len)) {
        nb_buf_free(&b);
        return nb_diag_at(d, NB_ERROR, NB_ERR_SYNTAX, at,
                          "%s is not UTF-8 text: save it as UTF-8 (in Notepad: 另存为, 编码 UTF-8)",
                          file);
    }
    tsec t = {0};
    bool ok = new_section(&t, "", (nb_pos){file, 1, 1}) != NULL;
    int line = 0;
    bool body = !sections; /* past the first 一、 heading of a text-file */
    for (const char *p = text, *end = text + len; ok && p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        const char *ln = p;
        size_t n = (size_t)(e - p);
        p = nl ? nl + 1 : end;
        line++;
        trim(&ln, &n);
        if (!n)
            continue;
        nb_pos pos = {file, line, 1};
        char num[32];
        if (sections) {
            if (!body && memmem(ln, n, TITLE_MARK, strlen(TITLE_MARK))) {
                /* The title: it and the lines above it (the office's name
                 * on a line of its own) are not prose. */
                drop_paras(&t.secs[t.count - 1], 0);
                continue;
            }
            if (date_line(ln, n)) {
                /* The signature's date ends the report; the name above it
                 * (a short line without 。) is the signature's. */
                nb_section *last = &t.secs[t.count - 1];
                const nb_para *sig = last->count ? &last->paras[last->count - 1] : NULL;
                if (sig && !sig->level && sig->text && cps(sig->text, strlen(sig->text)) <= 30 &&
                    !strstr(sig->text, "。") && !strstr(sig->text, "，"))
                    drop_paras(last, last->count - 1);
                break;
            }
            size_t h1 = nb_text_h1(ln, num, sizeof num);
            if (h1 && cps(ln, n) <= 40) {
                body = true;
                ok = new_section(&t, num, pos) != NULL;
                continue;
            }
        }
        ok = add_para(&t, ln, n, pos);
    }
    nb_buf_free(&b);
    if (!ok) {
        for (size_t i = 0; i < t.count; i++) {
            for (size_t j = 0; j < t.secs[i].count; j++) {
                nb_free(t.secs[i].paras[j].head);
                nb_free(t.secs[i].paras[j].text);
            }
            nb_free(t.secs[i].paras);
            nb_free(t.secs[i].key);
        }
        nb_free(t.secs);
        return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, at, "out of memory");
    }
    /* A text-file without a preamble has an empty "" section: drop it. A
     * line before the signature that is only the office stays prose. */
    if (sections && t.count > 1 && !t.secs[0].count) {
        nb_free(t.secs[0].key);
        memmove(t.secs, t.secs + 1, (t.count - 1) * sizeof *t.secs);
        t.count--;
    }
    *out = t.secs;
    *count = t.count;
    return NB_OK;
}

/* ---- the layout's keys for numbered sections ------------------------------------------ */

/* The prose key printed after the heading numbered `num` ("" = before any
 * heading), or NULL. */
static const char *key_for(const nb_layout *l, const char *num)
{
    char cur[32] = "";
    bool any = false;
    for (size_t i = 0; i < l->nblocks; i++) {
        const nb_block *b = &l->blocks[i];
        if (b->kind == NB_BLK_HEADING && b->nlines) {
            any = true;
            if (!nb_text_h1(b->lines[0], cur, sizeof cur))
                cur[0] = 0;
            continue;
        }
        if (b->kind == NB_BLK_PROSE && b->key && (*num ? any && !strcmp(cur, num) : !any))
            return b->key;
    }
    return NULL;
}

static bool numbered(const char *key) { return !*key || (unsigned char)*key >= 0x80; }

nb_status nb_data_prose_view(const nb_layout *l, const nb_data *data, nb_data *view,
                             nb_section **owned, nb_diags *d)
{
    *view = *data;
    *owned = NULL;
    bool any = false;
    for (size_t i = 0; i < data->nsections; i++)
        any |= data->sections[i].key && numbered(data->sections[i].key);
    if (!any)
        return NB_OK;
    nb_section *secs = nb_calloc(data->nsections + 1, sizeof *secs);
    if (!secs)
        return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
    nb_status first = NB_OK;
    for (size_t i = 0; i < data->nsections; i++) {
        secs[i] = data->sections[i];
        const char *k = secs[i].key;
        if (!k || !numbered(k))
            continue;
        const char *key = key_for(l, k);
        if (!key) {
            nb_status s = nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, secs[i].pos,
                                     *k ? "section %s、 of the text file matches no section "
                                          "of layout '%s' (it prints no text after a heading "
                                          "numbered %s)"
                                        : "the text file has text before 一、 but layout '%s' "
                                          "prints no preamble%s",
                                     *k ? k : l->name, *k ? l->name : "", *k ? k : "");
            if (!first)
                first = s;
            continue;
        }
        secs[i].key = (char *)key; /* borrowed from the layout for the view's life */
        for (size_t j = 0; j < data->nsections; j++)
            if (j != i && data->sections[j].key && !strcmp(data->sections[j].key, key)) {
                nb_status s = nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, secs[i].pos,
                                         "section '%s' is given twice: in the text file and "
                                         "under text: (line %d); keep one",
                                         key, data->sections[j].pos.line);
                if (!first)
                    first = s;
            }
    }
    view->sections = secs;
    *owned = secs;
    return first;
}
