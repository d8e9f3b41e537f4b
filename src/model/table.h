/* Statistics tables: declared in a layout by header trees, bound to an
 * office's figures, checked by consistency rules.
 *
 * YAML, under the layout's top-level `tables:` map (id → table):
 *
 *   tables:
 *     requests:                          # id; data cell keys start with it
 *       style: table                     # cell text style (required)
 *       header-style: table-head         # header/label style (default: style)
 *       continued: 续表                  # caption above a continuation (optional)
 *       widths: [14mm, 12mm, 40mm, auto, ...]   # one per grid column; mm/pt,
 *                                        # "2fr" fractions, or auto (default all auto)
 *       groups:                          # one or more blocks stacked vertically
 *         - caption: 第二十条第（一）项    # optional full-width row
 *           corner: 信息内容              # top-left cell over the row labels
 *           label-columns: 3             # grid columns for row labels (default:
 *                                        # depth of the row tree; 0 = none)
 *           columns:                     # column tree → header rows
 *             - label: 申请人情况
 *               children:
 *                 - { label: 自然人, key: natural }
 *                 - label: 法人或其他组织
 *                   children:
 *                     - { label: 商业企业, key: business }
 *                 - { label: 总计, key: total }
 *             # a leaf may span several grid columns: { label: 本年处理决定数量, key: count, span:
 * 3 } rows:                        # row tree → label cells and data rows
 *             - { label: 一、本年新收政府信息公开申请数量, key: new }
 *             - label: 三、本年度办理结果
 *               key: result
 *               children:
 *                 - { label: （一）予以公开, key: granted }
 *           # a group with no rows: a single data row without labels
 *
 * Every data cell has a key: the table id, the row path's keys and the
 * column leaf's key joined by dots, e.g. requests.result.granted.natural
 * (a group without rows: requests.natural). A row or column with children
 * may have a key too; then it is part of its descendants' keys (column
 * 行政复议 with key review: reviews.review.upheld) and names them in rules
 * (result.denied.*). Keys are ASCII letters, digits and _; the cell keys
 * and row keys (requests.new, or the table id for a group without rows:
 * what a figure row list is keyed by) of a table are all distinct. At most
 * one group of a table has no rows. `nianbao keys` lists them.
 *
 * Rules, under the layout's top-level `rules:` sequence:
 *
 *   rules:
 *     - id: A2
 *       text: 每行各申请人之和等于总计       # printed with a violation
 *       table: requests
 *       each: row                        # row | column | none
 *       check: total = natural + business + research + welfare + legal + other
 *       compute: true                    # fill the left side when the data
 *                                        # omits it (else it is only checked)
 *       cross-year: false                # true: names prefixed `previous.`
 *                                        # refer to last year's data
 *
 * In a `check`, names are relative: with `each: row`, a name is a column
 * key and the rule runs once per data row; with `each: column`, a name is a
 * row path (result.denied.secret) and the rule runs once per column; with
 * `each: none`, names are full keys. `a.*` sums every leaf row (or column)
 * under `a`. Operators: + and -, one `=`. Relative names are resolved in
 * every group and from every scope — the root of the tree or a keyed
 * column (row) with children — and the rule runs wherever all its names
 * exist: `total = upheld + corrected + other + pending` on table (c) runs
 * under review, under suit.direct and under suit.after_review, and a rule
 * naming made/repealed/valid runs only on the rows of the group that has
 * those columns. A name that exists nowhere is an error at the layout. */
#ifndef NB_MODEL_TABLE_H
#define NB_MODEL_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "data.h"
#include "layout.h"

/* Most grid slots (rows × columns) one table may have; more is
 * NB_ERR_LIMIT at the table. */
#define NB_TABLE_MAX_CELLS 20000

struct nb_table_info; /* private to src/model: header trees, key index */
struct nb_rule_info;  /* private to src/model: the rule's resolved cells */

typedef enum nb_tcell_kind {
    NB_TC_CAPTION, /* full-width caption row of a group */
    NB_TC_CORNER,  /* top-left cell over the row labels */
    NB_TC_HEAD,    /* column header */
    NB_TC_LABEL,   /* row label */
    NB_TC_DATA     /* a figure */
} nb_tcell_kind;

typedef struct nb_tcell {
    nb_tcell_kind kind;
    int row, col;         /* top-left grid position, 0-based */
    int rowspan, colspan; /* ≥ 1 */
    char *text;           /* label text; NULL for data cells */
    char *key;            /* data cells: the full key; NULL otherwise */
    nb_pos pos;           /* where the label, or the column, was declared */
} nb_tcell;

typedef struct nb_trow {
    bool header;      /* a caption or column-header row */
    int header_first; /* body rows: the header rows [first, first+count) */
    int header_count; /* that repeat above it on a continuation page */
} nb_trow;

typedef struct nb_table {
    char *id;
    char *style, *head_style, *continued;
    int nrows, ncols;
    nb_length *widths; /* ncols; value 0 and !em = auto; em=true: fraction
                          in thousandths (2fr → 2000) */
    bool *width_fr;    /* ncols: widths[i] is a fraction */
    nb_trow *rows;     /* nrows */
    nb_tcell *cells;   /* sorted by (row, col); every grid slot is covered by
                          exactly one cell */
    size_t ncells;
    nb_pos pos;
    struct nb_table_info *info;
} nb_table;

typedef enum nb_rule_each { NB_EACH_NONE, NB_EACH_ROW, NB_EACH_COLUMN } nb_rule_each;

typedef struct nb_rule_term {
    int sign;   /* +1 or -1 */
    char *name; /* as written: relative name, full key, or with .*; without
                   the `previous.` prefix, which sets `previous` */
    bool previous;
} nb_rule_term;

typedef struct nb_rule {
    char *id, *text, *table;
    nb_rule_each each;
    nb_rule_term *lhs, *rhs;
    size_t nlhs, nrhs;
    bool compute, cross_year;
    nb_pos pos;
    struct nb_rule_info *info;
} nb_rule;

const nb_table *nb_layout_find_table(const nb_layout *l, const char *id);
/* Index of the data cell with `key` in t->cells, or -1. */
long nb_table_find_key(const nb_table *t, const char *key);

/* `nianbao keys`: every data cell key with its row and column labels. */
void nb_layout_keys(const nb_layout *l, FILE *out);
/* Golden dump of a table grid: one line per cell (row, col, spans, kind,
 * key, text). */
void nb_table_dump(const nb_table *t, FILE *out);

#endif
