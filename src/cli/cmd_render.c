/* `nianbao render`: one office's data to a PDF (or a stage dump). */
#include "cli/cli.h"

int cmd_render(const cli *c)
{
    const cli_command *me = cli_command_find("render");
    if (c->ninputs != 1)
        return cli_usage_error(
            me, c->ninputs ? "render takes one data file, not %d" : "render needs a data file",
            c->ninputs);
    if (!c->out && !c->dump)
        return cli_usage_error(me, "render needs -o OUT.pdf (or --dump STAGE)");
    nb_diags d;
    nb_diags_init(&d);
    nb_data *data, *previous = NULL;
    nb_layout *layout;
    nb_fontset *fonts;
    nb_status s = cli_load(c, true, &data, &layout, &fonts, &d);
    /* --previous, else the data's own `previous:` (nianbao init --from). */
    const char *prev_path = c->previous ? c->previous : data ? nb_data_previous_path(data) : NULL;
    if (!s && prev_path)
        s = nb_data_load(prev_path, &previous, &d);
    if (!s) {
        nb_render_opts o;
        nb_render_opts_init(&o);
        o.dump = c->dump;
        o.compress = c->compress;
        o.allow_inconsistent = c->allow_inconsistent;
        o.previous = previous;
        s = c->out ? nb_render_file(layout, data, fonts, &o, c->out, &d)
                   : nb_render_mem(layout, data, fonts, &o, NULL, NULL, &d);
    }
    nb_diags_print(&d, stderr);
    nb_fontset_free(fonts);
    nb_layout_free(layout);
    nb_data_free(data);
    nb_data_free(previous);
    nb_diags_free(&d);
    return s ? CLI_FAILED : CLI_OK;
}
