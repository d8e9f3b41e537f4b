/* Unit tests for src/parse (YAML tree, typed accessors) and the layout and
 * data loaders in src/model.
 *
 * Usage: test_parse [BAD_DIR]
 * BAD_DIR is tests/bad (default: ./tests/bad, then NB_SOURCE_HOME/tests/bad
 * when that macro is defined); each file there declares on its first line
 *   # expect: <status-name> <line>:<col>
 * and is loaded as a data file (data-*.yaml) or a layout (layout-*.yaml).
 * The last line printed is "N passed, N failed"; the exit status is 0 only
 * when nothing failed. */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "model/data.h"
#include "model/layout.h"
#include "parse/yaml_tree.h"
#include "util/alloc.h"
#include "util/units.h"

/* mm → millipoints, rounded to nearest: mm * 72000 / 25.4. */
static nb_mpt mpt_mm(double mm)
{
    double v = mm * 72000.0 / 25.4;
    return (nb_mpt)(v < 0 ? v - 0.5 : v + 0.5);
}

/* Checks status, first error's code and position, and a message excerpt. */
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

/* ---- temp files ------------------------------------------------------- */

static char tmpdir[256];

static void write_file(const char *dir, const char *name, const char *text, size_t len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(2);
    }
    fwrite(text, 1, len, f);
    fclose(f);
}

static void write_text(const char *name, const char *text)
{
    write_file(tmpdir, name, text, strlen(text));
}

static void tmp_path(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", tmpdir, name);
}

static void remove_tree(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return;
    struct dirent *e;
    char path[1024];
    while ((e = readdir(dp))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat sb;
        if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
            remove_tree(path);
        else
            unlink(path);
    }
    closedir(dp);
    rmdir(dir);
}

/* ---- fixtures --------------------------------------------------------- */

static const char roles_yaml[] =
    "roles:\n"
    "  fangsong:\n"
    "    - family: FangSong\n"
    "    - file: /abs/fs.ttf\n"
    "  hei: [{family: SimHei}]\n"
    "  kai: [{family: Kai Old}]\n"
    "  song: [{family: SimSun}]\n"
    "  title: [{family: FZXiaoBiaoSong-B05S}, {file: sub/t.ttc, index: 2}]\n";

/* Lines 24-32 of the layout below. */
#define DOCUMENT                                                                                   \
    "document:\n"                                                                                  \
    "  - title: [\"{office}\", \"{year}年度政府信息公开工作年度报告\"]\n"            \
    "  - space: 1\n"                                                                               \
    "  - paragraph: \"本报告根据《条例》编制。\"\n"                                    \
    "  - heading: 一、总体情况\n"                                                            \
    "  - prose: overview\n"                                                                        \
    "  - table: active\n"                                                                          \
    "  - signature: { name: \"{office}\", date: \"{date}\" }\n"                                    \
    "    optional: true\n"

static const char layout_yaml[] =
    "name: annual-report-2021\n"
    "fonts: roles.yaml\n"
    "font-roles:\n"
    "  kai:\n"
    "    - family: KaiTi\n"
    "    - file: fonts/kai.ttf\n"
    "      index: 1\n"
    "page:\n"
    "  size: [210mm, 297mm]\n"
    "  text-block: { top: 37mm, left: 28mm, width: 156mm, height: 225mm }\n"
    "  lines-per-page: 22\n"
    "  page-number: { style: pagenum, format: \"— {n} —\", below: 7mm, indent: 1em,\n"
    "                 position: outer }\n"
    "  body-style: body\n"
    "styles:\n"
    "  title: { font: title, size: 22pt, align: center, line-pitch: 29.6pt }\n"
    "  h1: { font: hei, size: 16pt, indent: 2em, keep-with-next: true, outline: 1 }\n"
    "  h2: { font: kai, size: 16pt, indent: 2em, outline: 2 }\n"
    "  h3: { font: fangsong, size: 16pt, indent: 2em }\n"
    "  body: { font: fangsong, size: 16pt, indent: 2em, chars-per-line: 28 }\n"
    "  signature: { font: fangsong, size: 16pt, align: right, space-before: 2 }\n"
    "  pagenum: { font: song, size: 14pt }\n"
    "prose: { paragraph: body, h2: h2, h3: h3 }\n" DOCUMENT "tables:\n"
    "  active: { style: body, groups: [{ columns: [{ label: 数量, key: count }] }] }\n";

static const char data_yaml[] = "layout: annual-report-2021\n"
                                "office: 繁峙县人民政府办公室\n"
                                "year: 2021\n"
                                "date: 2022-01-24\n"
                                "text:\n"
                                "  overview:\n"
                                "    - \"2021年，在县委、县政府的正确领导下 ，认真贯彻落实。  \"\n"
                                "    - h2: （一）主动公开情况\n"
                                "    - h2: （二）依申请公开情况。\n"
                                "      text: 2021年县人民政府办公室未收到依申请公开件。\n"
                                "    - h3: 1.标题\n"
                                "  six:\n"
                                "    - 无\n"
                                "figures:\n"
                                "  fee: 24252.311082\n"
                                "  delta: -18\n"
                                "  slash: /\n"
                                "  blank:\n"
                                "  quoted: \"0012\"\n";

/* Loads layout text written to <tmp>/NAME next to roles.yaml. */
static nb_status load_layout_text(const char *name, const char *text, nb_layout **out, nb_diags *d)
{
    char path[512];
    write_text(name, text);
    tmp_path(path, sizeof path, name);
    return nb_layout_load(path, out, d);
}

/* Replaces the first `from` in the valid layout with `to`. */
static char *layout_with(const char *from, const char *to)
{
    const char *at = strstr(layout_yaml, from);
    if (!at) {
        fprintf(stderr, "fixture has no '%s'\n", from);
        exit(2);
    }
    size_t a = (size_t)(at - layout_yaml), n = strlen(layout_yaml);
    char *s = malloc(n - strlen(from) + strlen(to) + 1);
    memcpy(s, layout_yaml, a);
    strcpy(s + a, to);
    strcat(s, at + strlen(from));
    return s;
}

/* ---- YAML tree -------------------------------------------------------- */

