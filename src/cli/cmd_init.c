/* `nianbao init`: a data file to fill in (library: nb_init). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

int cli_write_new_file(const cli *c, const char *text)
{
    if (!c->out) {
        fputs(text, stdout);
        return CLI_OK;
    }
    if (access(c->out, F_OK) == 0) {
        fprintf(stderr,
                "%s: error: the file exists; nianbao never overwrites a data file — remove it "
                "or choose another name with -o\n",
                c->out);
        return CLI_FAILED;
    }
    nb_diags d;
    nb_diags_init(&d);
    nb_status s = nb_write_file_atomic(c->out, text, strlen(text), &d);
    nb_diags_print(&d, stderr);
    nb_diags_free(&d);
    if (!s)
        fprintf(stderr, "wrote %s\n", c->out);
    return s ? CLI_FAILED : CLI_OK;
}

int cmd_init(const cli *c)
{
    const cli_command *me = cli_command_find("init");
    if (c->ninputs)
        return cli_usage_error(me, "init takes no file operand (use --from LAST.yaml, -o OUT)");
    if (!c->from && (!c->year || !c->office))
        return cli_usage_error(me, "init needs --year and --office, or --from LAST.yaml");
    nb_init_opts o = {
        .year = c->year, .office = c->office, .from = c->from, .layout = c->layout, .out = c->out};
    nb_diags d;
    nb_diags_init(&d);
    char *yaml = NULL;
    nb_status s = nb_init(&o, &yaml, &d);
    nb_diags_print(&d, stderr);
    nb_diags_free(&d);
    int rc = s ? CLI_FAILED : cli_write_new_file(c, yaml);
    nb_free(yaml);
    return rc;
}
