/* Renders a report repeatedly in one process and prints the time per report
 * and the PDF size. Fonts and the layout are loaded once, as in a batch.
 *
 *   build/bench/nb_bench [DATA.yaml] [N]     (default: the seed sample, 50) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nianbao.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "samples/fanshi-2021.yaml";
    int n = argc > 2 ? atoi(argv[2]) : 50;
    /* A third argument "untagged" measures what the structure tree costs. */
    bool untagged = argc > 3 && !strcmp(argv[3], "untagged");
    nb_diags d;
    nb_diags_init(&d);
    nb_data *data = NULL;
    nb_layout *layout = NULL;
    nb_fontset *fonts = NULL;
    double t0 = now_ms();
    char *lp = NULL;
    if (nb_data_load(path, &data, &d) || nb_data_layout_path(data, &lp, &d) ||
        nb_layout_load(lp, &layout, &d) || nb_fontset_load(layout, NULL, &fonts, &d)) {
        nb_diags_print(&d, stderr);
        return 1;
    }
    double t_load = now_ms() - t0;
    nb_render_opts o;
    nb_render_opts_init(&o);
    o.untagged = untagged;
    size_t size = 0;
    double first = 0, total = 0, best = 1e9;
    for (int i = 0; i < n; i++) {
        unsigned char *pdf;
        double t = now_ms();
        if (nb_render_mem(layout, data, fonts, &o, &pdf, &size, &d)) {
            nb_diags_print(&d, stderr);
            return 1;
        }
        t = now_ms() - t;
        nb_free(pdf);
        if (i == 0)
            first = t;
        total += t;
        if (t < best)
            best = t;
    }
    printf("%s%s: load %.1f ms (layout, data, fonts), first render %.1f ms, "
           "mean %.2f ms/report, best %.2f ms over %d renders, PDF %zu bytes\n",
           path, untagged ? " (untagged)" : "", t_load, first, total / n, best, n, size);
    nb_free(lp);
    nb_fontset_free(fonts);
    nb_layout_free(layout);
    nb_data_free(data);
    nb_diags_free(&d);
    return 0;
}
