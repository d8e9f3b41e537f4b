/* libFuzzer target: bytes → nb_data_load_mem (office data), then the
 * layout-name lookup and the consistency rules (nb_check) against
 * layouts/annual-report-2021.yaml, loaded once — with the input also as
 * "last year's" data so that the cross-year rules run too. */
#include "fuzz_common.h"

#include <string.h>

#include "model/data.h"
#include "model/layout.h"
#include "bind/figures.h"

static nb_layout *layout;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    nb_fuzz_setup();
    layout = nb_fuzz_load_layout("fuzz_data");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    nb_diags d;
    nb_diags_init(&d);
    nb_data *data = NULL;
    nb_status s = nb_data_load_mem("fuzz-data.yaml", (const char *)bytes, size, &data, &d);
    nb_fuzz_check_status(s, &d, "nb_data_load_mem");
    if ((s == NB_OK) != (data != NULL))
        abort();
    nb_fuzz_print_diags(&d);
    if (data) {
        char *path = NULL;
        nb_diags_free(&d);
        nb_diags_init(&d);
        s = nb_data_layout_path(data, &path, &d);
        nb_fuzz_check_status(s, &d, "nb_data_layout_path");
        nb_free(path);
        nb_fuzz_print_diags(&d);

        nb_diags_free(&d);
        nb_diags_init(&d);
        s = nb_check(layout, data, NULL, &d);
        if (s != NB_OK && s != NB_ERR_NOMEM && d.errors == 0)
            abort();
        nb_fuzz_print_diags(&d);

        nb_diags_free(&d);
        nb_diags_init(&d);
        s = nb_check(layout, data, data, &d);
        if (s != NB_OK && s != NB_ERR_NOMEM && d.errors == 0)
            abort();
        nb_fuzz_print_diags(&d);

        /* Every figure bound by the layout must be readable back. */
        nb_figures f;
        nb_diags_free(&d);
        nb_diags_init(&d);
        s = nb_figures_bind(layout, data, NULL, true, &f, &d);
        if (s != NB_ERR_NOMEM) {
            for (size_t t = 0; t < f.count; t++) {
                const nb_table *tab = f.tables[t].table;
                for (size_t c = 0; c < tab->ncells; c++)
                    if (tab->cells[c].kind == NB_TC_DATA) {
                        const char *v = nb_figures_value(layout, &f, tab->cells[c].key);
                        if (v && strlen(v) > (size_t)1 << 30)
                            abort(); /* touches every byte: ASan checks the string */
                    }
            }
        }
        nb_figures_free(&f);
        nb_data_free(data);
    }
    nb_diags_free(&d);
    return 0;
}
