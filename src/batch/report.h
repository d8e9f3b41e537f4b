/* The end of a batch: each failure with its reasons, what changed in each
 * rebuilt office, a summary line, and a JSON report for the office that
 * collects the reports. */
#ifndef NB_BATCH_REPORT_H
#define NB_BATCH_REPORT_H

#include "job.h"

void nb_batch_report(const nb_batch_opts *o, const nb_job *jobs, size_t n, const nb_diags *global,
                     const nb_batch_summary *sum, double seconds);

#endif
