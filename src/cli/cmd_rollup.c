/* `nianbao rollup INPUT... --office NAME --year YYYY -o COUNTY.yaml`: the
 * county 汇总 as a data file for the county's own report. */
#include "cli/cli.h"

int cmd_rollup(const cli *c)
{
    const cli_command *cmd = cli_command_find("rollup");
    if (!c->ninputs || !c->office || !c->year || !c->out)
        return cli_usage_error(cmd, "rollup needs INPUT..., --office NAME, --year YYYY and "
                                    "-o COUNTY.yaml");
    const char *prev[2] = {c->previous, NULL};
    nb_rollup_opts o = {
        .office = c->office,
        .year = c->year,
        .layout = c->layout,
        .encoding = c->encoding,
        .allow_inconsistent = c->allow_inconsistent,
        .previous = c->previous ? prev : NULL,
        .log = stderr,
    };
    nb_diags d;
    nb_diags_init(&d);
    nb_status s = nb_rollup((const char *const *)c->inputs, (size_t)c->ninputs, &o, c->out, &d);
    nb_diags_print(&d, stderr);
    nb_diags_free(&d);
    return s ? CLI_FAILED : CLI_OK;
}
