/* Unit tests for batches through the public API only (nb_batch_run): one
 * good office and one bad one into a fresh folder, then a rerun that finds
 * nothing changed, then a check-only run. Prints "N passed, N failed". */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

static bool exists(const char *dir, const char *name)
{
    char path[1024];
    struct stat sb;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &sb) == 0 && sb.st_size > 0;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    CHECKF(f != NULL, "write %s", path);
}

int main(void)
{
    char dir[] = "/tmp/nb-test-batch-XXXXXX";
    if (!CHECK(mkdtemp(dir) != NULL))
        return check_done();
    char out[1100], bad[1100], log_path[1100];
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(bad, sizeof bad, "%s/bad.yaml", dir);
    snprintf(log_path, sizeof log_path, "%s/log.txt", dir);
    write_text(bad, "layout: annual-report-2021\noffice: 坏\nyear: twenty\n");
    const char *inputs[] = {"samples/fanshi-2021.yaml", bad};
    FILE *log = fopen(log_path, "w+");
    nb_batch_opts o = {.outdir = out, .jobs = 2, .log = log};
    nb_batch_summary sum = {0};

    nb_status st = nb_batch_run(inputs, 2, &o, &sum);
    CHECKF(st != NB_OK, "a failed office makes the batch fail: %s", nb_status_name(st));
    CHECKF(sum.total == 2 && sum.built == 1 && sum.failed == 1,
           "first run: %zu total, %zu built, %zu failed", sum.total, sum.built, sum.failed);
    CHECK(exists(out, "2021/繁峙县人民政府办公室.pdf"));
    CHECK(exists(out, "nianbao-report.json"));
    CHECK(exists(out, ".nianbao-manifest"));

    const char *good[] = {"samples/fanshi-2021.yaml"};
    sum = (nb_batch_summary){0};
    st = nb_batch_run(good, 1, &o, &sum);
    CHECKF(st == NB_OK && sum.total == 1 && sum.unchanged == 1 && sum.built == 0,
           "rerun: %zu unchanged, %zu built", sum.unchanged, sum.built);

    o.check_only = true;
    sum = (nb_batch_summary){0};
    st = nb_batch_run(inputs, 2, &o, &sum);
    CHECKF(st != NB_OK && sum.checked + sum.failed == 2 && sum.built == 0,
           "check only: %zu checked, %zu failed, %zu built", sum.checked, sum.failed, sum.built);

    if (log)
        fclose(log);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    return check_done();
}
