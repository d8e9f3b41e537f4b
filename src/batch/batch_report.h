/* The end of a batch: each failure with its reasons, what changed in each
 * rebuilt office, a summary line, and a JSON report (jansson) for the
 * office that collects the reports; and merging the reports of shards. */
#ifndef NB_BATCH_BATCH_REPORT_H
#define NB_BATCH_BATCH_REPORT_H

#include "job.h"
#include "verdicts.h"

/* `outs` (may be NULL: check) lists stale PDFs and orphaned outputs. */
void nb_batch_report(const nb_batch_opts *o, const nb_job *jobs, size_t n, const nb_diags *global,
                     const nb_batch_summary *sum, const nb_outputs *outs, double seconds);

/* Merges the JSON reports `parts` into one at `path`: counts added,
 * seconds the longest, problems without repeats, offices in order of
 * their source. Fills *sum. */
nb_status nb_report_merge(const char *path, const char *const *parts, size_t n,
                          nb_batch_summary *sum, nb_diags *d);

#endif
