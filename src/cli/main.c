/* nianbao command line: a thin client of the library (src/nianbao.h).
 * main() finds the command in cli_commands[], parses its options and runs
 * it; everything else lives in one file per command. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"

static void general_help(FILE *out)
{
    fputs("usage: nianbao COMMAND [options] [operands]\n"
          "       nianbao COMMAND --help\n"
          "       nianbao --help | --version\n\ncommands:\n",
          out);
    for (const cli_command *c = cli_commands; c->name; c++) /* the summary's first line */
        fprintf(out, "  %-8s %.*s\n", c->name, (int)strcspn(c->summary, "\n"), c->summary);
    fputs("\nExit status: 0 success, 1 bad input or a failed render, 2 bad usage.\n", out);
}

/* The version and where the data is: one "WHAT (HOW): PATH" line per
 * folder, the layout folders in lookup order (bash completion reads them). */
static int version(void)
{
    char **dirs = nb_layout_dirs();
    if (!dirs) {
        fputs("nianbao: out of memory\n", stderr);
        return CLI_FAILED;
    }
    const char *how = nb_home_origin_name(nb_home_found());
    printf("nianbao %s\n", NB_VERSION);
    for (char **dir = dirs; *dir; dir++) {
        struct stat sb;
        bool present = stat(*dir, &sb) == 0 && S_ISDIR(sb.st_mode);
        printf("layouts (%s%s): %s\n", dir[1] ? "user" : how, present ? "" : ", absent", *dir);
    }
    printf("fonts (%s): %s/fonts\n", how, nb_home());
    nb_free(dirs);
    return CLI_OK;
}

/* Edit distance, for "did you mean": commands are short, so the O(n·m)
 * table fits on the stack. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 31 || m > 31)
        return 99;
    size_t row[32];
    for (size_t j = 0; j <= m; j++)
        row[j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[m];
}

static int unknown_command(const char *name)
{
    const cli_command *best = NULL;
    size_t best_d = 3; /* suggest only near misses */
    for (const cli_command *c = cli_commands; c->name; c++) {
        size_t dist = edit_distance(name, c->name);
        if (dist < best_d || (!strncmp(name, c->name, strlen(name)) && strlen(name) >= 2)) {
            best = c;
            best_d = dist < best_d ? dist : best_d;
        }
    }
    fprintf(stderr, "nianbao: unknown command '%s'", name);
    if (best)
        fprintf(stderr, "; did you mean '%s'?", best->name);
    fputs("\nTry 'nianbao --help' for the list of commands.\n", stderr);
    return CLI_USAGE;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        general_help(stderr);
        return CLI_USAGE;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
        if (argc > 2 && strcmp(name, "help") == 0) {
            const cli_command *c = cli_command_find(argv[2]);
            if (!c)
                return unknown_command(argv[2]);
            cli_command_help(c, stdout);
            return CLI_OK;
        }
        general_help(stdout);
        return CLI_OK;
    }
    if (!strcmp(name, "--version") || !strcmp(name, "-V"))
        return version();
    if (name[0] == '-') {
        fprintf(stderr, "nianbao: a command comes first, not '%s'\n", name);
        general_help(stderr);
        return CLI_USAGE;
    }
    const cli_command *c = cli_command_find(name);
    if (!c)
        return unknown_command(name);
    cli opts;
    int rc = cli_parse(c, argc - 1, argv + 1, &opts);
    if (rc)
        return rc < 0 ? CLI_OK : rc;
    return c->run(&opts);
}
