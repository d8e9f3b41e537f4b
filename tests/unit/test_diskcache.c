/* Unit tests of the persistent cache (util/diskcache): round trip, misses
 * for another key, a corrupt or truncated entry, the budget, NIANBAO_CACHE
 * =off, and four threads storing and reading the same keys at once (every
 * read is a miss or the exact value, never a torn one). Works in a
 * temporary XDG_CACHE_HOME. Prints "N passed, N failed". */
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "util/buf.h"
#include "util/diskcache.h"

static char root[256];

/* The one file of namespace ns (its entries), or "" */
static void only_entry(const char *ns, char *out, size_t n)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/nianbao/%s", root, ns);
    out[0] = '\0';
    DIR *dp = opendir(dir);
    struct dirent *e;
    while (dp && (e = readdir(dp)))
        if (e->d_name[0] != '.')
            snprintf(out, n, "%s/%s", dir, e->d_name);
    if (dp)
        closedir(dp);
}

static long ns_bytes(const char *ns, int *count)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/nianbao/%s", root, ns);
    long total = 0;
    *count = 0;
    DIR *dp = opendir(dir);
    struct dirent *e;
    while (dp && (e = readdir(dp))) {
        struct stat st;
        if (e->d_name[0] != '.' && fstatat(dirfd(dp), e->d_name, &st, 0) == 0) {
            total += st.st_size;
            (*count)++;
        }
    }
    if (dp)
        closedir(dp);
    return total;
}

static void test_round_trip(void)
{
    nb_buf v = {0};
    CHECK(!nb_dcache_get("t1", "key", 3, &v));
    nb_dcache_put("t1", "key", 3, "value\0with nul", 14);
    CHECK(nb_dcache_get("t1", "key", 3, &v) && v.len == 14 &&
          !memcmp(v.data, "value\0with nul", 14));
    CHECK(!nb_dcache_get("t1", "kez", 3, &v) && v.len == 0);
    CHECK(!nb_dcache_get("t2", "key", 3, &v));
    nb_dcache_put("t1", "key", 3, "", 0);
    CHECK(nb_dcache_get("t1", "key", 3, &v) && v.len == 0);
    nb_buf_free(&v);
}

static void test_corrupt(void)
{
    nb_buf v = {0};
    char big[5000];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)(i * 7);
    nb_dcache_put("c", "k", 1, big, sizeof big);
    char path[800];
    only_entry("c", path, sizeof path);
    CHECK(path[0] && nb_dcache_get("c", "k", 1, &v) && v.len == sizeof big);
    FILE *f = fopen(path, "r+b");
    fseek(f, 2000, SEEK_SET);
    fputc(big[2000 - 25] ^ 1, f); /* somewhere in the value */
    fclose(f);
    CHECK(!nb_dcache_get("c", "k", 1, &v)); /* checksum */
    nb_dcache_put("c", "k", 1, big, sizeof big);
    CHECK(nb_dcache_get("c", "k", 1, &v));
    CHECK(truncate(path, 3000) == 0);
    CHECK(!nb_dcache_get("c", "k", 1, &v)); /* lengths */
    f = fopen(path, "wb");
    fputs("garbage", f);
    fclose(f);
    CHECK(!nb_dcache_get("c", "k", 1, &v)); /* header */
    nb_buf_free(&v);
}

static void test_budget(void)
{
    setenv("NIANBAO_CACHE_MB", "1", 1);
    static char val[100000];
    for (int i = 0; i < 40; i++) { /* 4 MB into a 1 MB budget */
        char key[16];
        snprintf(key, sizeof key, "k%d", i);
        val[0] = (char)i;
        nb_dcache_put("b", key, strlen(key), val, sizeof val);
    }
    int n;
    long bytes = ns_bytes("b", &n);
    CHECK(bytes <= 1024 * 1024 + 8 * (long)sizeof val + 1000 * 8);
    nb_buf v = {0};
    CHECK(nb_dcache_get("b", "k39", 3, &v) && v.len == sizeof val && v.data[0] == 39);
    nb_buf_free(&v);
    unsetenv("NIANBAO_CACHE_MB");
}

static void test_off(void)
{
    setenv("NIANBAO_CACHE", "off", 1);
    nb_dcache_put("off", "k", 1, "v", 1);
    nb_buf v = {0};
    CHECK(!nb_dcache_get("off", "k", 1, &v));
    nb_buf_free(&v);
    unsetenv("NIANBAO_CACHE");
    int n;
    ns_bytes("off", &n);
    CHECK(n == 0);
}

static int torn;

static void *hammer(void *arg)
{
    (void)arg;
    nb_buf v = {0};
    char val[20000];
    for (int i = 0; i < 200; i++) {
        char key[8];
        int k = i % 5;
        snprintf(key, sizeof key, "h%d", k);
        memset(val, 'a' + k, sizeof val);
        if (nb_dcache_get("h", key, strlen(key), &v)) {
            if (v.len != sizeof val || memcmp(v.data, val, sizeof val))
                __atomic_add_fetch(&torn, 1, __ATOMIC_RELAXED);
        } else {
            nb_dcache_put("h", key, strlen(key), val, sizeof val);
        }
    }
    nb_buf_free(&v);
    return NULL;
}

static void test_concurrent(void)
{
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, hammer, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    CHECK(torn == 0);
    int n;
    ns_bytes("h", &n);
    CHECK(n == 5); /* no temporary files left */
}

int main(void)
{
    const char *base = getenv("NB_TEST_TMP");
    snprintf(root, sizeof root, "%s/nb_dcache_XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        return 1;
    }
    setenv("XDG_CACHE_HOME", root, 1);
    test_round_trip();
    test_corrupt();
    test_budget();
    test_off();
    test_concurrent();
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        printf("note: could not remove %s\n", root);
    return check_done();
}
