/* A batch's verdicts beyond built/failed. The rule is the one the issue
 * was filed for: a coordinator must never see "10 built, 0 failed" and
 * miss that three PDFs have blank cells, that one is last year's version
 * because its rebuild failed, or that last year's data matched nobody. So
 * every office with warnings is named at the end (count and the first),
 * stale PDFs are listed on every run until rebuilt, and outputs the batch
 * no longer makes are listed until --prune removes them. */
#define _POSIX_C_SOURCE 200809L

#include "verdicts.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "manifest.h"
#include "names.h"

long nb_previous_pair(nb_data *const *prev, size_t nprev, const nb_data *data)
{
    long any = -1;
    for (size_t i = 0; i < nprev; i++) {
        if (!prev[i]->office || !data->office || strcmp(prev[i]->office, data->office) != 0)
            continue;
        if (prev[i]->year == data->year - 1)
            return (long)i;
        if (any < 0)
            any = (long)i;
    }
    return any;
}

nb_status nb_strict_verdict(const nb_batch_opts *o, nb_job *j, nb_status s)
{
    if (s || !o->strict || !j->diags.warnings)
        return s;
    return nb_diag_at(&j->diags, NB_ERROR, NB_ERR_RULE, (nb_pos){j->source, 0, 0},
                      "%zu warning%s, and --strict makes warnings failures%s; fix them, or "
                      "build without --strict",
                      j->diags.warnings, j->diags.warnings == 1 ? "" : "s",
                      o->check_only ? "" : " (no PDF written)");
}

/* ---- outputs ---------------------------------------------------------- */

static bool push(char ***v, size_t *n, const char *s)
{
    char **p = nb_realloc(*v, (*n + 1) * sizeof *p);
    if (!p)
        return false;
    *v = p;
    if (!(p[*n] = nb_strdup(s)))
        return false;
    (*n)++;
    return true;
}

static int by_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

nb_status nb_outputs_collect(const nb_manifest *m, const nb_job *jobs, size_t n,
                             bool (*mine)(const char *out, void *ctx), void *ctx, nb_outputs *out)
{
    memset(out, 0, sizeof *out);
    char **claimed = nb_calloc(n ? n : 1, sizeof *claimed);
    size_t nc = 0;
    if (!claimed)
        return NB_ERR_NOMEM;
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        const nb_job *j = &jobs[i];
        if (j->status == NB_JOB_OTHER_SHARD)
            continue;
        if (j->out_rel)
            claimed[nc++] = j->out_rel;
        else if (j->status == NB_JOB_FAILED)
            out->unnamed++;
        if (j->status == NB_JOB_FAILED && j->stale && j->out_rel)
            ok = push(&out->stale, &out->nstale, j->out_rel);
    }
    qsort(claimed, nc, sizeof *claimed, by_str);
    for (size_t i = 0; ok && i < m->count; i++) {
        const char *o = m->items[i].out;
        if (mine && !mine(o, ctx))
            continue;
        if (!bsearch(&o, claimed, nc, sizeof *claimed, by_str))
            ok = push(&out->orphans, &out->norphans, o);
    }
    nb_free(claimed);
    return ok ? NB_OK : NB_ERR_NOMEM;
}

/* Removes the folders between `path`'s folder and `top` that are empty. */
static void remove_empty_dirs(char *path, size_t top)
{
    for (char *slash = strrchr(path, '/'); slash && (size_t)(slash - path) > top;
         slash = strrchr(path, '/')) {
        *slash = '\0';
        if (rmdir(path) != 0)
            break;
    }
}

