/* The sample bound (figures and items), for the stages after bind. */
#ifndef NB_TESTS_UNIT_BOUND_H
#define NB_TESTS_UNIT_BOUND_H

#include "bind/bind.h"
#include "sample.h"

typedef struct bound_sample {
    sample s;
    nb_figures figures;
    nb_bound bound;
} bound_sample;

static inline bool bound_load(bound_sample *b)
{
    memset(b, 0, sizeof *b);
    if (!sample_load(&b->s))
        return false;
    nb_diags d;
    nb_diags_init(&d);
    nb_status st = nb_figures_bind(b->s.layout, b->s.data, NULL, false, &b->figures, &d);
    if (!st)
        st = nb_bind(b->s.layout, b->s.data, &b->figures, &b->bound, &d);
    if (!CHECKF(st == NB_OK, "the sample binds: %s", nb_status_name(st)))
        nb_diags_print(&d, stdout);
    nb_diags_free(&d);
    return st == NB_OK;
}

static inline void bound_free(bound_sample *b)
{
    nb_bound_free(&b->bound);
    nb_figures_free(&b->figures);
    sample_free(&b->s);
}

#endif
