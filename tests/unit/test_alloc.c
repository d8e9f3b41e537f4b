/* Allocation-failure injection over the whole pipeline.
 *
 * The sample (samples/fanshi-2021.yaml, its layout and fonts) is loaded
 * normally; then, for N = 0, 1, 2, … the (N+1)-th allocation and every
 * later one is made to fail (nb_alloc_fail_after(N)) and the stage is run
 * again, until a run makes no allocation fail. Stages: nb_layout_load,
 * nb_data_load, nb_fontset_load, nb_check, nb_render_mem.
 *
 * Every run that had an allocation refused must
 *   - return an error, NB_ERR_NOMEM (any other code is listed and fails),
 *   - hand back nothing (no PDF, no layout, no data),
 *   - not crash and not leak (this program runs under ASan in the
 *     NB_FULL=1 build of scripts/test, and under valgrind by hand);
 * a run that still succeeds despite a refused allocation (a dropped
 * warning, say) must give exactly the bytes of the normal run.
 *
 * Renders make a few thousand allocations, so by default N advances by a
 * stride (about 150 points per stage; the first 64 are always done). Set
 * NB_ALLOC_EVERY=1 to try every N, or NB_ALLOC_STRIDE=K for a stride of K.
 * Run from the source tree (ctest sets the working directory). The last line
 * printed is "N passed, N failed". */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fonts/fontset.h"
#include "model/data.h"
#include "check.h"
#include "model/layout.h"
#include "nianbao.h"
#include "util/alloc.h"

#define DATA_PATH "samples/fanshi-2021.yaml"

static long stride_for(long total)
{
    const char *every = getenv("NB_ALLOC_EVERY");
    if (every && *every && strcmp(every, "0") != 0)
        return 1;
    const char *s = getenv("NB_ALLOC_STRIDE");
    if (s && atol(s) > 0)
        return atol(s);
    long k = total / 150;
    return k < 1 ? 1 : k;
}

/* Loaded once, normally. */
static nb_layout *layout;
static nb_data *data;
static nb_fontset *fonts;
static char *layout_path;
static unsigned char *base_pdf;
static size_t base_len;

/* One stage under test: runs it (allocations may fail), reports whether it
 * produced something, compares that with the normal run and frees it. */
typedef struct stage {
    const char *name;
    nb_status (*run)(nb_diags *d, void **out);
    /* true when `out` equals what the normal run produced */
    bool (*same)(void *out);
    void (*release)(void *out);
} stage;

static nb_status run_layout(nb_diags *d, void **out)
{
    nb_layout *l = NULL;
    nb_status s = nb_layout_load(layout_path, &l, d);
    *out = l;
    return s;
}
static void free_layout(void *p) { nb_layout_free(p); }
static bool same_layout(void *p)
{
    const nb_layout *l = p;
    if (l->nroles != layout->nroles || l->nstyles != layout->nstyles ||
        l->nblocks != layout->nblocks || l->ntables != layout->ntables ||
        l->nrules != layout->nrules)
        return false;
    for (size_t i = 0; i < l->nroles; i++)
        if (l->roles[i].count != layout->roles[i].count)
            return false;
    return true;
}

static nb_status run_data(nb_diags *d, void **out)
{
    nb_data *x = NULL;
    nb_status s = nb_data_load(DATA_PATH, &x, d);
    *out = x;
    return s;
}
static void free_data(void *p) { nb_data_free(p); }
static bool same_data(void *p)
{
    const nb_data *x = p;
    if (x->nsections != data->nsections || x->nfigures != data->nfigures ||
        x->nfigrows != data->nfigrows || strcmp(x->office, data->office) != 0)
        return false;
    for (size_t i = 0; i < x->nsections; i++)
        if (x->sections[i].count != data->sections[i].count)
            return false;
    return true;
}

static nb_status run_fonts(nb_diags *d, void **out)
{
    nb_fontset *fs = NULL;
    nb_status s = nb_fontset_load(layout, NULL, &fs, d);
    *out = fs;
    return s;
}
static void free_fonts(void *p) { nb_fontset_free(p); }
/* The same faces for every role, in the same order. */
static bool same_fonts(void *p)
{
    const nb_fontset *fs = p;
    if (fs->nroles != fonts->nroles || fs->nfaces != fonts->nfaces)
        return false;
    for (size_t i = 0; i < fs->nroles; i++) {
        if (fs->roles[i].count != fonts->roles[i].count)
            return false;
        for (size_t j = 0; j < fs->roles[i].count; j++) {
            const nb_face *a = fs->faces[fs->roles[i].faces[j]];
            const nb_face *b = fonts->faces[fonts->roles[i].faces[j]];
            if (strcmp(a->path, b->path) != 0 || a->index != b->index)
                return false;
        }
    }
    return true;
}

static int check_token; /* a non-NULL "result" for stages without one */
static nb_status run_check(nb_diags *d, void **out)
{
    nb_status s = nb_check(layout, data, NULL, d);
    *out = s == NB_OK ? &check_token : NULL;
    return s;
}
static void free_nothing(void *p) { (void)p; }

typedef struct pdf_out {
    unsigned char *bytes;
    size_t len;
} pdf_out;
static pdf_out last_pdf;