void nb_outputs_prune(const nb_batch_opts *o, nb_outputs *out, nb_diags *d)
{
    if (!o->prune || !out->norphans)
        return;
    if (out->unnamed) {
        nb_diag_at(d, NB_WARNING, NB_ERR_USAGE, NB_NOPOS,
                   "--prune removed nothing: %zu office%s failed before %s output was named, so "
                   "an old PDF of %s would look unowned; fix %s first",
                   out->unnamed, out->unnamed == 1 ? "" : "s", out->unnamed == 1 ? "its" : "their",
                   out->unnamed == 1 ? "it" : "theirs", out->unnamed == 1 ? "it" : "them");
        return;
    }
    for (size_t i = 0; i < out->norphans; i++) {
        nb_buf p = {0};
        nb_buf_printf(&p, "%s/%s", o->outdir, out->orphans[i]);
        if (p.oom)
            continue;
        char *html = nb_html_path_for(p.data); /* its web edition, if any */
        if (html && unlink(html) != 0 && access(html, F_OK) == 0)
            nb_diag_at(d, NB_WARNING, NB_ERR_IO, (nb_pos){html, 0, 0},
                       "--prune could not remove this file");
        nb_free(html);
        if (unlink(p.data) != 0 && access(p.data, F_OK) == 0)
            nb_diag_at(d, NB_WARNING, NB_ERR_IO, (nb_pos){p.data, 0, 0},
                       "--prune could not remove this file");
        else
            remove_empty_dirs(p.data, strlen(o->outdir));
        nb_buf_free(&p);
    }
    out->pruned = true;
}

bool nb_outputs_keep(const nb_outputs *outs, const char *out)
{
    if (!outs->pruned)
        return true;
    for (size_t i = 0; i < outs->norphans; i++)
        if (!strcmp(outs->orphans[i], out))
            return false;
    return true;
}

void nb_outputs_free(nb_outputs *out)
{
    for (size_t i = 0; i < out->nstale; i++)
        nb_free(out->stale[i]);
    for (size_t i = 0; i < out->norphans; i++)
        nb_free(out->orphans[i]);
    nb_free(out->stale);
    nb_free(out->orphans);
    memset(out, 0, sizeof *out);
}

/* ---- the verdict lines ---------------------------------------------------- */

static const char *name_of(const nb_job *j) { return j->office ? j->office : j->source; }

static const nb_diag *first_warning(const nb_diags *d)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].severity == NB_WARNING)
            return &d->items[i];
    return NULL;
}

void nb_verdicts_print(FILE *log, const nb_batch_opts *o, const nb_job *jobs, size_t n,
                       const nb_outputs *outs)
{
    size_t warned = 0, unpaired = 0;
    for (size_t i = 0; i < n; i++) {
        const nb_job *j = &jobs[i];
        if (j->status == NB_JOB_OTHER_SHARD || j->status == NB_JOB_FAILED || !j->diags.warnings)
            continue;
        if (!warned++)
            fputs("offices with warnings (the JSON report has them all):\n", log);
        const nb_diag *w = first_warning(&j->diags);
        fprintf(log, "  %s: %zu warning%s", name_of(j), j->diags.warnings,
                j->diags.warnings == 1 ? "" : "s");
        if (w && w->file)
            fprintf(log, "; first: %s:%d:%d: %s", w->file, w->line, w->col, w->msg);
        else if (w)
            fprintf(log, "; first: %s", w->msg);
        fputc('\n', log);
    }
    for (size_t i = 0; o->previous && i < n; i++) {
        const nb_job *j = &jobs[i];
        if (j->status == NB_JOB_OTHER_SHARD || !j->no_previous)
            continue;
        if (!unpaired++)
            fputs("no last-year data for these offices (their cross-year rules were not run):\n",
                  log);
        fprintf(log, "  %s (%s)\n", name_of(j), j->source);
    }
    if (!outs)
        return;
    if (outs->nstale) {
        fprintf(log,
                "stale: %zu PDF%s older than %s data (the last rebuild failed; listed until "
                "rebuilt):\n",
                outs->nstale, outs->nstale == 1 ? " is" : "s are",
                outs->nstale == 1 ? "its" : "their");
        for (size_t i = 0; i < outs->nstale; i++)
            fprintf(log, "  %s/%s\n", o->outdir, outs->stale[i]);
    }
    if (outs->norphans) {
        fprintf(log, "%s %zu output%s no office of this run makes:\n",
                outs->pruned ? "removed (--prune):" : "not made by this batch;", outs->norphans,
                outs->norphans == 1 ? "" : "s");
        for (size_t i = 0; i < outs->norphans; i++)
            fprintf(log, "  %s/%s\n", o->outdir, outs->orphans[i]);
        if (!outs->pruned)
            fputs("  (left in place; --prune removes them)\n", log);
    }
}
