/* Growable byte buffer. A failed growth sets `oom` and turns later appends
 * into no-ops, so a caller can build a whole string and check once. */
#ifndef NB_UTIL_BUF_H
#define NB_UTIL_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct nb_buf {
    char *data; /* NUL-terminated when len > 0 or after nb_buf_cstr */
    size_t len;
    size_t cap;
    bool oom;
} nb_buf;

bool nb_buf_reserve(nb_buf *b, size_t extra);
void nb_buf_append(nb_buf *b, const void *data, size_t len);
void nb_buf_puts(nb_buf *b, const char *s);
void nb_buf_putc(nb_buf *b, char c);
/* v in decimal, without printf (for hot loops such as PDF object numbers). */
void nb_buf_put_uint(nb_buf *b, size_t v);
void nb_buf_printf(nb_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void nb_buf_vprintf(nb_buf *b, const char *fmt, va_list ap);
/* Always a valid C string ("" for an empty or failed buffer). */
const char *nb_buf_cstr(nb_buf *b);
/* Hand the storage to the caller (free with nb_free); NULL if oom. */
char *nb_buf_take(nb_buf *b);
void nb_buf_free(nb_buf *b);

#endif
