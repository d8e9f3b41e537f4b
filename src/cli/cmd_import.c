/* `nianbao import`: a published report into a data file (library:
 * nb_import). */
#include "cli/cli.h"

int cmd_import(const cli *c)
{
    const cli_command *me = cli_command_find("import");
    if (c->ninputs != 1)
        return cli_usage_error(me, "import takes one .docx or .html file");
    nb_import_opts o = {.layout = c->layout, .out = c->out};
    nb_diags d;
    nb_diags_init(&d);
    char *yaml = NULL;
    nb_status s = nb_import(c->inputs[0], &o, &yaml, &d);
    nb_diags_print(&d, stderr);
    nb_diags_free(&d);
    int rc = s ? CLI_FAILED : cli_write_new_file(c, yaml);
    nb_free(yaml);
    return rc;
}
