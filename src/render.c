/* The pipeline, end to end: bind → shape/break/layout → paginate → draw. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bind/bind.h"
#include "draw/pdf.h"
#include "html/html.h"
#include "layout/flow.h"
#include "model/data.h"
#include "model/dates.h"
#include "bind/figures.h"
#include "model/filled.h"
#include "model/textfile.h"
#include "paginate/paginate.h"
#include "util/alloc.h"
#include "util/buf.h"

void nb_render_opts_init(nb_render_opts *o)
{
    memset(o, 0, sizeof *o);
    o->compress = true;
    o->pdf = true;
}

void nb_output_free(nb_output *out)
{
    nb_free(out->pdf);
    nb_free(out->html);
    memset(out, 0, sizeof *out);
}

/* The Info dates: the report's 成文日期, or SOURCE_DATE_EPOCH for builds
 * that pin time; never the wall clock, so output is reproducible. */
static char *pdf_date(const nb_data *data)
{
    nb_buf b = {0};
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    int y, m, dd;
    nb_pos at;
    if (nb_data_signed_date(data, &y, &m, &dd, &at)) { /* the date the report prints */
        nb_buf_printf(&b, "D:%04d%02d%02d000000+08'00'", y, m, dd);
    } else if (epoch && *epoch) {
        time_t t = (time_t)strtoll(epoch, NULL, 10);
        struct tm tm;
        gmtime_r(&t, &tm);
        nb_buf_printf(&b, "D:%04d%02d%02d%02d%02d%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                      tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    } else {
        return NULL;
    }
    return nb_buf_take(&b);
}

/* The web edition from the bound document. */
static nb_status render_html(const nb_bound *bound, nb_html_mode mode, nb_output *out)
{
    nb_buf b = {0};
    nb_html_opts ho = {.fragment = mode == NB_HTML_FRAGMENT};
    nb_status s = nb_html_write(bound, &ho, &b);
    if (s) {
        nb_buf_free(&b);
        return s;
    }
    out->html_len = b.len;
    out->html = nb_buf_take(&b);
    return out->html ? NB_OK : NB_ERR_NOMEM;
}

nb_status nb_render(const nb_layout *layout, const nb_data *data, const nb_fontset *fonts,
                    const nb_render_opts *opts, nb_output *out, nb_diags *d)
{
    nb_render_opts dflt;
    if (!opts) {
        nb_render_opts_init(&dflt);
        opts = &dflt;
    }
    if (out)
        memset(out, 0, sizeof *out);
    const char *dump = opts->dump;
    FILE *dout = opts->dump_out ? opts->dump_out : stdout;
    bool pdf = out && opts->pdf, html = out && opts->html != NB_HTML_NONE;
    nb_figures figures;
    nb_bound bound;
    nb_flow flow;
    nb_doc doc;
    memset(&bound, 0, sizeof bound);
    memset(&flow, 0, sizeof flow);
    memset(&doc, 0, sizeof doc);
    memset(&figures, 0, sizeof figures);
    /* text-file sections ("一") under the layout's keys. */
    nb_data view;
    nb_section *view_sections = NULL;
    nb_status s = nb_data_prose_view(layout, data, &view, &view_sections, d);
    data = &view;
    if (!s)
        s = nb_data_check_filled(layout, data, d);
    if (!s)
        s = nb_figures_bind(layout, data, opts->previous, opts->allow_inconsistent, &figures, d);
    if (!s && opts->on_figures)
        opts->on_figures(opts->on_figures_ctx, &figures);
    if (!s)
        s = nb_bind(layout, data, &figures, &bound, d);
    if (!s && html)
        s = render_html(&bound, opts->html, out);
    bool typeset = pdf || dump;
    if (!s && typeset)
        s = nb_flow_build(layout, fonts, &bound, &flow,
                          dump && strcmp(dump, "shape") == 0 ? dout : NULL,
                          dump && strcmp(dump, "table") == 0 ? dout : NULL, d);
    if (!s && dump && strcmp(dump, "lines") == 0)
        nb_flow_dump(&flow, fonts, dout);
    if (!s && typeset)
        s = nb_paginate(layout, fonts, &bound, &flow, &doc, d);
    if (!s && dump && strcmp(dump, "pages") == 0)
        nb_doc_dump(&doc, dout);
    if (!s && pdf) {
        doc.date = pdf_date(data); /* NULL when no date is pinned */
        if (!doc.date && (data->date_y || data->sig_y || getenv("SOURCE_DATE_EPOCH")))
            s = NB_ERR_NOMEM;
    }
    if (!s && pdf) {
        nb_pdf_opts po = {.compress = opts->compress,
                          .pdfa = opts->pdfa || layout->pdfa,
                          .tagged = layout->tagged && !opts->untagged};
        s = nb_pdf_write(&doc, &po, &out->pdf, &out->pdf_len, d);
    }
    if (s == NB_ERR_NOMEM)
        nb_diag_nomem(d); /* once, whether or not a callee said it (diag.h) */
    if (s && out)
        nb_output_free(out);
    nb_doc_free(&doc);
    nb_flow_free(&flow);
    nb_bound_free(&bound);
    nb_figures_free(&figures);
    nb_free(view_sections);
    return s;
}

nb_status nb_render_mem(const nb_layout *layout, const nb_data *data, const nb_fontset *fonts,
                        const nb_render_opts *opts, unsigned char **pdf, size_t *pdf_len,
                        nb_diags *d)
{
    nb_render_opts o;
    if (opts)
        o = *opts;
    else
        nb_render_opts_init(&o);
    o.pdf = pdf != NULL;
    o.html = NB_HTML_NONE;
    nb_output out;
    nb_status s = nb_render(layout, data, fonts, &o, pdf ? &out : NULL, d);
    if (pdf)
        *pdf = s ? NULL : out.pdf;
    if (pdf_len)
        *pdf_len = s || !pdf ? 0 : out.pdf_len;
    return s;
}

nb_status nb_output_write(const nb_output *out, const char *pdf_path, const char *html_path,
                          nb_diags *d)
{
    nb_status s = NB_OK;
    if (pdf_path && out->pdf)
        s = nb_write_file_atomic(pdf_path, out->pdf, out->pdf_len, d);
    if (!s && html_path && out->html)
        s = nb_write_file_atomic(html_path, out->html, out->html_len, d);
    return s;
}

/* The verdict of `check`: the rules' outcome counted (res, may be NULL),
 * so that "consistent" is said only when every rule instance was assessed:
 * a blank or a non-number cell leaves the rules through it unassessed, and
 * that is not the same as passing. */
nb_status nb_check_verdict(const nb_layout *layout, const nb_data *data, const nb_data *previous,
                           nb_check_result *res, nb_diags *d)
{
    nb_data view, prev_view;
    nb_section *owned = NULL, *prev_owned = NULL;
    if (res)
        memset(res, 0, sizeof *res);
    nb_status s = nb_data_prose_view(layout, data, &view, &owned, d);
    if (!s)
        s = nb_data_check_filled(layout, &view, d);
    if (!s) {
        nb_figures f;
        s = nb_figures_bind(layout, &view, previous, false, &f, d);
        if (res) {
            res->violations = f.violations;
            res->unassessed = f.unassessed;
            res->invalid = f.invalid;
            res->blanks = f.blanks;
            res->cross_year_skipped = f.cross_year_skipped;
        }
        nb_figures_free(&f);
        /* Last year's own problems were its own check's business. */
        nb_diags scratch;
        nb_diags_init(&scratch);
        if (previous && !nb_data_prose_view(layout, previous, &prev_view, &prev_owned, &scratch))
            nb_data_check_unchanged(layout, &view, &prev_view, d);
        nb_diags_free(&scratch);
    }
    nb_free(owned);
    nb_free(prev_owned);
    return s;
}

nb_status nb_check(const nb_layout *layout, const nb_data *data, const nb_data *previous,
                   nb_diags *d)
{
    return nb_check_verdict(layout, data, previous, NULL, d);
}

void nb_keys_print(const nb_layout *layout, FILE *out) { nb_layout_keys(layout, out); }

nb_status nb_render_file(const nb_layout *layout, const nb_data *data, const nb_fontset *fonts,
                         const nb_render_opts *opts, const char *out_path, nb_diags *d)
{
    unsigned char *pdf = NULL;
    size_t len = 0;
    nb_status s = nb_render_mem(layout, data, fonts, opts, &pdf, &len, d);
    if (!s)
        s = nb_write_file_atomic(out_path, pdf, len, d);
    nb_free(pdf);
    return s;
}