static void test_tree(void)
{
    nb_diags d;
    nb_diags_init(&d);
    nb_ydoc *doc;
    const char *src = "a: 中文\nb: 'q'\nc:\n  - x\n  - {k: v}\n";
    nb_status st = nb_ydoc_load_mem("t.yaml", src, strlen(src), &doc, &d);
    if (CHECK(st == NB_OK)) {
        const nb_ynode *r = doc->root;
        CHECK(r->kind == NB_Y_MAP && r->count == 3);
        const nb_ynode *a = nb_y_get(r, "a"), *b = nb_y_get(r, "b");
        CHECK(a && a->plain && strcmp(a->str, "中文") == 0 && a->line == 1 && a->col == 4);
        CHECK(b && !b->plain && strcmp(b->str, "q") == 0);
        const nb_ynode *c = nb_y_get(r, "c");
        CHECK(c && c->kind == NB_Y_SEQ && c->count == 2 && c->line == 4 && c->col == 3);
        CHECK(c && c->items[1]->kind == NB_Y_MAP && c->items[1]->col == 5);
        CHECK(nb_y_get(r, "zz") == NULL);
        nb_pos p = nb_y_pos(doc, a);
        CHECK(strcmp(p.file, "t.yaml") == 0 && p.line == 1);
        nb_ydoc_free(doc);
    }
    CHECK(d.count == 0);
    /* A UTF-8 byte order mark is skipped and takes no column, as in libyaml. */
    src = "\xEF\xBB\xBF"
          "a: x\nb: y\n";
    if (CHECK(nb_ydoc_load_mem("bom.yaml", src, strlen(src), &doc, &d) == NB_OK)) {
        const nb_ynode *a = doc->root->pairs[0].key;
        CHECK(nb_y_str_is(a, "a") && a->col == 1 && nb_y_get(doc->root, "b")->col == 4);
        nb_ydoc_free(doc);
    }
    src = "\xEF\xBB\xBF"
          "a: \xB7\xB1\n";
    CHECK(nb_ydoc_load_mem("gbk.yaml", src, strlen(src), &doc, &d) == NB_ERR_SYNTAX && !doc);
    CHECK(d.count == 1 && d.items[0].line == 1 && d.items[0].col == 4 &&
          strstr(d.items[0].msg, "byte 0xB7") && strstr(d.items[0].msg, "saved as UTF-8"));
    nb_diags_free(&d);
}

static void test_lengths(void)
{
    static const struct {
        const char *text;
        unsigned flags;
        nb_status st;
        int32_t value;
        bool em;
    } cases[] = {
        {"37mm", 0, NB_OK, 104882, false},
        {"16pt", 0, NB_OK, 16000, false},
        {"2.5cm", 0, NB_OK, 70866, false},
        {"1in", 0, NB_OK, 72000, false},
        {"29.6pt", 0, NB_OK, 29600, false},
        {"2em", NB_YLEN_EM, NB_OK, 2000, true},
        {"0", 0, NB_OK, 0, false},
        {"-1em", NB_YLEN_EM | NB_YLEN_NEGATIVE, NB_OK, -1000, true},
        {"0.5mm", 0, NB_OK, 1417, false},
        {"2em", 0, NB_ERR_SCHEMA, 0, false},
        {"-3mm", 0, NB_ERR_SCHEMA, 0, false},
        {"0mm", NB_YLEN_POSITIVE, NB_ERR_SCHEMA, 0, false},
        {"16", 0, NB_ERR_SCHEMA, 0, false},
        {"1.5.3mm", 0, NB_ERR_SCHEMA, 0, false},
        {"3.mm", 0, NB_ERR_SCHEMA, 0, false},
        {"mm", 0, NB_ERR_SCHEMA, 0, false},
        {"12 pt", 0, NB_ERR_SCHEMA, 0, false},
        {"\"16pt\"", 0, NB_ERR_SCHEMA, 0, false},
        {"10000000pt", 0, NB_ERR_SCHEMA, 0, false},
        {"1234567890123mm", 0, NB_ERR_SCHEMA, 0, false},
    };
    CHECK(mpt_mm(37) == 104882);
    CHECK(NB_MM(37) == 104882);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char src[64];
        snprintf(src, sizeof src, "v: %s\n", cases[i].text);
        nb_diags d;
        nb_diags_init(&d);
        nb_ydoc *doc;
        nb_length len = {-7, false};
        nb_status st = nb_ydoc_load_mem("len.yaml", src, strlen(src), &doc, &d);
        if (st == NB_OK) {
            st = nb_y_length(doc, nb_y_get(doc->root, "v"), "v", cases[i].flags, &len, &d);
            nb_ydoc_free(doc);
        }
        int ok = st == cases[i].st &&
                 (st != NB_OK || (len.value == cases[i].value && len.em == cases[i].em));
        if (!check_at(ok, __FILE__, __LINE__, "%s", cases[i].text))
            fprintf(stderr, "  got %s value %d em %d\n", nb_status_name(st), len.value, len.em);
        if (st != NB_OK)
            CHECK(d.count == 1 && d.items[0].line == 1 && d.items[0].col == 4);
        nb_diags_free(&d);
    }
}

