/* Loading an office's data, its layout and fonts, shared by the commands
 * that work on one report. */
#include <string.h>

#include "cli/cli.h"

bool cli_is_layout_name(const char *arg)
{
    size_t n = strlen(arg);
    return !strchr(arg, '/') && !(n > 5 && !strcmp(arg + n - 5, ".yaml")) &&
           !(n > 4 && !strcmp(arg + n - 4, ".yml"));
}

void cli_no_layout(const char *name)
{
    char **dirs = nb_layout_dirs();
    if (!dirs) {
        fputs("nianbao: out of memory\n", stderr);
        return;
    }
    fprintf(stderr, "nianbao: no layout '%s' in ", name);
    for (char **dir = dirs; *dir; dir++)
        fprintf(stderr, "%s%s", dir == dirs ? "" : " or ", *dir);
    fprintf(stderr, " (%s); `nianbao layouts` lists them, or give a layout file\n",
            nb_home_origin_name(nb_home_found()));
    nb_free(dirs);
}

static int this_year(void)
{
    int y, m, d;
    nb_today(&y, &m, &d);
    return y;
}

/* The layout the report uses: -l (a name in the layout folders, else a
 * file), else the one the data names or its year chooses, else (`nianbao
 * fonts` without data) this year's format. *path is NULL when -l named a
 * file. */
static nb_status find_layout(const cli *c, const nb_data *data, char **path, nb_diags *d)
{
    nb_status s;
    if (c->layout) {
        s = nb_layout_path(c->layout, path);
        if (s == NB_ERR_NOT_FOUND && cli_is_layout_name(c->layout))
            cli_no_layout(c->layout);
        else if (s == NB_ERR_NOT_FOUND)
            s = NB_OK; /* a file: nb_layout_load names it if it cannot be read */
    } else if (data) {
        s = nb_data_layout_path(data, path, d);
    } else {
        s = nb_layout_for_year(this_year(), path, d);
    }
    if (s == NB_ERR_NOMEM && !d->errors)
        fputs("nianbao: out of memory\n", stderr);
    return s;
}

nb_status cli_load(const cli *c, bool with_data, nb_data **data, nb_layout **layout,
                   nb_fontset **fonts, nb_diags *d)
{
    *data = NULL;
    *layout = NULL;
    if (fonts)
        *fonts = NULL;
    nb_status s = NB_OK;
    if (with_data && (s = nb_data_load(c->inputs[0], data, d)))
        return s;
    char *path = NULL;
    s = find_layout(c, *data, &path, d);
    if (!s)
        s = nb_layout_load(path ? path : c->layout, layout, d);
    if (!s && *data && !c->layout) /* -l forces a layout; else it must fit */
        s = nb_data_check_layout(*data, *layout, d);
    nb_free(path);
    if (!s && fonts)
        s = nb_fontset_load(*layout, c->fonts, fonts, d);
    if (s) {
        nb_layout_free(*layout);
        nb_data_free(*data);
        *layout = NULL;
        *data = NULL;
    }
    return s;
}
