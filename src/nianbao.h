/* nianbao — typesetting engine for Chinese government-information-disclosure
 * annual reports (政府信息公开工作年度报告).
 *
 * Public API. The CLI (src/cli/) uses nothing but this header.
 *
 * Ownership: every pointer returned by a _load or _new function is freed with
 * the matching *_free; strings inside are borrowed until then. The library
 * never calls exit() or abort(); errors come back as an nb_status and as
 * diagnostics (file:line:col) collected in an nb_diags. */
#ifndef NIANBAO_H
#define NIANBAO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define NB_VERSION "0.1.0"

/* Stable, append-only result codes. Tests assert on these, not on text. */
typedef enum nb_status {
    NB_OK = 0,
    NB_ERR_NOMEM,     /* an allocation failed */
    NB_ERR_IO,        /* a file could not be read or written */
    NB_ERR_SYNTAX,    /* malformed YAML, invalid UTF-8, NUL bytes */
    NB_ERR_SCHEMA,    /* unknown key, wrong type, missing required key */
    NB_ERR_NOT_FOUND, /* a named layout or file does not exist */
    NB_ERR_FONT,      /* a font role resolves to nothing, a bad font file */
    NB_ERR_GLYPH,     /* a character no font of its role covers */
    NB_ERR_LIMIT,     /* input exceeds a documented limit */
    NB_ERR_PDF,       /* the PDF writer failed */
    NB_ERR_RULE,      /* figures break a consistency rule */
    NB_ERR_USAGE,     /* bad command line */
    NB_ERR_VALUE,     /* a figure, date, year or previous-year file that is
                         not what its place requires */
    NB_ERR__COUNT
} nb_status;

const char *nb_status_name(nb_status s);

/* Frees memory the library handed to the caller (PDF bytes, paths). */
void nb_free(void *ptr);

typedef enum nb_severity { NB_NOTE, NB_WARNING, NB_ERROR } nb_severity;

/* One message about the input, printed as "file:line:col: error: msg". */
typedef struct nb_diag {
    nb_severity severity;
    nb_status code;
    char *file; /* may be NULL (no file involved) */
    int line;   /* 1-based; 0 when unknown */
    int col;    /* 1-based; 0 when unknown */
    char *msg;
    /* The table cells the message is about (a rule that fails or cannot be
     * assessed): their full keys, space-separated; NULL for none. */
    char *keys;
} nb_diag;

typedef struct nb_diags {
    nb_diag *items;
    size_t count, cap;
    size_t errors, warnings;
} nb_diags;

void nb_diags_init(nb_diags *d);
void nb_diags_free(nb_diags *d);
/* Prints each diagnostic on its own line in the GNU format. */
void nb_diags_print(const nb_diags *d, FILE *out);
/* First error code recorded, or NB_OK. */
nb_status nb_diags_first_error(const nb_diags *d);

/* ---- Fonts ----------------------------------------------------------- */

/* A set of resolved font roles (fangsong, hei, kai, song, title…), each a
 * fallback chain of faces. Parsed once per process; read-only afterwards so
 * batch workers share it. */
typedef struct nb_fontset nb_fontset;

/* ---- Layout and office data ----------------------------------------- */

typedef struct nb_layout nb_layout; /* a parsed layout file */
typedef struct nb_data nb_data;     /* one office's data file */

/* Where the shipped layouts/ and fonts/ live (details: util/home.h):
 * $NIANBAO_HOME, else PREFIX/share/nianbao beside the program's PREFIX/bin,
 * else the source tree of an uninstalled build. Borrowed, never NULL. */
const char *nb_home(void);

typedef enum nb_home_origin {
    NB_HOME_ENV,       /* $NIANBAO_HOME */
    NB_HOME_INSTALLED, /* PREFIX/share/nianbao, relative to the program */
    NB_HOME_SOURCE,    /* the source tree of an uninstalled build */
    NB_HOME_MISSING,   /* none: nb_home() is where the installed data belongs */
} nb_home_origin;

nb_home_origin nb_home_found(void);
const char *nb_home_origin_name(nb_home_origin o);

/* The folders layout names are looked up in, user layouts
 * ($XDG_DATA_HOME/nianbao/layouts) first and nb_home()/layouts last;
 * NULL-terminated, one nb_free() releases it; NULL when out of memory. */
char **nb_layout_dirs(void);

