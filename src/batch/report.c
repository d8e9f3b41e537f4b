#include "report.h"

#include <stdio.h>
#include <string.h>

#include "../util/buf.h"

static const char *status_word(const nb_job *j)
{
    switch (j->status) {
    case NB_JOB_UNCHANGED:
        return "unchanged";
    case NB_JOB_BUILT:
        return "built";
    case NB_JOB_CHECKED:
        return "checked";
    case NB_JOB_FAILED:
        return j->stale ? "stale" : "failed";
    default:
        return "pending";
    }
}

static void json_str(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void json_diags(FILE *f, const nb_diags *d)
{
    static const char *const sev[] = {"note", "warning", "error"};
    fputc('[', f);
    for (size_t i = 0; i < d->count; i++) {
        const nb_diag *g = &d->items[i];
        fprintf(f, "%s{\"severity\":\"%s\",\"code\":\"%s\",\"file\":", i ? "," : "",
                sev[g->severity], nb_status_name(g->code));
        json_str(f, g->file);
        fprintf(f, ",\"line\":%d,\"column\":%d,\"message\":", g->line, g->col);
        json_str(f, g->msg);
        fputc('}', f);
    }
    fputc(']', f);
}

static void write_json(const char *path, const nb_job *jobs, size_t n, const nb_diags *global,
                       const nb_batch_summary *sum, double seconds)
{
    nb_buf tmp = {0};
    nb_buf_printf(&tmp, "%s.part", path);
    FILE *f = tmp.oom ? NULL : fopen(tmp.data, "w");
    if (!f) {
        nb_buf_free(&tmp);
        return;
    }
    fprintf(f,
            "{\"total\":%zu,\"built\":%zu,\"unchanged\":%zu,\"checked\":%zu,\"failed\":%zu,"
            "\"seconds\":%.3f,\"problems\":",
            sum->total, sum->built, sum->unchanged, sum->checked, sum->failed, seconds);
    json_diags(f, global);
    fputs(",\"offices\":[\n", f);
    for (size_t i = 0; i < n; i++) {
        const nb_job *j = &jobs[i];
        fputs(i ? ",\n{\"office\":" : "{\"office\":", f);
        json_str(f, j->office);
        fputs(",\"source\":", f);
        json_str(f, j->source);
        fputs(",\"output\":", f);
        json_str(f, j->out_rel);
        fprintf(f, ",\"status\":\"%s\",\"ms\":%.1f,\"changes\":", status_word(j), j->ms);
        json_str(f, j->changes);
        fprintf(f, ",\"errors\":%zu,\"warnings\":%zu,\"diagnostics\":", j->diags.errors,
                j->diags.warnings);
        json_diags(f, &j->diags);
        fputc('}', f);
    }
    fputs("\n]}\n", f);
    bool ok = fclose(f) == 0;
    if (ok)
        rename(tmp.data, path);
    else
        remove(tmp.data);
    nb_buf_free(&tmp);
}

void nb_batch_report(const nb_batch_opts *o, const nb_job *jobs, size_t n, const nb_diags *global,
                     const nb_batch_summary *sum, double seconds)
{
    FILE *log = o->log ? o->log : stderr;
    nb_diags_print(global, log);
    for (size_t i = 0; i < n; i++) {
        const nb_job *j = &jobs[i];
        if (j->status == NB_JOB_FAILED) {
            fprintf(log, "FAILED %s (%s)%s\n", j->office ? j->office : j->source, j->source,
                    j->stale ? ": the previous PDF is kept, now stale" : "");
            nb_diags_print(&j->diags, log);
        } else if (j->diags.warnings && o->check_only) {
            fprintf(log, "warnings for %s:\n", j->office);
            nb_diags_print(&j->diags, log);
        }
        if (j->status == NB_JOB_BUILT && j->changes)
            fprintf(log, "rebuilt %s: %s\n", j->out_rel, j->changes);
    }
    if (o->check_only)
        fprintf(log, "%zu offices: %zu consistent, %zu failed (%.2f s)\n", sum->total, sum->checked,
                sum->failed, seconds);
    else
        fprintf(log, "%zu offices: %zu built, %zu unchanged, %zu failed (%.2f s)\n", sum->total,
                sum->built, sum->unchanged, sum->failed, seconds);
    if (o->report || (!o->check_only && o->outdir)) {
        nb_buf p = {0};
        if (o->report)
            nb_buf_puts(&p, o->report);
        else
            nb_buf_printf(&p, "%s/nianbao-report.json", o->outdir);
        if (!p.oom)
            write_json(p.data, jobs, n, global, sum, seconds);
        nb_buf_free(&p);
    }
}
