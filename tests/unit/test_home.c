/* util/home.c: where the data is found and how layout names resolve.
 *
 * - this program runs inside the build tree, so without NIANBAO_HOME the
 *   home is the source tree (NB_HOME_SOURCE) and has the shipped layouts;
 * - NIANBAO_HOME wins (NB_HOME_ENV), an empty one is ignored;
 * - user layouts ($XDG_DATA_HOME/nianbao/layouts, else
 *   ~/.local/share/nianbao/layouts; a relative XDG_DATA_HOME is ignored)
 *   come first, the home's layouts/ last;
 * - a name is never a path; "not found" and "out of memory" are told apart
 *   (issue 10), also by nb_data_layout_path, which records the error;
 * - nb_layouts_list lists both folders, the user's shadowing by file name.
 * Run from the source tree (ctest). Last line: "N passed, N failed". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nianbao.h"
#include "util/alloc.h"
#include "util/home.h"

static int passed, failed;

#define CHECK(cond) check((cond), #cond, __LINE__)

static int check(int ok, const char *what, int line)
{
    if (ok) {
        passed++;
    } else {
        failed++;
        printf("FAIL line %d: %s\n", line, what);
    }
    return ok;
}

static char tmp[256];

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void mkdirs(const char *path)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            mkdir(buf, 0700);
            *p = '/';
        }
    mkdir(buf, 0700);
}

static void test_source_home(void)
{
    unsetenv("NIANBAO_HOME");
    CHECK(nb_home_found() == NB_HOME_SOURCE);
    CHECK(strcmp(nb_home_origin_name(NB_HOME_SOURCE), "source tree") == 0);
    char path[600];
    snprintf(path, sizeof path, "%s/layouts/annual-report-2021.yaml", nb_home());
    struct stat sb;
    CHECK(stat(path, &sb) == 0);

    setenv("NIANBAO_HOME", "", 1); /* empty: as if unset */
    CHECK(nb_home_found() == NB_HOME_SOURCE);
    setenv("NIANBAO_HOME", tmp, 1);
    CHECK(nb_home_found() == NB_HOME_ENV && strcmp(nb_home(), tmp) == 0);
    CHECK(strcmp(nb_home_origin_name(NB_HOME_ENV), "NIANBAO_HOME") == 0);
}

static void test_dirs(void)
{
    char want[600];
    setenv("NIANBAO_HOME", tmp, 1);
    setenv("HOME", "/home/someone", 1);
    setenv("XDG_DATA_HOME", "/data/me", 1);
    char **d = nb_layout_dirs();
    snprintf(want, sizeof want, "%s/layouts", tmp);
    CHECK(d && strcmp(d[0], "/data/me/nianbao/layouts") == 0 && d[1] && strcmp(d[1], want) == 0 &&
          !d[2]);
    nb_free(d);

    setenv("XDG_DATA_HOME", "relative/ignored", 1);
    d = nb_layout_dirs();
    CHECK(d && strcmp(d[0], "/home/someone/.local/share/nianbao/layouts") == 0);
    nb_free(d);

    unsetenv("XDG_DATA_HOME");
    unsetenv("HOME");
    d = nb_layout_dirs(); /* no user folder at all */
    CHECK(d && strcmp(d[0], want) == 0 && !d[1]);
    nb_free(d);
}

/* Makes TMP/H/layouts (shipped, NIANBAO_HOME=TMP/H) and
 * TMP/X/nianbao/layouts (the user's, XDG_DATA_HOME=TMP/X) with two layout
 * files in each, given as {name, text, name, text}; their paths come back
 * in home and user. */
static void layout_folders(const char *h, const char *x, const char *const home_files[4],
                           const char *const user_files[4], char home[300], char user[340])
{
    char root[300];
    snprintf(home, 300, "%s/%s/layouts", tmp, h);
    snprintf(user, 340, "%s/%s/nianbao/layouts", tmp, x);
    mkdirs(home);
    mkdirs(user);
    for (int i = 0; i < 4; i += 2) {
        write_file(home, home_files[i], home_files[i + 1]);
        write_file(user, user_files[i], user_files[i + 1]);
    }
    snprintf(root, sizeof root, "%s/%s", tmp, h);
    setenv("NIANBAO_HOME", root, 1);
    snprintf(root, sizeof root, "%s/%s", tmp, x);
    setenv("XDG_DATA_HOME", root, 1);
}

