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
    [NB_ERR_VALUE] = "value",
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
        nb_free(d->items[i].keys);
    }
    nb_free(d->items);
    nb_diags_init(d);
}

nb_status nb_diag_at(nb_diags *d, nb_severity sev, nb_status code, nb_pos pos, const char *fmt, ...)
{
    if (!d)
        return code;
    if (sev == NB_ERROR)
        d->errors++;
    else if (sev == NB_WARNING)
        d->warnings++;
    if (!nb_grow(&d->items, d->count, 1, &d->cap, sizeof *d->items))
        return code;
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
    d->items[d->count++] = (nb_diag){sev, code, file, pos.line, pos.col, text, NULL};
    return code;
}

nb_status nb_diag_nomem(nb_diags *d)
{
    if (!d)
        return NB_ERR_NOMEM;
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].code == NB_ERR_NOMEM)
            return NB_ERR_NOMEM; /* already said */
    return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
}

/* One diagnostic line, in the GNU format. */
static void format_diag(nb_buf *b, const nb_diag *g)
{
    static const char *const sevname[] = {"note", "warning", "error"};
    if (g->file) {
        nb_buf_printf(b, "%s:", g->file);
        if (g->line > 0)
            nb_buf_printf(b, "%d:%d:", g->line, g->col > 0 ? g->col : 1);
        nb_buf_putc(b, ' ');
    }
    /* The code in brackets lets scripts and tests tell errors apart
     * without parsing the sentence. */
    if (g->severity == NB_ERROR)
        nb_buf_printf(b, "%s: %s [%s]\n", sevname[g->severity], g->msg, nb_status_name(g->code));
    else
        nb_buf_printf(b, "%s: %s\n", sevname[g->severity], g->msg);
}

/* The lines are formatted first and written with one call: stderr is
 * unbuffered, and a batch of offices with a hundred warnings each spent
 * most of its time in write(2), one per fragment; one call also keeps the
 * lines of one report together when several threads print. */
void nb_diags_print(const nb_diags *d, FILE *out)
{
    nb_buf b = {0};
    for (size_t i = 0; i < d->count; i++)
        format_diag(&b, &d->items[i]);
    if (!b.oom) {
        if (b.len)
            fwrite(b.data, 1, b.len, out);
        nb_buf_free(&b);
        return;
    }
    nb_buf_free(&b);
    /* Out of memory: the lines one by one, as they were always printed. */
    static const char *const sevname[] = {"note", "warning", "error"};
    for (size_t i = 0; i < d->count; i++) {
        const nb_diag *g = &d->items[i];
        if (g->file) {
            fprintf(out, "%s:", g->file);
            if (g->line > 0)
                fprintf(out, "%d:%d:", g->line, g->col > 0 ? g->col : 1);
            fputc(' ', out);
        }
        fprintf(out, "%s: %s", sevname[g->severity], g->msg);
        if (g->severity == NB_ERROR)
            fprintf(out, " [%s]", nb_status_name(g->code));
        fputc('\n', out);
    }
}

nb_status nb_diags_first_error(const nb_diags *d)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].severity == NB_ERROR)
            return d->items[i].code;
    return d->errors ? NB_ERR_NOMEM : NB_OK;
}
