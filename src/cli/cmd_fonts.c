/* `nianbao fonts`: what each font role resolved to and, given data, which
 * of its characters no face of a role covers. */
#include "cli/cli.h"

int cmd_fonts(const cli *c)
{
    nb_diags d;
    nb_diags_init(&d);
    nb_data *data;
    nb_layout *layout;
    nb_fontset *fonts;
    nb_status s = cli_load(c, c->ninputs > 0, &data, &layout, &fonts, &d);
    if (!s)
        nb_fontset_report(fonts, layout, data, stdout);
    nb_diags_print(&d, stderr);
    nb_fontset_free(fonts);
    nb_layout_free(layout);
    nb_data_free(data);
    nb_diags_free(&d);
    return s ? CLI_FAILED : CLI_OK;
}