static void test_converters(void)
{
    nb_diags d;
    nb_diags_init(&d);
    nb_ydoc *doc;
    const char *src = "t: true\nf: false\ny: yes\nn: -42\nq: \"7\"\nbig: 99999999999999999999\n"
                      "m: {a: 1}\ne:\ns: ''\n";
    if (!CHECK(nb_ydoc_load_mem("c.yaml", src, strlen(src), &doc, &d) == NB_OK))
        return;
    const nb_ynode *r = doc->root;
    bool b = false;
    int i = 0;
    char *s = NULL;
    CHECK(nb_y_bool(doc, nb_y_get(r, "t"), "t", &b, &d) == NB_OK && b);
    CHECK(nb_y_bool(doc, nb_y_get(r, "f"), "f", &b, &d) == NB_OK && !b);
    CHECK(nb_y_bool(doc, nb_y_get(r, "y"), "y", &b, &d) == NB_ERR_SCHEMA);
    CHECK(nb_y_int(doc, nb_y_get(r, "n"), "n", -100, 100, &i, &d) == NB_OK && i == -42);
    CHECK(nb_y_int(doc, nb_y_get(r, "n"), "n", 0, 100, &i, &d) == NB_ERR_SCHEMA);
    CHECK(nb_y_int(doc, nb_y_get(r, "q"), "q", 0, 100, &i, &d) == NB_ERR_SCHEMA);
    CHECK(nb_y_int(doc, nb_y_get(r, "big"), "big", 0, 100, &i, &d) == NB_ERR_SCHEMA);
    CHECK(nb_y_string(doc, nb_y_get(r, "m"), "m", &s, &d) == NB_ERR_SCHEMA && !s);
    CHECK(nb_y_string(doc, nb_y_get(r, "e"), "e", &s, &d) == NB_ERR_SCHEMA && !s);
    CHECK(nb_y_string(doc, nb_y_get(r, "s"), "s", &s, &d) == NB_OK && s && !*s);
    nb_free(s);
    CHECK(nb_y_name(doc, nb_y_get(r, "s"), "s", &s, &d) == NB_ERR_SCHEMA && !s);
    CHECK(d.count == 7);
    CHECK(d.count > 2 && strcmp(d.items[0].msg, "'y' must be true or false, found 'yes'") == 0);
    CHECK(d.count > 4 && strcmp(d.items[2].msg, "'q' must be an integer, found '7'") == 0);
    CHECK(d.count > 4 && strcmp(d.items[4].msg, "'m' must be a string, found a mapping") == 0);
    static const char *const allowed[] = {"t", "f", NULL};
    nb_diags_free(&d);
    CHECK(nb_y_check_keys(doc, r, "test", allowed, &d) == NB_ERR_SCHEMA);
    CHECK(d.count == 7 && d.items[0].line == 3 && d.items[0].col == 1 &&
          strcmp(d.items[0].msg, "unknown key 'y' in test; expected one of: t, f") == 0);
    nb_diags_free(&d);
    const nb_ynode *v;
    CHECK(nb_y_require(doc, nb_y_get(r, "m"), "b", "m", &v, &d) == NB_ERR_SCHEMA && !v);
    CHECK(d.count == 1 && d.items[0].line == 7 && d.items[0].col == 4 &&
          strcmp(d.items[0].msg, "missing required key 'b' in m") == 0);
    nb_diags_free(&d);
    nb_ydoc_free(doc);
}

/* YAML-level errors through the data loader (file name "d.yaml"). */
static void data_error(const char *src, size_t len, nb_status want, int line, int col,
                       const char *excerpt, int src_line)
{
    nb_diags d;
    nb_diags_init(&d);
    nb_data *data = (nb_data *)&d; /* must be reset to NULL */
    nb_status st = nb_data_load_mem("d.yaml", src, len, &data, &d);
    CHECK(data == NULL);
    char label[64];
    snprintf(label, sizeof label, "%.*s", (int)(len < 60 ? len : 60), src);
    expect_error(label, &d, st, want, line, col, excerpt, src_line);
    nb_diags_free(&d);
}

#define DATA_ERR(src, want, line, col, excerpt)                                                    \
    data_error(src, sizeof(src) - 1, want, line, col, excerpt, __LINE__)

static void test_yaml_errors(void)
{
    DATA_ERR("layout: x\noffice: [a, b\nyear: 2021\n", NB_ERR_SYNTAX, 3, 5,
             "invalid YAML: did not find expected ',' or ']'");
    DATA_ERR("layout: x\ntext:\n\toverview: []\n", NB_ERR_SYNTAX, 3, 1,
             "found character that cannot start any token");
    DATA_ERR("layout: x\noffice: 中\xff\nyear: 2021\n", NB_ERR_SYNTAX, 2, 10,
             "invalid UTF-8 (byte 0xFF)");
    DATA_ERR("layout: x\r\noffice: a\xc3\r\n", NB_ERR_SYNTAX, 2, 10, "invalid UTF-8");
    DATA_ERR("layout: x\0\n", NB_ERR_SYNTAX, 1, 10, "NUL byte in input");
    DATA_ERR("layout: \"a\\0b\"\n", NB_ERR_SYNTAX, 1, 9, "NUL character in string");
    DATA_ERR("layout: x\noffice: \x01\n", NB_ERR_SYNTAX, 2, 9, "control characters");
    DATA_ERR("layout: &a x\noffice: y\n", NB_ERR_SYNTAX, 1, 9, "anchors and aliases");
    DATA_ERR("layout: x\noffice: *a\n", NB_ERR_SYNTAX, 2, 9, "aliases are not supported");
    DATA_ERR("layout: !!str x\n", NB_ERR_SYNTAX, 1, 9, "tags are not supported");
    DATA_ERR("layout: x\n---\nlayout: y\n", NB_ERR_SYNTAX, 2, 1, "more than one document");
    DATA_ERR("", NB_ERR_SYNTAX, 1, 1, "empty document");
    DATA_ERR("# only a comment\n", NB_ERR_SYNTAX, 1, 1, "empty document");
    DATA_ERR("---\n", NB_ERR_SYNTAX, 1, 1, "empty document");
    DATA_ERR("layout: x\noffice: y\nyear: 2021\noffice: z\n", NB_ERR_SCHEMA, 4, 1,
             "duplicate key 'office' (first defined at line 2)");
    DATA_ERR("? [a]\n: b\n", NB_ERR_SCHEMA, 1, 3, "mapping keys must be plain strings");
    DATA_ERR("- a\n- b\n", NB_ERR_SCHEMA, 1, 1, "the document must be a mapping");

    /* 200 levels: the root mapping is level 1, so the 64th '[' (column 67)
     * opens level 65. */
    char deep[512] = "a: ";
    for (int i = 0; i < 200; i++)
        strcat(deep, "[");
    for (int i = 0; i < 200; i++)
        strcat(deep, "]");
    strcat(deep, "\n");
    data_error(deep, strlen(deep), NB_ERR_LIMIT, 1, 67, "nesting deeper than 64 levels", __LINE__);

    /* Duplicate in a mapping large enough for the hash index. */
    char *big = malloc(100 * 16 + 32);
    big[0] = '\0';
    for (int i = 0; i < 100; i++)
        sprintf(big + strlen(big), "k%d: %d\n", i, i);
    strcat(big, "k17: again\n");
    data_error(big, strlen(big), NB_ERR_SCHEMA, 101, 1,
               "duplicate key 'k17' (first defined at line 18)", __LINE__);
    free(big);

    /* Node limit: a flat sequence with one node too many. */
    size_t n = NB_YAML_MAX_NODES, cap = 2 * n + 16;
    char *many = malloc(cap);
    strcpy(many, "a: [");
    size_t o = 4;
    for (size_t i = 0; i < n; i++) {
        many[o++] = '1';
        many[o++] = ',';
    }
    many[o - 1] = ']';
    many[o++] = '\n';
    /* Nodes: the mapping, 'a', the sequence, then items; item k (1-based)
     * starts at column 5 + 2 (k - 1), and item n - 2 is node n + 1. */
    data_error(many, o, NB_ERR_LIMIT, 1, 5 + 2 * (int)(n - 3), "more than 262144 YAML nodes",
               __LINE__);
    free(many);
}

