/* `nianbao template --xlsx OUT.xlsx --year YYYY [--offices ROSTER]`: the
 * workbook a county coordinator hands out to its offices. */
#include "cli/cli.h"

int cmd_template(const cli *c)
{
    const cli_command *cmd = cli_command_find("template");
    if (!c->xlsx || !c->year || c->ninputs)
        return cli_usage_error(cmd, "template needs --xlsx OUT.xlsx and --year YYYY");
    nb_diags d;
    nb_diags_init(&d);
    char **names = NULL;
    size_t n = 0;
    nb_layout *layout = NULL;
    /* The format in force for the year, unless -l names another. */
    char *path = NULL;
    nb_status s =
        c->layout ? nb_layout_path(c->layout, &path) : nb_layout_for_year(c->year, &path, &d);
    if (s == NB_ERR_NOT_FOUND && c->layout)
        s = NB_OK; /* not a name: a file */
    if (!s)
        s = nb_layout_load(path ? path : c->layout, &layout, &d);
    if (!s && c->offices)
        s = nb_roster_load(c->offices, &names, &n, &d);
    if (!s)
        s = nb_template_xlsx(layout, c->year, (const char *const *)names, n, c->xlsx, &d);
    nb_diags_print(&d, stderr);
    if (!s)
        fprintf(stderr, "%s: %zu office row%s for %d\n", c->xlsx, n ? n : 50, n == 1 ? "" : "s",
                c->year);
    nb_roster_free(names, n);
    nb_layout_free(layout);
    nb_free(path);
    nb_diags_free(&d);
    return s ? CLI_FAILED : CLI_OK;
}
