#include "diag.h"

#include <stdarg.h>

#include "alloc.h"
#include "buf.h"

static const char *const status_names[NB_ERR__COUNT] = {
    [NB_OK] = "ok",
    [NB_ERR_NOMEM] = "out-of-memory",
    [NB_ERR_IO] = "io",
    [NB_ERR_SYNTAX] = "syntax",
    [NB_ERR_SCHEMA] = "schema",
    [NB_ERR_NOT_FOUND] = "not-found",
    [NB_ERR_FONT] = "font",
    [NB_ERR_GLYPH] = "glyph",
    [NB_ERR_LIMIT] = "limit",
    [NB_ERR_PDF] = "pdf",
    [NB_ERR_RULE] = "rule",
    [NB_ERR_USAGE] = "usage",
};

const char *nb_status_name(nb_status s)
{
    if ((unsigned)s >= NB_ERR__COUNT)
        return "unknown";
    return status_names[s];
}

void nb_diags_init(nb_diags *d) { *d = (nb_diags){0}; }

void nb_diags_free(nb_diags *d)
{
    for (size_t i = 0; i < d->count; i++) {
        nb_free(d->items[i].file);
        nb_free(d->items[i].msg);
    }
    nb_free(d->items);
    nb_diags_init(d);
}

nb_status nb_diag_at(nb_diags *d, nb_severity sev, nb_status code, nb_pos pos,
                     const char *fmt, ...)
{
    if (!d)
        return code;
    if (sev == NB_ERROR)
        d->errors++;
    else if (sev == NB_WARNING)
        d->warnings++;
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 8;
        nb_diag *items = nb_realloc(d->items, cap * sizeof *items);
        if (!items)
            return code;
        d->items = items;
        d->cap = cap;
    }
    nb_buf msg = {0};
    va_list ap;
    va_start(ap, fmt);
    nb_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    char *text = nb_buf_take(&msg);
    char *file = pos.file ? nb_strdup(pos.file) : NULL;
    if (!text || (pos.file && !file)) {
        nb_free(text);
        nb_free(file);
        return code;
    }
    d->items[d->count++] = (nb_diag){sev, code, file, pos.line, pos.col, text};
    return code;
}

void nb_diags_print(const nb_diags *d, FILE *out)
{
    static const char *const sevname[] = {"note", "warning", "error"};
    for (size_t i = 0; i < d->count; i++) {
        const nb_diag *g = &d->items[i];
        if (g->file) {
            fprintf(out, "%s:", g->file);
            if (g->line > 0)
                fprintf(out, "%d:%d:", g->line, g->col > 0 ? g->col : 1);
            fputc(' ', out);
        }
        /* The code in brackets lets scripts and tests tell errors apart
         * without parsing the sentence. */
        if (g->severity == NB_ERROR)
            fprintf(out, "%s: %s [%s]\n", sevname[g->severity], g->msg,
                    nb_status_name(g->code));
        else
            fprintf(out, "%s: %s\n", sevname[g->severity], g->msg);
    }
}

nb_status nb_diags_first_error(const nb_diags *d)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].severity == NB_ERROR)
            return d->items[i].code;
    return d->errors ? NB_ERR_NOMEM : NB_OK;
}