/* Schema errors in data files. */
static void test_data_errors(void)
{
    DATA_ERR("layout: x\noffice: y\nyear: 2021\nfoo: 1\n", NB_ERR_SCHEMA, 4, 1,
             "unknown key 'foo' in data file; expected one of: layout, office, year, "
             "date, title, signature, headings, text, figures");
    DATA_ERR("layout: x\noffice: y\nyear: twenty\n", NB_ERR_SCHEMA, 3, 7,
             "'year' must be an integer, found 'twenty'");
    DATA_ERR("layout: x\noffice: y\nyear: 1800\n", NB_ERR_SCHEMA, 3, 7,
             "'year' must be between 1900 and 2999, found 1800");
    DATA_ERR("layout: x\nyear: 2021\n", NB_ERR_SCHEMA, 1, 1, "missing required key 'office'");
    DATA_ERR("layout: x\noffice: y\nyear: 2021\ndate: 2022-02-30\n", NB_ERR_SCHEMA, 4, 7,
             "'date' 2022-02-30 is not a valid date");
    DATA_ERR("layout: x\noffice: y\nyear: 2021\ndate: 2021-02-29\n", NB_ERR_SCHEMA, 4, 7,
             "no such day");
    DATA_ERR("layout: x\noffice: y\nyear: 2021\ndate: 2022-13-01\n", NB_ERR_SCHEMA, 4, 7,
             "no such month");
    DATA_ERR("layout: x\noffice: y\nyear: 2021\ndate: 2022/1/24\n", NB_ERR_SCHEMA, 4, 7,
             "'date' must be a date such as 2022-01-24, found '2022/1/24'");
    DATA_ERR("layout: x\noffice: y\nyear: 2021\nsignature: yes\n", NB_ERR_SCHEMA, 4, 12,
             "'signature' must be true or false");
    DATA_ERR("layout: x\noffice: y\nyear: 2021\ntext:\n  a:\n    - h2: x\n      h3: y\n",
             NB_ERR_SCHEMA, 7, 7, "both 'h2' and 'h3'");
    DATA_ERR("layout: x\noffice: y\nyear: 2021\ntext:\n  a:\n    - text: x\n", NB_ERR_SCHEMA, 6, 7,
             "with 'h2' or 'h3'");
    DATA_ERR("layout: x\noffice: y\nyear: 2021\ntext:\n  a:\n    - \"   \"\n", NB_ERR_SCHEMA, 6, 7,
             "'paragraph' must not be empty");
    DATA_ERR("layout: x\noffice: y\nyear: 2021\ntext:\n  a: para\n", NB_ERR_SCHEMA, 5, 6,
             "'a' must be a sequence, found 'para'");
    DATA_ERR("layout: x\noffice: y\nyear: 2021\nfigures:\n  a: {b: 1}\n", NB_ERR_SCHEMA, 5, 6,
             "figure 'a' must be a value or a sequence of values (a row), found a mapping");
    DATA_ERR("layout: ''\noffice: y\nyear: 2021\n", NB_ERR_SCHEMA, 1, 9,
             "'layout' must not be empty");

    /* Several errors in one file: all reported, the first code returned. */
    nb_diags d;
    nb_diags_init(&d);
    nb_data *data;
    const char *src = "layout: x\nyear: abc\nfoo: 1\n";
    CHECK(nb_data_load_mem("m.yaml", src, strlen(src), &data, &d) == NB_ERR_SCHEMA);
    CHECK(d.count == 3 && d.errors == 3);
    nb_diags_free(&d);

    char path[512];
    tmp_path(path, sizeof path, "no-such-file.yaml");
    nb_diags_init(&d);
    nb_status st = nb_data_load(path, &data, &d);
    expect_error("missing data file", &d, st, NB_ERR_IO, 0, 0, "No such file", __LINE__);
    nb_diags_free(&d);
    /* A directory opens but cannot be read. */
    nb_diags_init(&d);
    st = nb_data_load(tmpdir, &data, &d);
    expect_error("directory as data file", &d, st, NB_ERR_IO, 0, 0, "cannot read", __LINE__);
    nb_diags_free(&d);
}

