/* A batch's verdicts beyond built/failed (batch/verdicts.c): pairing each
 * office with last year's data, --strict, the offices with warnings, stale
 * PDFs and outputs the manifest no longer owns (--prune). */
#ifndef NB_BATCH_VERDICTS_H
#define NB_BATCH_VERDICTS_H

#include <stdio.h>

#include "job.h"

/* Last year's data for `data`: the same office's report for the year
 * before, else the same office's of another year (which the cross-year
 * check then rejects, naming both), else NULL. Index into prev, or -1. */
long nb_previous_pair(nb_data *const *prev, size_t nprev, const nb_data *data);

/* --strict: a job that succeeded with warnings fails, with an error saying
 * why; returns the status to use. */
nb_status nb_strict_verdict(const nb_batch_opts *o, nb_job *j, nb_status s);

/* Outputs at the end of a build: PDFs older than their data (stale) and
 * outputs of the manifest that no office of this run makes (orphans:
 * after a --pattern change, or an office removed from the inputs). */
typedef struct nb_outputs {
    char **stale, **orphans; /* relative to OUTDIR; owned */
    size_t nstale, norphans;
    size_t unnamed; /* offices that failed before their output was named */
    bool pruned;    /* --prune removed the orphans */
} nb_outputs;

struct nb_manifest;
/* From the old manifest (before it is saved) and the jobs' outcomes.
 * `mine` (may be NULL) says which outputs belong to this shard. */
nb_status nb_outputs_collect(const struct nb_manifest *m, const nb_job *jobs, size_t n,
                             bool (*mine)(const char *out, void *ctx), void *ctx, nb_outputs *out);
/* --prune: removes the orphans' files (and folders left empty), unless an
 * office failed before its output was named — its old PDF would look like
 * an orphan. */
void nb_outputs_prune(const nb_batch_opts *o, nb_outputs *out, nb_diags *d);
/* Whether `out` stays in the saved manifest (a pruned orphan does not). */
bool nb_outputs_keep(const nb_outputs *outs, const char *out);
void nb_outputs_free(nb_outputs *out);

/* The verdict lines after the summary: every office with warnings (count
 * and the first), offices without last year's data, stale PDFs, orphans. */
void nb_verdicts_print(FILE *log, const nb_batch_opts *o, const nb_job *jobs, size_t n,
                       const nb_outputs *outs);

#endif
