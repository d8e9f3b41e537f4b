/* Value types: what a table cell holds, declared by the layout, and the
 * check of an office's figure against it (model/values.c).
 *
 * On a table, a group's column or row, in YAML:
 *   type: count | change | amount | text
 *       count   a non-negative whole number (件数, 申请数)     — the default
 *       change  a signed whole number (本年增/减): 3, -2, +1
 *       amount  a non-negative decimal (金额, 万元): 12, 3.5
 *       text    anything (free text; rules cannot use it)
 *   allow: [blank, "/"]
 *       blank   ~ or an empty value (prints blank; a warning, N1)
 *       "/"     the cell does not apply to the office (prints /)
 * A cell takes the nearest declaration: its row (or the row's parents),
 * else its column (or the column's parents), else the table. Without any,
 * a cell holds any number (signed, with decimals) or a blank — what a
 * layout written before value types meant. A valid value still prints
 * exactly as written. */
#ifndef NB_MODEL_VALUES_H
#define NB_MODEL_VALUES_H

#include <stdbool.h>

#include "../parse/yaml_load.h"
#include "table.h"

typedef enum nb_vtype { NB_VT_UNSET, NB_VT_COUNT, NB_VT_CHANGE, NB_VT_AMOUNT, NB_VT_TEXT } nb_vtype;

enum { NB_VALLOW_BLANK = 1, NB_VALLOW_NA = 2 };

typedef struct nb_vspec {
    unsigned char type;  /* nb_vtype; NB_VT_UNSET = inherit */
    unsigned char allow; /* NB_VALLOW_* */
    bool allow_set;      /* `allow:` given here (an empty list allows nothing) */
} nb_vspec;

/* Reads `type:` and `allow:` of the table, column or row mapping `m`. */
void nb_vspec_load(nb_yload *y, const nb_ynode *m, nb_vspec *out);

/* The type and allowances of data cell `cell` of `t`. */
nb_vspec nb_table_cell_vspec(const nb_table *t, long cell);

/* Checks the value of data cell `cell` (as written, "" = blank) against its
 * declared type. When it does not fit, records a message at `at` — what is
 * wrong and what was probably meant ("'1,234' is not a number; write
 * 1234") — with severity `sev`, keeps the status in *st, and returns
 * false. */
bool nb_value_check(const nb_table *t, long cell, const char *value, nb_pos at, nb_severity sev,
                    nb_diags *d, nb_status *st);

#endif