static void test_data_valid(void)
{
    nb_diags d;
    nb_diags_init(&d);
    nb_data *data;
    nb_status st = nb_data_load_mem("ok.yaml", data_yaml, strlen(data_yaml), &data, &d);
    if (!CHECK(st == NB_OK)) {
        nb_diags_print(&d, stderr);
        nb_diags_free(&d);
        return;
    }
    CHECK(d.count == 0);
    CHECK(strcmp(nb_data_layout_name(data), "annual-report-2021") == 0);
    CHECK(strcmp(data->office, "繁峙县人民政府办公室") == 0);
    CHECK(data->office_pos.line == 2 && data->office_pos.col == 9);
    CHECK(data->year == 2021 && data->year_pos.line == 3);
    CHECK(data->date_y == 2022 && data->date_m == 1 && data->date_d == 24);
    CHECK(data->signature);
    CHECK(data->nsections == 2 && nb_data_section(data, "nope") == NULL);
    const nb_section *ov = nb_data_section(data, "overview");
    if (CHECK(ov && ov->count == 4)) {
        CHECK(ov->paras[0].level == 0 && !ov->paras[0].head);
        CHECK(strcmp(ov->paras[0].text, "2021年，在县委、县政府的正确领导下 ，认真贯彻落实。") ==
              0);
        CHECK(ov->paras[0].pos.line == 7 && ov->paras[0].pos.col == 7);
        CHECK(ov->paras[1].level == 2 && !ov->paras[1].text &&
              strcmp(ov->paras[1].head, "（一）主动公开情况") == 0);
        CHECK(ov->paras[2].level == 2 &&
              strcmp(ov->paras[2].text, "2021年县人民政府办公室未收到依申请公开件。") == 0);
        CHECK(ov->paras[2].pos.line == 9 && ov->paras[2].text_pos.line == 10 &&
              ov->paras[2].text_pos.col == 13);
        CHECK(ov->paras[3].level == 3 && strcmp(ov->paras[3].head, "1.标题") == 0);
    }
    const nb_section *six = nb_data_section(data, "six");
    CHECK(six && six->count == 1 && strcmp(six->paras[0].text, "无") == 0);
    static const char *const want[][2] = {{"fee", "24252.311082"},
                                          {"delta", "-18"},
                                          {"slash", "/"},
                                          {"blank", ""},
                                          {"quoted", "0012"}};
    if (CHECK(data->nfigures == 5))
        for (int i = 0; i < 5; i++)
            CHECK(strcmp(data->figures[i].key, want[i][0]) == 0 &&
                  strcmp(data->figures[i].value, want[i][1]) == 0);
    CHECK(data->figures[0].pos.line == 15 && data->figures[0].pos.col == 3);
    nb_data_free(data);

    /* No date, signature off, no text. */
    const char *src = "layout: l\noffice: o\nyear: 2020\nsignature: false\n";
    CHECK(nb_data_load_mem("m.yaml", src, strlen(src), &data, &d) == NB_OK);
    CHECK(data && !data->signature && data->date_y == 0 && data->nsections == 0);
    nb_data_free(data);
    CHECK(d.count == 0);
    nb_diags_free(&d);
}

/* ---- layouts ---------------------------------------------------------- */

static void test_layout_valid(void)
{
    nb_diags d;
    nb_diags_init(&d);
    nb_layout *l;
    char path[512], want[600];
    nb_status st = load_layout_text("ok.yaml", layout_yaml, &l, &d);
    if (!CHECK(st == NB_OK)) {
        nb_diags_print(&d, stderr);
        nb_diags_free(&d);
        return;
    }
    CHECK(d.count == 0);
    CHECK(strcmp(l->name, "annual-report-2021") == 0);
    CHECK(strcmp(l->dir, tmpdir) == 0);
    tmp_path(path, sizeof path, "roles.yaml");
    CHECK(strcmp(l->fonts_file, path) == 0);
    const nb_page_geom *g = &l->page;
    CHECK(g->width == mpt_mm(210) && g->height == mpt_mm(297));
    CHECK(g->top == 104882 && g->top == mpt_mm(37));
    CHECK(g->left == mpt_mm(28) && g->text_width == mpt_mm(156) && g->text_height == mpt_mm(225));
    CHECK(g->lines_per_page == 22 && g->line_pitch == 0);
    CHECK(g->page_numbers && strcmp(g->pn_style, "pagenum") == 0 &&
          strcmp(g->pn_format, "— {n} —") == 0 && g->pn_below == mpt_mm(7) &&
          g->pn_indent.value == 1000 && g->pn_indent.em && g->pn_position == NB_PN_OUTER);
    CHECK(strcmp(g->body_style, "body") == 0 && g->pos.line == 9 && g->pos.col == 3);

    CHECK(l->nroles == 5);
    size_t kai = nb_layout_role_index(l, "kai"), title = nb_layout_role_index(l, "title");
    CHECK(nb_layout_role_index(l, "nope") == (size_t)-1);
    if (CHECK(kai != (size_t)-1 && title != (size_t)-1)) {
        const nb_role *r = &l->roles[kai];
        snprintf(want, sizeof want, "%s/fonts/kai.ttf", tmpdir);
        CHECK(r->count == 2 && r->chain[0].kind == NB_FONTSRC_FAMILY &&
              strcmp(r->chain[0].name, "KaiTi") == 0 && r->chain[1].kind == NB_FONTSRC_FILE &&
              strcmp(r->chain[1].name, want) == 0 && r->chain[1].index == 1);
        /* The override points into the layout, the rest into the role map. */
        CHECK(strcmp(r->pos.file, l->file) == 0 && r->pos.line == 4);
        r = &l->roles[title];
        snprintf(want, sizeof want, "%s/sub/t.ttc", tmpdir);
        CHECK(r->count == 2 && strcmp(r->chain[1].name, want) == 0 && r->chain[1].index == 2);
        CHECK(strcmp(r->pos.file, l->fonts_file) == 0 && r->pos.line == 8);
    }
    size_t fs = nb_layout_role_index(l, "fangsong");
    CHECK(fs != (size_t)-1 && strcmp(l->roles[fs].chain[1].name, "/abs/fs.ttf") == 0);

    CHECK(l->nstyles == 7);
    const nb_style *t = nb_layout_style(l, "title"), *h1 = nb_layout_style(l, "h1");
    const nb_style *body = nb_layout_style(l, "body");
    CHECK(nb_layout_style(l, "nope") == NULL);
    if (CHECK(t && h1 && body)) {
        CHECK(t->size == 22000 && t->align == NB_ALIGN_CENTER && t->line_pitch == 29600 &&
              t->role_index == title && t->pos.line == 16);
        CHECK(h1->keep_with_next && h1->outline == 1 && h1->indent.value == 2000 && h1->indent.em &&
              h1->align == NB_ALIGN_JUSTIFY);
        CHECK(body->chars_per_line == 28 && body->role_index == fs &&
              strcmp(body->role, "fangsong") == 0);
        CHECK(nb_layout_style(l, "signature")->space_before == 2);
    }
    CHECK(strcmp(l->prose_paragraph, "body") == 0 && strcmp(l->prose_h2, "h2") == 0 &&
          strcmp(l->prose_h3, "h3") == 0);

    if (CHECK(l->nblocks == 7)) {
        const nb_block *b = l->blocks;
        CHECK(b[0].kind == NB_BLK_TITLE && b[0].nlines == 2 &&
              strcmp(b[0].lines[0], "{office}") == 0 && !b[0].style && b[0].pos.line == 25 &&
              b[0].pos.col == 5);
        CHECK(b[1].kind == NB_BLK_SPACE && b[1].space == 1);
        CHECK(b[2].kind == NB_BLK_PARAGRAPH && b[2].nlines == 1);
        CHECK(b[3].kind == NB_BLK_HEADING && strcmp(b[3].lines[0], "一、总体情况") == 0);
        CHECK(b[4].kind == NB_BLK_PROSE && strcmp(b[4].key, "overview") == 0);
        CHECK(b[5].kind == NB_BLK_TABLE && strcmp(b[5].key, "active") == 0);
        CHECK(b[6].kind == NB_BLK_SIGNATURE && b[6].nlines == 2 && b[6].optional &&
              strcmp(b[6].lines[1], "{date}") == 0);
    }
    nb_layout_free(l);

    /* line-pitch instead of lines-per-page; page-number and prose absent. */
    char *alt = layout_with("  lines-per-page: 22\n  page-number: { style: pagenum, format: "
                            "\"— {n} —\", below: 7mm, indent: 1em,\n"
                            "                 position: outer }\n",
                            "  line-pitch: 29.6pt\n");
    char *alt2 = strdup(alt);
    char *p = strstr(alt2, "prose: { paragraph: body, h2: h2, h3: h3 }\n");
    memmove(p, p + strlen("prose: { paragraph: body, h2: h2, h3: h3 }\n"),
            strlen(p) - strlen("prose: { paragraph: body, h2: h2, h3: h3 }\n") + 1);
    st = load_layout_text("alt.yaml", alt2, &l, &d);
    if (CHECK(st == NB_OK)) {
        CHECK(l->page.line_pitch == 29600 && l->page.lines_per_page == 0 && !l->page.page_numbers);
        CHECK(strcmp(l->prose_paragraph, "body") == 0 && strcmp(l->prose_h3, "h3") == 0);
        nb_layout_free(l);
    } else {
        nb_diags_print(&d, stderr);
    }
    free(alt);
    free(alt2);
    nb_diags_free(&d);
}

