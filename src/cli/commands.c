/* The table of commands: name, synopsis, summary and accepted options.
 * A new command is one row here and one cmd_*.c file. */
#include <string.h>

#include "cli/cli.h"

#define LOAD_OPTS (OPTBIT(OPT_LAYOUT) | OPTBIT(OPT_FONT))
#define BATCH_OPTS                                                                                 \
    (OPTBIT(OPT_LAYOUT) | OPTBIT(OPT_PREVIOUS) | OPTBIT(OPT_ENCODING) | OPTBIT(OPT_REPORT) |       \
     OPTBIT(OPT_JOBS) | OPTBIT(OPT_SHARD) | OPTBIT(OPT_STRICT))

const cli_command cli_commands[] = {
    {"render", "DATA.yaml -o OUT.pdf [--html OUT.html] [options]",
     "typeset an office's data with its layout into a PDF (and/or its web edition)",
     LOAD_OPTS | OPTBIT(OPT_OUTPUT) | OPTBIT(OPT_PREVIOUS) | OPTBIT(OPT_ALLOW_INCONSISTENT) |
         OPTBIT(OPT_DUMP) | OPTBIT(OPT_NO_COMPRESS) | OPTBIT(OPT_HTML) | OPTBIT(OPT_HTML_FRAGMENT) |
         OPTBIT(OPT_PDFA) | OPTBIT(OPT_UNTAGGED),
     cmd_render},
    {"build", "INPUT... -o OUTDIR [options]",
     "render every office of INPUT (data files, folders of them, CSV exports)\n"
     "into OUTDIR, rebuilding only what changed",
     BATCH_OPTS | OPTBIT(OPT_OUTPUT) | OPTBIT(OPT_FONT) | OPTBIT(OPT_FORCE) | OPTBIT(OPT_PATTERN) |
         OPTBIT(OPT_ALLOW_INCONSISTENT) | OPTBIT(OPT_FORMATS) | OPTBIT(OPT_HTML_FRAGMENT) |
         OPTBIT(OPT_PDFA) | OPTBIT(OPT_PRUNE),
     cmd_build},
    {"check", "INPUT... [options]",
     "run the layout's consistency rules (勾稽关系) over the figures;\n"
     "with -o OUTDIR also write its status board there",
     BATCH_OPTS | OPTBIT(OPT_OUTPUT), cmd_check},
    {"template", "--xlsx OUT.xlsx --year YYYY [--offices ROSTER] [-l LAYOUT]",
     "write the spreadsheet offices fill in: one row per office, the tables'\n"
     "Chinese headers, validation and live totals",
     OPTBIT(OPT_XLSX) | OPTBIT(OPT_YEAR) | OPTBIT(OPT_OFFICES) | OPTBIT(OPT_LAYOUT), cmd_template},
    {"rollup", "INPUT... --office NAME --year YYYY -o COUNTY.yaml [options]",
     "sum the offices of INPUT into the county-level report's data (汇总)",
     OPTBIT(OPT_OUTPUT) | OPTBIT(OPT_OFFICE) | OPTBIT(OPT_YEAR) | OPTBIT(OPT_LAYOUT) |
         OPTBIT(OPT_PREVIOUS) | OPTBIT(OPT_ENCODING) | OPTBIT(OPT_ALLOW_INCONSISTENT),
     cmd_rollup},
    {"keys", "LAYOUT|DATA.yaml",
     "list the key of every table cell with its Chinese row and column labels\n"
     "(LAYOUT is a name such as annual-report-2021 or a file; DATA uses its layout)",
     0, cmd_keys},
    {"init", "--year YEAR --office NAME [-o DATA.yaml] | --from LAST.yaml [-o DATA.yaml]",
     "start a data file: a template for the layout of YEAR with every section\n"
     "and table row to fill in, or last year's report rolled forward",
     OPTBIT(OPT_OUTPUT) | OPTBIT(OPT_LAYOUT) | OPTBIT(OPT_YEAR) | OPTBIT(OPT_OFFICE) |
         OPTBIT(OPT_FROM),
     cmd_init},
    {"import", "REPORT.docx|REPORT.html [-l LAYOUT] [-o DATA.yaml]",
     "read a published report (Word/WPS .docx or the web page) into a data file:\n"
     "its prose by section and its table figures exactly as published",
     OPTBIT(OPT_OUTPUT) | OPTBIT(OPT_LAYOUT), cmd_import},
    {"fonts", "[DATA.yaml] [options]",
     "show what each font role resolves to and, given data, which characters\n"
     "no font of a role covers",
     LOAD_OPTS, cmd_fonts},
    {"merge-reports", "OUTDIR",
     "merge the manifests and reports of `build --shard K/N` runs (all of 1..N)\n"
     "into OUTDIR's .nianbao-manifest and nianbao-report.json",
     0, cmd_merge_reports},
    {"layouts", "", "list the installed layouts and the report years each covers", 0, cmd_layouts},
    {"serve", "--data DIR [--listen HOST:PORT] [--token T]",
     "the web workspace: every office of DIR in the browser, tables checked as you\n"
     "type, saved back to DIR, PDF, PDF/A and web edition on demand",
     OPTBIT(OPT_DATA) | OPTBIT(OPT_LISTEN) | OPTBIT(OPT_TOKEN), cmd_serve},
    {0},
};

const cli_command *cli_command_find(const char *name)
{
    for (const cli_command *c = cli_commands; c->name; c++)
        if (!strcmp(c->name, name))
            return c;
    return NULL;
}
