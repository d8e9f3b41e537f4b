#include "batch_report.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/diag.h"

const char *nb_job_status_word(const nb_job *j)
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

/* A string or null; invalid UTF-8 (jansson refuses it) is written with
 * its bad bytes replaced. */
static json_t *jstr(const char *s)
{
    if (!s)
        return json_null();
    json_t *v = json_string(s);
    if (v)
        return v;
    char *copy = nb_strdup(s);
    if (!copy)
        return NULL;
    for (unsigned char *p = (unsigned char *)copy; *p; p++)
        if (*p >= 0x80)
            *p = '?';
    v = json_string(copy);
    nb_free(copy);
    return v;
}

static json_t *jdiags(const nb_diags *d)
{
    static const char *const sev[] = {"note", "warning", "error"};
    json_t *a = json_array();
    for (size_t i = 0; a && i < d->count; i++) {
        const nb_diag *g = &d->items[i];
        json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:i, s:i, s:o}", "severity",
                                           sev[g->severity], "code", nb_status_name(g->code),
                                           "file", jstr(g->file), "line", g->line, "column", g->col,
                                           "message", jstr(g->msg)));
    }
    return a;
}

static json_t *joffice(const nb_job *j)
{
    return json_pack("{s:o, s:o, s:o, s:s, s:b, s:f, s:o, s:I, s:I, s:o}", "office",
                     jstr(j->office), "source", jstr(j->source), "output", jstr(j->out_rel),
                     "status", nb_job_status_word(j), "stale", (int)j->stale, "ms",
                     (double)(long long)(j->ms * 10) / 10, "changes", jstr(j->changes), "errors",
                     (json_int_t)j->diags.errors, "warnings", (json_int_t)j->diags.warnings,
                     "diagnostics", jdiags(&j->diags));
}

static json_t *jsummary(const nb_batch_summary *sum, double seconds, json_t *problems)
{
    return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:o}", "total",
                     (json_int_t)sum->total, "built", (json_int_t)sum->built, "unchanged",
                     (json_int_t)sum->unchanged, "checked", (json_int_t)sum->checked, "failed",
                     (json_int_t)sum->failed, "warned", (json_int_t)sum->warned, "stale",
                     (json_int_t)sum->stale, "orphans", (json_int_t)sum->orphans, "seconds",
                     (double)(long long)(seconds * 1000) / 1000, "problems", problems);
}

/* ["2021/a.pdf", …] */
static json_t *jlist(char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, jstr(v[i]));
    return a;
}

/* Dumps v compactly (UTF-8 as is) and frees it; false when v is NULL. */
static bool dump(json_t *v, FILE *f)
{
    bool ok =
        v && json_dumpf(v, f, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10)) == 0;
    json_decref(v);
    return ok;
}

void nb_report_spool(FILE **spool, pthread_mutex_t *lock, nb_job *j)
{
    if (j->status == NB_JOB_FAILED || j->status == NB_JOB_OTHER_SHARD || !j->diags.count)
        return;
    char *text = NULL;
    json_t *v = joffice(j);
    if (v)
        text = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    json_decref(v);
    if (!text)
        return; /* kept in memory, written at the end */
    size_t len = strlen(text);
    pthread_mutex_lock(lock);
    if (!*spool)
        *spool = tmpfile();
    long off = *spool && fseek(*spool, 0, SEEK_END) == 0 ? ftell(*spool) : -1;
    bool ok = off >= 0 && fwrite(text, 1, len, *spool) == len;
    pthread_mutex_unlock(lock);
    free(text);
    if (!ok)
        return;
    j->rep_off = off;
    j->rep_len = len;
    /* The summary names each office with warnings, its count and its first
     * warning: that one stays, with the counts. */
    nb_diags *d = &j->diags;
    size_t keep = d->count;
    for (size_t i = 0; i < d->count && keep == d->count; i++)
        if (d->items[i].severity == NB_WARNING)
            keep = i;
    for (size_t i = 0; i < d->count; i++)
        if (i != keep) {
            nb_free(d->items[i].file);
            nb_free(d->items[i].msg);
        }
    if (keep < d->count) {
        d->items[0] = d->items[keep];
        d->count = 1;
    } else {
        d->count = 0;
    }
}

