/* libFuzzer target: the files `merge-reports` reads back. The bytes are
 * written once as a manifest (indexed with nb_manifest_open, every entry
 * read with nb_manifest_read, merged with nb_manifest_merge) and once as a
 * shard's JSON report (merged with nb_report_merge, through jansson). A
 * shard file is the engine's own output, but it lives in a folder users
 * copy between machines, so it is read as untrusted input. */
#include "fuzz_common.h"

#include <string.h>

#include "batch/batch_report.h"
#include "batch/manifest.h"

static char dir[] = "/tmp/nb-fuzz-shards-XXXXXX";
static char in_path[sizeof dir + 16], out_path[sizeof dir + 16];

static void cleanup(void)
{
    unlink(in_path);
    unlink(out_path);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    nb_fuzz_setup();
    if (!mkdtemp(dir))
        abort();
    atexit(cleanup);
    snprintf(in_path, sizeof in_path, "%s/in", dir);
    snprintf(out_path, sizeof out_path, "%s/out", dir);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    FILE *f = fopen(in_path, "wb");
    if (!f)
        abort();
    if (size && fwrite(bytes, 1, size, f) != size)
        abort();
    fclose(f);
    const char *parts[1] = {in_path};

    nb_manifest m;
    if (nb_manifest_open(in_path, &m) == NB_OK) {
        for (size_t i = 0; i < m.count; i++) {
            nb_mentry e;
            if (nb_manifest_read(&m, &m.items[i], &e) == NB_OK) {
                /* an entry against itself (a damaged one may repeat keys) */
                nb_free(nb_mentry_diff(&e, &e));
                nb_mentry_free(&e);
            }
        }
    }
    nb_manifest_close(&m);
    nb_diags d;
    nb_diags_init(&d);
    nb_manifest_merge(out_path, parts, 1, &d);
    nb_batch_summary sum;
    nb_report_merge(out_path, parts, 1, &sum, &d);
    nb_fuzz_print_diags(&d);
    nb_diags_free(&d);
    return 0;
}
