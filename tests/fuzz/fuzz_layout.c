/* libFuzzer target: bytes → nb_layout_load_mem (YAML tree, layout model,
 * role map, tables and rules), then the read-only queries on the result.
 *
 * The input is loaded as NB_FUZZ_HOME/layouts/fuzz-input.yaml, so relative
 * `fonts:` paths resolve next to the real layouts. */
#include "fuzz_common.h"

#include <string.h>

#include "model/layout.h"
#include "model/table.h"

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    nb_fuzz_setup();
    devnull = fopen("/dev/null", "w");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nb_diags d;
    nb_diags_init(&d);
    nb_layout *l = NULL;
    nb_status s = nb_layout_load_mem(NB_FUZZ_HOME "/layouts/fuzz-input.yaml", (const char *)data,
                                     size, &l, &d);
    nb_fuzz_check_status(s, &d, "nb_layout_load_mem");
    if (s == NB_OK && !l)
        abort();
    if (s != NB_OK && l)
        abort(); /* on error *out stays NULL */
    nb_fuzz_print_diags(&d);
    if (l) {
        /* Everything the later stages look up must resolve. */
        for (size_t i = 0; i < l->nstyles; i++) {
            if (nb_layout_style(l, l->styles[i].name) == NULL)
                abort();
            if (l->styles[i].role_index >= l->nroles)
                abort();
        }
        for (size_t i = 0; i < l->ntables; i++) {
            if (nb_layout_find_table(l, l->tables[i].id) == NULL)
                abort();
            const nb_table *t = &l->tables[i];
            for (size_t c = 0; c < t->ncells; c++) {
                const nb_tcell *tc = &t->cells[c];
                if (tc->row < 0 || tc->col < 0 || tc->rowspan < 1 || tc->colspan < 1 ||
                    tc->row + tc->rowspan > t->nrows || tc->col + tc->colspan > t->ncols)
                    abort();
                if (tc->kind == NB_TC_DATA && nb_table_find_key(t, tc->key) != (long)c)
                    abort();
            }
            if (devnull)
                nb_table_dump(t, devnull);
        }
        if (devnull)
            nb_keys_print(l, devnull);
        nb_layout_free(l);
    }
    nb_diags_free(&d);
    return 0;
}
