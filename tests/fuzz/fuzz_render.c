/* libFuzzer target: bytes = an office's data YAML → nb_render_mem into
 * memory, with layouts/annual-report-2021.yaml and its fonts loaded once.
 * Rule violations are allowed (--allow-inconsistent) so that every input
 * that loads goes through bind, shaping, line breaking, layout,
 * pagination and the PDF writer. Streams are not compressed: the deflate
 * step only costs time here. */
#include "fuzz_common.h"

#include <string.h>

#include "model/data.h"
#include "model/layout.h"

static nb_layout *layout;
static nb_fontset *fonts;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    nb_fuzz_setup();
    nb_diags d;
    nb_diags_init(&d);
    if (nb_layout_load(NB_FUZZ_HOME "/layouts/annual-report-2021.yaml", &layout, &d) != NB_OK ||
        nb_fontset_load(layout, NULL, &fonts, &d) != NB_OK) {
        nb_diags_print(&d, stderr);
        fprintf(stderr, "fuzz_render: cannot load the layout or its fonts\n");
        abort();
    }
    nb_diags_free(&d);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    nb_diags d;
    nb_diags_init(&d);
    nb_data *data = NULL;
    nb_status s = nb_data_load_mem("fuzz-render.yaml", (const char *)bytes, size, &data, &d);
    if (s == NB_OK) {
        nb_render_opts o;
        nb_render_opts_init(&o);
        o.compress = false;
        o.allow_inconsistent = true;
        unsigned char *pdf = NULL;
        size_t len = 0;
        s = nb_render_mem(layout, data, fonts, &o, &pdf, &len, &d);
        nb_fuzz_check_status(s, &d, "nb_render_mem");
        if (s == NB_OK && (!pdf || len < 8 || memcmp(pdf, "%PDF-", 5) != 0))
            abort();
        if (s != NB_OK && pdf)
            abort(); /* a failed render hands back nothing */
        nb_free(pdf);
    }
    nb_fuzz_print_diags(&d);
    nb_data_free(data);
    nb_diags_free(&d);
    return 0;
}
