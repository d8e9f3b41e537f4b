/* The status board a coordinator forwards to a supervisor: after every
 * build or check, OUTDIR/status.xlsx and its twin OUTDIR/status.csv (UTF-8
 * with a BOM, so Excel opens it right) — one row per office: verdict
 * (built, unchanged, failed, stale, checked), warnings, the first message,
 * pages, the PDF and the key figures 申请总数 (一、新收 + 二、上年结转,
 * 总计) and 结转 (四、结转下年度继续办理, 总计). */
#ifndef NB_BATCH_STATUS_H
#define NB_BATCH_STATUS_H

#include "../model/data.h"
#include "job.h"

/* Writes both files into o->outdir (nothing without one); the figures of
 * built offices come from the manifest `m`; problems go to `global`. */
void nb_status_board_write(const nb_batch_opts *o, const nb_job *jobs, size_t n, nb_manifest *m,
                           nb_diags *global);

/* A checked office's key figures, bound once more ("申请总数\t结转";
 * heap string, NULL when they cannot be bound). */
char *nb_status_key_figures(const nb_layout *l, const nb_data *data, const nb_data *prev);

#endif