nb_status nb_layout_load(const char *path, nb_layout **out, nb_diags *d);
void nb_layout_free(nb_layout *l);
/* Resolves a layout name such as "annual-report-2021" to the first
 * DIR/NAME.yaml of nb_layout_dirs(): NB_OK (*path: nb_free),
 * NB_ERR_NOT_FOUND or NB_ERR_NOMEM. */
nb_status nb_layout_path(const char *name, char **path);

nb_status nb_data_load(const char *path, nb_data **out, nb_diags *d);
void nb_data_free(nb_data *data);
/* The layout name the data file asks for ("layout:" key), borrowed; NULL
 * when it names none (the year chooses). */
const char *nb_data_layout_name(const nb_data *data);
/* The file of the layout the data names, or else of the layout covering
 * its year (nb_free); an error at the data's layout: (or year:) line when
 * there is none. */
nb_status nb_data_layout_path(const nb_data *data, char **path, nb_diags *d);
/* An error at the data's layout: (or year:) line when `layout` does not
 * cover the data's year. Call it unless the user forced the layout (-l). */
nb_status nb_data_check_layout(const nb_data *data, const nb_layout *layout, nb_diags *d);

/* ---- Layouts and the years they cover --------------------------------
 * A layout declares the report years whose format it is (`years:`); by
 * default a report gets the layout covering its year: 2019–2020 →
 * annual-report-2019, 2021 onward → annual-report-2021. */

typedef struct nb_layout_entry {
    char *name;    /* "annual-report-2021" */
    char *path;    /* its file in one of nb_layout_dirs() */
    int year_from; /* first report year it covers; 0 = not declared */
    int year_to;   /* last one; 0 = open-ended */
} nb_layout_entry;

/* Every layout of nb_layout_dirs() — the user's, then the shipped ones a
 * user layout of the same file name does not shadow — sorted by name
 * (reading only each file's name and years). A file that cannot be read is
 * an error in `d` and left out; the others are still listed. */
nb_status nb_layouts_list(nb_layout_entry **out, size_t *count, nb_diags *d);
void nb_layouts_free(nb_layout_entry *v, size_t count);
/* The file (nb_free) of the installed layout covering `year` (the most
 * recent format when several do); NB_ERR_VALUE when none does. */
nb_status nb_layout_for_year(int year, char **path, nb_diags *d);
const char *nb_layout_name(const nb_layout *l);
bool nb_layout_covers(const nb_layout *l, int year);
/* The layout's `years:`: from (0 = any year) and to (0 = open-ended). */
void nb_layout_years(const nb_layout *l, int *from, int *to);

/* Today: the wall clock, or NIANBAO_TODAY=YYYY-MM-DD when set (tests). */
void nb_today(int *year, int *month, int *day);

/* Resolves the font roles of `layout` (its fonts: file plus overrides).
 * `overrides` is a NULL-terminated list of "role=FAMILY" or "role=/path.ttf"
 * strings from the command line, may be NULL. */
nb_status nb_fontset_load(const nb_layout *layout, const char *const *overrides, nb_fontset **out,
                          nb_diags *d);
void nb_fontset_free(nb_fontset *fs);
/* Writes one line per role: role, each face (family, file, index), and
 * the characters of `data` (may be NULL) that no face of the chain covers. */
void nb_fontset_report(const nb_fontset *fs, const nb_layout *layout, const nb_data *data,
                       FILE *out);

/* ---- Rendering -------------------------------------------------------- */

/* The web edition: a whole HTML5 page with its inline stylesheet, or only
 * the report's <article> to paste into a portal's CMS. */
typedef enum nb_html_mode { NB_HTML_NONE, NB_HTML_PAGE, NB_HTML_FRAGMENT } nb_html_mode;

typedef struct nb_render_opts {
    /* Dump a stage as golden text instead of (or besides) the PDF:
     * "shape", "lines", "table", "pages"; NULL for none. */
    const char *dump;
    FILE *dump_out;
    bool compress; /* deflate streams (default true) */
    /* Render despite consistency-rule violations (they become warnings). */
    bool allow_inconsistent;
    /* Last year's data for the cross-year rules, or NULL. */
    const nb_data *previous;
    bool pdf;          /* make the PDF (default true) */
    bool pdfa;         /* PDF/A-2b, whatever the layout's output.pdfa says */
    bool untagged;     /* no structure tree, whatever output.tagged says */
    nb_html_mode html; /* and/or the web edition (default none) */
    /* Called once the figures are bound, with the bound figures (the
     * library's internal nb_figures): a batch's manifest snapshots them
     * instead of binding them a second time. NULL for none. */
    void (*on_figures)(void *ctx, const void *figures);
    void *on_figures_ctx;
} nb_render_opts;

