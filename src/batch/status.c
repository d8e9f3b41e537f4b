#define _GNU_SOURCE /* memmem */
#include "status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zlib.h>

/* mkstemp makes files 0600; the finished workbook gets the usual mode. */
static mode_t current_umask(void)
{
    mode_t m = umask(0);
    umask(m);
    return m;
}

#include "../bind/figures.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fileio.h"
#include "batch_report.h"

#define NCOLS 8
static const char *const headers[NCOLS] = {"单位名称", "状态", "警告数",   "首条消息",
                                           "页数",     "PDF",  "申请总数", "结转"};

/* The page count in a PDF's text: the largest /Count of a /Type /Pages
 * dictionary (the root of the page tree), or -1. */
static long pages_in(const char *p, size_t n)
{
    long best = -1;
    const char *end = p + n;
    for (const char *t = p; t < end && (t = memmem(t, (size_t)(end - t), "/Pages", 6)); t += 6) {
        if (t + 6 < end && (t[6] == ' ' || t[6] == '\n') && t > p) {
            /* "/Type /Pages": the dictionary around it holds /Count. */
            const char *open = t, *close = memmem(t, (size_t)(end - t), ">>", 2);
            while (open > p && !(open[0] == '<' && open[1] == '<'))
                open--;
            const char *c = close ? memmem(open, (size_t)(close - open), "/Count", 6) : NULL;
            const char *ty = close ? memmem(open, (size_t)(close - open), "/Type", 5) : NULL;
            if (c && ty) {
                long v = strtol(c + 6, NULL, 10);
                best = v > best ? v : best;
            }
        }
    }
    return best;
}

/* Pages of a PDF nianbao wrote: the page tree's /Count, found in the file
 * or in its compressed object streams (PDF 1.5+). -1 when there is no PDF. */
static long count_pages(const char *path)
{
    nb_buf b = {0};
    long n = -1;
    if (!path || nb_read_file(path, (size_t)1 << 30, NB_NOPOS, &b, NULL) != NB_OK) {
        nb_buf_free(&b);
        return -1;
    }
    n = pages_in(b.data, b.len);
    const char *end = b.data + b.len;
    for (const char *t = b.data; n < 0 && t < end;) {
        const char *os = memmem(t, (size_t)(end - t), "/ObjStm", 7);
        const char *st = os ? memmem(os, (size_t)(end - os), "stream", 6) : NULL;
        if (!st)
            break;
        st += 6;
        st += *st == '\r';
        st += *st == '\n';
        nb_buf out = {0};
        z_stream z = {0};
        if (inflateInit(&z) == Z_OK) {
            z.next_in = (Bytef *)st;
            z.avail_in = (uInt)(end - st);
            int rc = Z_OK;
            while (rc == Z_OK && nb_buf_reserve(&out, 65536) && out.len < ((size_t)64 << 20)) {
                z.next_out = (Bytef *)out.data + out.len;
                z.avail_out = 65536;
                rc = inflate(&z, Z_NO_FLUSH);
                out.len = (size_t)((char *)z.next_out - out.data);
            }
            inflateEnd(&z);
            n = pages_in(out.data ? out.data : "", out.len);
        }
        nb_buf_free(&out);
        t = st;
    }
    nb_buf_free(&b);
    return n;
}

static const char *figure(const nb_mentry *e, const char *key)
{
    for (size_t i = 0; i < e->nfig; i++)
        if (!strcmp(e->fkeys[i], key))
            return e->fvals[i];
    return NULL;
}

/* "申请总数\t结转" from bound figures: 一、新收 + 二、上年结转 and 四、结转下年度继续办理,
 * each in the 总计 column; "" for a figure that is missing or no integer. */
static char *key_figures(const nb_mentry *e)
{
    const char *keys[3] = {"requests.new.total", "requests.carried.total", "requests.next.total"};
    long v[3];
    bool ok[3];
    for (int i = 0; i < 3; i++) {
        const char *s = figure(e, keys[i]);
        char *end;
        v[i] = s && *s ? strtol(s, &end, 10) : 0;
        ok[i] = s && *s && !*end;
    }
    nb_buf b = {0};
    if (ok[0] && ok[1])
        nb_buf_printf(&b, "%ld", v[0] + v[1]);
    nb_buf_putc(&b, '\t');
    if (ok[2])
        nb_buf_printf(&b, "%ld", v[2]);
    return nb_buf_take(&b);
}

char *nb_status_key_figures(const nb_layout *l, const nb_data *data, const nb_data *prev)
{
    nb_diags scratch;
    nb_diags_init(&scratch);
    nb_figures f = {0};
    nb_mentry e = {0};
    char *out = NULL;
    if (nb_figures_bind(l, data, prev, true, &f, &scratch) != NB_ERR_NOMEM &&
        nb_mentry_from_figures(&f, data, "", 0, &e) == NB_OK)
        out = key_figures(&e);
    nb_mentry_free(&e);
    nb_figures_free(&f);
    nb_diags_free(&scratch);
    return out;
}

/* The job's key figures: its fresh manifest entry (built), its old one
 * (unchanged, stale), or what check bound. */
static char *job_figures(const nb_job *j, nb_manifest *m)
{
    if (j->status_figs)
        return nb_strdup(j->status_figs);
    const nb_mref *r = j->fresh.out ? &j->fresh
                       : j->out_rel ? nb_manifest_find(m, j->out_rel)
                                    : NULL;
    nb_mentry e = {0};
    char *out = NULL;
    if (r && j->status != NB_JOB_FAILED && nb_manifest_read(m, r, &e) == NB_OK)
        out = key_figures(&e);
    nb_mentry_free(&e);
    return out;
}

