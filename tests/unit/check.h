/* The check helpers of every unit test program (tests/unit/test_*.c).
 *
 *   CHECK(cond)               counts a pass, or prints file:line and the
 *                             condition; its value is cond, so
 *                             `if (CHECK(p != NULL)) use(p);` reads well
 *   CHECKF(cond, fmt, ...)    the same with a message of its own
 *   check_done()              prints the last line "N passed, N failed" and
 *                             returns the exit status (0: nothing failed)
 *   diag_first/diag_find/diag_count
 *                             the diagnostics of a severity, optionally
 *                             containing an excerpt
 *
 * Each test program includes this once; the counters are its own. */
#ifndef NB_TESTS_UNIT_CHECK_H
#define NB_TESTS_UNIT_CHECK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "nianbao.h"

static int check_passed, check_failed;

static inline bool check_at(bool ok, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static inline bool check_at(bool ok, const char *file, int line, const char *fmt, ...)
{
    if (ok) {
        check_passed++;
        return true;
    }
    check_failed++;
    printf("FAIL %s:%d: ", file, line);
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    return false;
}

#define CHECK(cond) check_at((cond) ? true : false, __FILE__, __LINE__, "%s", #cond)
#define CHECKF(cond, ...) check_at((cond) ? true : false, __FILE__, __LINE__, __VA_ARGS__)

static inline int check_done(void)
{
    printf("%d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}

/* The first diagnostic of severity `sev` containing `excerpt` (NULL: any). */
static inline const nb_diag *diag_find(const nb_diags *d, nb_severity sev, const char *excerpt)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].severity == sev && (!excerpt || strstr(d->items[i].msg, excerpt)))
            return &d->items[i];
    return NULL;
}

static inline const nb_diag *diag_first(const nb_diags *d, nb_severity sev)
{
    return diag_find(d, sev, NULL);
}

static inline size_t diag_count(const nb_diags *d, nb_severity sev, const char *excerpt)
{
    size_t n = 0;
    for (size_t i = 0; i < d->count; i++)
        n += d->items[i].severity == sev && (!excerpt || strstr(d->items[i].msg, excerpt));
    return n;
}

#endif