/* Copies a spooled entry into the report. */
static bool copy_entry(FILE *spool, const nb_job *j, FILE *f)
{
    char buf[8192];
    if (!spool || fseek(spool, j->rep_off, SEEK_SET) != 0)
        return false;
    for (size_t left = j->rep_len; left;) {
        size_t n = fread(buf, 1, left < sizeof buf ? left : sizeof buf, spool);
        if (!n || fwrite(buf, 1, n, f) != n)
            return false;
        left -= n;
    }
    return true;
}

/* The report, one office at a time: {summary…, "offices":[…]} with every
 * value encoded by jansson, without holding the whole document. */
static void write_json(const char *path, const nb_job *jobs, size_t n, const nb_diags *global,
                       const nb_batch_summary *sum, const nb_outputs *outs, FILE *spool,
                       double seconds)
{
    nb_buf tmp = {0};
    nb_buf_printf(&tmp, "%s.part", path);
    FILE *f = tmp.oom ? NULL : fopen(tmp.data, "w");
    if (!f) {
        nb_buf_free(&tmp);
        return;
    }
    char *head = NULL;
    json_t *top = jsummary(sum, seconds, jdiags(global));
    if (top && outs) { /* PDFs older than their data; outputs no office makes */
        json_object_set_new(top, "stale_outputs", jlist(outs->stale, outs->nstale));
        json_object_set_new(top, outs->pruned ? "pruned" : "orphans",
                            jlist(outs->orphans, outs->norphans));
    }
    if (top)
        head = json_dumps(top, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    json_decref(top);
    bool ok = head != NULL;
    if (ok) {
        head[strlen(head) - 1] = '\0'; /* reopen the object */
        ok = fprintf(f, "%s,\"offices\":[", head) > 0;
    }
    free(head);
    bool first = true;
    for (size_t i = 0; ok && i < n; i++) {
        if (jobs[i].status == NB_JOB_OTHER_SHARD)
            continue;
        fputs(first ? "\n" : ",\n", f);
        first = false;
        ok = jobs[i].rep_len ? copy_entry(spool, &jobs[i], f) : dump(joffice(&jobs[i]), f);
    }
    if (ok)
        fputs("\n]}\n", f);
    ok = fclose(f) == 0 && ok;
    if (ok)
        rename(tmp.data, path);
    else
        remove(tmp.data);
    nb_buf_free(&tmp);
}

void nb_batch_report(const nb_batch_opts *o, const nb_job *jobs, size_t n, const nb_diags *global,
                     const nb_batch_summary *sum, const nb_outputs *outs, FILE *spool,
                     double seconds)
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
    nb_verdicts_print(log, o, jobs, n, outs);
    const char *shard = o->shard_n ? " in this shard" : "";
    if (o->check_only)
        fprintf(log, "%zu offices%s: %zu consistent, %zu with warnings, %zu failed (%.2f s)\n",
                sum->total, shard, sum->checked - sum->warned, sum->warned, sum->failed, seconds);
    else
        fprintf(log,
                "%zu offices%s: %zu built, %zu unchanged, %zu failed; %zu with warnings, %zu "
                "stale (%.2f s)\n",
                sum->total, shard, sum->built, sum->unchanged, sum->failed, sum->warned, sum->stale,
                seconds);
    if (o->report || (!o->check_only && o->outdir)) {
        nb_buf p = {0};
        if (o->report)
            nb_buf_puts(&p, o->report);
        else if (o->shard_n)
            nb_buf_printf(&p, "%s/nianbao-report.%d-of-%d.json", o->outdir, o->shard_k, o->shard_n);
        else
            nb_buf_printf(&p, "%s/nianbao-report.json", o->outdir);
        if (!p.oom)
            write_json(p.data, jobs, n, global, sum, outs, spool, seconds);
        nb_buf_free(&p);
    }
}

/* ---- merging shard reports -------------------------------------------------- */