static nb_status run_render(nb_diags *d, void **out)
{
    last_pdf.bytes = NULL;
    last_pdf.len = 0;
    nb_status s = nb_render_mem(layout, data, fonts, NULL, &last_pdf.bytes, &last_pdf.len, d);
    *out = last_pdf.bytes ? &last_pdf : NULL;
    return s;
}
static bool same_pdf(void *p)
{
    const pdf_out *o = p;
    return o->len == base_len && memcmp(o->bytes, base_pdf, base_len) == 0;
}
static void free_pdf(void *p)
{
    pdf_out *o = p;
    nb_free(o->bytes);
    o->bytes = NULL;
}

static void run_stage(const stage *st)
{
    nb_diags d;
    nb_diags_init(&d);
    void *out = NULL;
    clock_t t0 = clock();
    nb_alloc_fail_after(-1);
    nb_status s = st->run(&d, &out);
    long total = nb_alloc_count();
    CHECKF(s == NB_OK && out, "%s: normal run%ld%s", st->name, 0L, "");
    if (s != NB_OK || !out) {
        nb_diags_print(&d, stdout);
        nb_diags_free(&d);
        return;
    }
    st->release(out);
    nb_diags_free(&d);

    long stride = stride_for(total);
    long tried = 0, nomem = 0, other = 0, absorbed = 0;
    bool done = false;
    for (long n = 0; !done; n += n < 64 ? 1 : stride) {
        if (n > total * 4 + 1000) {
            CHECKF(false, "%s: still failing at N=%ld%s", st->name, n, ""); /* never ends */
            break;
        }
        nb_diags_init(&d);
        out = NULL;
        nb_alloc_fail_after(n);
        s = st->run(&d, &out);
        long made = nb_alloc_count();
        nb_alloc_fail_after(-1);
        tried++;
        bool refused = made > n;
        if (!refused) {
            /* Nothing failed: this must be the normal result. */
            CHECKF(s == NB_OK && out, "%s: no allocation refused at N=%ld but the run failed%s",
                   st->name, n, "");
            if (out && st->same)
                CHECKF(st->same(out), "%s: N=%ld: output differs from the normal run%s", st->name,
                       n, "");
            done = true;
        } else if (s == NB_OK) {
            absorbed++;
            CHECKF(out != NULL, "%s: N=%ld: success without a result%s", st->name, n, "");
            if (out && st->same)
                CHECKF(st->same(out), "%s: N=%ld: a refused allocation changed the output%s",
                       st->name, n, "");
        } else {
            CHECKF(out == NULL, "%s: N=%ld: a failed run handed back a result%s", st->name, n, "");
            if (s == NB_ERR_NOMEM) {
                /* diag.h: an out-of-memory failure is said once (the
                 * message itself may be lost, never the error count). */
                size_t said = 0;
                for (size_t i = 0; i < d.count; i++)
                    said += d.items[i].code == NB_ERR_NOMEM;
                char said_s[64];
                snprintf(said_s, sizeof said_s, "%zu times, %zu errors counted", said, d.errors);
                CHECKF(said <= 1 && d.errors > 0, "%s: N=%ld: out of memory recorded %s", st->name,
                       n, said_s);
                nomem++;
                check_passed++;
            } else {
                other++;
                char msg[512] = "";
                if (d.count)
                    snprintf(msg, sizeof msg, " (%s)", d.items[0].msg);
                char what[600];
                snprintf(what, sizeof what, "%s%s", nb_status_name(s), msg);
                CHECKF(false, "%s: N=%ld: returned %s instead of out-of-memory", st->name, n, what);
            }
        }
        if (out)
            st->release(out);
        nb_diags_free(&d);
    }
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    printf("%-12s %6ld allocations, %5ld runs (stride %ld): %ld out-of-memory, %ld other "
           "errors, %ld absorbed; %.1f s\n",
           st->name, total, tried, stride, nomem, other, absorbed, secs);
}

int main(void)
{
    nb_diags d;
    nb_diags_init(&d);
    nb_status s = nb_data_load(DATA_PATH, &data, &d);
    if (!s)
        s = nb_data_layout_path(data, &layout_path, &d);
    if (!s)
        s = nb_layout_load(layout_path, &layout, &d);
    if (!s)
        s = nb_fontset_load(layout, NULL, &fonts, &d);
    if (!s)
        s = nb_render_mem(layout, data, fonts, NULL, &base_pdf, &base_len, &d);
    if (s) {
        nb_diags_print(&d, stdout);
        printf("cannot load and render %s normally: %s\n", DATA_PATH, nb_status_name(s));
        printf("0 passed, 1 failed\n");
        return 1;
    }
    nb_diags_free(&d);

    static const stage stages[] = {
        {"layout-load", run_layout, same_layout, free_layout},
        {"data-load", run_data, same_data, free_data},
        {"fonts-load", run_fonts, same_fonts, free_fonts},
        {"check", run_check, NULL, free_nothing},
        {"render", run_render, same_pdf, free_pdf},
    };
    for (size_t i = 0; i < sizeof stages / sizeof *stages; i++)
        run_stage(&stages[i]);

    nb_free(base_pdf);
    nb_free(layout_path);
    nb_fontset_free(fonts);
    nb_layout_free(layout);
    nb_data_free(data);
    return check_done();
}
