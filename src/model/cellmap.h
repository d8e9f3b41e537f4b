/* A flat view of a layout's table cells by their label paths, for the
 * tools that read or write figures outside the typesetter: `nianbao init`
 * (one list per row, labels in comments) and `nianbao import` (matching a
 * published table's labels to keys). Built from the private header trees
 * so those tools never depend on them. */
#ifndef NB_MODEL_CELLMAP_H
#define NB_MODEL_CELLMAP_H

#include <stddef.h>

#include "layout.h"

/* Header trees deeper than this are not produced by any layout; deeper
 * labels are dropped from the path (keys stay exact). */
#define NB_MAP_DEPTH 8

typedef struct nb_mapcol {
    const char *key; /* the cell's full key (borrowed from the layout) */
    const char *labels[NB_MAP_DEPTH];
    int nlabels; /* column labels, outermost first */
} nb_mapcol;

typedef struct nb_maprow {
    size_t table;        /* index into layout->tables */
    size_t group;        /* index of the group within the table */
    int row;             /* body row within the group */
    const char *caption; /* the group's caption, or NULL */
    char *rowkey;        /* what a row list is keyed by: requests.new, or the
                            table id for a group without rows (owned) */
    const char *labels[NB_MAP_DEPTH];
    int nlabels; /* row labels, outermost first; 0 for a group without rows */
    nb_mapcol *cols;
    int ncols;
} nb_maprow;

typedef struct nb_cellmap {
    nb_maprow *rows; /* every body row of every table, in layout order */
    size_t nrows;
} nb_cellmap;

/* NB_OK or NB_ERR_NOMEM. Borrowed strings live as long as the layout. */
nb_status nb_cellmap_build(const nb_layout *l, nb_cellmap *out);
void nb_cellmap_free(nb_cellmap *m);

/* The number of the section heading the layout prints before block `key`
 * (a table id or a prose key): "三" for "三、收到和处理…", or NULL; and the
 * whole heading (borrowed) in *heading when not NULL. */
const char *nb_layout_section_of(const nb_layout *l, const char *key, const char **heading,
                                 char *num, size_t numsize);

/* "表三 三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密": the row as a
 * reader finds it (the section's number, the group caption, the row's
 * labels). nb_free; NULL when memory runs out. */
char *nb_maprow_title(const nb_layout *l, const nb_maprow *r);
/* The row's columns in order, "自然人, 商业企业, …"; a leaf label shared by
 * several columns is prefixed by its parent's ("行政复议/结果维持"). */
char *nb_maprow_columns(const nb_maprow *r);
#endif
