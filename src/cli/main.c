/* nianbao command line: a thin client of the library (src/nianbao.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nianbao.h"

#define MAX_FONT_OVERRIDES 32

static const char usage[] =
    "usage: nianbao render DATA.yaml -o OUT.pdf [options]\n"
    "       nianbao fonts [DATA.yaml] [-l LAYOUT.yaml] [--font ROLE=FONT]\n"
    "       nianbao --help | --version\n"
    "\n"
    "render   typeset an office's data with its layout into a PDF\n"
    "fonts    show what each font role resolves to and, given data, which\n"
    "         characters no font of a role covers\n"
    "\n"
    "options:\n"
    "  -o FILE             output PDF (written atomically)\n"
    "  -l FILE             layout file; default: the data's 'layout:' name\n"
    "                      looked up in layouts/\n"
    "  --font ROLE=FONT    put a family name or a font file (path:index for a\n"
    "                      collection) first in a role's chain\n"
    "  --dump STAGE        print a stage as text: shape, lines or pages\n"
    "  --no-compress       leave PDF streams uncompressed\n"
    "\n"
    "Exit status: 0 success, 1 bad input or failed render, 2 bad usage.\n";

typedef struct cli {
    const char *cmd;
    const char *data;
    const char *out;
    const char *layout;
    const char *dump;
    bool compress;
    const char *fonts[MAX_FONT_OVERRIDES + 1];
    int nfonts;
} cli;

static int parse_args(int argc, char **argv, cli *c)
{
    memset(c, 0, sizeof *c);
    c->compress = true;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_value = i + 1 < argc;
        if (!strcmp(a, "-o") && has_value)
            c->out = argv[++i];
        else if (!strcmp(a, "-l") && has_value)
            c->layout = argv[++i];
        else if (!strcmp(a, "--dump") && has_value)
            c->dump = argv[++i];
        else if (!strcmp(a, "--font") && has_value && c->nfonts < MAX_FONT_OVERRIDES)
            c->fonts[c->nfonts++] = argv[++i];
        else if (!strcmp(a, "--no-compress"))
            c->compress = false;
        else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "nianbao: unknown or incomplete option '%s'\n", a);
            return 2;
        } else if (!c->cmd)
            c->cmd = a;
        else if (!c->data)
            c->data = a;
        else {
            fprintf(stderr, "nianbao: unexpected argument '%s'\n", a);
            return 2;
        }
    }
    return 0;
}

/* Loads the data (if any), its layout and the fonts. */
static nb_status load_inputs(const cli *c, nb_data **data, nb_layout **layout,
                             nb_fontset **fonts, nb_diags *d)
{
    *data = NULL;
    *layout = NULL;
    *fonts = NULL;
    nb_status s = NB_OK;
    if (c->data && (s = nb_data_load(c->data, data, d)))
        return s;
    char *path = NULL;
    if (c->layout) {
        s = nb_layout_load(c->layout, layout, d);
    } else {
        /* Without data (`nianbao fonts`), the current report format. */
        if (*data)
            s = nb_data_layout_path(*data, &path, d);
        else if (!(path = nb_layout_path("annual-report-2021")))
            s = NB_ERR_NOT_FOUND;
        if (!s)
            s = nb_layout_load(path, layout, d);
        nb_free(path);
    }
    if (!s)
        s = nb_fontset_load(*layout, c->fonts, fonts, d);
    return s;
}

int main(int argc, char **argv)
{
    cli c;
    int rc = parse_args(argc, argv, &c);
    if (rc)
        return rc;
    if (!c.cmd || !strcmp(c.cmd, "--help") || !strcmp(c.cmd, "help")) {
        fputs(usage, c.cmd ? stdout : stderr);
        return c.cmd ? 0 : 2;
    }
    if (!strcmp(c.cmd, "--version")) {
        printf("nianbao %s\n", NB_VERSION);
        return 0;
    }
    bool render = !strcmp(c.cmd, "render");
    if (!render && strcmp(c.cmd, "fonts")) {
        fprintf(stderr, "nianbao: unknown command '%s'\n%s", c.cmd, usage);
        return 2;
    }
    if (render && (!c.data || (!c.out && !c.dump))) {
        fprintf(stderr, "nianbao: render needs DATA.yaml and -o OUT.pdf\n");
        return 2;
    }
    nb_diags d;
    nb_diags_init(&d);
    nb_data *data;
    nb_layout *layout;
    nb_fontset *fonts;
    nb_status s = load_inputs(&c, &data, &layout, &fonts, &d);
    if (!s && render) {
        nb_render_opts o;
        nb_render_opts_init(&o);
        o.dump = c.dump;
        o.compress = c.compress;
        if (c.out)
            s = nb_render_file(layout, data, fonts, &o, c.out, &d);
        else
            s = nb_render_mem(layout, data, fonts, &o, NULL, NULL, &d);
    } else if (!s) {
        nb_fontset_report(fonts, layout, data, stdout);
    }
    nb_diags_print(&d, stderr);
    nb_fontset_free(fonts);
    nb_layout_free(layout);
    nb_data_free(data);
    nb_diags_free(&d);
    return s ? 1 : 0;
}
