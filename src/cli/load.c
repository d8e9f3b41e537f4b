/* Loading an office's data, its layout and fonts, shared by the commands
 * that work on one report. */
#include "cli/cli.h"

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
    else if (!path && !(path = nb_layout_path("annual-report-2021")))
        s = NB_ERR_NOT_FOUND; /* no data (`nianbao fonts`): the current format */
    if (!s && path)
        s = nb_layout_load(path, layout, d);
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
