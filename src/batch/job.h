/* One office in a batch, from preparation to its verdict. Only what the
 * summary, the report and the manifest need stays here between the passes:
 * the office's data is loaded, used and freed within each pass. */
#ifndef NB_BATCH_JOB_H
#define NB_BATCH_JOB_H

#include <stdint.h>

#include "../nianbao.h"
#include "csv_import.h"
#include "manifest.h"

typedef enum nb_job_status {
    NB_JOB_PENDING,   /* to be rendered or checked */
    NB_JOB_UNCHANGED, /* inputs as in the manifest: skipped */
    NB_JOB_BUILT,
    NB_JOB_CHECKED,
    NB_JOB_FAILED,
    NB_JOB_OTHER_SHARD /* --shard K/N: another shard's office */
} nb_job_status;

struct nb_blayout;

typedef struct nb_job {
    char *source;             /* data file, or "FILE.csv#rowN" */
    const nb_csv_office *csv; /* CSV row, or NULL */
    const nb_csv_batch *csvb;
    struct nb_blayout *lay;
    char *office;
    char *out_rel, *out_path; /* relative to and inside the output folder */
    char *html_path;          /* the web edition's path, when asked for */
    uint64_t hash;            /* of everything the PDF depends on */
    nb_mref fresh;            /* its spooled manifest entry once built */
    nb_job_status status;
    bool stale;        /* failed, and an older PDF stays in place */
    bool no_previous;  /* --previous given, but none for this office */
    char *changes;     /* what changed since the last build */
    char *status_figs; /* check -o: key figures for the status board */
    double ms;
    nb_diags diags; /* this office's messages */
} nb_job;

#endif
