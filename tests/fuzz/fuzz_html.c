/* libFuzzer target: bytes → a report's web page → nb_import_mem against
 * layouts/annual-report-2021.yaml (HTML parser, title and body finding,
 * tables with rowspan/colspan, label matching, the YAML written), then
 * the data file it wrote loaded back. Seeds: the web page fixtures of tests/import. */
#include "fuzz_import_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    nb_fuzz_import_setup();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    if (size > 256 * 1024) /* the import's own limit is 64 MiB; keep runs fast */
        return 0;
    nb_fuzz_import((const char *)bytes, size, "fuzz.html", NB_IMPORT_HTML);
    return 0;
}
