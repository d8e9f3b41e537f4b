/* The layout model: what a layout file (layouts/NAME.yaml) declares, typed and validated.
 *
 * A layout file (see layouts/annual-report-2021.yaml for the full schema in
 * use) has these top-level keys:
 *   name:     string, the layout's name
 *   years:    optional { from: 2021, to: 2022 } — the report years whose
 *             format this is (`to` omitted: open-ended; see model/years.c)
 *   fonts:    string, a role-map file in nb_home()/fonts ("default" →
 *             fonts/default.yaml) or a path relative to the layout file
 *   font-roles: optional map role → chain, overriding entries of `fonts`
 *   page:     geometry (see nb_page_geom)
 *   styles:   map name → style (see nb_style)
 *   prose:    map of prose item kinds to style names
 *             { paragraph: body, h2: h2, h3: h3 }
 *   tables:   map id → statistics table (see model/table.h)
 *   rules:    sequence of consistency rules (see model/table.h)
 *   document: sequence of blocks (see nb_block)
 *   output:   optional { pdfa: false, tagged: true }: PDF/A-2b by default,
 *             a tagged (accessible) PDF
 * Every model object keeps the position of the YAML node it came from so
 * that later stages can point at the source line. */
#ifndef NB_MODEL_LAYOUT_H
#define NB_MODEL_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/diag.h"
#include "../util/units.h"

/* One entry of a font role's fallback chain. In YAML:
 *   - family: Noto Serif CJK SC        (fontconfig; must match the family)
 *   - file: /path/to/font.ttc           (absolute, or relative to the YAML)
 *     index: 2                          (face in a collection, default 0) */
typedef enum nb_fontsrc_kind { NB_FONTSRC_FAMILY, NB_FONTSRC_FILE } nb_fontsrc_kind;

typedef struct nb_fontsrc {
    nb_fontsrc_kind kind;
    char *name; /* family name or resolved file path */
    int index;  /* face index for files */
    nb_pos pos;
} nb_fontsrc;

typedef struct nb_role {
    char *name; /* e.g. "fangsong", "hei", "kai", "song", "title" */
    nb_fontsrc *chain;
    size_t count;
    nb_pos pos;
} nb_role;

typedef enum nb_align { NB_ALIGN_JUSTIFY, NB_ALIGN_LEFT, NB_ALIGN_CENTER, NB_ALIGN_RIGHT } nb_align;

/* styles.NAME in YAML:
 *   font: fangsong        role name (required)
 *   size: 16pt            (required)
 *   align: justify|left|center|right   (default justify)
 *   indent: 2em           first-line indent (default 0)
 *   chars-per-line: 28    put characters on a grid of text-width/28 (0 = no)
 *   line-pitch: 29.6pt    baseline distance (default: the page's)
 *   space-before: 1       blank lines of the page pitch before (default 0)
 *   space-after: 0
 *   keep-with-next: true  never the last line of a page (default false)
 *   outline: 1            level in the PDF bookmarks (0 = none) */
typedef struct nb_style {
    char *name;
    char *role;
    size_t role_index; /* index into nb_layout.roles, resolved at load */
    nb_mpt size;
    nb_align align;
    nb_length indent;
    int chars_per_line;
    nb_mpt line_pitch; /* 0 = page line pitch */
    int space_before, space_after;
    bool keep_with_next;
    int outline;
    nb_pos pos;
} nb_style;

/* page: in YAML
 *   size: [210mm, 297mm]
 *   text-block: { top: 37mm, left: 28mm, width: 156mm, height: 225mm }
 *   lines-per-page: 22     body line pitch = fill the block with 22 lines
 *   line-pitch: 29pt       alternatively an explicit pitch
 *   page-number: { style: pagenum, format: "— {n} —", below: 7mm,
 *                  indent: 1em, position: outer|center|right }  (optional)
 *   body-style: body       the style whose size fixes the line grid
 *   latin-spacing: none | quarter-em   space between Han and Latin letters
 *                          or digits (clreq); default none, as 公文 set */