void nb_render_opts_init(nb_render_opts *o);

/* What one render made: the PDF and the web edition, both from the same
 * bound document (after the figures are checked). NULL when not asked. */
typedef struct nb_output {
    unsigned char *pdf;
    size_t pdf_len;
    char *html;
    size_t html_len;
} nb_output;

void nb_output_free(nb_output *out);

/* Renders one report into memory: the outputs `opts` asks for. */
nb_status nb_render(const nb_layout *layout, const nb_data *data, const nb_fontset *fonts,
                    const nb_render_opts *opts, nb_output *out, nb_diags *d);

/* Writes the outputs present to their paths (NULL: not written), each
 * atomically (nb_write_file_atomic). */
nb_status nb_output_write(const nb_output *out, const char *pdf_path, const char *html_path,
                          nb_diags *d);

/* Renders one report to PDF bytes in memory (*pdf, *pdf_len; nb_free). */
nb_status nb_render_mem(const nb_layout *layout, const nb_data *data, const nb_fontset *fonts,
                        const nb_render_opts *opts, unsigned char **pdf, size_t *pdf_len,
                        nb_diags *d);

/* Renders to `out_path` atomically: the bytes go to a temporary file in the
 * same folder that is renamed over out_path only on success, so a failure
 * never leaves a truncated PDF or destroys the previous one. */
nb_status nb_render_file(const nb_layout *layout, const nb_data *data, const nb_fontset *fonts,
                         const nb_render_opts *opts, const char *out_path, nb_diags *d);

/* Runs the layout's consistency rules over the office's figures (and the
 * cross-year rules against `previous`, may be NULL) without rendering.
 * Violations are NB_ERR_RULE errors naming the rule, the cells, their values
 * and the data line; blank cells are warnings. */
nb_status nb_check(const nb_layout *layout, const nb_data *data, const nb_data *previous,
                   nb_diags *d);

/* What nb_check found, for an honest verdict: "consistent" only when
 * nothing failed and every rule instance was assessed. */
typedef struct nb_check_result {
    size_t violations;         /* rule instances that fail */
    size_t unassessed;         /* rule instances not assessable (blank or
                                  not-a-number cells; each is a warning) */
    size_t invalid;            /* figures that do not fit their value type */
    size_t blanks;             /* blank cells */
    size_t cross_year_skipped; /* cross-year rules not run: no previous */
} nb_check_result;

/* nb_check that also fills *res (may be NULL). */
nb_status nb_check_verdict(const nb_layout *layout, const nb_data *data, const nb_data *previous,
                           nb_check_result *res, nb_diags *d);

/* Lists every table cell key of the layout with its row and column labels. */
void nb_keys_print(const nb_layout *layout, FILE *out);

/* ---- Starting a report: init, roll forward, import ------------------ */

typedef struct nb_init_opts {
    int year;           /* the report's year; 0 = last year's + 1 (with from) */
    const char *office; /* NULL = last year's office (with from) */
    const char *from;   /* last year's data file (or an imported one), or NULL */
    const char *layout; /* a layout name or file; NULL = the one covering year
                           (nb_layout_for_year) */
    const char *out;    /* where the file will be written, so that
                           `previous:` can be relative to it; NULL = stdout */
} nb_init_opts;

/* Makes a data file to fill in (*yaml, nb_free): a template for the layout
 * of the year, or — with `from` — last year's report rolled forward (its
 * office and prose as a starting point, the cells the cross-year rules tie
 * to last year filled in, and `previous:` naming last year's file). */
nb_status nb_init(const nb_init_opts *o, char **yaml, nb_diags *d);

typedef struct nb_import_opts {
    const char *layout; /* a layout name or file; NULL = by the report's year */
    const char *out;    /* where the data file will be written, or NULL */
    /* Every table cell of the source that matched no cell of the layout,
     * and every layout cell the source lacks, is a warning naming its row
     * and column labels; with `strict` they are errors. */
    bool strict;
} nb_import_opts;

/* Reads a published report — a .docx (Word, WPS) or a web page (.html,
 * .htm) — into a data file (*yaml, nb_free): office, year and title from
 * its title line, its prose by section, its table figures exactly as
 * published. */
nb_status nb_import(const char *path, const nb_import_opts *o, char **yaml, nb_diags *d);

