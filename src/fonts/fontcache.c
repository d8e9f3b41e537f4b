#include "fontcache.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/diskcache.h"

#define FONTCACHE_NS "fonts-1"

/* One line of the stamp: a path and what stat says of it. */
static void stamp_path(nb_buf *k, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        nb_buf_printf(k, "S %s -\n", path);
    else
        nb_buf_printf(k, "S %s %lld %lld.%09ld %llu\n", path, (long long)st.st_size,
                      (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                      (unsigned long long)st.st_ino);
}

static void stamp_under(nb_buf *k, const char *base, const char *rel)
{
    if (!base || base[0] != '/')
        return;
    nb_buf p = {0};
    nb_buf_printf(&p, "%s/%s", base, rel);
    if (!p.oom)
        stamp_path(k, p.data);
    nb_buf_free(&p);
}

/* What fontconfig's answers depend on, cheaply: its configuration files
 * and folders, its caches, the usual font folders and its variables. */
static void fontconfig_stamp(nb_buf *k)
{
    static const char *const env[] = {"FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT",
                                      "XDG_CONFIG_HOME", "XDG_DATA_HOME",   "HOME"};
    for (size_t i = 0; i < sizeof env / sizeof env[0]; i++) {
        const char *v = getenv(env[i]);
        nb_buf_printf(k, "E %s=%s\n", env[i], v ? v : "");
    }
    static const char *const sys[] = {"/etc/fonts",        "/etc/fonts/fonts.conf",
                                      "/etc/fonts/conf.d", "/var/cache/fontconfig",
                                      "/usr/share/fonts",  "/usr/local/share/fonts"};
    for (size_t i = 0; i < sizeof sys / sizeof sys[0]; i++)
        stamp_path(k, sys[i]);
    const char *file = getenv("FONTCONFIG_FILE"), *path = getenv("FONTCONFIG_PATH");
    if (file && file[0] == '/')
        stamp_path(k, file);
    if (path && path[0] == '/')
        stamp_path(k, path);
    const char *home = getenv("HOME"), *cfg = getenv("XDG_CONFIG_HOME"),
               *data = getenv("XDG_DATA_HOME"), *cache = getenv("XDG_CACHE_HOME");
    stamp_under(k, home, ".fonts");
    stamp_under(k, home, ".fonts.conf");
    stamp_under(k, home, ".fonts.conf.d");
    if (cfg && cfg[0] == '/') {
        stamp_under(k, cfg, "fontconfig");
        stamp_under(k, cfg, "fontconfig/fonts.conf");
        stamp_under(k, cfg, "fontconfig/conf.d");
    } else {
        stamp_under(k, home, ".config/fontconfig");
        stamp_under(k, home, ".config/fontconfig/fonts.conf");
        stamp_under(k, home, ".config/fontconfig/conf.d");
    }
    if (data && data[0] == '/')
        stamp_under(k, data, "fonts");
    else
        stamp_under(k, home, ".local/share/fonts");
    if (cache && cache[0] == '/')
        stamp_under(k, cache, "fontconfig");
    else
        stamp_under(k, home, ".cache/fontconfig");
}

static bool make_key(const nb_layout *l, const char *const *overrides, nb_buf *k)
{
    nb_buf_puts(k, FONTCACHE_NS "\n");
    for (size_t i = 0; overrides && overrides[i]; i++)
        nb_buf_printf(k, "O %s\n", overrides[i]);
    for (size_t i = 0; i < l->nroles; i++) {
        const nb_role *r = &l->roles[i];
        nb_buf_printf(k, "R %s\n", r->name);
        for (size_t j = 0; j < r->count; j++) {
            const nb_fontsrc *src = &r->chain[j];
            nb_buf_printf(k, "  %c %d %s\n", src->kind == NB_FONTSRC_FILE ? 'f' : 'F', src->index,
                          src->name);
            if (src->kind == NB_FONTSRC_FILE)
                stamp_path(k, src->name); /* a file installed later must count */
        }
    }
    fontconfig_stamp(k);
    return !k->oom;
}

static bool clean(const char *s) { return s && !strpbrk(s, "\t\n"); }

void nb_fontcache_store(const nb_layout *layout, const char *const *overrides, const nb_fontset *fs)
{
    nb_buf k = {0}, v = {0};
    bool ok = make_key(layout, overrides, &k);
    for (size_t i = 0; ok && i < fs->nfaces; i++) {
        const nb_face *f = fs->faces[i];
        ok = clean(f->path) && clean(f->family) && clean(f->psname) && f->file_size > 0;
        nb_buf_printf(&v,
                      "F\t%u\t%lld\t%lld\t%ld\t%016" PRIx64
                      "\t%d\t%d\t%u\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\n",
                      f->index, f->file_size, (long long)f->file_mtime.tv_sec,
                      f->file_mtime.tv_nsec, f->file_hash, f->is_cff, f->cid_keyed, f->upem,
                      f->ascender, f->descender, f->bbox[0], f->bbox[1], f->bbox[2], f->bbox[3],
                      f->family, f->psname, f->path);
    }
    for (size_t i = 0; ok && i < fs->nroles; i++) {
        nb_buf_printf(&v, "R\t%zu", fs->roles[i].count);
        for (size_t j = 0; j < fs->roles[i].count; j++)
            nb_buf_printf(&v, "\t%u", fs->roles[i].faces[j]);
        nb_buf_putc(&v, '\n');
    }
    if (ok && !v.oom)
        nb_dcache_put(FONTCACHE_NS, k.data, k.len, v.data, v.len);
    nb_buf_free(&k);
    nb_buf_free(&v);
}

/* Splits line at tabs into at most max fields (in place). */
static size_t split(char *line, char **f, size_t max)
{
    size_t n = 0;
    while (n < max) {
        f[n++] = line;
        char *t = strchr(line, '\t');
        if (!t)
            break;
        *t = '\0';
        line = t + 1;
    }
    return n;
}

/* A face from a cached line: the file is mapped, nothing is parsed (the
 * fallback faces a report never uses cost only their mapping). */
static nb_face *face_from_line(char **fl)
{
    nb_face *f = nb_calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->index = (unsigned)strtoul(fl[1], NULL, 10);
    f->file_size = strtoll(fl[2], NULL, 10);
    f->file_mtime.tv_sec = (time_t)strtoll(fl[3], NULL, 10);
    f->file_mtime.tv_nsec = strtol(fl[4], NULL, 10);
    f->file_hash = strtoull(fl[5], NULL, 16);
    f->is_cff = atoi(fl[6]);
    f->cid_keyed = atoi(fl[7]);
    f->upem = (unsigned)strtoul(fl[8], NULL, 10);
    f->ascender = atoi(fl[9]);
    f->descender = atoi(fl[10]);
    for (int i = 0; i < 4; i++)
        f->bbox[i] = atoi(fl[11 + i]);
    f->family = nb_strdup(fl[15]);
    f->psname = nb_strdup(fl[16]);
    f->path = nb_strdup(fl[17]);
    struct stat st;
    bool ok = f->family && f->psname && f->path && f->upem && stat(f->path, &st) == 0 &&
              (long long)st.st_size == f->file_size && st.st_mtim.tv_sec == f->file_mtime.tv_sec &&
              st.st_mtim.tv_nsec == f->file_mtime.tv_nsec;
    if (ok)
        f->blob = hb_blob_create_from_file_or_fail(f->path);
    ok = ok && f->blob && (long long)hb_blob_get_length(f->blob) == f->file_size &&
         nb_face_make_hb(f);
    if (!ok) {
        nb_face_free(f);
        return NULL;
    }
    return f;
}

static bool parse_value(char *text, const nb_layout *layout, nb_fontset *fs)
{
    size_t role = 0;
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char *fl[20];
        size_t n = split(line, fl, 20);
        if (n == 18 && !strcmp(fl[0], "F") && fs->nfaces < NB_MAX_FACES) {
            if (!(fs->faces[fs->nfaces] = face_from_line(fl)))
                return false;
            fs->nfaces++;
        } else if (n >= 2 && !strcmp(fl[0], "R") && role < fs->nroles) {
            size_t count = strtoul(fl[1], NULL, 10);
            nb_role_faces *r = &fs->roles[role++];
            if (count != n - 2 || !(r->faces = nb_calloc(count ? count : 1, sizeof *r->faces)))
                return false;
            for (size_t j = 0; j < count; j++) {
                unsigned long fi = strtoul(fl[2 + j], NULL, 10);
                if (fi >= fs->nfaces)
                    return false;
                r->faces[j] = (uint16_t)fi;
            }
            r->count = count;
        } else {
            return false;
        }
    }
    return role == layout->nroles;
}

bool nb_fontcache_load(const nb_layout *layout, const char *const *overrides, nb_fontset **out)
{
    *out = NULL;
    nb_buf k = {0}, v = {0};
    bool hit = make_key(layout, overrides, &k) && nb_dcache_get(FONTCACHE_NS, k.data, k.len, &v);
    nb_buf_free(&k);
    if (!hit) {
        nb_buf_free(&v);
        return false;
    }
    nb_fontset *fs = nb_calloc(1, sizeof *fs);
    bool ok = fs && (fs->faces = nb_calloc(NB_MAX_FACES, sizeof *fs->faces)) &&
              (fs->roles = nb_calloc(layout->nroles ? layout->nroles : 1, sizeof *fs->roles));
    if (ok) {
        fs->nroles = layout->nroles;
        for (size_t i = 0; ok && i < layout->nroles; i++)
            ok = (fs->roles[i].name = nb_strdup(layout->roles[i].name)) != NULL;
    }
    ok = ok && parse_value(v.data, layout, fs);
    nb_buf_free(&v);
    if (!ok) {
        nb_fontset_free(fs);
        return false;
    }
    *out = fs;
    return true;
}
