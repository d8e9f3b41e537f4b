/* The command line: a table of commands, each a thin client of the library
 * (src/nianbao.h). Options are parsed once with getopt_long into `cli`;
 * each command declares which options it accepts, so `render --pattern`
 * is a usage error rather than silently ignored. */
#ifndef NB_CLI_H
#define NB_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "nianbao.h"

#define CLI_MAX_FONTS 32

/* Exit statuses, documented in --help and the man page. */
enum { CLI_OK = 0, CLI_FAILED = 1, CLI_USAGE = 2 };

/* Every option any command takes; a command accepts a set of them. */
typedef enum cli_opt {
    OPT_OUTPUT,
    OPT_LAYOUT,
    OPT_FONT,
    OPT_PREVIOUS,
    OPT_JOBS,
    OPT_FORCE,
    OPT_PATTERN,
    OPT_ENCODING,
    OPT_REPORT,
    OPT_ALLOW_INCONSISTENT,
    OPT_DUMP,
    OPT_NO_COMPRESS,
    OPT_XLSX,
    OPT_OFFICES,
    OPT_YEAR,
    OPT_OFFICE,
    OPT_FROM,
    OPT_HTML,
    OPT_HTML_FRAGMENT,
    OPT_FORMATS,
    OPT_PDFA,
    OPT_UNTAGGED,
    OPT_STRICT,
    OPT_PRUNE,
    OPT_SHARD,
    OPT_DATA,
    OPT_LISTEN,
    OPT_TOKEN,
    OPT__COUNT
} cli_opt;

#define OPTBIT(o) (1u << (o))

typedef struct cli {
    const char *cmd;
    char **inputs; /* the operands after the command (argv storage) */
    int ninputs;
    const char *out, *layout, *dump, *previous;
    const char *pattern, *encoding, *report;
    const char *office, *from;             /* init, rollup */
    const char *xlsx, *offices;            /* template */
    int year;                              /* init, template, rollup; 0 = not given */
    const char *html;                      /* --html PATH: the web edition */
    bool html_fragment;                    /* --html-fragment: only the report's body */
    const char *formats;                   /* --formats pdf,html */
    const char *data_dir, *listen, *token; /* serve */
    int jobs;
    int shard_k, shard_n; /* --shard K/N; 0/0 for none */
    bool force, compress, allow_inconsistent, pdfa, untagged;
    bool strict, prune;
    const char *fonts[CLI_MAX_FONTS + 1]; /* NULL-terminated */
    int nfonts;
} cli;

typedef struct cli_command {
    const char *name;
    const char *synopsis; /* operands and options, after "nianbao NAME " */
    const char *summary;  /* one line for the command list */
    unsigned options;     /* OPTBIT(OPT_…) the command accepts */
    int (*run)(const cli *c);
} cli_command;

/* The commands, in the order --help lists them; NULL-name terminated. */
extern const cli_command cli_commands[];

/* The command called `name`, or NULL. */
const cli_command *cli_command_find(const char *name);

/* Prints the help of one command (its synopsis and the options it takes). */
void cli_command_help(const cli_command *cmd, FILE *out);

/* Parses argv after the command name into *c. Returns CLI_OK, CLI_USAGE
 * (message printed), or -1 when --help was asked for (help printed). */
int cli_parse(const cli_command *cmd, int argc, char **argv, cli *c);

/* Prints a usage error for `cmd` with a hint to --help; returns CLI_USAGE. */
int cli_usage_error(const cli_command *cmd, const char *fmt, ...);

/* Loads the office data named by c->inputs[0] (when `with_data`), its
 * layout (or -l) and, when `fonts` is not NULL, its fonts. Diagnostics go
 * to `d`; on failure the outputs that were loaded are freed. */
nb_status cli_load(const cli *c, bool with_data, nb_data **data, nb_layout **layout,
                   nb_fontset **fonts, nb_diags *d);

/* Whether a -l or keys operand is meant as a layout name: no '/', no
 * .yaml or .yml (else it is a file). */
bool cli_is_layout_name(const char *arg);

/* Says that layout `name` is in none of the layout folders, naming them. */
void cli_no_layout(const char *name);

/* The commands' entry points (one file each). */
int cmd_render(const cli *c);
int cmd_check(const cli *c);
int cmd_build(const cli *c);
int cmd_keys(const cli *c);
int cmd_fonts(const cli *c);
int cmd_template(const cli *c);
int cmd_rollup(const cli *c);
int cmd_init(const cli *c);
int cmd_import(const cli *c);

/* Writes a generated data file to c->out (atomically, never over an
 * existing file) or to stdout; prints the diagnostics. */
int cli_write_new_file(const cli *c, const char *text);
int cmd_merge_reports(const cli *c);
int cmd_layouts(const cli *c);
int cmd_serve(const cli *c);

#endif