/* The file named by a data file's `previous:` key (borrowed), or NULL. */
const char *nb_data_previous_path(const nb_data *data);

/* ---- Batches ---------------------------------------------------------- */

typedef struct nb_batch_opts {
    const char *outdir; /* build: the output folder (required) */
    int jobs;           /* worker threads, 1..NB_MAX_JOBS; 0 = the number of
                           cores (at most NB_MAX_JOBS); more is a usage error */
    bool force;         /* rebuild even what is unchanged */
    bool check_only;    /* run the rules only, write nothing */
    bool allow_inconsistent;
    const char *pattern;         /* output names; default "{year}/{office}.pdf" */
    const char *encoding;        /* CSV encoding; NULL = detect */
    const char *report;          /* JSON report; default OUTDIR/nianbao-report.json */
    const char *layout;          /* a layout file for every office, or NULL */
    const char *const *fonts;    /* --font overrides, NULL-terminated, or NULL */
    const char *const *previous; /* last year's inputs, NULL-terminated, or NULL */
    bool no_pdf;                 /* write no PDFs (with html: the web edition only) */
    bool pdfa;                   /* PDF/A-2b, whatever the layouts say */
    nb_html_mode html;           /* also the web edition, beside each PDF as .html */
    bool progress;               /* a progress bar on `log` */
    bool strict;                 /* an office with warnings fails */
    bool prune;                  /* remove outputs no office makes any more */
    FILE *log;                   /* messages and the summary */
    /* --shard K/N (1 <= K <= N): only the offices whose key (the output
     * name, or the input for an office whose data does not load) hashes to
     * shard K of N, with a stable hash, so N runs (on N machines) make
     * exactly the PDFs of one full run. Their manifests and reports are
     * OUTDIR/.nianbao-manifest.K-of-N and nianbao-report.K-of-N.json, for
     * nb_merge_reports. 0/0: no sharding. */
    int shard_k, shard_n;
} nb_batch_opts;

#define NB_MAX_JOBS 64

/* Parses "K/N" (1 <= K <= N <= 100000) for --shard; false if malformed. */
bool nb_shard_parse(const char *spec, int *k, int *n);

typedef struct nb_batch_summary {
    size_t total, built, unchanged, failed, checked;
    size_t warned;  /* offices that succeeded with warnings */
    size_t stale;   /* PDFs older than their data (a rebuild failed) */
    size_t orphans; /* outputs of the manifest no office makes any more */
} nb_batch_summary;

/* Builds (or checks) every office of `inputs`: data files, folders of them
 * and CSV exports. Layouts and fonts are loaded once and shared by the
 * workers; one bad office never stops the others. A manifest in the output
 * folder records what each PDF was made from, so a rerun rebuilds only what
 * changed and says what did. Returns NB_OK when every office succeeded. */
nb_status nb_batch_run(const char *const *inputs, size_t ninputs, const nb_batch_opts *o,
                       nb_batch_summary *sum);

/* ---- Spreadsheets and the county 汇总 ---------------------------------- */

/* Writes the fill-in workbook for `year` (`nianbao template --xlsx`): one
 * row per office of `offices` (or blank rows when n is 0), the layout's
 * tables as a merged Chinese header over one column per cell, a hidden row
 * of keys, validation by value type, the computed cells as locked
 * formulas, and a sheet of instructions. Written atomically. */
nb_status nb_template_xlsx(const nb_layout *layout, int year, const char *const *offices,
                           size_t noffices, const char *out_path, nb_diags *d);

/* One office of a workbook split into data files: its name as written in
 * 单位名称 ("" when none) and the text of its data file. */
typedef struct nb_sheet_row {
    char *office;
    char *yaml;
    size_t len;
} nb_sheet_row;

/* Reads an .xlsx workbook (the layout `nianbao template --xlsx` writes)
 * that was uploaded alone into one data file per office row, each checked
 * by the data loader. The 正文 (prose) files the rows name are not read:
 * each is a warning at its cell. Diagnostics name the office and its cell
 * (`县教育局 (SHOWN 表1!F14)`), the workbook called `shown` (NULL: its
 * path). On any error *rows is NULL and the first error is returned: a
 * workbook comes in whole or not at all. */
nb_status nb_sheet_split(const char *path, const char *shown, nb_sheet_row **rows, size_t *count,
                         nb_diags *d);
void nb_sheet_rows_free(nb_sheet_row *rows, size_t count);

