/* Shared helpers for the libFuzzer targets in tests/fuzz/.
 *
 * Each target is built with clang -fsanitize=fuzzer,address,undefined
 * against an nbcore compiled with -fsanitize=fuzzer-no-link,address,undefined
 * (tests/fuzz/CMakeLists.txt). NB_FUZZ_HOME is the source tree: layouts/,
 * fonts/ and samples/ are found there whatever the working directory. */
#ifndef NB_FUZZ_COMMON_H
#define NB_FUZZ_COMMON_H

#define _GNU_SOURCE 1

#include <dirent.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "nianbao.h"

#ifndef NB_FUZZ_HOME
#error "NB_FUZZ_HOME must name the source tree"
#endif

/* A path a fuzzed file could name (prose: /dev/stdin, fonts: /proc/self/fd/0)
 * must never block the fuzzer: stdin reads nothing. NIANBAO_HOME points at
 * the source tree so that `layout: NAME` and `fonts: default` resolve. */
static inline void nb_fuzz_setup(void)
{
    int fd = open("/dev/null", O_RDONLY);
    if (fd >= 0 && fd != 0) {
        dup2(fd, 0);
        close(fd);
    }
    setenv("NIANBAO_HOME", NB_FUZZ_HOME, 1);
    setenv("SOURCE_DATE_EPOCH", "1643000000", 1);
}

/* A private scratch folder for targets whose API reads a file by path
 * (csv, xlsx): made by nb_fuzz_scratch in LLVMFuzzerInitialize, emptied
 * and removed at exit. */
static char nb_fuzz_dir[64];

static inline void nb_fuzz_scratch_cleanup(void)
{
    DIR *dp = opendir(nb_fuzz_dir);
    if (dp) {
        for (struct dirent *e; (e = readdir(dp));)
            if (e->d_name[0] != '.')
                unlinkat(dirfd(dp), e->d_name, 0);
        closedir(dp);
    }
    rmdir(nb_fuzz_dir);
}

/* Makes /tmp/nb-fuzz-TARGET-XXXXXX as nb_fuzz_dir. */
static inline void nb_fuzz_scratch(const char *target)
{
    snprintf(nb_fuzz_dir, sizeof nb_fuzz_dir, "/tmp/nb-fuzz-%s-XXXXXX", target);
    if (!mkdtemp(nb_fuzz_dir))
        abort();
    atexit(nb_fuzz_scratch_cleanup);
}

/* The stock layout (layouts/annual-report-2021.yaml), loaded once in
 * LLVMFuzzerInitialize by targets that check data against it; a layout
 * that does not load is a broken tree, not a finding: abort. */
static inline nb_layout *nb_fuzz_load_layout(const char *target)
{
    nb_layout *layout = NULL;
    nb_diags d;
    nb_diags_init(&d);
    if (nb_layout_load(NB_FUZZ_HOME "/layouts/annual-report-2021.yaml", &layout, &d) != NB_OK) {
        nb_diags_print(&d, stderr);
        fprintf(stderr, "%s: cannot load the layout\n", target);
        abort();
    }
    nb_diags_free(&d);
    return layout;
}

/* Exercises the message formatting of whatever was recorded. */
static inline void nb_fuzz_print_diags(const nb_diags *d)
{
    static FILE *devnull;
    if (!devnull)
        devnull = fopen("/dev/null", "w");
    if (devnull)
        nb_diags_print(d, devnull);
}

/* Every failing call must have recorded an error (the CLI prints nothing
 * otherwise and the user gets exit status 1 without a reason), and a
 * successful one none. NB_ERR_NOMEM can drop the message itself. */
static inline void nb_fuzz_check_status(nb_status s, const nb_diags *d, const char *what)
{
    if (s != NB_OK && s != NB_ERR_NOMEM && d->errors == 0) {
        fprintf(stderr, "%s failed with %s but recorded no error\n", what, nb_status_name(s));
        abort();
    }
    if (s == NB_OK && d->errors != 0) {
        fprintf(stderr, "%s succeeded but recorded %zu errors\n", what, d->errors);
        nb_diags_print(d, stderr);
        abort();
    }
    if (s != NB_OK && nb_diags_first_error(d) == NB_OK && s != NB_ERR_NOMEM) {
        fprintf(stderr, "%s failed with %s but no diagnostic has an error code\n", what,
                nb_status_name(s));
        abort();
    }
}

#endif
