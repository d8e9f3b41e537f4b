/* The cells a layout computes (总计, （七）总计) as sums of the cells an
 * office fills in: what the template writes as live formulas.
 *
 * Found by asking the layout's own compute rules rather than re-reading
 * them: a cell is computed when an office may leave it out; its formula is
 * found by binding figures that are all 0 but one input set to 1 — the
 * computed cells that become 1 (or −1) include that input with that sign.
 * The rules are linear sums, so this recovers them exactly, through chains
 * of rules (（七）总计 of 总计) as well. */
#ifndef NB_SHEET_FORMULAS_H
#define NB_SHEET_FORMULAS_H

#include "../model/cell_paths.h"

typedef struct nb_formula {
    bool computed;
    size_t *terms; /* indices into the cell paths of the inputs summed */
    int *signs;    /* +1 or −1 per term */
    size_t nterms;
} nb_formula;

/* One entry per cell path (*out; nb_formulas_free). */
nb_status nb_layout_formulas(const nb_layout *l, const nb_cell_path *p, size_t n, nb_formula **out);
void nb_formulas_free(nb_formula *f, size_t n);

#endif
