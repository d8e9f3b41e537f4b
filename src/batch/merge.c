/* `nianbao merge-reports OUTDIR`: the per-shard manifests and reports of
 * `build --shard K/N` runs, merged into what one unsharded run writes. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fileio.h"
#include "batch_report.h"
#include "manifest.h"

#define MANIFEST ".nianbao-manifest"
#define REPORT "nianbao-report"

/* N of a shard file name "PREFIX.K-of-NSUFFIX", or 0. */
static int shard_count(const char *name, const char *prefix, const char *suffix)
{
    size_t pl = strlen(prefix), sl = strlen(suffix), nl = strlen(name);
    int k, n, used = 0;
    if (nl <= pl + sl || strncmp(name, prefix, pl) || name[pl] != '.' ||
        strcmp(name + nl - sl, suffix))
        return 0;
    if (sscanf(name + pl + 1, "%d-of-%d%n", &k, &n, &used) != 2 ||
        (size_t)used != nl - pl - 1 - sl || k < 1 || k > n)
        return 0;
    return n;
}

static char *shard_file(const char *dir, const char *prefix, int k, int n, const char *suffix)
{
    nb_buf b = {0};
    nb_buf_printf(&b, "%s/%s.%d-of-%d%s", dir, prefix, k, n, suffix);
    return nb_buf_take(&b);
}

nb_status nb_merge_reports(const char *outdir, FILE *log, nb_diags *d)
{
    DIR *dp = opendir(outdir);
    if (!dp)
        return nb_diag_at(d, NB_ERROR, NB_ERR_IO, (nb_pos){outdir, 0, 0}, "cannot read folder '%s'",
                          outdir);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dp))) {
        int m = shard_count(e->d_name, MANIFEST, "");
        if (!m)
            m = shard_count(e->d_name, REPORT, ".json");
        if (m && n && m != n) {
            closedir(dp);
            return nb_diag_at(d, NB_ERROR, NB_ERR_USAGE, (nb_pos){outdir, 0, 0},
                              "'%s' holds shards of %d and of %d runs; remove the older ones",
                              outdir, n, m);
        }
        n = m ? m : n;
    }
    closedir(dp);
    if (!n)
        return nb_diag_at(d, NB_ERROR, NB_ERR_NOT_FOUND, (nb_pos){outdir, 0, 0},
                          "no shard reports in '%s': run `nianbao build ... -o %s --shard K/N` "
                          "for every K first",
                          outdir, outdir);
    char **mans = nb_calloc((size_t)n, sizeof *mans), **reps = nb_calloc((size_t)n, sizeof *reps);
    nb_status s = mans && reps ? NB_OK : NB_ERR_NOMEM;
    for (int k = 1; k <= n && !s; k++) {
        mans[k - 1] = shard_file(outdir, MANIFEST, k, n, "");
        reps[k - 1] = shard_file(outdir, REPORT, k, n, ".json");
        if (!mans[k - 1] || !reps[k - 1])
            s = NB_ERR_NOMEM;
        else if (access(mans[k - 1], R_OK) != 0 || access(reps[k - 1], R_OK) != 0)
            s = nb_diag_at(d, NB_ERROR, NB_ERR_NOT_FOUND, (nb_pos){outdir, 0, 0},
                           "shard %d of %d has not finished in '%s': run `nianbao build ... "
                           "--shard %d/%d` first",
                           k, n, outdir, k, n);
    }
    nb_buf mp = {0}, rp = {0};
    nb_buf_printf(&mp, "%s/" MANIFEST, outdir);
    nb_buf_printf(&rp, "%s/" REPORT ".json", outdir);
    if (!s && (mp.oom || rp.oom))
        s = NB_ERR_NOMEM;
    nb_batch_summary sum;
    if (!s)
        s = nb_manifest_merge(mp.data, (const char *const *)mans, (size_t)n, d);
    if (!s)
        s = nb_report_merge(rp.data, (const char *const *)reps, (size_t)n, &sum, d);
    if (!s) {
        for (int k = 0; k < n; k++) {
            unlink(mans[k]);
            unlink(reps[k]);
        }
        /* temporary files of shards that were killed (shards leave them,
         * since they may share the folder and run at once) */
        nb_remove_stray_pdf_tmp(outdir);
        if (log)
            fprintf(log, "merged %d shards: %zu offices: %zu built, %zu unchanged, %zu failed\n", n,
                    sum.total, sum.built, sum.unchanged, sum.failed);
        if (sum.failed)
            s = NB_ERR_RULE;
    }
    if (s == NB_ERR_NOMEM)
        nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory merging reports");
    for (int k = 0; k < n; k++) {
        nb_free(mans ? mans[k] : NULL);
        nb_free(reps ? reps[k] : NULL);
    }
    nb_free(mans);
    nb_free(reps);
    nb_buf_free(&mp);
    nb_buf_free(&rp);
    return s;
}
