/* The page's stylesheet and script, built into the binary from
 * src/serve/assets/ (src/serve/embed.cmake): the workspace needs no files
 * besides the data folder and fetches nothing from outside. */
#include <string.h>

#include "serve.h"

extern const unsigned char nb_asset_app_js[], nb_asset_app_css[];
extern const size_t nb_asset_app_js_len, nb_asset_app_css_len;

const char *nb_asset(const char *name, const char **mime, size_t *len)
{
    static const struct {
        const char *name, *mime;
        const unsigned char *bytes;
        const size_t *len;
    } assets[] = {
        {"app.js", "text/javascript; charset=utf-8", nb_asset_app_js, &nb_asset_app_js_len},
        {"app.css", "text/css; charset=utf-8", nb_asset_app_css, &nb_asset_app_css_len},
    };
    for (size_t i = 0; i < sizeof assets / sizeof *assets; i++)
        if (!strcmp(name, assets[i].name)) {
            if (mime)
                *mime = assets[i].mime;
            if (len)
                *len = *assets[i].len;
            return (const char *)assets[i].bytes;
        }
    return NULL;
}
