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
 *   expect_error(...)         a load failed with the status, first error at
 *                             line:col and message excerpt the test expects
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

/* The load returned `want` (st) and its first error has code `want`, sits
 * at line:col and contains `excerpt` (NULL: any message); src_line is the
 * test's own line, for the failure message. */
static inline void expect_error_at(const char *file, const char *label, const nb_diags *d,
                                   nb_status st, nb_status want, int line, int col,
                                   const char *excerpt, int src_line)
{
    const nb_diag *e = diag_first(d, NB_ERROR);
    bool ok = st == want && e && e->code == want && e->line == line && e->col == col &&
              (!excerpt || strstr(e->msg, excerpt));
    if (!check_at(ok, file, src_line, "%s", label)) {
        fprintf(stderr, "  want %s %d:%d \"%s\"; got status %s\n", nb_status_name(want), line, col,
                excerpt ? excerpt : "", nb_status_name(st));
        nb_diags_print(d, stderr);
    }
}
#define expect_error(...) expect_error_at(__FILE__, __VA_ARGS__)

#endif
