/* Finding the shipped data and the layouts (the search order: home.h).
 *
 * The installed and source-tree homes depend only on where the program
 * is, so they are looked for once per process (pthread_once) into static
 * storage: nb_home() allocates nothing and cannot fail. $NIANBAO_HOME is
 * read on every call, so that a test or a caller can point it elsewhere. */
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "home.h"

/* Set by CMake for this file only: the data folder relative to the
 * program's folder ("../share/nianbao"), the installed data folder (used
 * when the program's own path is unknown), and the source and build trees
 * of this build. */
#ifndef NB_DATA_REL
#define NB_DATA_REL "../share/nianbao"
#endif
#ifndef NB_INSTALL_DATADIR
#define NB_INSTALL_DATADIR "/usr/local/share/nianbao"
#endif

static struct {
    pthread_once_t once;
    nb_home_origin origin;
    char path[PATH_MAX];
} found = {PTHREAD_ONCE_INIT, NB_HOME_MISSING, ""};

static bool is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* The folder of the running program, symbolic links resolved (the kernel
 * gives the real path), into out; false when it is unknown. */
static bool program_dir(char *out, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", out, size - 1);
    if (n <= 0 || (size_t)n >= size - 1)
        return false;
    out[n] = 0;
    char *slash = strrchr(out, '/');
    if (!slash)
        return false;
    slash[slash == out] = 0; /* "/nianbao" → "/" */
    return true;
}

/* dir + "/" + rel with each leading "../" of rel taking one component off
 * dir, so messages show /opt/nb/share/nianbao, not /opt/nb/bin/../share/…
 * (dir has no symbolic links, so this is what the kernel would do). */
static bool join_relative(char *out, size_t size, const char *dir, const char *rel)
{
    if ((size_t)snprintf(out, size, "%s", dir) >= size)
        return false;
    while (strncmp(rel, "../", 3) == 0) {
        char *slash = strrchr(out, '/');
        if (!slash)
            break;
        slash[slash == out] = 0;
        rel += 3;
    }
    size_t n = strlen(out);
    return (size_t)snprintf(out + n, size - n, "%s%s", out[n - 1] == '/' ? "" : "/", rel) <
           size - n;
}

/* Whether the program is inside this build's tree (a unit test, the CLI in
 * build/): only such a program may use the source tree. */
static bool in_build_tree(const char *program)
{
#ifdef NB_BUILD_DIR
    char real[PATH_MAX];
    if (!realpath(NB_BUILD_DIR, real))
        return false;
    size_t n = strlen(real);
    return strncmp(program, real, n) == 0 && (program[n] == '/' || program[n] == 0);
#else
    (void)program;
    return false;
#endif
}

static void find_home(void)
{
    char program[PATH_MAX], layouts[PATH_MAX + 16];
    bool known = program_dir(program, sizeof program);
    if (known && join_relative(found.path, sizeof found.path, program, NB_DATA_REL)) {
        snprintf(layouts, sizeof layouts, "%s/layouts", found.path);
        if (is_dir(layouts)) {
            found.origin = NB_HOME_INSTALLED;
            return;
        }
    } else {
        snprintf(found.path, sizeof found.path, "%s", NB_INSTALL_DATADIR);
    }
#ifdef NB_SOURCE_HOME
    if (known && in_build_tree(program) && is_dir(NB_SOURCE_HOME "/layouts")) {
        snprintf(found.path, sizeof found.path, "%s", NB_SOURCE_HOME);
        found.origin = NB_HOME_SOURCE;
        return;
    }
#endif
    found.origin = NB_HOME_MISSING;
}

static const char *env_home(void)
{
    const char *h = getenv("NIANBAO_HOME");
    return h && *h ? h : NULL;
}

const char *nb_home(void)
{
    const char *h = env_home();
    if (h)
        return h;
    pthread_once(&found.once, find_home);
    return found.path;
}

nb_home_origin nb_home_found(void)
{
    if (env_home())
        return NB_HOME_ENV;
    pthread_once(&found.once, find_home);
    return found.origin;
}

const char *nb_home_origin_name(nb_home_origin o)
{
    switch (o) {
    case NB_HOME_ENV:
        return "NIANBAO_HOME";
    case NB_HOME_INSTALLED:
        return "installed";
    case NB_HOME_SOURCE:
        return "source tree";
    case NB_HOME_MISSING:
        break;
    }
    return "missing";
}

/* $XDG_DATA_HOME/nianbao/layouts, or ~/.local/share/… (the XDG base
 * directory rules: a relative XDG_DATA_HOME is ignored); false without
 * either variable or when the path does not fit. */
static bool user_layouts(char *out, size_t size)
{
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    int n;
    if (xdg && xdg[0] == '/')
        n = snprintf(out, size, "%s/nianbao/layouts", xdg);
    else if (home && home[0] == '/')
        n = snprintf(out, size, "%s/.local/share/nianbao/layouts", home);
    else
        return false;
    return n > 0 && (size_t)n < size;
}

char **nb_layout_dirs(void)
{
    char user[PATH_MAX];
    bool has_user = user_layouts(user, sizeof user);
    const char *home = nb_home();
    size_t ulen = has_user ? strlen(user) + 1 : 0;
    size_t hlen = strlen(home) + sizeof "/layouts";
    char **v = nb_malloc(3 * sizeof *v + ulen + hlen);
    if (!v)
        return NULL;
    char *s = (char *)(v + 3);
    size_t i = 0;
    if (has_user) {
        v[i++] = memcpy(s, user, ulen);
        s += ulen;
    }
    snprintf(s, hlen, "%s/layouts", home);
    v[i++] = s;
    v[i] = NULL;
    return v;
}

nb_status nb_layout_path(const char *name, char **path)
{
    *path = NULL;
    /* A name, not a path: nothing that could leave the layout folders. */
    if (!name || !*name || name[0] == '.' || strchr(name, '/'))
        return NB_ERR_NOT_FOUND;
    char **dirs = nb_layout_dirs();
    if (!dirs)
        return NB_ERR_NOMEM;
    nb_status st = NB_ERR_NOT_FOUND;
    for (char **dir = dirs; *dir && st == NB_ERR_NOT_FOUND; dir++) {
        char *p = nb_malloc(strlen(*dir) + strlen(name) + sizeof "/.yaml");
        if (!p) {
            st = NB_ERR_NOMEM;
            break;
        }
        sprintf(p, "%s/%s.yaml", *dir, name);
        struct stat sb;
        if (stat(p, &sb) == 0 && S_ISREG(sb.st_mode)) {
            *path = p;
            st = NB_OK;
        } else {
            nb_free(p);
        }
    }
    nb_free(dirs);
    return st;
}
