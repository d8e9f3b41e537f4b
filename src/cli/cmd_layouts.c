/* `nianbao layouts`: the installed layouts and the report years each one
 * covers, so a user can see which format a year gets by default. */
#include "cli/cli.h"

int cmd_layouts(const cli *c)
{
    if (c->ninputs)
        return cli_usage_error(cli_command_find("layouts"), "layouts takes no operands");
    nb_diags d;
    nb_diags_init(&d);
    nb_layout_entry *v;
    size_t n;
    nb_status s = nb_layouts_list(&v, &n, &d);
    for (size_t i = 0; i < n; i++) {
        char years[32];
        if (!v[i].year_from)
            snprintf(years, sizeof years, "any year (no years:)");
        else if (!v[i].year_to)
            snprintf(years, sizeof years, "%d onward", v[i].year_from);
        else if (v[i].year_to == v[i].year_from)
            snprintf(years, sizeof years, "%d", v[i].year_from);
        else
            snprintf(years, sizeof years, "%d–%d", v[i].year_from, v[i].year_to);
        int extra = 0; /* printf pads bytes; the en dash is 3 bytes, 1 column */
        for (const char *p = years; *p; p++)
            extra += ((unsigned char)*p & 0xC0) == 0x80;
        printf("%-24s %-*s %s\n", v[i].name, 16 + extra, years, v[i].path);
    }
    nb_layouts_free(v, n);
    nb_diags_print(&d, stderr);
    nb_diags_free(&d);
    return s ? CLI_FAILED : CLI_OK;
}