static void test_lookup(void)
{
    char home[300], user[340], want[700];
    static const char *const shipped[] = {"shipped.yaml", "x: 1\n", "both.yaml", "x: 1\n"};
    static const char *const mine[] = {"both.yaml", "x: 2\n", "mine.yaml", "x: 3\n"};
    layout_folders("home", "xdg", shipped, mine, home, user);
    mkdirs(strcat(strcpy(want, user), "/dir.yaml")); /* a folder is not a layout */

    char *p = NULL;
    CHECK(nb_layout_path("shipped", &p) == NB_OK && p &&
          strcmp(p, strcat(strcpy(want, home), "/shipped.yaml")) == 0);
    nb_free(p);
    CHECK(nb_layout_path("both", &p) == NB_OK && p &&
          strcmp(p, strcat(strcpy(want, user), "/both.yaml")) == 0);
    nb_free(p);
    CHECK(nb_layout_path("mine", &p) == NB_OK && p &&
          strcmp(p, strcat(strcpy(want, user), "/mine.yaml")) == 0);
    nb_free(p);
    static const char *const not_names[] = {
        "dir", "missing", "", ".hidden", "../home/shipped", "layouts/shipped", NULL};
    for (const char *const *n = not_names; *n; n++) {
        p = (char *)1;
        CHECK(nb_layout_path(*n, &p) == NB_ERR_NOT_FOUND && p == NULL);
    }
    p = (char *)1;
    CHECK(nb_layout_path(NULL, &p) == NB_ERR_NOT_FOUND && p == NULL);

    /* Out of memory is NB_ERR_NOMEM at every allocation, never "not
     * found", and leaves *path NULL. */
    int nomem = 0, other = 0;
    for (long n = 0; n < 8; n++) {
        nb_alloc_fail_after(n);
        p = (char *)1;
        nb_status s = nb_layout_path("both", &p);
        long made = nb_alloc_count();
        nb_alloc_fail_after(-1);
        if (made <= n) {
            CHECK(s == NB_OK && p);
            nb_free(p);
            break;
        }
        if (s == NB_ERR_NOMEM && p == NULL)
            nomem++;
        else
            other++;
    }
    CHECK(nomem >= 2 && other == 0);
}

/* nb_layouts_list: the user's layouts and the shipped ones, a user layout
 * shadowing the shipped one of its file name; no user folder is fine, no
 * shipped folder is an error naming it. */
static void test_list(void)
{
    char home[300], user[340], path[700];
    static const char *const shipped[] = {"a.yaml", "name: a\nyears: {from: 2019, to: 2020}\n",
                                          "b.yaml", "name: b\nyears: {from: 2021}\n"};
    static const char *const mine[] = {"b.yaml", "name: b\n", "c.yaml", "name: c\n"};
    layout_folders("lh", "lx", shipped, mine, home, user);

    nb_diags d;
    nb_diags_init(&d);
    nb_layout_entry *v = NULL;
    size_t n = 0;
    CHECK(nb_layouts_list(&v, &n, &d) == NB_OK && d.count == 0 && n == 3);
    if (n == 3) {
        CHECK(!strcmp(v[0].name, "a") && v[0].year_from == 2019 &&
              !strncmp(v[0].path, home, strlen(home)));
        CHECK(!strcmp(v[1].name, "b") && v[1].year_from == 0 &&
              !strncmp(v[1].path, user, strlen(user)));
        CHECK(!strcmp(v[2].name, "c") && !strncmp(v[2].path, user, strlen(user)));
    }
    nb_layouts_free(v, n);
    nb_diags_free(&d);

    snprintf(path, sizeof path, "%s/nowhere", tmp); /* neither folder */
    setenv("XDG_DATA_HOME", path, 1);
    setenv("NIANBAO_HOME", path, 1);
    nb_diags_init(&d);
    CHECK(nb_layouts_list(&v, &n, &d) == NB_ERR_NOT_FOUND && n == 0 && d.count == 1 &&
          strstr(d.items[0].msg, "/nowhere/layouts"));
    nb_layouts_free(v, n);
    nb_diags_free(&d);
}

/* nb_data_layout_path records NB_ERR_NOMEM as such, and a missing layout
 * as an error at the data's layout: line naming both folders. */
static void test_data_layout(void)
{
    char dir[300];
    snprintf(dir, sizeof dir, "%s/data", tmp);
    mkdirs(dir);
    write_file(dir, "d.yaml", "layout: nowhere\noffice: x\nyear: 2021\ntext: {}\nfigures: {}\n");
    write_file(dir, "e.yaml", "layout: both\noffice: x\nyear: 2021\ntext: {}\nfigures: {}\n");
    char path[400];
    snprintf(path, sizeof path, "%s/d.yaml", dir);
    nb_diags d;
    nb_diags_init(&d);
    nb_data *data = NULL;
    char *lp = NULL;
    if (CHECK(nb_data_load(path, &data, &d) == NB_OK)) {
        CHECK(nb_data_layout_path(data, &lp, &d) == NB_ERR_NOT_FOUND && !lp);
        CHECK(d.count == 1 && d.items[0].line == 1 && strstr(d.items[0].msg, "'nowhere'") &&
              strstr(d.items[0].msg, "/xdg/nianbao/layouts or ") &&
              strstr(d.items[0].msg, "/home/layouts"));
        if (d.count)
            printf("  %s\n", d.items[0].msg);
    }
    nb_data_free(data);
    nb_diags_free(&d);

    snprintf(path, sizeof path, "%s/e.yaml", dir);
    nb_diags_init(&d);
    data = NULL;
    if (CHECK(nb_data_load(path, &data, &d) == NB_OK)) {
        nb_alloc_fail_after(0);
        nb_status s = nb_data_layout_path(data, &lp, &d);
        nb_alloc_fail_after(-1);
        CHECK(s == NB_ERR_NOMEM && !lp && d.errors == 1);
    }
    nb_data_free(data);
    nb_diags_free(&d);
}

int main(void)
{
    const char *base = getenv("NB_TEST_TMP"); /* ctest: inside the build tree */
    snprintf(tmp, sizeof tmp, "%s/nb-home-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmp)) {
        perror("mkdtemp");
        return 1;
    }
    test_source_home();
    test_dirs();
    test_lookup();
    test_data_layout();
    test_list();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (system(cmd) != 0)
        printf("could not remove %s\n", tmp);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
