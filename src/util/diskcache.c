#include "diskcache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "fileio.h"
#include "hash.h"

#define MAGIC "NBC2"
#define HEADER_LEN 24 /* magic, u32 key length, u64 value length, u64 check */
#define DEFAULT_BUDGET_MB 256
/* A namespace is trimmed on the first store of a process and then every
 * TRIM_EVERY stores, down to 3/4 of its budget. */
#define TRIM_EVERY 8

static atomic_uint stores;

/* $XDG_CACHE_HOME/nianbao/ns, created on demand; NULL when disabled. */
static char *ns_dir(const char *ns, bool create)
{
    const char *off = getenv("NIANBAO_CACHE");
    if (off && strcmp(off, "off") == 0)
        return NULL;
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    nb_buf b = {0};
    if (xdg && xdg[0] == '/')
        nb_buf_printf(&b, "%s/nianbao/%s", xdg, ns);
    else if (home && home[0] == '/')
        nb_buf_printf(&b, "%s/.cache/nianbao/%s", home, ns);
    else
        return NULL;
    if (create && !b.oom)
        nb_make_dirs(b.data, b.len, 0700);
    return nb_buf_take(&b);
}

static char *entry_path(const char *dir, const void *key, size_t klen)
{
    nb_buf b = {0};
    nb_buf_printf(&b, "%s/%016" PRIx64, dir, nb_hash(NB_HASH_INIT, key, klen));
    return nb_buf_take(&b);
}

/* The entry checksum: eight bytes at a time (the values are font
 * programs of hundreds of KB; byte-wise FNV showed in profiles), with a
 * seed of its own so that it is not the hash that names the file. */
static uint64_t mix(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (; len >= 8; p += 8, len -= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * UINT64_C(0x9e3779b97f4a7c15);
        h ^= h >> 31;
    }
    return nb_hash(h, p, len);
}

static uint64_t checksum(const void *key, size_t klen, const void *val, size_t vlen)
{
    uint64_t h = mix(UINT64_C(0x243f6a8885a308d3), key, klen);
    return mix(h ^ klen, val, vlen);
}

bool nb_dcache_get(const char *ns, const void *key, size_t klen, nb_buf *out)
{
    out->len = 0;
    char *dir = ns_dir(ns, false);
    char *path = dir ? entry_path(dir, key, klen) : NULL;
    nb_free(dir);
    if (!path)
        return false;
    bool hit = false;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0 && (size_t)st.st_size >= HEADER_LEN + klen &&
        nb_buf_reserve(out, (size_t)st.st_size + 1)) {
        size_t got = 0, want = (size_t)st.st_size;
        while (got < want) {
            ssize_t r = read(fd, out->data + got, want - got);
            if (r <= 0)
                break;
            got += (size_t)r;
        }
        uint32_t kl;
        uint64_t vl, check;
        memcpy(&kl, out->data + 4, 4);
        memcpy(&vl, out->data + 8, 8);
        memcpy(&check, out->data + 16, 8);
        const char *k = out->data + HEADER_LEN, *v = k + klen;
        hit = got == want && memcmp(out->data, MAGIC, 4) == 0 && kl == klen &&
              vl == want - HEADER_LEN - klen && memcmp(k, key, klen) == 0 &&
              checksum(key, klen, v, vl) == check;
        if (hit) {
            memmove(out->data, v, vl);
            out->len = vl;
            out->data[vl] = '\0';
            futimens(fd, NULL); /* recently used: trimmed last */
        }
    }
    if (fd >= 0)
        close(fd);
    if (!hit)
        out->len = 0;
    nb_free(path);
    return hit;
}

typedef struct centry {
    char *name;
    off_t size;
    struct timespec mtime;
} centry;

static int by_age(const void *a, const void *b)
{
    const centry *x = a, *y = b;
    if (x->mtime.tv_sec != y->mtime.tv_sec)
        return x->mtime.tv_sec < y->mtime.tv_sec ? -1 : 1;
    if (x->mtime.tv_nsec != y->mtime.tv_nsec)
        return x->mtime.tv_nsec < y->mtime.tv_nsec ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* Deletes the oldest entries until the namespace fits 3/4 of its budget. */
static void trim(const char *dir)
{
    const char *mb = getenv("NIANBAO_CACHE_MB");
    long long budget = (mb && atoll(mb) > 0 ? atoll(mb) : DEFAULT_BUDGET_MB) * 1024 * 1024;
    DIR *dp = opendir(dir);
    if (!dp)
        return;
    centry *v = NULL;
    size_t n = 0, cap = 0;
    long long total = 0;
    struct dirent *e;
    while ((e = readdir(dp))) {
        struct stat st;
        if (e->d_name[0] == '.' || fstatat(dirfd(dp), e->d_name, &st, 0) != 0 ||
            !S_ISREG(st.st_mode))
            continue;
        total += st.st_size;
        if (!nb_grow(&v, n, 1, &cap, sizeof *v))
            break;
        v[n].name = nb_strdup(e->d_name);
        if (!v[n].name)
            break;
        v[n].size = st.st_size;
        v[n].mtime = st.st_mtim;
        n++;
    }
    if (total > budget) {
        qsort(v, n, sizeof *v, by_age);
        for (size_t i = 0; i < n && total > budget / 4 * 3; i++)
            if (unlinkat(dirfd(dp), v[i].name, 0) == 0)
                total -= v[i].size;
    }
    for (size_t i = 0; i < n; i++)
        nb_free(v[i].name);
    nb_free(v);
    closedir(dp);
}

void nb_dcache_put(const char *ns, const void *key, size_t klen, const void *val, size_t vlen)
{
    char *dir = ns_dir(ns, true);
    char *path = dir ? entry_path(dir, key, klen) : NULL;
    nb_buf tmp = {0};
    unsigned k = atomic_fetch_add(&stores, 1);
    if (path)
        nb_buf_printf(&tmp, "%s.tmp.%ld.%u", path, (long)getpid(), k);
    int fd = tmp.oom || !path ? -1 : open(tmp.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        unsigned char head[HEADER_LEN];
        uint32_t kl = (uint32_t)klen;
        uint64_t vl = vlen, check = checksum(key, klen, val, vlen);
        memcpy(head, MAGIC, 4);
        memcpy(head + 4, &kl, 4);
        memcpy(head + 8, &vl, 8);
        memcpy(head + 16, &check, 8);
        bool ok = write(fd, head, HEADER_LEN) == HEADER_LEN &&
                  write(fd, key, klen) == (ssize_t)klen && write(fd, val, vlen) == (ssize_t)vlen;
        ok = close(fd) == 0 && ok;
        if (!ok || rename(tmp.data, path) != 0)
            unlink(tmp.data);
        if (k % TRIM_EVERY == 0)
            trim(dir);
    }
    nb_buf_free(&tmp);
    nb_free(path);
    nb_free(dir);
}
