/* Allocation wrappers used by the whole library.
 *
 * Every allocation in src/ goes through these so that a test can make the
 * N-th allocation fail (nb_alloc_fail_after) and check that each failure is
 * reported as NB_ERR_NOMEM without a leak or a crash. They never abort. */
#ifndef NB_UTIL_ALLOC_H
#define NB_UTIL_ALLOC_H

#include <stdbool.h>
#include <stddef.h>

void *nb_malloc(size_t size);
void *nb_calloc(size_t count, size_t size);
void *nb_realloc(void *ptr, size_t size);
void nb_free(void *ptr);
/* Copy of s (or of its first n bytes, NUL-terminated); NULL on failure. */
char *nb_strdup(const char *s);
char *nb_strndup(const char *s, size_t n);
/* "a" sep "b" ("dir/file", "parent.key"); NULL on failure. */
char *nb_strjoin(const char *a, char sep, const char *b);

/* Makes room for `extra` more elements in a growable array: *array holds
 * `count` elements of `each` bytes in room for *cap. Grows by doubling (at
 * least 16). Returns false, leaving the array as it was, when memory runs
 * out or the size would overflow. `array` is the address of the pointer. */
bool nb_grow(void *array, size_t count, size_t extra, size_t *cap, size_t each);

/* Testing hook: after `n` more successful allocations, every further one
 * fails until reset with n < 0. Not thread-safe; tests only. */
void nb_alloc_fail_after(long n);
/* Number of allocations made since the last nb_alloc_fail_after call. */
long nb_alloc_count(void);

#endif