static void layout_error(const char *label, const char *from, const char *to, nb_status want,
                         int line, int col, const char *excerpt, int src_line)
{
    char *text = layout_with(from, to);
    nb_diags d;
    nb_diags_init(&d);
    nb_layout *l = (nb_layout *)&d;
    nb_status st = load_layout_text("bad.yaml", text, &l, &d);
    CHECK(l == NULL);
    expect_error(label, &d, st, want, line, col, excerpt, src_line);
    const nb_diag *e = diag_first(&d, NB_ERROR);
    char path[512];
    tmp_path(path, sizeof path, "bad.yaml");
    if (e && want != NB_ERR_IO)
        CHECK(e->file && strcmp(e->file, path) == 0);
    nb_diags_free(&d);
    free(text);
}

#define LAYOUT_ERR(from, to, want, line, col, excerpt)                                             \
    layout_error(to, from, to, want, line, col, excerpt, __LINE__)

static void test_layout_errors(void)
{
    LAYOUT_ERR("  body-style: body\n", "  body-style: body\n  bleed: 3mm\n", NB_ERR_SCHEMA, 15, 3,
               "unknown key 'bleed' in page; expected one of: size, text-block, "
               "lines-per-page, line-pitch, page-number, body-style");
    LAYOUT_ERR("name: annual-report-2021\n", "name: x\nfoo: 1\n", NB_ERR_SCHEMA, 2, 1,
               "unknown key 'foo' in layout");
    LAYOUT_ERR("  lines-per-page: 22\n", "  lines-per-page: many\n", NB_ERR_SCHEMA, 11, 19,
               "'lines-per-page' must be an integer, found 'many'");
    LAYOUT_ERR("  lines-per-page: 22\n", "  lines-per-page: 22\n  line-pitch: 29pt\n",
               NB_ERR_SCHEMA, 12, 3, "both 'lines-per-page' and 'line-pitch'");
    LAYOUT_ERR("  lines-per-page: 22\n", "", NB_ERR_SCHEMA, 9, 3,
               "page needs one of 'lines-per-page' or 'line-pitch'");
    LAYOUT_ERR("  body: { font: fangsong, size: 16pt,", "  body: { font: fangsongx, size: 16pt,",
               NB_ERR_SCHEMA, 20, 17,
               "style 'body': unknown font role 'fangsongx' (roles: fangsong, hei, kai, "
               "song, title)");
    LAYOUT_ERR("  - heading: 一、总体情况\n", "  - heading: 一、总体情况\n    style: h9\n",
               NB_ERR_SCHEMA, 29, 12,
               "unknown style 'h9' (styles: title, h1, h2, h3, "
               "body, signature, pagenum)");
    LAYOUT_ERR("  body-style: body\n", "  body-style: bodyx\n", NB_ERR_SCHEMA, 14, 15,
               "unknown style 'bodyx'");
    LAYOUT_ERR("page-number: { style: pagenum,", "page-number: { style: nope,", NB_ERR_SCHEMA, 12,
               25, "unknown style 'nope'");
    LAYOUT_ERR("prose: { paragraph: body,", "prose: { paragraph: bdy,", NB_ERR_SCHEMA, 23, 21,
               "unknown style 'bdy'");
    LAYOUT_ERR("  h1: { font: hei,", "  h0: { font: hei,", NB_ERR_SCHEMA, 28, 5,
               "heading uses the default style 'h1', which is not defined under styles");
    LAYOUT_ERR("width: 156mm", "width: 190mm", NB_ERR_SCHEMA, 10, 15,
               "text-block does not fit the page: left 28.0mm + width 190.0mm > page "
               "width 210.0mm");
    LAYOUT_ERR("height: 225mm", "height: 270mm", NB_ERR_SCHEMA, 10, 15,
               "top 37.0mm + height 270.0mm > page height 297.0mm");
    LAYOUT_ERR("size: 22pt,", "size: 0pt,", NB_ERR_SCHEMA, 16, 31,
               "'size' must be greater than zero");
    LAYOUT_ERR("size: 22pt,", "size: 22,", NB_ERR_SCHEMA, 16, 31,
               "'size' must be a length such as 16pt, 37mm or 2em, found '22'");
    LAYOUT_ERR("chars-per-line: 28", "chars-per-line: -1", NB_ERR_SCHEMA, 20, 68,
               "'chars-per-line' must be between 0 and 1000");
    LAYOUT_ERR("size: [210mm, 297mm]", "size: [210mm]", NB_ERR_SCHEMA, 9, 9,
               "'size' must be [width, height]");
    LAYOUT_ERR("  - space: 1\n", "  - space: 1\n    heading: x\n", NB_ERR_SCHEMA, 27, 5,
               "document item has both 'space' and 'heading'; give one per item");
    LAYOUT_ERR("  - space: 1\n", "  - style: body\n", NB_ERR_SCHEMA, 26, 5,
               "document item needs one of: title, heading");
    LAYOUT_ERR("  - space: 1\n", "  - space: 0\n", NB_ERR_SCHEMA, 26, 12,
               "'space' must be between 1 and 100");
    LAYOUT_ERR("    optional: true\n", "    optional: maybe\n", NB_ERR_SCHEMA, 32, 15,
               "'optional' must be true or false");
    LAYOUT_ERR("date: \"{date}\" }", "dat: \"{date}\" }", NB_ERR_SCHEMA, 31, 36,
               "unknown key 'dat' in signature");
    LAYOUT_ERR("  - title: [\"{office}\", \"{year}年度政府信息公开工作年度报告\"]\n",
               "  - title: {a: b}\n", NB_ERR_SCHEMA, 25, 12,
               "'title' must be a string or a non-empty sequence of strings");
    LAYOUT_ERR(DOCUMENT, "document: []\n", NB_ERR_SCHEMA, 24, 11,
               "'document' must list at least one block");
    LAYOUT_ERR("format: \"— {n} —\"", "format: \"第页\"", NB_ERR_SCHEMA, 12, 42,
               "'format' must contain {n}");
    LAYOUT_ERR("fonts: roles.yaml\n", "fonts: missing.yaml\n", NB_ERR_IO, 2, 8,
               "No such file or directory");
    LAYOUT_ERR("fonts: roles.yaml\n", "", NB_ERR_SCHEMA, 1, 1, "missing required key 'fonts'");
    LAYOUT_ERR("    - family: KaiTi\n", "    - family: KaiTi\n      index: 3\n", NB_ERR_SCHEMA, 6,
               7, "'index' applies only to a 'file' font");
    LAYOUT_ERR("    - family: KaiTi\n", "    - KaiTi\n", NB_ERR_SCHEMA, 5, 7,
               "a font must be a mapping such as {family: NAME} or {file: PATH}, "
               "found 'KaiTi'");
    LAYOUT_ERR("  kai:\n    - family: KaiTi\n", "  kai:\n    - {family: KaiTi, file: k.ttf}\n",
               NB_ERR_SCHEMA, 5, 23, "not both");
    LAYOUT_ERR("  kai:\n    - family: KaiTi\n", "  kai: []\n  x:\n    - family: KaiTi\n",
               NB_ERR_SCHEMA, 4, 8, "role 'kai' has no fonts");
    LAYOUT_ERR("  h3: { font: fangsong,", "  h3: { font: fangsong, outline: 10,", NB_ERR_SCHEMA, 19,
               34, "'outline' must be between 0 and 9");
    LAYOUT_ERR("align: center,", "align: centre,", NB_ERR_SCHEMA, 16, 44,
               "'align' must be one of: justify, left, center, right; found 'centre'");
    LAYOUT_ERR("position: outer }", "position: inner }", NB_ERR_SCHEMA, 13, 28,
               "'position' must be one of: outer, center, right; found 'inner'");

    /* An error inside the role map points into the role map. */
    nb_diags d;
    nb_diags_init(&d);
    nb_layout *l;
    write_text("badroles.yaml", "roles:\n  song: [{family: A, size: 3}]\n");
    char *text = layout_with("fonts: roles.yaml", "fonts: badroles.yaml");
    nb_status st = load_layout_text("bad.yaml", text, &l, &d);
    expect_error("role map error", &d, st, NB_ERR_SCHEMA, 2, 22, "unknown key 'size' in font",
                 __LINE__);
    char path[512];
    tmp_path(path, sizeof path, "badroles.yaml");
    CHECK(d.count > 0 && strcmp(d.items[0].file, path) == 0);
    free(text);
    nb_diags_free(&d);

    /* Missing layout file. */
    tmp_path(path, sizeof path, "absent.yaml");
    st = nb_layout_load(path, &l, &d);
    expect_error("missing layout", &d, st, NB_ERR_IO, 0, 0, "cannot read '", __LINE__);
    CHECK(d.count == 1 && strcmp(d.items[0].file, path) == 0);
    nb_diags_free(&d);
}

