/* nianbao command line: a thin client of the library (src/nianbao.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nianbao.h"

#define MAX_FONT_OVERRIDES 32
#define MAX_INPUTS 4096

static const char usage[] =
    "usage: nianbao render DATA.yaml -o OUT.pdf [options]\n"
    "       nianbao build INPUT... -o OUTDIR [-j N] [--force] [options]\n"
    "       nianbao check INPUT... [--previous LAST_YEAR]\n"
    "       nianbao keys LAYOUT            (a name such as annual-report-2021, or a file)\n"
    "       nianbao fonts [DATA.yaml] [-l LAYOUT.yaml] [--font ROLE=FONT]\n"
    "       nianbao --help | --version\n"
    "\n"
    "render   typeset an office's data with its layout into a PDF\n"
    "build    render every office of INPUT (data files, folders of them, CSV\n"
    "         exports) into OUTDIR, rebuilding only what changed\n"
    "check    run the layout's consistency rules (勾稽关系) over the figures\n"
    "keys     list the key of every table cell, for the data's figures:\n"
    "fonts    show what each font role resolves to and, given data, which\n"
    "         characters no font of a role covers\n"
    "\n"
    "options:\n"
    "  -o FILE             output PDF (written atomically)\n"
    "  -l FILE             layout file; default: the data's 'layout:' name\n"
    "                      looked up in layouts/\n"
    "  --font ROLE=FONT    put a family name or a font file (path:index for a\n"
    "                      collection) first in a role's chain\n"
    "  --previous INPUT    last year's data (a file, folder or CSV): also check\n"
    "                      the cross-year rules\n"
    "  -j N                build: worker threads (default: the number of cores)\n"
    "  --force             build: rebuild every office, changed or not\n"
    "  --pattern P         build: output names, default {year}/{office}.pdf\n"
    "  --encoding ENC      CSV encoding (default: detect UTF-8, else GB18030)\n"
    "  --report FILE       JSON report (build default: OUTDIR/nianbao-report.json)\n"
    "  --allow-inconsistent  render despite rule violations (warns instead)\n"
    "  --dump STAGE        print a stage as text: shape, lines, table or pages\n"
    "  --no-compress       leave PDF streams uncompressed\n"
    "\n"
    "Exit status: 0 success, 1 bad input or failed render, 2 bad usage.\n";

typedef struct cli {
    const char *cmd;
    const char *data; /* the first input */
    const char *inputs[MAX_INPUTS];
    int ninputs;
    int jobs;
    bool force;
    const char *pattern, *encoding, *report;
    const char *out;
    const char *layout;
    const char *dump;
    const char *previous;
    bool compress;
    bool allow_inconsistent;
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
        else if (!strcmp(a, "-j") && has_value)
            c->jobs = atoi(argv[++i]);
        else if (!strcmp(a, "--force"))
            c->force = true;
        else if (!strcmp(a, "--pattern") && has_value)
            c->pattern = argv[++i];
        else if (!strcmp(a, "--encoding") && has_value)
            c->encoding = argv[++i];
        else if (!strcmp(a, "--report") && has_value)
            c->report = argv[++i];
        else if (!strcmp(a, "--previous") && has_value)
            c->previous = argv[++i];
        else if (!strcmp(a, "--allow-inconsistent"))
            c->allow_inconsistent = true;
        else if (!strcmp(a, "--no-compress"))
            c->compress = false;
        else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "nianbao: unknown or incomplete option '%s'\n", a);
            return 2;
        } else if (!c->cmd) {
            c->cmd = a;
        } else if (c->ninputs < MAX_INPUTS) {
            c->inputs[c->ninputs++] = a;
            if (!c->data)
                c->data = a;
        } else {
            fprintf(stderr, "nianbao: more than %d inputs\n", MAX_INPUTS);
            return 2;
        }
    }
    return 0;
}

