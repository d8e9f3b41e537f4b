/* Loading an office's data, its layout and fonts, shared by the commands
 * that work on one report. */
#include "cli/cli.h"

static int this_year(void)
{
    int y, m, d;
    nb_today(&y, &m, &d);
    return y;
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
    if (c->layout && !(path = nb_layout_path(c->layout)))
        s = nb_layout_load(c->layout, layout, d);
    else if (!path && *data)
        s = nb_data_layout_path(*data, &path, d);
    else if (!path && !*data) /* no data (`nianbao fonts`): this year's format */
        s = nb_layout_for_year(this_year(), &path, d);
    if (!s && path)
        s = nb_layout_load(path, layout, d);
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
