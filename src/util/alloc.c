#include "alloc.h"

#include <stdlib.h>
#include <string.h>

/* Failure injection state. -1 means "never fail". Thread-local: a test
 * injects failures into its own thread, and batch workers never race on
 * the counter. */
static _Thread_local long fail_after = -1;
static _Thread_local long alloc_count;

static int should_fail(void)
{
    alloc_count++;
    if (fail_after < 0)
        return 0;
    if (fail_after == 0)
        return 1;
    fail_after--;
    return 0;
}

void nb_alloc_fail_after(long n)
{
    fail_after = n;
    alloc_count = 0;
}

long nb_alloc_count(void) { return alloc_count; }

void *nb_malloc(size_t size)
{
    if (should_fail())
        return NULL;
    return malloc(size ? size : 1);
}

void *nb_calloc(size_t count, size_t size)
{
    if (should_fail())
        return NULL;
    return calloc(count ? count : 1, size ? size : 1);
}

void *nb_realloc(void *ptr, size_t size)
{
    if (should_fail())
        return NULL;
    return realloc(ptr, size ? size : 1);
}

void nb_free(void *ptr) { free(ptr); }

char *nb_strndup(const char *s, size_t n)
{
    char *p = nb_malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *nb_strdup(const char *s) { return nb_strndup(s, strlen(s)); }

char *nb_strjoin(const char *a, char sep, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *p = nb_malloc(la + lb + 2);
    if (!p)
        return NULL;
    memcpy(p, a, la);
    p[la] = sep;
    memcpy(p + la + 1, b, lb + 1);
    return p;
}

bool nb_grow(void *array, size_t count, size_t extra, size_t *cap, size_t each)
{
    if (count + extra <= *cap)
        return true;
    size_t n = *cap ? *cap : 16;
    while (n < count + extra) {
        if (n > ((size_t)-1) / 2 / each)
            return false;
        n *= 2;
    }
    void **p = array;
    void *v = nb_realloc(*p, n * each);
    if (!v)
        return false;
    *p = v;
    *cap = n;
    return true;
}
