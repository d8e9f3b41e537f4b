/* The report every stage test starts from: samples/fanshi-2021.yaml with
 * its layout (annual-report-2021) and fonts, loaded through the public
 * API. Tests run from the source tree (ctest's working directory). */
#ifndef NB_TESTS_UNIT_SAMPLE_H
#define NB_TESTS_UNIT_SAMPLE_H

#include "check.h"
#include "fonts/fontset.h"
#include "model/data.h"
#include "model/layout.h"
#include "util/alloc.h"

#define SAMPLE_DATA "samples/fanshi-2021.yaml"

typedef struct sample {
    nb_layout *layout;
    nb_data *data;
    nb_fontset *fonts;
} sample;

/* Loads the sample; false (after a failed check and the diagnostics
 * printed) when it does not load. */
static inline bool sample_load(sample *s)
{
    nb_diags d;
    nb_diags_init(&d);
    char *path = NULL;
    *s = (sample){0};
    nb_status st = nb_data_load(SAMPLE_DATA, &s->data, &d);
    if (!st)
        st = nb_data_layout_path(s->data, &path, &d);
    if (!st)
        st = nb_layout_load(path, &s->layout, &d);
    if (!st)
        st = nb_fontset_load(s->layout, NULL, &s->fonts, &d);
    nb_free(path);
    if (!CHECKF(st == NB_OK, "%s loads with its layout and fonts: %s", SAMPLE_DATA,
                nb_status_name(st)))
        nb_diags_print(&d, stdout);
    nb_diags_free(&d);
    return st == NB_OK;
}

static inline void sample_free(sample *s)
{
    nb_fontset_free(s->fonts);
    nb_layout_free(s->layout);
    nb_data_free(s->data);
    *s = (sample){0};
}

/* A style of the layout that must exist. */
static inline const nb_style *sample_style(const sample *s, const char *name)
{
    const nb_style *st = nb_layout_style(s->layout, name);
    CHECKF(st != NULL, "the layout has a style '%s'", name);
    return st;
}

#endif
