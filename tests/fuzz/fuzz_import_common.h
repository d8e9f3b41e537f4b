/* Shared by fuzz_docx and fuzz_html: the import's contracts. Whatever the
 * input, nb_import_mem either fails with an error recorded or produces a
 * data file that loads (nb_data_load_mem) without an error: the YAML it
 * writes is always well-formed, whatever text the report held. */
#ifndef NB_FUZZ_IMPORT_COMMON_H
#define NB_FUZZ_IMPORT_COMMON_H

#include "fuzz_common.h"

#include <string.h>

#include "import/import_internal.h"
#include "model/data.h"

static nb_layout *fuzz_layout;

static void nb_fuzz_import_setup(void)
{
    nb_fuzz_setup();
    nb_diags d;
    nb_diags_init(&d);
    if (nb_layout_load(NB_FUZZ_HOME "/layouts/annual-report-2021.yaml", &fuzz_layout, &d)) {
        nb_diags_print(&d, stderr);
        abort();
    }
    nb_diags_free(&d);
}

static void nb_fuzz_import(const char *bytes, size_t len, const char *name, nb_import_kind kind)
{
    nb_diags d;
    nb_diags_init(&d);
    char *yaml = NULL;
    nb_import_opts o = {0};
    nb_status s = nb_import_mem(bytes, len, name, kind, &o, fuzz_layout, &yaml, &d);
    nb_fuzz_check_status(s, &d, "nb_import_mem");
    if ((s == NB_OK) != (yaml != NULL))
        abort();
    nb_fuzz_print_diags(&d);
    nb_diags_free(&d);
    if (!yaml)
        return;
    nb_diags_init(&d);
    nb_data *data = NULL;
    s = nb_data_load_mem("imported.yaml", yaml, strlen(yaml), &data, &d);
    if (s != NB_OK && s != NB_ERR_NOMEM) {
        fprintf(stderr, "the imported data file does not load:\n%s\n", yaml);
        nb_diags_print(&d, stderr);
        abort();
    }
    nb_data_free(data);
    nb_diags_free(&d);
    nb_free(yaml);
}

#endif