typedef enum nb_pn_pos { NB_PN_OUTER, NB_PN_CENTER, NB_PN_RIGHT } nb_pn_pos;

typedef struct nb_page_geom {
    nb_mpt width, height;
    nb_mpt top, left, text_width, text_height;
    int lines_per_page;
    nb_mpt line_pitch; /* explicit, or 0 to derive from lines_per_page */
    char *body_style;
    bool page_numbers;
    char *pn_style;
    char *pn_format; /* "{n}" is replaced by the page number */
    nb_mpt pn_below; /* distance from the block's bottom edge to the top of
                        the page-number line */
    nb_length pn_indent;
    nb_pn_pos pn_position;
    int latin_quarter_ems; /* latin-spacing: 0 none, 1 quarter-em */
    nb_pos pos;
} nb_page_geom;

/* document: a sequence; each item is a map with exactly one kind key:
 *   - title: ["{office}", "{year}年度政府信息公开工作年度报告"]   lines
 *   - heading: "一、总体情况"
 *   - paragraph: "text with {placeholders}"
 *   - prose: overview        paragraphs from the data's text.overview
 *   - table: active          a statistics table (declared under tables:)
 *   - signature: { name: "{office}", date: "{date}" }
 *   - space: 1               blank lines
 * and optional modifiers: style: NAME, optional: true (a missing prose
 * section or signature is skipped instead of being an error). */
typedef enum nb_block_kind {
    NB_BLK_TITLE,
    NB_BLK_HEADING,
    NB_BLK_PARAGRAPH,
    NB_BLK_PROSE,
    NB_BLK_TABLE,
    NB_BLK_SIGNATURE,
    NB_BLK_SPACE
} nb_block_kind;

typedef struct nb_block {
    nb_block_kind kind;
    char *style;  /* NULL = the kind's default: title, h1, body, signature */
    char **lines; /* title: each line; heading/paragraph: 1 template;
                     signature: [name, date] */
    size_t nlines;
    char *key; /* prose section key or table id */
    int space; /* NB_BLK_SPACE: number of blank lines */
    bool optional;
    nb_pos pos;
} nb_block;

typedef struct nb_ydoc nb_ydoc;
typedef struct nb_table nb_table; /* model/table.h */
typedef struct nb_rule nb_rule;

struct nb_layout {
    char *file; /* path it was loaded from */
    char *dir;  /* its folder, for relative paths */
    char *name;
    int year_from, year_to; /* `years:`; 0 = not declared / open-ended */
    char *fonts_file;       /* resolved path of the role map */
    nb_role *roles;         /* roles from fonts_file, then font-roles overrides */
    size_t nroles;
    nb_page_geom page;
    nb_style *styles;
    size_t nstyles;
    char *prose_paragraph, *prose_h2, *prose_h3; /* style names */
    nb_block *blocks;
    size_t nblocks;
    nb_table *tables; /* `tables:` in file order (model/table.h) */
    size_t ntables;
    nb_rule *rules; /* `rules:` in file order */
    size_t nrules;
    bool pdfa;           /* output.pdfa: PDF/A-2b by default */
    bool tagged;         /* output.tagged: a tagged PDF (default true) */
    nb_ydoc *ydoc;       /* the parsed YAML, kept for positions; owned */
    nb_ydoc *fonts_ydoc; /* the role-map file; positions of roles loaded
                            from it point into it; owned */
};

/* Like nb_layout_load, from bytes in memory; `name` stands for the file
 * (positions, and the folder that relative paths are resolved against). */
nb_status nb_layout_load_mem(const char *name, const char *bytes, size_t len, nb_layout **out,
                             nb_diags *d);

/* Finds a style or role by name; NULL / (size_t)-1 when absent. */
const nb_style *nb_layout_style(const nb_layout *l, const char *name);
size_t nb_layout_role_index(const nb_layout *l, const char *name);

#endif
