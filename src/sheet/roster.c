/* A roster of offices for the template: a text file with one name a line,
 * or a CSV whose first column holds the names (a header 单位名称/office is
 * skipped). UTF-8, with or without a BOM. */
#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fileio.h"
#include "../util/utf8.h"

#define ROSTER_MAX_BYTES ((size_t)4 << 20)

nb_status nb_roster_load(const char *path, char ***names, size_t *count, nb_diags *d)
{
    *names = NULL;
    *count = 0;
    nb_buf b = {0};
    nb_status s = nb_read_file(path, ROSTER_MAX_BYTES, NB_NOPOS, &b, d);
    if (s) {
        nb_buf_free(&b);
        return s;
    }
    const char *text = nb_buf_cstr(&b);
    if (!strncmp(text, "\xEF\xBB\xBF", 3))
        text += 3;
    size_t bad = nb_utf8_invalid_at(text, strlen(text));
    if (bad != (size_t)-1 || strlen(text) != b.len - (size_t)(text - nb_buf_cstr(&b))) {
        int line = 1;
        for (size_t i = 0; i < bad && text[i]; i++)
            line += text[i] == '\n';
        nb_buf_free(&b);
        return nb_diag_at(d, NB_ERROR, NB_ERR_SYNTAX, (nb_pos){path, line, 1},
                          "the roster must be UTF-8 text, one office a line; save it as "
                          "UTF-8");
    }
    size_t cap = 0;
    int line = 0;
    for (const char *p = text; *p && !s;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        line++;
        /* The first CSV field, unquoted; spaces around it dropped. */
        const char *f = p, *fe = p + len;
        if (*f == '"') {
            f++;
            const char *q = memchr(f, '"', (size_t)(fe - f));
            fe = q ? q : fe;
        } else {
            const char *comma = memchr(f, ',', len);
            fe = comma ? comma : fe;
        }
        while (f < fe && (*f == ' ' || *f == '\t'))
            f++;
        while (fe > f && (fe[-1] == ' ' || fe[-1] == '\t' || fe[-1] == '\r'))
            fe--;
        p = e ? e + 1 : p + len;
        size_t n = (size_t)(fe - f);
        /* The header is the first line with a name, blank lines above it
         * (a roster pasted below an empty line) or not. */
        if (!n || (!*count && ((n == strlen("单位名称") && !memcmp(f, "单位名称", n)) ||
                               (n == 6 && !memcmp(f, "office", 6)))))
            continue;
        char *name = nb_strndup(f, n);
        for (size_t i = 0; name && i < *count; i++)
            if (!strcmp((*names)[i], name)) {
                s = nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, (nb_pos){path, line, 1},
                               "office '%s' is listed twice; each office gets one row", name);
                break;
            }
        if (!name || !nb_grow(names, *count, 1, &cap, sizeof **names)) {
            nb_free(name);
            s = NB_ERR_NOMEM;
        } else if (!s) {
            (*names)[(*count)++] = name;
        } else {
            nb_free(name);
        }
    }
    nb_buf_free(&b);
    if (!s && !*count)
        s = nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, (nb_pos){path, 1, 1},
                       "the roster names no office; write one office name a line");
    if (s) {
        nb_roster_free(*names, *count);
        *names = NULL;
        *count = 0;
    }
    return s;
}

void nb_roster_free(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        nb_free(names[i]);
    nb_free(names);
}