static char *first_message(const nb_job *j)
{
    const nb_diag *g = NULL;
    for (size_t i = 0; i < j->diags.count && !g; i++)
        if (j->diags.items[i].severity == NB_ERROR)
            g = &j->diags.items[i];
    for (size_t i = 0; i < j->diags.count && !g; i++)
        g = &j->diags.items[i];
    if (!g)
        return nb_strdup("");
    nb_buf b = {0};
    if (g->file && g->line > 0)
        nb_buf_printf(&b, "%s:%d:%d: ", g->file, g->line, g->col > 0 ? g->col : 1);
    else if (g->file)
        nb_buf_printf(&b, "%s: ", g->file);
    nb_buf_puts(&b, g->msg);
    return nb_buf_take(&b);
}

/* One office's cells as text (row[i] owned). */
static void row_cells(const nb_job *j, nb_manifest *m, char *row[NCOLS])
{
    char num[32];
    row[0] = nb_strdup(j->office ? j->office : j->source);
    row[1] = nb_strdup(nb_job_status_word(j));
    snprintf(num, sizeof num, "%zu", j->diags.warnings);
    row[2] = nb_strdup(num);
    row[3] = first_message(j);
    long pages = j->status == NB_JOB_CHECKED ? -1 : count_pages(j->out_path);
    snprintf(num, sizeof num, "%ld", pages);
    row[4] = nb_strdup(pages >= 0 ? num : "");
    row[5] = nb_strdup(pages >= 0 && j->out_path ? j->out_path : "");
    char *figs = job_figures(j, m), *tab = figs ? strchr(figs, '\t') : NULL;
    if (tab)
        *tab = '\0';
    row[6] = nb_strdup(figs ? figs : "");
    row[7] = nb_strdup(tab ? tab + 1 : "");
    nb_free(figs);
}

static void csv_field(nb_buf *b, const char *s)
{
    bool quote = strpbrk(s, ",\"\n\r") != NULL;
    if (quote)
        nb_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            nb_buf_putc(b, '"');
        nb_buf_putc(b, *s);
    }
    if (quote)
        nb_buf_putc(b, '"');
}

static bool numeric(int col, const char *s)
{
    return (col == 2 || col == 4 || col == 6 || col == 7) && *s;
}

void nb_status_board_write(const nb_batch_opts *o, const nb_job *jobs, size_t n, nb_manifest *m,
                           nb_diags *global)
{
    if (!o->outdir)
        return;
    mkdir(o->outdir, 0777);
    nb_buf csv = {0}, xp = {0}, tmp = {0}, cp = {0};
    nb_buf_puts(&csv, "\xEF\xBB\xBF");
    nb_buf_printf(&xp, "%s/status.xlsx", o->outdir);
    nb_buf_printf(&cp, "%s/status.csv", o->outdir);
    nb_buf_printf(&tmp, "%s/status.xlsx.tmp.XXXXXX", o->outdir);
    int fd = tmp.oom ? -1 : mkstemp(tmp.data);
    if (fd >= 0)
        close(fd);
    lxw_workbook *wb = fd >= 0 ? workbook_new(tmp.data) : NULL;
    lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, "状态") : NULL;
    lxw_format *head = wb ? workbook_add_format(wb) : NULL;
    if (head)
        format_set_bold(head);
    for (int c = 0; c < NCOLS; c++) {
        if (ws)
            worksheet_write_string(ws, 0, (lxw_col_t)c, headers[c], head);
        if (c)
            nb_buf_putc(&csv, ',');
        csv_field(&csv, headers[c]);
    }
    nb_buf_puts(&csv, "\r\n");
    size_t nrow = 0;
    for (size_t i = 0; i < n; i++) {
        if (jobs[i].status == NB_JOB_OTHER_SHARD)
            continue; /* its own shard's board lists it */
        char *row[NCOLS];
        row_cells(&jobs[i], m, row);
        nrow++;
        for (int c = 0; c < NCOLS; c++) {
            const char *v = row[c] ? row[c] : "";
            if (ws && numeric(c, v))
                worksheet_write_number(ws, (lxw_row_t)nrow, (lxw_col_t)c, atof(v), NULL);
            else if (ws && *v)
                worksheet_write_string(ws, (lxw_row_t)nrow, (lxw_col_t)c, v, NULL);
            if (c)
                nb_buf_putc(&csv, ',');
            csv_field(&csv, v);
            nb_free(row[c]);
        }
        nb_buf_puts(&csv, "\r\n");
    }
    if (ws) {
        static const double widths[NCOLS] = {28, 10, 8, 60, 6, 40, 10, 8};
        for (int c = 0; c < NCOLS; c++)
            worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
        worksheet_freeze_panes(ws, 1, 1);
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)nrow, NCOLS - 1);
    }
    if (!wb || workbook_close(wb) != LXW_NO_ERROR ||
        chmod(tmp.data, 0666 & ~current_umask()) != 0 || rename(tmp.data, xp.data) != 0) {
        if (fd >= 0)
            unlink(tmp.data);
        nb_diag_at(global, NB_WARNING, NB_ERR_IO, (nb_pos){xp.data, 0, 0},
                   "cannot write the status board");
    }
    if (!csv.oom && !cp.oom)
        nb_write_file_atomic(cp.data, csv.data, csv.len, global);
    nb_buf_free(&csv);
    nb_buf_free(&xp);
    nb_buf_free(&cp);
    nb_buf_free(&tmp);
}
