/* What the table loader keeps beside the grid (model/table.h): the header
 * trees, the key index and the resolved rules. Read by the figure binder
 * (bind/figures.c) and `nianbao keys`; written only by src/model/. */
#ifndef NB_MODEL_TABLE_INFO_H
#define NB_MODEL_TABLE_INFO_H

#include "table.h"
#include "values.h"

/* A node of a column or row header tree. The root of each tree is a
 * virtual node without label or key. */
typedef struct nb_tnode nb_tnode;
struct nb_tnode {
    char *label;    /* NULL at the root */
    char *key;      /* NULL at the root and for an unkeyed inner node */
    char *path;     /* keys of the keyed ancestors and the node, joined by
                       dots; "" at the root; an unkeyed node has its parent's */
    int span;       /* columns: grid columns covered; rows: leaf rows covered */
    int depth;      /* 0 = top level; -1 = the root */
    int first;      /* columns: first grid column; rows: first body row of the
                       group (0-based within the group) */
    int leaf;       /* index among the tree's leaves, or -1 */
    nb_vspec vspec; /* `type:` and `allow:` declared here (values.h) */
    nb_pos pos;
    nb_tnode *parent;
    nb_tnode *kids;
    size_t nkids;
};

typedef struct nb_tgroup {
    nb_tnode cols, rows;   /* roots; rows.nkids == 0: a group without rows */
    nb_tnode **col_leaves; /* ncol_leaves, left to right */
    nb_tnode **row_leaves; /* nrow_leaves, top to bottom */
    int ncol_leaves, nrow_leaves;
    int nbody;      /* body rows: nrow_leaves, or 1 without rows */
    int label_cols; /* grid columns for row labels */
    int head_depth; /* header rows (depth of the column tree) */
    int row_depth;  /* depth of the row tree */
    bool caption;
    char *caption_text, *corner_text;
    nb_pos caption_pos, corner_pos;
    int first_row; /* grid row of the caption, or of the first header row */
    int body_row;  /* grid row of the first body row */
    long *cells;   /* nbody × ncol_leaves: index of each data cell */
    nb_pos pos;
} nb_tgroup;

/* A key a figure may name: a data cell, or a whole row (row list). */
typedef struct nb_tkey {
    const char *key; /* borrowed: a cell's key or rowkeys[] */
    long cell;       /* the data cell, or -1 for a row */
    size_t group;    /* rows: the group */
    int row;         /* rows: the body row within the group */
} nb_tkey;

/* Per data cell: where it sits in its group. */
typedef struct nb_tref {
    int group; /* -1 for a cell that is not a data cell */
    int row;   /* body row within the group */
    int leaf;  /* column leaf */
} nb_tref;

typedef struct nb_table_info nb_table_info;
struct nb_table_info {
    nb_tgroup *groups;
    size_t ngroups;
    nb_vspec vspec; /* the table's `type:` and `allow:` (values.h) */
    nb_tref *refs;  /* per cell */
    char **rowkeys; /* owned strings for the row keys in keys[] */
    size_t nrowkeys;
    nb_tkey *keys; /* every cell and row key, sorted by key */
    size_t nkeys;
};

/* A rule's names resolved in one group and scope (a keyed inner node of
 * the tree the names are relative to, or its root). The rule runs once
 * per `fixed` position: each body row (each: row), each column leaf
 * (each: column), or once (each: none). */
typedef struct nb_rres {
    long group;             /* -1 for each: none */
    const nb_tnode *scope;  /* NULL for each: none */
    const nb_tnode **nodes; /* per term: the node named (NULL for none) */
    long **idx;             /* per term: leaf indices on the names' axis (row
                               leaves for each: column, column leaves for
                               each: row) or, for each: none, cell indices */
    size_t *nidx;
} nb_rres;

typedef struct nb_rule_info nb_rule_info;
struct nb_rule_info {
    size_t table; /* index into layout->tables */
    nb_rres *res;
    size_t nres;
};

/* Orders nb_tkey by key (the keys index is sorted with it). */
int nb_tkey_cmp(const void *a, const void *b);
/* "row labels › column labels" of data cell `cell` (nb_free), or NULL. */
char *nb_table_cell_labels(const nb_table *t, long cell);
/* The key entry for `key` (a cell or a row), or NULL. */
const nb_tkey *nb_table_lookup(const nb_table *t, const char *key);
/* The data cell of body row `row`, column leaf `leaf` of group `g`. */
static inline long nb_tgroup_cell(const nb_tgroup *g, int row, int leaf)
{
    return g->cells[(size_t)row * (size_t)g->ncol_leaves + (size_t)leaf];
}

#endif