/* Loads the data (if any), its layout and the fonts. */
static nb_status load_inputs(const cli *c, nb_data **data, nb_layout **layout, nb_fontset **fonts,
                             nb_diags *d)
{
    *data = NULL;
    *layout = NULL;
    if (fonts)
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
    if (!s && fonts)
        s = nb_fontset_load(*layout, c->fonts, fonts, d);
    return s;
}

/* `nianbao build` and `nianbao check` over several offices. */
static int batch(const cli *c, bool check_only)
{
    const char *prev[2] = {c->previous, NULL};
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
        .progress = isatty(2),
        .log = stderr,
    };
    nb_batch_summary sum;
    nb_status s = nb_batch_run(c->inputs, (size_t)c->ninputs, &o, &sum);
    return s ? 1 : 0;
}

/* A single data file (not a folder or a CSV export). */
static bool single_file(const cli *c)
{
    struct stat st;
    size_t n = c->data ? strlen(c->data) : 0;
    return c->ninputs == 1 && stat(c->data, &st) == 0 && S_ISREG(st.st_mode) &&
           !(n > 4 && !strcmp(c->data + n - 4, ".csv"));
}

/* `nianbao keys LAYOUT`: a layout name or file. */
static int keys(const cli *c)
{
    if (!c->data) {
        fprintf(stderr, "nianbao: keys needs a layout name or file\n");
        return 2;
    }
    nb_diags d;
    nb_diags_init(&d);
    char *path = strchr(c->data, '/') || strstr(c->data, ".yaml") ? NULL : nb_layout_path(c->data);
    nb_layout *layout = NULL;
    nb_status s = nb_layout_load(path ? path : c->data, &layout, &d);
    if (!s)
        nb_keys_print(layout, stdout);
    nb_diags_print(&d, stderr);
    nb_layout_free(layout);
    nb_free(path);
    nb_diags_free(&d);
    return s ? 1 : 0;
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
    if (!strcmp(c.cmd, "keys"))
        return keys(&c);
    if (!strcmp(c.cmd, "build")) {
        if (!c.ninputs || !c.out) {
            fprintf(stderr, "nianbao: build needs INPUT... and -o OUTDIR\n");
            return 2;
        }
        return batch(&c, false);
    }
    if (!strcmp(c.cmd, "check") && c.ninputs && !single_file(&c))
        return batch(&c, true);
    bool render = !strcmp(c.cmd, "render"), check = !strcmp(c.cmd, "check");
    if (!render && !check && strcmp(c.cmd, "fonts")) {
        fprintf(stderr, "nianbao: unknown command '%s'\n%s", c.cmd, usage);
        return 2;
    }
    if (render && (!c.data || (!c.out && !c.dump))) {
        fprintf(stderr, "nianbao: render needs DATA.yaml and -o OUT.pdf\n");
        return 2;
    }
    if (check && !c.data) {
        fprintf(stderr, "nianbao: check needs DATA.yaml\n");
        return 2;
    }
    nb_diags d;
    nb_diags_init(&d);
    nb_data *data;
    nb_layout *layout;
    nb_fontset *fonts = NULL;
    nb_data *previous = NULL;
    nb_status s = load_inputs(&c, &data, &layout, check ? NULL : &fonts, &d);
    if (!s && c.previous)
        s = nb_data_load(c.previous, &previous, &d);
    if (!s && check) {
        s = nb_check(layout, data, previous, &d);
        if (!s)
            printf("%s: consistent (%zu warning%s)\n", c.data, d.warnings,
                   d.warnings == 1 ? "" : "s");
    } else if (!s && render) {
        nb_render_opts o;
        nb_render_opts_init(&o);
        o.dump = c.dump;
        o.compress = c.compress;
        o.allow_inconsistent = c.allow_inconsistent;
        o.previous = previous;
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
    nb_data_free(previous);
    nb_diags_free(&d);
    return s ? 1 : 0;
}
