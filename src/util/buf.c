#include "buf.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"

bool nb_buf_reserve(nb_buf *b, size_t extra)
{
    if (b->oom)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > ((size_t)-1) / 2) {
            b->oom = true;
            return false;
        }
        cap += cap / 2 + 16;
    }
    char *p = nb_realloc(b->data, cap);
    if (!p) {
        b->oom = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void nb_buf_append(nb_buf *b, const void *data, size_t len)
{
    if (!nb_buf_reserve(b, len))
        return;
    if (len) /* memcpy's source may not be NULL, even for 0 bytes */
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void nb_buf_puts(nb_buf *b, const char *s) { nb_buf_append(b, s, strlen(s)); }

void nb_buf_putc(nb_buf *b, char c) { nb_buf_append(b, &c, 1); }

void nb_buf_put_uint(nb_buf *b, size_t v)
{
    char t[24];
    int n = 0;
    do
        t[n++] = (char)('0' + v % 10);
    while ((v /= 10) > 0);
    while (n)
        nb_buf_putc(b, t[--n]);
}

void nb_buf_vprintf(nb_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0 || !nb_buf_reserve(b, (size_t)n))
        return;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void nb_buf_printf(nb_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    nb_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

const char *nb_buf_cstr(nb_buf *b)
{
    if (b->oom || !b->data)
        return "";
    return b->data;
}

char *nb_buf_take(nb_buf *b)
{
    char *p = NULL;
    if (!b->oom) {
        if (!b->data)
            nb_buf_reserve(b, 0);
        if (b->data)
            b->data[b->len] = '\0';
        p = b->data;
        b->data = NULL;
    }
    nb_buf_free(b);
    return p;
}

void nb_buf_free(nb_buf *b)
{
    nb_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->oom = false;
}