static const char *source_of(json_t *office)
{
    const char *s = json_string_value(json_object_get(office, "source"));
    return s ? s : "";
}

static int by_source(const void *a, const void *b)
{
    return strcmp(source_of(*(json_t *const *)a), source_of(*(json_t *const *)b));
}

static size_t count_of(json_t *r, const char *key)
{
    json_int_t v = json_integer_value(json_object_get(r, key));
    return v > 0 ? (size_t)v : 0;
}

/* Adds a's problems to all, skipping those already there (a broken layout
 * is reported by every shard). */
static void add_problems(json_t *all, json_t *a)
{
    size_t i;
    json_t *p;
    json_array_foreach(a, i, p)
    {
        bool seen = false;
        for (size_t k = 0; k < json_array_size(all) && !seen; k++)
            seen = json_equal(json_array_get(all, k), p);
        if (!seen)
            json_array_append(all, p);
    }
}

nb_status nb_report_merge(const char *path, const char *const *parts, size_t n,
                          nb_batch_summary *sum, nb_diags *d)
{
    memset(sum, 0, sizeof *sum);
    json_t **reps = nb_calloc(n ? n : 1, sizeof *reps);
    json_t *problems = json_array(), *offices = json_array();
    nb_status s = reps && problems && offices ? NB_OK : NB_ERR_NOMEM;
    double seconds = 0;
    for (size_t i = 0; !s && i < n; i++) {
        json_error_t err;
        reps[i] = json_load_file(parts[i], 0, &err);
        if (!reps[i] || !json_is_array(json_object_get(reps[i], "offices"))) {
            s = nb_diag_at(d, NB_ERROR, NB_ERR_SYNTAX, (nb_pos){parts[i], err.line, err.column},
                           "not a nianbao report: %s", reps[i] ? "no offices" : err.text);
            break;
        }
        sum->total += count_of(reps[i], "total");
        sum->built += count_of(reps[i], "built");
        sum->unchanged += count_of(reps[i], "unchanged");
        sum->checked += count_of(reps[i], "checked");
        sum->failed += count_of(reps[i], "failed");
        sum->warned += count_of(reps[i], "warned");
        sum->stale += count_of(reps[i], "stale");
        sum->orphans += count_of(reps[i], "orphans");
        double sec = json_number_value(json_object_get(reps[i], "seconds"));
        seconds = sec > seconds ? sec : seconds;
        add_problems(problems, json_object_get(reps[i], "problems"));
        json_array_extend(offices, json_object_get(reps[i], "offices"));
    }
    size_t no = s ? 0 : json_array_size(offices);
    json_t **order = s ? NULL : nb_calloc(no ? no : 1, sizeof *order);
    if (!s && !order)
        s = NB_ERR_NOMEM;
    json_t *out = NULL;
    if (!s) {
        for (size_t i = 0; i < no; i++)
            order[i] = json_array_get(offices, i);
        qsort(order, no, sizeof *order, by_source);
        json_t *sorted = json_array();
        for (size_t i = 0; sorted && i < no; i++)
            json_array_append(sorted, order[i]);
        out = jsummary(sum, seconds, json_incref(problems));
        if (!out || !sorted || json_object_set_new(out, "offices", sorted) != 0)
            s = NB_ERR_NOMEM;
    }
    nb_buf tmp = {0};
    nb_buf_printf(&tmp, "%s.part", path);
    if (!s &&
        (tmp.oom ||
         json_dump_file(out, tmp.data,
                        JSON_INDENT(0) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10)) != 0 ||
         rename(tmp.data, path) != 0)) {
        unlink(tmp.data);
        s = nb_diag_at(d, NB_ERROR, NB_ERR_IO, (nb_pos){path, 0, 0}, "cannot write '%s'", path);
    }
    if (s == NB_ERR_NOMEM)
        nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory merging reports");
    nb_buf_free(&tmp);
    json_decref(out);
    nb_free(order);
    for (size_t i = 0; reps && i < n; i++)
        json_decref(reps[i]);
    nb_free(reps);
    json_decref(problems);
    json_decref(offices);
    return s;
}