/* nb_home / nb_layout_path / `fonts: NAME` under NIANBAO_HOME. */
static void test_home(void)
{
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/home", tmpdir);
    mkdir(dir, 0700);
    snprintf(path, sizeof path, "%s/layouts", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/fonts", dir);
    mkdir(path, 0700);
    char *layout = layout_with("fonts: roles.yaml", "fonts: default");
    snprintf(path, sizeof path, "%s/layouts", dir);
    write_file(path, "std.yaml", layout, strlen(layout));
    snprintf(path, sizeof path, "%s/fonts", dir);
    write_file(path, "default.yaml", roles_yaml, strlen(roles_yaml));
    free(layout);

    setenv("NIANBAO_HOME", dir, 1);
    CHECK(strcmp(nb_home(), dir) == 0);
    char *p = NULL, *none = NULL;
    CHECK(nb_layout_path("std", &p) == NB_OK);
    snprintf(path, sizeof path, "%s/layouts/std.yaml", dir);
    CHECK(p && strcmp(p, path) == 0);
    CHECK(nb_layout_path("missing", &none) == NB_ERR_NOT_FOUND && !none);
    CHECK(nb_layout_path("../layouts/std", &none) == NB_ERR_NOT_FOUND && !none);
    CHECK(nb_layout_path("", &none) == NB_ERR_NOT_FOUND && !none);
    nb_diags d;
    nb_diags_init(&d);
    nb_layout *l = NULL;
    if (CHECK(p && nb_layout_load(p, &l, &d) == NB_OK)) {
        snprintf(path, sizeof path, "%s/fonts/default.yaml", dir);
        CHECK(strcmp(l->fonts_file, path) == 0 && l->nroles == 5);
        snprintf(path, sizeof path, "%s/fonts/sub/t.ttc", dir);
        size_t t = nb_layout_role_index(l, "title");
        CHECK(t != (size_t)-1 && strcmp(l->roles[t].chain[1].name, path) == 0);
    }
    nb_diags_print(&d, stderr);
    nb_layout_free(l);
    nb_free(p);
    nb_diags_free(&d);
    unsetenv("NIANBAO_HOME");
    CHECK(strlen(nb_home()) > 0);
}

/* Every allocation failure must come back as NB_ERR_NOMEM, leak-free (run
 * under valgrind), and with *out left NULL. */
static void test_alloc_failures(void)
{
    char path[512];
    write_text("ok.yaml", layout_yaml);
    tmp_path(path, sizeof path, "ok.yaml");
    for (int which = 0; which < 2; which++) {
        int bad = 0;
        long n;
        for (n = 0; n < 100000; n++) {
            nb_diags d;
            nb_diags_init(&d);
            nb_alloc_fail_after(n);
            nb_status st;
            if (which == 0) {
                nb_data *data = NULL;
                st = nb_data_load_mem("ok.yaml", data_yaml, strlen(data_yaml), &data, &d);
                bad += st == NB_OK ? data == NULL : data != NULL;
                nb_data_free(data);
            } else {
                nb_layout *l = NULL;
                st = nb_layout_load(path, &l, &d);
                bad += st == NB_OK ? l == NULL : l != NULL;
                nb_layout_free(l);
            }
            nb_alloc_fail_after(-1);
            if (st != NB_OK && (st != NB_ERR_NOMEM || nb_diags_first_error(&d) != NB_ERR_NOMEM)) {
                if (!bad)
                    fprintf(stderr, "  failing allocation %ld gave %s\n", n, nb_status_name(st));
                bad++;
            }
            nb_diags_free(&d);
            if (st == NB_OK)
                break;
        }
        check_at(bad == 0 && n > 10, __FILE__, __LINE__, "%s",
                 which ? "layout alloc failures" : "data alloc failures");
    }
}

static void test_limits(void)
{
    char path[512];
    tmp_path(path, sizeof path, "huge.yaml");
    FILE *f = fopen(path, "wb");
    if (!f || ftruncate(fileno(f), (off_t)NB_YAML_MAX_BYTES + 1) != 0) {
        CHECK(!"cannot create huge file");
        if (f)
            fclose(f);
        return;
    }
    fclose(f);
    nb_diags d;
    nb_diags_init(&d);
    nb_data *data;
    nb_status st = nb_data_load(path, &data, &d);
    expect_error("16 MiB limit", &d, st, NB_ERR_LIMIT, 0, 0, "larger than the 16 MiB limit",
                 __LINE__);
    nb_diags_free(&d);
    unlink(path);
}

/* ---- tests/bad -------------------------------------------------------- */

static int parse_expect(const char *path, char *status, int *line, int *col)
{
    FILE *f = fopen(path, "rb");
    char first[256] = "";
    if (!f)
        return 0;
    if (!fgets(first, sizeof first, f))
        first[0] = '\0';
    fclose(f);
    return sscanf(first, "# expect: %31s %d:%d", status, line, col) == 3;
}

static void test_bad_dir(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp) {
        fprintf(stderr, "note: %s not found; bad-input files not checked\n", dir);
        return;
    }
    struct dirent *e;
    int files = 0;
    while ((e = readdir(dp))) {
        size_t n = strlen(e->d_name);
        if (n < 6 || strcmp(e->d_name + n - 5, ".yaml") != 0)
            continue;
        char path[1400], status[32];
        int line, col;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        files++;
        if (!check_at(parse_expect(path, status, &line, &col), __FILE__, __LINE__, "%s", path))
            continue;
        nb_diags d;
        nb_diags_init(&d);
        nb_status st;
        if (strncmp(e->d_name, "layout-", 7) == 0) {
            nb_layout *l;
            st = nb_layout_load(path, &l, &d);
            nb_layout_free(st == NB_OK ? l : NULL);
        } else {
            nb_data *data;
            st = nb_data_load(path, &data, &d);
            nb_data_free(st == NB_OK ? data : NULL);
        }
        const nb_diag *fe = diag_first(&d, NB_ERROR);
        int ok = st != NB_OK && strcmp(nb_status_name(st), status) == 0 && fe && fe->line == line &&
                 fe->col == col;
        if (!check_at(ok, __FILE__, __LINE__, "%s", path)) {
            fprintf(stderr, "  expected %s %d:%d, got %s\n", status, line, col, nb_status_name(st));
            nb_diags_print(&d, stderr);
        }
        nb_diags_free(&d);
    }
    closedir(dp);
    check_at(files >= 12, __FILE__, __LINE__, "%s", "at least 12 files in tests/bad");
}

