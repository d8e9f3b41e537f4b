/* The end of a batch: each failure with its reasons, what changed in each
 * rebuilt office, a summary line, and a JSON report (jansson) for the
 * office that collects the reports; and merging the reports of shards. */
#ifndef NB_BATCH_BATCH_REPORT_H
#define NB_BATCH_BATCH_REPORT_H

#include <pthread.h>
#include <stdio.h>

#include "job.h"
#include "verdicts.h"

/* The job's verdict as the report and the status board word it:
 * "built", "unchanged", "checked", "failed", "stale" or "pending". */
const char *nb_job_status_word(const nb_job *j);

/* `outs` (may be NULL: check) lists stale PDFs and orphaned outputs. */
/* Writes a finished office's JSON report entry to the spool (a temporary
 * file, created on first use; *spool and the lock are the caller's) and
 * drops its messages but the first warning, keeping their counts: a
 * batch's memory then does not grow with its offices' warnings. Failed
 * offices keep theirs (the summary prints them). */
void nb_report_spool(FILE **spool, pthread_mutex_t *lock, nb_job *j);

void nb_batch_report(const nb_batch_opts *o, const nb_job *jobs, size_t n, const nb_diags *global,
                     const nb_batch_summary *sum, const nb_outputs *outs, FILE *spool,
                     double seconds);

/* Merges the JSON reports `parts` into one at `path`: counts added,
 * seconds the longest, problems without repeats, offices in order of
 * their source. Fills *sum. */
nb_status nb_report_merge(const char *path, const char *const *parts, size_t n,
                          nb_batch_summary *sum, nb_diags *d);

#endif
