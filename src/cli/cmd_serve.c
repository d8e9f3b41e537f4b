/* `nianbao serve`: the web workspace over a folder of office data files. */
#include "cli/cli.h"

int cmd_serve(const cli *c)
{
    if (!c->data_dir || c->ninputs)
        return cli_usage_error(cli_command_find("serve"),
                               "serve takes --data DIR (the offices' data files) and no operands");
    nb_serve_opts o = {c->data_dir, c->listen, c->token, stdout};
    nb_diags d;
    nb_diags_init(&d);
    nb_status s = nb_serve(&o, &d);
    nb_diags_print(&d, stderr);
    nb_diags_free(&d);
    return s == NB_ERR_USAGE ? CLI_USAGE : s ? CLI_FAILED : CLI_OK;
}