/* A roster of office names: one a line, or a CSV's first column. */
nb_status nb_roster_load(const char *path, char ***names, size_t *count, nb_diags *d);
void nb_roster_free(char **names, size_t count);

typedef struct nb_rollup_opts {
    const char *office;          /* the county-level office (required) */
    int year;                    /* the report's year (required) */
    const char *layout;          /* a layout file for every office, or NULL */
    const char *encoding;        /* CSV encoding; NULL = detect */
    bool allow_inconsistent;     /* sum offices that fail their own rules */
    const char *const *previous; /* last year's county data, NULL-terminated */
    FILE *log;                   /* what was summed, what failed */
} nb_rollup_opts;

/* The county 汇总 (`nianbao rollup`): reads every office of `inputs` like
 * a batch, sums every additive cell, checks the layout's rules on the sum
 * (and the cross-year rules against `previous`) and writes a data file for
 * the county report, with a placeholder paragraph per prose section, to
 * `out_path` atomically. Offices failing their own rules stop it unless
 * allow_inconsistent. Same inputs, same bytes. */
nb_status nb_rollup(const char *const *inputs, size_t ninputs, const nb_rollup_opts *o,
                    const char *out_path, nb_diags *d);
/* Merges the per-shard manifests and JSON reports of OUTDIR (all of
 * shards 1..N, else an error naming the missing ones) into its
 * .nianbao-manifest and nianbao-report.json, equal to what one unsharded
 * run writes, then removes the shard files. Prints a summary on `log`.
 * NB_OK when every office succeeded, NB_ERR_RULE when some failed. */
nb_status nb_merge_reports(const char *outdir, FILE *log, nb_diags *d);

/* ---- The web workspace (`nianbao serve`) ------------------------------ */

/* The layout as the workspace draws it, JSON (nb_free; NULL when out of
 * memory): {name, tables: [{id, rows, cols, cells: [{r, c, rs, cs, kind,
 * text, key, labels, type, computable}]}], rules: [{id, text, table}],
 * blocks: [headings, prose sections and tables in document order]}. The
 * cells are the same grid, from the same header trees, as the PDF's. */
char *nb_layout_json(const nb_layout *l);
/* The office's name (`office:`), borrowed. */
const char *nb_data_office(const nb_data *data);
/* An office's data as JSON (nb_free): {layout, office, year, date,
 * signature, text: {section: [{level, head, text}]}}. */
char *nb_data_json(const nb_data *data);
/* Diagnostics as JSON (nb_free): {errors, warnings, diagnostics: [{file,
 * line, column, severity, code, message, cells: [{key, labels}]}]};
 * `layout` (may be NULL) gives the cells' labels; `file_as` (may be NULL)
 * replaces every file name (a buffer checked in memory stands for its
 * file). */
char *nb_diags_json(const nb_diags *d, const nb_layout *layout, const char *file_as);
/* Checks the office like nb_check (the prose as the layout names it, what
 * is not filled in, the figures and rules, the cross-year ones when
 * `previous`, last year's data, is given (may be NULL); adding to `d`),
 * and returns
 * nb_diags_json plus "values": {key: {value, computed}} of every bound
 * cell, computed totals included (nb_free). */
char *nb_check_json(const nb_layout *layout, const nb_data *data, const nb_data *previous,
                    nb_diags *d, const char *file_as);
/* Like nb_data_load, from bytes in memory; `name` stands for the file. */
nb_status nb_data_parse(const char *name, const char *bytes, size_t len, nb_data **out,
                        nb_diags *d);
/* `s` made a safe single file-name component by the batch's rules (no
 * '/', no control characters, no leading dot; nb_free). */
char *nb_safe_file_name(const char *s);

/* Options of nb_serve (`nianbao serve`). */
typedef struct nb_serve_opts {
    const char *data_dir; /* the offices' data files */
    const char *listen;   /* "HOST:PORT"; default 127.0.0.1:8080; port 0 picks one */
    const char *token;    /* required for writes when not NULL */
    FILE *log;            /* the readiness line and request errors */
} nb_serve_opts;

/* Serves the web workspace until SIGINT or SIGTERM. Prints
 * "nianbao serve: listening on http://HOST:PORT/" on `log` once ready. */
nb_status nb_serve(const nb_serve_opts *o, nb_diags *d);

/* Writes `len` bytes to `path` through a temporary file and rename(2). */
nb_status nb_write_file_atomic(const char *path, const void *bytes, size_t len, nb_diags *d);

#endif