static const char *bad_dir(int argc, char **argv)
{
    if (argc > 1)
        return argv[1];
    struct stat sb;
    if (stat("tests/bad", &sb) == 0)
        return "tests/bad";
#ifdef NB_SOURCE_HOME
    return NB_SOURCE_HOME "/tests/bad";
#else
    return "tests/bad";
#endif
}

int main(int argc, char **argv)
{
    char tmpl[] = "/tmp/nb-test-parse-XXXXXX";
    const char *bad = bad_dir(argc, argv);
    char badabs[1024];
    if (bad[0] != '/' && getcwd(badabs, sizeof badabs - strlen(bad) - 2)) {
        strcat(badabs, "/");
        strcat(badabs, bad);
        bad = badabs;
    }
    if (!mkdtemp(tmpl)) {
        perror("mkdtemp");
        return 2;
    }
    snprintf(tmpdir, sizeof tmpdir, "%s", tmpl);
    write_text("roles.yaml", roles_yaml);

    test_tree();
    test_lengths();
    test_converters();
    test_yaml_errors();
    test_data_errors();
    test_data_valid();
    test_layout_valid();
    test_layout_errors();
    test_home();
    test_limits();
    test_alloc_failures();
    test_bad_dir(bad);

    remove_tree(tmpdir);
    return check_done();
}
