/* Option parsing with getopt_long, and per-command help generated from the
 * same table, so the help can never list an option the parser lacks. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

/* getopt_long's value for options without a short letter starts here. */
#define LONG_ONLY 256

typedef struct opt_spec {
    cli_opt id;
    const char *name;
    int letter;      /* short option, or 0 */
    const char *arg; /* metavariable, or NULL for a flag */
    const char *help;
} opt_spec;

static const opt_spec specs[OPT__COUNT] = {
    {OPT_OUTPUT, "output", 'o', "PATH",
     "the PDF (render), the output folder (build; check: its status board) or the county's "
     "data file (rollup); written atomically"},
    {OPT_LAYOUT, "layout", 'l', "LAYOUT",
     "a layout file or name (user layouts first); default: the data's 'layout:'"},
    {OPT_FONT, "font", 0, "ROLE=FONT",
     "put a family name or a font file (path:index for a collection) first in a role's chain"},
    {OPT_PREVIOUS, "previous", 0, "INPUT",
     "last year's data (a file, folder or CSV): also check the cross-year rules"},
    {OPT_JOBS, "jobs", 'j', "N", "worker threads (default: the number of cores)"},
    {OPT_FORCE, "force", 0, NULL, "rebuild every office, changed or not"},
    {OPT_PATTERN, "pattern", 0, "P", "output names, default {year}/{office}.pdf"},
    {OPT_ENCODING, "encoding", 0, "ENC", "CSV encoding (default: detect UTF-8, else GB18030)"},
    {OPT_REPORT, "report", 0, "FILE", "JSON report (default: OUTDIR/nianbao-report.json)"},
    {OPT_ALLOW_INCONSISTENT, "allow-inconsistent", 0, NULL,
     "render despite rule violations (they become warnings); rollup: sum offices that fail them"},
    {OPT_DUMP, "dump", 0, "STAGE", "print a stage as text: shape, lines, table or pages"},
    {OPT_NO_COMPRESS, "no-compress", 0, NULL, "leave PDF streams uncompressed"},
    {OPT_XLSX, "xlsx", 0, "OUT.xlsx", "the workbook to write"},
    {OPT_OFFICES, "offices", 0, "ROSTER", "office names, one a line (or a CSV's first column)"},
    {OPT_YEAR, "year", 'y', "YEAR", "the report's year (its layout follows from it)"},
    {OPT_OFFICE, "office", 0, "NAME", "the office (发文机关) the report is for"},
    {OPT_FROM, "from", 0, "LAST.yaml", "start from last year's data file (roll forward)"},
    {OPT_HTML, "html", 0, "PATH", "also write the web edition (HTML5, no scripts) to PATH"},
    {OPT_HTML_FRAGMENT, "html-fragment", 0, NULL,
     "--html writes only the report's <article>, to paste into a portal's CMS"},
    {OPT_FORMATS, "formats", 0, "LIST", "what to write per office: pdf, html or pdf,html"},
    {OPT_PDFA, "pdfa", 0, NULL, "write PDF/A-2b (archival: XMP, sRGB output intent, /ID, CIDSet)"},
    {OPT_UNTAGGED, "untagged", 0, NULL,
     "no structure tree (a tagged, accessible PDF is the default)"},
    {OPT_STRICT, "strict", 0, NULL, "an office with warnings fails (blank cells, late date, ...)"},
    {OPT_PRUNE, "prune", 0, NULL,
     "remove outputs the manifest has that no office makes any more (after a --pattern change)"},
    {OPT_SHARD, "shard", 0, "K/N",
     "only shard K of N (by a stable hash of each output name); merge with merge-reports"},
    {OPT_DATA, "data", 0, "DIR", "the folder of office data files the workspace serves"},
    {OPT_LISTEN, "listen", 0, "HOST:PORT",
     "where to listen (default 127.0.0.1:8080, this machine only; port 0 picks a free one)"},
    {OPT_TOKEN, "token", 0, "T", "require this access token (X-Nianbao-Token) for every write"},
};

void cli_command_help(const cli_command *cmd, FILE *out)
{
    fprintf(out, "usage: nianbao %s %s\n\n%s\n", cmd->name, cmd->synopsis, cmd->summary);
    fputs("\noptions:\n", out);
    for (int i = 0; i < OPT__COUNT; i++) {
        const opt_spec *s = &specs[i];
        if (!(cmd->options & OPTBIT(s->id)))
            continue;
        char lhs[64];
        if (s->letter)
            snprintf(lhs, sizeof lhs, "-%c, --%s%s%s", s->letter, s->name, s->arg ? " " : "",
                     s->arg ? s->arg : "");
        else
            snprintf(lhs, sizeof lhs, "    --%s%s%s", s->name, s->arg ? " " : "",
                     s->arg ? s->arg : "");
        fprintf(out, "  %-26s %s\n", lhs, s->help);
    }
    fprintf(out, "  %-26s %s\n", "-h, --help", "show this help and exit");
}

int cli_usage_error(const cli_command *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("nianbao: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nusage: nianbao %s %s\nTry 'nianbao %s --help' for more.\n", cmd->name,
            cmd->synopsis, cmd->name);
    return CLI_USAGE;
}

