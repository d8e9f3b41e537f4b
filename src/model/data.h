/* One office's data file (for example samples/fanshi-2021.yaml).
 *
 *   layout: annual-report-2021     optional layout name (resolved in layouts/);
 *                                   default: the layout covering `year`
 *   office: 繁峙县人民政府办公室        required
 *   year: 2021                      required, the report's year
 *   date: 2022-01-24                成文日期, ISO; printed 2022年1月24日
 *   title: 某某区2020年政府信息公开工作年度报告   optional: the report's own
 *                                   title (a string or a list of lines)
 *                                   instead of the layout's
 *   signature: true                 print 署名 and date (default true), or
 *   signature: { name: XX区管委会办公室, date: 2022-01-20 }
 *                                   who signs (default the office) and
 *                                   when (default `date`)
 *   headings: { problems: 五、存在的问题及改进措施 }
 *                                   a section's heading in the office's
 *                                   words (by the key of the section's
 *                                   prose; the layout keeps its numbering,
 *                                   style and outline level)
 *   text-file: report.txt           the prose from a plain text file, and/or
 *                                   a section as `overview: !include a.txt`
 *                                   (model/textfile.h)
 *   previous: 2024.yaml             last year's data (relative to this file):
 *                                   the cross-year rules run against it
 *                                   without --previous (nianbao init --from)
 *   text:                           prose sections by key
 *     overview:
 *       - "a body paragraph"
 *       - h2: （一）主动公开情况           a stand-alone level-2 heading
 *       - h2: （一）主动公开方面。          a run-in heading ...
 *         text: 正文……                  ... followed by body text
 *       - h3: 1.标题                      level 3 (same forms as h2)
 *   figures:                        table cells by key (model/table.h)
 *     active.rules.made: 0          one cell: full key → value
 *     requests.new: [0, 0, 0, 0, 0, 0, 0]
 *                                   a whole row: row key → its values in
 *                                   column order (a group without rows:
 *                                   the table id, e.g. reviews: [...])
 *   Values are kept exactly as written; ~ or an empty value is "" (an
 *   explicit blank). `nianbao keys` lists the keys of a layout.
 *   Prose, titles, headings and names are normalised as they are loaded
 *   (model/normalize.h): pasted indentation, line breaks, blank lines,
 *   invisible characters; each change is a note.
 *
 *   A template (`nianbao init`) leaves parts unfilled: `date: ~`, a section
 *   `overview: []`, a row `requests.new: []`. They load, and render and
 *   check report each one as "not filled in" (model/filled.c). */
#ifndef NB_MODEL_DATA_H
#define NB_MODEL_DATA_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/diag.h"

typedef struct nb_para {
    int level;       /* 0 body paragraph, 2 = （一）-level, 3 = 1.-level */
    char *head;      /* heading text (level > 0), else NULL */
    char *text;      /* body text, NULL for a stand-alone heading */
    nb_pos pos;      /* the item */
    nb_pos text_pos; /* where `text` (or the plain string) starts */
} nb_para;

typedef struct nb_section {
    char *key;
    nb_para *paras;
    size_t count;
    nb_pos pos;
} nb_section;

typedef struct nb_figure {
    char *key;
    char *value; /* exactly as written in the file */
    nb_pos pos;  /* the key */
    nb_pos vpos; /* the value */
} nb_figure;

/* A figure written as a sequence: a whole row of cells. */
typedef struct nb_figrow {
    char *key;
    char **values; /* count values, each exactly as written ("" = blank) */
    nb_pos *vpos;  /* where each value is */
    size_t count;
    nb_pos pos;      /* the key */
    nb_pos list_pos; /* the sequence */
} nb_figrow;

/* headings: KEY: TEXT */
typedef struct nb_heading {
    char *key, *text;
    nb_pos pos, text_pos;
} nb_heading;

typedef struct nb_ydoc nb_ydoc;

struct nb_data {
    char *file;
    char *layout; /* NULL: chosen from the year */
    char *office;
    int year;
    int date_y, date_m, date_d; /* 0 when no date was given */
    bool signature;
    char **title; /* ntitle lines of the data's own title, or NULL */
    size_t ntitle;
    nb_pos title_pos;
    char *sig_name; /* signature.name, or NULL: the office */
    nb_pos sig_name_pos;
    int sig_y, sig_m, sig_d; /* signature.date, 0 = `date` */
    nb_pos sig_date_pos;
    nb_heading *headings;
    size_t nheadings;
    nb_section *sections;
    size_t nsections;
    nb_figure *figures; /* single values, in file order */
    size_t nfigures;
    nb_figrow *figrows; /* row lists, in file order */
    size_t nfigrows;
    nb_pos figures_pos; /* the `figures:` key; else the file, line 0 */
    nb_pos layout_pos, office_pos, year_pos, date_pos;
    char *previous; /* `previous:` resolved against the file's folder, or NULL */
    nb_pos previous_pos;
    nb_ydoc *ydoc;     /* owned; positions point into its file name */
    char **text_files; /* files read by text-file: and !include (owned;
                          positions of their paragraphs point into them) */
    size_t ntext_files;
};

const nb_section *nb_data_section(const nb_data *d, const char *key);

/* Like nb_data_load, from bytes in memory; `name` is used in positions. */
nb_status nb_data_load_mem(const char *name, const char *bytes, size_t len, nb_data **out,
                           nb_diags *d);

#endif
