/* `nianbao build` and `nianbao check`: many offices through the library's
 * batch runner; `check` of one data file runs the rules directly. */
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

/* --formats pdf,html: which outputs each office gets (default pdf). */
static int parse_formats(const cli *c, bool *pdf, bool *html)
{
    *pdf = !c->formats;
    *html = false;
    for (const char *p = c->formats; p && *p;) {
        size_t n = strcspn(p, ",");
        if (n == 3 && !strncmp(p, "pdf", 3))
            *pdf = true;
        else if (n == 4 && !strncmp(p, "html", 4))
            *html = true;
        else
            return cli_usage_error(cli_command_find(c->cmd),
                                   "--formats takes pdf, html or pdf,html, not '%.*s'", (int)n, p);
        p += n + (p[n] == ',');
    }
    if (!*pdf && !*html)
        return cli_usage_error(cli_command_find(c->cmd), "--formats names no format");
    if (c->html_fragment && !*html)
        return cli_usage_error(cli_command_find(c->cmd), "--html-fragment needs --formats html");
    return CLI_OK;
}

static int run_batch(const cli *c, bool check_only)
{
    const char *prev[2] = {c->previous, NULL};
    bool pdf, html;
    int rc = parse_formats(c, &pdf, &html);
    if (rc)
        return rc;
    nb_batch_opts o = {
        .outdir = c->out,
        .jobs = c->jobs,
        .force = c->force,
        .check_only = check_only,
        .allow_inconsistent = c->allow_inconsistent,
        .pattern = c->pattern,
        .encoding = c->encoding,
        .report = c->report,
        .layout = c->layout,
        .fonts = c->nfonts ? c->fonts : NULL,
        .previous = c->previous ? prev : NULL,
        .no_pdf = !pdf,
        .pdfa = c->pdfa,
        .html = !html              ? NB_HTML_NONE
                : c->html_fragment ? NB_HTML_FRAGMENT
                                   : NB_HTML_PAGE,
        .progress = isatty(2),
        .strict = c->strict,
        .prune = c->prune,
        .log = stderr,
        .shard_k = c->shard_k,
        .shard_n = c->shard_n,
    };
    nb_batch_summary sum;
    nb_status s = nb_batch_run((const char *const *)c->inputs, (size_t)c->ninputs, &o, &sum);
    return s ? CLI_FAILED : CLI_OK;
}

int cmd_build(const cli *c)
{
    if (!c->ninputs || !c->out)
        return cli_usage_error(cli_command_find("build"), "build needs INPUT... and -o OUTDIR");
    return run_batch(c, false);
}

/* One data file (not a folder or a CSV export). */
static bool single_file(const cli *c)
{
    struct stat st;
    const char *p = c->inputs[0];
    size_t n = strlen(p);
    return c->ninputs == 1 && stat(p, &st) == 0 && S_ISREG(st.st_mode) &&
           !(n > 4 && !strcmp(p + n - 4, ".csv")) && !(n > 5 && !strcmp(p + n - 5, ".xlsx"));
}

int cmd_check(const cli *c)
{
    if (!c->ninputs)
        return cli_usage_error(cli_command_find("check"), "check needs a data file, folder or CSV");
    if (!single_file(c) || c->out)
        return run_batch(c, true);
    nb_diags d;
    nb_diags_init(&d);
    nb_data *data, *previous = NULL;
    nb_layout *layout;
    nb_status s = cli_load(c, true, &data, &layout, NULL, &d);
    /* --previous, else the data's own `previous:` (nianbao init --from). */
    const char *prev_path = c->previous ? c->previous : data ? nb_data_previous_path(data) : NULL;
    if (!s && prev_path)
        s = nb_data_load(prev_path, &previous, &d);
    nb_check_result res = {0};
    if (!s)
        s = nb_check_verdict(layout, data, previous, &res, &d);
    nb_diags_print(&d, stderr);
    if (!s && c->strict && d.warnings) {
        fprintf(stderr, "%s: %zu warning%s, and --strict makes warnings failures\n", c->inputs[0],
                d.warnings, d.warnings == 1 ? "" : "s");
        s = NB_ERR_RULE;
    } else if (!s && res.unassessed)
        printf("%s: not fully assessed: %zu rule check%s could not be assessed (see the "
               "warnings; %zu warning%s)\n",
               c->inputs[0], res.unassessed, res.unassessed == 1 ? "" : "s", d.warnings,
               d.warnings == 1 ? "" : "s");
    else if (!s)
        printf("%s: consistent (%zu warning%s)%s\n", c->inputs[0], d.warnings,
               d.warnings == 1 ? "" : "s",
               res.cross_year_skipped ? "; the cross-year rules need --previous LAST-YEAR.yaml"
                                      : "");
    nb_layout_free(layout);
    nb_data_free(data);
    nb_data_free(previous);
    nb_diags_free(&d);
    return s ? CLI_FAILED : CLI_OK;
}

int cmd_merge_reports(const cli *c)
{
    if (c->ninputs != 1)
        return cli_usage_error(cli_command_find("merge-reports"),
                               "merge-reports needs the output folder of the shards");
    nb_diags d;
    nb_diags_init(&d);
    nb_status s = nb_merge_reports(c->inputs[0], stderr, &d);
    nb_diags_print(&d, stderr);
    nb_diags_free(&d);
    return s ? CLI_FAILED : CLI_OK;
}
