/* `nianbao render`: one office's data to a PDF (or a stage dump). */
#include "cli/cli.h"

int cmd_render(const cli *c)
{
    const cli_command *me = cli_command_find("render");
    if (c->ninputs != 1)
        return cli_usage_error(
            me, c->ninputs ? "render takes one data file, not %d" : "render needs a data file",
            c->ninputs);
    if (!c->out && !c->dump && !c->html)
        return cli_usage_error(me, "render needs -o OUT.pdf, --html OUT.html or --dump STAGE");
    if (c->html_fragment && !c->html)
        return cli_usage_error(me, "--html-fragment needs --html OUT.html");
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
        o.pdf = c->out != NULL;
        o.pdfa = c->pdfa;
        o.untagged = c->untagged;
        o.html = !c->html ? NB_HTML_NONE : c->html_fragment ? NB_HTML_FRAGMENT : NB_HTML_PAGE;
        nb_output out;
        bool any = c->out || c->html;
        s = nb_render(layout, data, fonts, &o, any ? &out : NULL, &d);
        if (!s && any) {
            s = nb_output_write(&out, c->out, c->html, &d);
            nb_output_free(&out);
        }
    }
    nb_diags_print(&d, stderr);
    nb_fontset_free(fonts);
    nb_layout_free(layout);
    nb_data_free(data);
    nb_data_free(previous);
    nb_diags_free(&d);
    return s ? CLI_FAILED : CLI_OK;
}