/* -j N: a whole number from 1 to NB_MAX_JOBS (more is refused, not
 * silently capped). */
static bool parse_jobs(const char *s, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 1 || v > NB_MAX_JOBS)
        return false;
    *out = (int)v;
    return true;
}

static int set_option(const cli_command *cmd, cli_opt id, const char *arg, cli *c)
{
    switch (id) {
    case OPT_OUTPUT:
        c->out = arg;
        break;
    case OPT_LAYOUT:
        c->layout = arg;
        break;
    case OPT_PREVIOUS:
        c->previous = arg;
        break;
    case OPT_PATTERN:
        c->pattern = arg;
        break;
    case OPT_ENCODING:
        c->encoding = arg;
        break;
    case OPT_REPORT:
        c->report = arg;
        break;
    case OPT_DUMP:
        c->dump = arg;
        break;
    case OPT_DATA:
        c->data_dir = arg;
        break;
    case OPT_LISTEN:
        c->listen = arg;
        break;
    case OPT_TOKEN:
        c->token = arg;
        break;
    case OPT_HTML:
        c->html = arg;
        break;
    case OPT_HTML_FRAGMENT:
        c->html_fragment = true;
        break;
    case OPT_PDFA:
        c->pdfa = true;
        break;
    case OPT_UNTAGGED:
        c->untagged = true;
        break;
    case OPT_FORMATS:
        c->formats = arg;
        break;
    case OPT_FORCE:
        c->force = true;
        break;
    case OPT_ALLOW_INCONSISTENT:
        c->allow_inconsistent = true;
        break;
    case OPT_NO_COMPRESS:
        c->compress = false;
        break;
    case OPT_STRICT:
        c->strict = true;
        break;
    case OPT_PRUNE:
        c->prune = true;
        break;
    case OPT_FONT:
        if (c->nfonts == CLI_MAX_FONTS)
            return cli_usage_error(cmd, "at most %d --font options", CLI_MAX_FONTS);
        c->fonts[c->nfonts++] = arg;
        break;
    case OPT_OFFICE:
        c->office = arg;
        break;
    case OPT_FROM:
        c->from = arg;
        break;
    case OPT_YEAR: {
        char *end;
        errno = 0;
        long v = strtol(arg, &end, 10);
        if (errno || end == arg || *end || v < 1900 || v > 2999)
            return cli_usage_error(cmd, "--year takes a year such as 2025, not '%s'", arg);
        c->year = (int)v;
        break;
    }
    case OPT_JOBS:
        if (!parse_jobs(arg, &c->jobs))
            return cli_usage_error(cmd, "-j takes a whole number of workers from 1 to %d, not '%s'",
                                   NB_MAX_JOBS, arg);
        break;
    case OPT_SHARD:
        if (!nb_shard_parse(arg, &c->shard_k, &c->shard_n))
            return cli_usage_error(cmd, "--shard takes K/N with 1 <= K <= N, not '%s'", arg);
        break;
    case OPT_XLSX:
        c->xlsx = arg;
        break;
    case OPT_OFFICES:
        c->offices = arg;
        break;
    case OPT__COUNT:
        break;
    }
    return CLI_OK;
}

int cli_parse(const cli_command *cmd, int argc, char **argv, cli *c)
{
    memset(c, 0, sizeof *c);
    c->cmd = cmd->name;
    c->compress = true;

    /* Every option is known to the parser, so that one a command does not
     * take is named as such rather than as an unknown option. */
    struct option longs[OPT__COUNT + 2];
    char shorts[3 * OPT__COUNT + 4] = ":h"; /* ':' reports a missing argument */
    size_t ns = strlen(shorts);
    for (int i = 0; i < OPT__COUNT; i++) {
        const opt_spec *s = &specs[i];
        longs[i] = (struct option){s->name, s->arg ? required_argument : no_argument, NULL,
                                   s->letter ? s->letter : LONG_ONLY + i};
        if (s->letter) {
            shorts[ns++] = (char)s->letter;
            if (s->arg)
                shorts[ns++] = ':';
        }
    }
    shorts[ns] = 0;
    longs[OPT__COUNT] = (struct option){"help", no_argument, NULL, 'h'};
    longs[OPT__COUNT + 1] = (struct option){0};

    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        if (ch == 'h') {
            cli_command_help(cmd, stdout);
            return -1;
        }
        if (ch == '?')
            return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
        if (ch == ':')
            return cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
        const opt_spec *s = NULL;
        for (int i = 0; i < OPT__COUNT && !s; i++)
            if (ch == (specs[i].letter ? specs[i].letter : LONG_ONLY + i))
                s = &specs[i];
        if (!s)
            return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
        if (!(cmd->options & OPTBIT(s->id)))
            return cli_usage_error(cmd, "'%s' takes no option --%s", cmd->name, s->name);
        int rc = set_option(cmd, s->id, optarg, c);
        if (rc)
            return rc;
    }
    c->inputs = argv + optind;
    c->ninputs = argc - optind;
    for (int i = 0; i < c->ninputs; i++)
        if (!c->inputs[i][0])
            return cli_usage_error(cmd, "an empty file name");
    c->fonts[c->nfonts] = NULL;
    return CLI_OK;
}
