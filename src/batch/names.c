#include "names.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/utf8.h"

/* Longest component in bytes, under the 255 most file systems allow. */
#define NB_MAX_COMPONENT 180

char *nb_safe_component(const char *s)
{
    nb_buf b = {0};
    size_t len = strlen(s), i = 0;
    while (i < len) {
        size_t at = i;
        int32_t cp = nb_utf8_next(s, len, &i);
        if (cp < 0x20 || cp == 0x7F || (cp < 0x80 && strchr("/\\:*?\"<>|", (int)cp)))
            nb_buf_putc(&b, '_');
        else
            nb_buf_append(&b, s + at, i - at);
        if (b.len > NB_MAX_COMPONENT) {
            /* cut back to a character boundary */
            while (b.len && ((unsigned char)b.data[b.len - 1] & 0xC0) == 0x80)
                b.len--;
            if (b.len)
                b.len--;
            break;
        }
    }
    char *out = nb_buf_take(&b);
    if (!out)
        return NULL;
    /* No leading or trailing spaces or dots: ".", ".." and hidden files
     * are not names an office gets. */
    size_t n = strlen(out), k = 0;
    while (n && (out[n - 1] == ' ' || out[n - 1] == '.'))
        out[--n] = '\0';
    while (out[k] == ' ' || out[k] == '.')
        k++;
    memmove(out, out + k, n - k + 1);
    if (!*out) {
        nb_free(out);
        return nb_strdup("_");
    }
    return out;
}

static bool known(const char *name, size_t n)
{
    static const char *const names[] = {"office", "year", "layout", "file"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strlen(names[i]) == n && memcmp(names[i], name, n) == 0)
            return true;
    return false;
}

nb_status nb_pattern_check(const char *pattern, nb_diags *d)
{
    if (!*pattern || pattern[0] == '/')
        return nb_diag_at(d, NB_ERROR, NB_ERR_USAGE, NB_NOPOS,
                          "output pattern '%s' must be a relative path", pattern);
    for (const char *p = pattern; *p; p++) {
        if (*p == '{') {
            const char *e = strchr(p, '}');
            if (!e || !known(p + 1, (size_t)(e - p - 1)))
                return nb_diag_at(d, NB_ERROR, NB_ERR_USAGE, NB_NOPOS,
                                  "output pattern '%s': use {office}, {year}, {layout} or "
                                  "{file}",
                                  pattern);
            p = e;
        }
    }
    /* Fixed parts may not climb out of the folder. */
    for (const char *p = pattern; *p;) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if ((n == 2 && !strncmp(p, "..", 2)) || (n == 1 && *p == '.'))
            return nb_diag_at(d, NB_ERROR, NB_ERR_USAGE, NB_NOPOS,
                              "output pattern '%s' may not contain '.' or '..'", pattern);
        p += n + (e != NULL);
    }
    return NB_OK;
}

char *nb_pattern_expand(const char *pattern, const char *office, int year, const char *layout,
                        const char *file)
{
    nb_buf b = {0};
    for (const char *p = pattern; *p; p++) {
        if (*p != '{') {
            nb_buf_putc(&b, *p);
            continue;
        }
        const char *e = strchr(p, '}');
        size_t n = (size_t)(e - p - 1);
        char num[16];
        const char *v = "";
        if (n == 6 && !strncmp(p + 1, "office", 6))
            v = office;
        else if (n == 4 && !strncmp(p + 1, "year", 4)) {
            snprintf(num, sizeof num, "%d", year);
            v = num;
        } else if (n == 6 && !strncmp(p + 1, "layout", 6))
            v = layout;
        else if (n == 4 && !strncmp(p + 1, "file", 4))
            v = file;
        char *safe = nb_safe_component(v ? v : "");
        if (!safe) {
            nb_buf_free(&b);
            return NULL;
        }
        nb_buf_puts(&b, safe);
        nb_free(safe);
        p = e;
    }
    return nb_buf_take(&b);
}

char *nb_html_path_for(const char *pdf_path)
{
    size_t n = strlen(pdf_path);
    if (n > 4 && !strcasecmp(pdf_path + n - 4, ".pdf"))
        n -= 4;
    nb_buf b = {0};
    nb_buf_printf(&b, "%.*s.html", (int)n, pdf_path);
    return nb_buf_take(&b);
}

char *nb_safe_file_name(const char *s) { return nb_safe_component(s); }
