/* `nianbao keys`: every table cell's key beside its Chinese labels, for a
 * layout given by name or file, or for the layout a data file names. */
#include <string.h>

#include "cli/cli.h"

/* A data file names its layout; a layout file does not load as data. The
 * attempt's messages are dropped: a layout is the fallback. */
static nb_status layout_of_data(const char *path, char **layout_path)
{
    nb_diags scratch;
    nb_diags_init(&scratch);
    nb_data *data = NULL;
    nb_status s = nb_data_load(path, &data, &scratch);
    if (!s)
        s = nb_data_layout_path(data, layout_path, &scratch);
    nb_data_free(data);
    nb_diags_free(&scratch);
    return s;
}

int cmd_keys(const cli *c)
{
    if (c->ninputs != 1)
        return cli_usage_error(cli_command_find("keys"),
                               "keys takes one layout name, layout file or data file");
    const char *arg = c->inputs[0];
    nb_diags d;
    nb_diags_init(&d);
    char *path = NULL;
    nb_status s = nb_layout_path(arg, &path);
    if (s == NB_ERR_NOT_FOUND && layout_of_data(arg, &path))
        path = NULL;
    nb_layout *layout = NULL;
    if (s == NB_ERR_NOMEM)
        fputs("nianbao: out of memory\n", stderr);
    else if (!path && cli_is_layout_name(arg))
        cli_no_layout(arg); /* s stays NB_ERR_NOT_FOUND */
    else
        s = nb_layout_load(path ? path : arg, &layout, &d);
    if (!s)
        nb_keys_print(layout, stdout);
    nb_diags_print(&d, stderr);
    nb_layout_free(layout);
    nb_free(path);
    nb_diags_free(&d);
    return s ? CLI_FAILED : CLI_OK;
}
