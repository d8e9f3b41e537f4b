/* `nianbao build` / `nianbao check` over many offices.
 *
 * Memory stays flat however many offices there are: no pass keeps an
 * office's data. Collect (one thread): the offices from files, folders and
 * CSV exports. Scan (N threads): load each office's data, its layout and
 * fonts (once per batch, shared), name its output, hash its inputs, free
 * the data. Decide (one thread): the shard, name collisions, what is
 * unchanged since the manifest. Work (N threads): load, render (or check),
 * write atomically, spool the manifest entry from the render's bound
 * figures, free. Finish: manifest, JSON report, summary. */
#define _GNU_SOURCE /* qsort_r */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../model/data.h"
#include "../model/layout.h"
#include "../fonts/fontset.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fileio.h"
#include "../util/hash.h"
#include "csv_import.h"
#include "job.h"
#include "manifest.h"
#include "names.h"
#include "batch_report.h"
#include "verdicts.h"
#include "status.h"

#define NB_DEFAULT_PATTERN "{year}/{office}.pdf"
#define NB_MANIFEST_NAME ".nianbao-manifest"

typedef struct nb_blayout {
    char *path;
    nb_layout *layout;
    nb_fontset *fonts;
    uint64_t hash; /* layout file, role map, every face */
} lay;

typedef struct batch {
    const nb_batch_opts *o;
    nb_job *jobs;
    size_t njobs, capjobs;
    nb_csv_batch *csvs;
    size_t ncsvs;
    lay **lays; /* stable pointers: jobs point at them */
    size_t nlays;
    pthread_mutex_t lay_lock;
    nb_data **prev;      /* last year's offices */
    uint64_t *prev_hash; /* of each one's input: part of what a PDF is made from */
    size_t nprev;
    nb_outputs outs; /* stale PDFs and orphans, at the end of a build */
    nb_manifest manifest;
    atomic_size_t next, done;
    bool scanning;        /* the workers' pass: scan, else work */
    pthread_mutex_t lock; /* progress output, the report spool */
    FILE *report_spool;   /* finished offices' report entries */
    double t0;
    nb_diags global; /* problems that belong to no office */
} batch;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Mixes a file's bytes into `h`; an unreadable file adds nothing (the
 * office's own load reports it). */
static uint64_t hash_file(uint64_t h, const char *path)
{
    nb_buf b = {0};
    if (path && nb_read_file(path, (size_t)-1 / 2, NB_NOPOS, &b, NULL) == NB_OK)
        h = nb_hash(h, b.data, b.len);
    nb_buf_free(&b);
    return h;
}

static nb_job *new_job(batch *b)
{
    if (!nb_grow(&b->jobs, b->njobs, 1, &b->capjobs, sizeof *b->jobs))
        return NULL;
    nb_job *j = &b->jobs[b->njobs++];
    memset(j, 0, sizeof *j);
    nb_diags_init(&j->diags);
    return j;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* ctx: the batch (also nb_each_file_in's callback). */
static nb_status add_file(void *ctx, const char *path)
{
    batch *b = ctx;
    nb_job *j = new_job(b);
    if (!j || !(j->source = nb_strdup(path)))
        return NB_ERR_NOMEM;
    return NB_OK;
}

static nb_status add_csv(batch *b, const char *path)
{
    nb_csv_batch *v = nb_realloc(b->csvs, (b->ncsvs + 1) * sizeof *v);
    if (!v)
        return nb_diag_at(&b->global, NB_ERROR, NB_ERR_NOMEM, (nb_pos){path, 0, 0},
                          "out of memory importing '%s'", path);
    b->csvs = v;
    nb_csv_batch *cb = &b->csvs[b->ncsvs++];
    nb_status s = ends_with(path, ".xlsx") ? nb_xlsx_import(path, cb, &b->global)
                                           : nb_csv_import(path, b->o->encoding, cb, &b->global);
    for (size_t i = 0; i < cb->count && s != NB_ERR_NOMEM; i++) {
        nb_job *j = new_job(b);
        if (!j || !(j->source = nb_strdup(cb->offices[i].name)))
            return nb_diag_at(&b->global, NB_ERROR, NB_ERR_NOMEM, (nb_pos){path, 0, 0},
                              "out of memory importing '%s'", path);
        j->csv = &cb->offices[i];
        j->csvb = cb;
        /* Named by its sheet cell until (unless) its data loads. */
        if (*j->csv->office && !(j->office = nb_strdup(j->csv->office)))
            return NB_ERR_NOMEM;
    }
    return s;
}

static nb_status collect(batch *b, const char *const *inputs, size_t n)
{
    nb_status first = NB_OK;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        nb_status s;
        if (stat(inputs[i], &st) != 0)
            s = nb_diag_at(&b->global, NB_ERROR, NB_ERR_IO, (nb_pos){inputs[i], 0, 0},
                           "cannot read '%s': %s", inputs[i], strerror(errno));
        else if (S_ISDIR(st.st_mode))
            s = nb_each_file_in(inputs[i], ".yaml", add_file, b, &b->global);
        else if (ends_with(inputs[i], ".csv") || ends_with(inputs[i], ".xlsx"))
            s = add_csv(b, inputs[i]);
        else
            s = add_file(b, inputs[i]);
        if (s == NB_ERR_NOMEM)
            return s;
        if (s && !first)
            first = s;
    }
    return first;
}

/* Loads one office's data (from a file, or a CSV row's generated text). */
static nb_status load_job_data(batch *b, nb_job *j, nb_data **out, nb_diags *d)
{
    (void)b;
    size_t from = d->count;
    nb_status s;
    if (j->csv) {
        s = nb_data_load_mem(j->csv->name, j->csv->yaml, j->csv->len, out, d);
        nb_csv_map_diags(j->csvb, j->csv, d, from);
    } else {
        s = nb_data_load(j->source, out, d);
    }
    return s;
}

/* The layout (and its fonts) for a data file, loaded once per batch.
 * Called by the scanning workers, under lay_lock. */
static nb_status get_layout(batch *b, const nb_data *data, lay **out, nb_diags *d)
{
    char *path = NULL;
    nb_status s = b->o->layout ? ((path = nb_strdup(b->o->layout)) ? NB_OK : NB_ERR_NOMEM)
                               : nb_data_layout_path(data, &path, d);
    if (s)
        return s;
    for (size_t i = 0; i < b->nlays; i++)
        if (!strcmp(b->lays[i]->path, path)) {
            nb_free(path);
            *out = b->lays[i];
            return b->lays[i]->layout ? NB_OK : NB_ERR_SCHEMA;
        }
    lay **v = nb_realloc(b->lays, (b->nlays + 1) * sizeof *v);
    lay *l = nb_calloc(1, sizeof *l);
    if (!v || !l) {
        if (v)
            b->lays = v;
        nb_free(l);
        nb_free(path);
        return NB_ERR_NOMEM;
    }
    b->lays = v;
    b->lays[b->nlays++] = l;
    l->path = path;
    /* A broken layout or font set is reported once, globally; its offices
     * then fail with a short note. */
    s = nb_layout_load(path, &l->layout, &b->global);
    if (!s && !b->o->check_only)
        s = nb_fontset_load(l->layout, b->o->fonts, &l->fonts, &b->global);
    if (s) {
        nb_fontset_free(l->fonts);
        nb_layout_free(l->layout);
        l->fonts = NULL;
        l->layout = NULL;
        return s;
    }
    uint64_t h = hash_file(NB_HASH_INIT, path);
    h = hash_file(h, l->layout->fonts_file);
    for (size_t i = 0; l->fonts && i < l->fonts->nfaces; i++) {
        const nb_face *f = l->fonts->faces[i];
        h = nb_hash(h, &f->file_hash, sizeof f->file_hash);
        h = nb_hash(h, f->path, strlen(f->path) + 1);
    }
    l->hash = h;
    *out = l;
    return NB_OK;
}

static const nb_data *find_previous(const batch *b, const nb_data *data)
{
    long i = nb_previous_pair(b->prev, b->nprev, data);
    return i < 0 ? NULL : b->prev[i];
}

/* Last year's offices (--previous) for the cross-year rules. They are kept
 * for the whole batch: the one input whose memory grows with its size. */
static nb_status load_previous(batch *b)
{
    if (!b->o->previous)
        return NB_OK;
    batch pb;
    memset(&pb, 0, sizeof pb);
    nb_batch_opts po = *b->o;
    po.previous = NULL;
    pb.o = &po;
    nb_diags_init(&pb.global);
    size_t n = 0;
    while (b->o->previous[n])
        n++;
    nb_status s = collect(&pb, b->o->previous, n);
    b->prev = nb_calloc(pb.njobs ? pb.njobs : 1, sizeof *b->prev);
    b->prev_hash = nb_calloc(pb.njobs ? pb.njobs : 1, sizeof *b->prev_hash);
    for (size_t i = 0; i < pb.njobs && b->prev && b->prev_hash; i++) {
        nb_data *d = NULL;
        const nb_job *pj = &pb.jobs[i];
        if (!load_job_data(&pb, &pb.jobs[i], &d, &b->global)) {
            b->prev_hash[b->nprev] = pj->csv ? nb_hash(NB_HASH_INIT, pj->csv->yaml, pj->csv->len)
                                             : hash_file(NB_HASH_INIT, pj->source);
            b->prev[b->nprev++] = d;
        }
        nb_diags_free(&pb.jobs[i].diags);
        nb_free(pb.jobs[i].source);
    }
    for (size_t i = 0; i < pb.ncsvs; i++)
        nb_csv_batch_free(&pb.csvs[i]);
    nb_free(pb.csvs);
    nb_free(pb.jobs);
    for (size_t i = 0; i < pb.global.count; i++) {
        nb_diag *g = &pb.global.items[i];
        nb_diag_at(&b->global, g->severity, g->code, (nb_pos){g->file, g->line, g->col}, "%s",
                   g->msg);
    }
    nb_diags_free(&pb.global);
    return b->prev && b->prev_hash ? s : NB_ERR_NOMEM;
}

/* The output name (also the office's shard key) and path. */
static bool name_output(batch *b, nb_job *j, const nb_data *data, const lay *l)
{
    const char *base = strrchr(j->csv ? j->csvb->path : j->source, '/');
    base = base ? base + 1 : j->source;
    char *file = nb_strdup(base);
    if (file && strrchr(file, '.'))
        *strrchr(file, '.') = '\0';
    j->out_rel = file ? nb_pattern_expand(b->o->pattern ? b->o->pattern : NB_DEFAULT_PATTERN,
                                          data->office, data->year, l->layout->name, file)
                      : NULL;
    nb_free(file);
    nb_buf p = {0};
    nb_buf_printf(&p, "%s/%s", b->o->outdir ? b->o->outdir : ".", j->out_rel ? j->out_rel : "");
    j->out_path = nb_buf_take(&p);
    if (b->o->html && j->out_path)
        j->html_path = nb_html_path_for(j->out_path);
    return j->out_rel && j->out_path && (!b->o->html || j->html_path);
}

/* Scan one office: data, layout, output name, hash. The data is freed,
 * or handed to *keep (when not NULL) if the office is pending. */
static void scan(batch *b, nb_job *j, nb_data **keep)
{
    nb_data *data = NULL;
    j->status = NB_JOB_FAILED;
    if (load_job_data(b, j, &data, &j->diags))
        return;
    nb_free(j->office); /* its sheet cell named it so far */
    j->office = nb_strdup(data->office);
    lay *l;
    size_t from = j->diags.count, errors = j->diags.errors;
    pthread_mutex_lock(&b->lay_lock);
    nb_status s = get_layout(b, data, &l, &j->diags);
    pthread_mutex_unlock(&b->lay_lock);
    if (s) {
        /* A missing layout is this office's own error; a broken layout or
         * font set is reported once above, and only pointed at here. */
        if (j->diags.errors == errors)
            nb_diag_at(&j->diags, NB_ERROR, NB_ERR_SCHEMA, data->layout_pos,
                       "layout '%s' could not be loaded (see above)",
                       data->layout ? data->layout : "for the year");
        if (j->csv)
            nb_csv_map_diags(j->csvb, j->csv, &j->diags, from);
        nb_data_free(data);
        return;
    }
    if (!b->o->layout && nb_data_check_layout(data, l->layout, &j->diags)) {
        if (j->csv) /* a layout given by name must cover the year */
            nb_csv_map_diags(j->csvb, j->csv, &j->diags, from);
        nb_data_free(data);
        return;
    }
    j->lay = l;
    if (!name_output(b, j, data, l) || !j->office) {
        nb_diag_at(&j->diags, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
        nb_data_free(data);
        return;
    }
    j->status = NB_JOB_PENDING;
    if (b->o->check_only) { /* no PDF, no manifest: no hash */
        if (keep)
            *keep = data;
        else
            nb_data_free(data);
        return;
    }
    /* The files the data reads besides itself: its prose text files and
     * last year's data (previous:), whose changes must rebuild it too. */
    uint64_t read = NB_HASH_INIT;
    for (size_t i = 0; i < data->ntext_files; i++)
        read = hash_file(read, data->text_files[i]);
    if (data->previous)
        read = hash_file(read, data->previous);
    /* Everything the PDF depends on. */
    uint64_t h = NB_HASH_INIT;
    h = nb_hash(h, &read, sizeof read);
    h = nb_hash(h, NB_VERSION, sizeof NB_VERSION);
    if (j->csv)
        h = nb_hash(h, j->csv->yaml, j->csv->len);
    else
        h = hash_file(h, j->source);
    h = nb_hash(h, &l->hash, sizeof l->hash);
    h = nb_hash(h, &b->o->allow_inconsistent, sizeof b->o->allow_inconsistent);
    h = nb_hash(h, &b->o->html, sizeof b->o->html);
    h = nb_hash(h, &b->o->pdfa, sizeof b->o->pdfa);
    h = nb_hash(h, &b->o->strict, sizeof b->o->strict);
    if (b->o->previous) { /* last year's data is an input of the PDF too */
        long pi = nb_previous_pair(b->prev, b->nprev, data);
        j->no_previous = pi < 0;
        if (pi >= 0)
            h = nb_hash(h, &b->prev_hash[pi], sizeof b->prev_hash[pi]);
    }
    j->hash = h;
    if (keep)
        *keep = data;
    else
        nb_data_free(data);
}

static void progress(batch *b, const nb_job *j)
{
    size_t done = atomic_fetch_add(&b->done, 1) + 1;
    if (!b->o->progress || j->status == NB_JOB_OTHER_SHARD)
        return;
    size_t total = b->njobs;
    double el = now_s() - b->t0, rate = el > 0 ? done / el : 0;
    double eta = rate > 0 ? (total - done) / rate : 0;
    int width = 24, fill = total ? (int)(width * done / total) : width;
    pthread_mutex_lock(&b->lock);
    fprintf(b->o->log, "\r[%.*s%.*s] %zu/%zu %5.1f/s ETA %3.0fs %-24.24s", fill,
            "########################", width - fill, "------------------------", done, total, rate,
            eta, j->office ? j->office : j->source);
    if (done == total)
        fputc('\n', b->o->log);
    fflush(b->o->log);
    pthread_mutex_unlock(&b->lock);
}

/* What the render hands over once the figures are bound. */
typedef struct snap {
    const nb_job *j;
    const nb_data *data;
    nb_mentry entry;
    bool taken;
} snap;

static void take_figures(void *ctx, const void *figures)
{
    snap *sn = ctx;
    sn->taken =
        nb_mentry_from_figures(figures, sn->data, sn->j->out_rel, sn->j->hash, &sn->entry) == NB_OK;
}

/* A built office: its manifest entry goes to the spool, and what changed
 * since the old entry is said. */
static void record_built(batch *b, nb_job *j, snap *sn)
{
    nb_status s = sn->taken ? nb_manifest_spool(&b->manifest, &sn->entry, &j->fresh) : NB_ERR_IO;
    /* the job's own out_rel serves as the entry's name (one copy a job) */
    nb_free(j->fresh.out);
    j->fresh.out = s == NB_OK ? j->out_rel : NULL;
    if (s != NB_OK) {
        nb_diag_at(&j->diags, NB_WARNING, NB_ERR_IO, NB_NOPOS,
                   "the manifest entry could not be recorded; the next run rebuilds this office");
        return;
    }
    const nb_mref *old = nb_manifest_find(&b->manifest, j->out_rel);
    nb_mentry prev;
    if (old && nb_manifest_read(&b->manifest, old, &prev) == NB_OK) {
        j->changes = nb_mentry_diff(&prev, &sn->entry);
        nb_mentry_free(&prev);
    }
}

static void render_job(batch *b, nb_job *j, const nb_data *data, const nb_data *prev)
{
    snap sn = {.j = j, .data = data};
    nb_render_opts ro;
    nb_render_opts_init(&ro);
    ro.allow_inconsistent = b->o->allow_inconsistent;
    ro.previous = prev;
    ro.on_figures = take_figures;
    ro.on_figures_ctx = &sn;
    ro.pdf = !b->o->no_pdf;
    ro.html = b->o->html;
    ro.pdfa = b->o->pdfa;
    nb_output out;
    size_t from = j->diags.count;
    nb_status s = nb_render(j->lay->layout, data, j->lay->fonts, &ro, &out, &j->diags);
    if (j->csv)
        nb_csv_map_diags(j->csvb, j->csv, &j->diags, from);
    s = nb_strict_verdict(b->o, j, s); /* may refuse a rendered report */
    if (!s) {
        const char *slash = strrchr(j->out_path, '/'); /* its folders */
        nb_make_dirs(j->out_path, slash ? (size_t)(slash - j->out_path) : 0, 0777);
        s = nb_output_write(&out, j->out_path, j->html_path, &j->diags);
    }
    nb_output_free(&out);
    j->stale = s && access(j->out_path, R_OK) == 0;
    j->status = s ? NB_JOB_FAILED : NB_JOB_BUILT;
    if (!s)
        record_built(b, j, &sn);
    if (sn.taken)
        nb_mentry_free(&sn.entry);
}

static void check_job(batch *b, nb_job *j, const nb_data *data, const nb_data *prev)
{
    size_t from = j->diags.count;
    nb_status s = nb_check(j->lay->layout, data, prev, &j->diags);
    if (j->csv)
        nb_csv_map_diags(j->csvb, j->csv, &j->diags, from);
    s = nb_strict_verdict(b->o, j, s);
    j->status = s ? NB_JOB_FAILED : NB_JOB_CHECKED;
    if (b->o->outdir) /* check -o: the key figures for the status board */
        j->status_figs = nb_status_key_figures(j->lay->layout, data, prev);
}

static const char *job_key(const nb_job *j);
static int shard_of(const char *key, int n);

/* Last year's data for one office: --previous's, else the file its own
 * `previous:` names (nianbao init --from), loaded for this job into
 * *owned. NULL when neither; false (an error in the job) when the named
 * file does not load. */
static bool previous_for(const batch *b, nb_job *j, const nb_data *data, const nb_data **prev,
                         nb_data **owned)
{
    *owned = NULL;
    *prev = find_previous(b, data);
    const char *path = nb_data_previous_path(data);
    if (*prev || !path)
        return true;
    if (nb_data_load(path, owned, &j->diags)) {
        j->status = NB_JOB_FAILED;
        return false;
    }
    *prev = *owned;
    return true;
}

/* `check` needs no decision between the passes: one pass scans and checks
 * each office with the data loaded once. */
static void scan_and_check(batch *b, nb_job *j)
{
    double t = now_s();
    nb_data *data = NULL;
    scan(b, j, &data);
    const nb_batch_opts *o = b->o;
    if (j->status == NB_JOB_PENDING && o->shard_n && shard_of(job_key(j), o->shard_n) != o->shard_k)
        j->status = NB_JOB_OTHER_SHARD;
    if (o->shard_n && j->status == NB_JOB_FAILED && shard_of(job_key(j), o->shard_n) != o->shard_k)
        j->status = NB_JOB_OTHER_SHARD; /* reported by its own shard */
    const nb_data *prev;
    nb_data *owned = NULL;
    if (j->status == NB_JOB_PENDING && previous_for(b, j, data, &prev, &owned))
        check_job(b, j, data, prev);
    nb_data_free(owned);
    nb_data_free(data);
    j->ms = (now_s() - t) * 1e3;
}

/* Work on one office: load its data again, render, free. */
static void work(batch *b, nb_job *j)
{
    double t = now_s();
    nb_data *data = NULL;
    /* The scan recorded what loading says; only a new failure counts. */
    nb_diags again;
    nb_diags_init(&again);
    if (load_job_data(b, j, &data, &again)) {
        j->status = NB_JOB_FAILED; /* changed on disk since the scan */
        for (size_t i = 0; i < again.count; i++) {
            const nb_diag *g = &again.items[i];
            nb_diag_at(&j->diags, g->severity, g->code, (nb_pos){g->file, g->line, g->col}, "%s",
                       g->msg);
        }
        nb_diags_free(&again);
        nb_data_free(data);
        return;
    }
    nb_diags_free(&again);
    const nb_data *prev;
    nb_data *owned = NULL;
    if (previous_for(b, j, data, &prev, &owned))
        render_job(b, j, data, prev);
    nb_data_free(owned);
    nb_data_free(data);
    j->ms = (now_s() - t) * 1e3;
}

static void *worker(void *arg)
{
    batch *b = arg;
    for (;;) {
        size_t i = atomic_fetch_add(&b->next, 1);
        if (i >= b->njobs)
            break;
        nb_job *j = &b->jobs[i];
        if (b->o->check_only) {
            scan_and_check(b, j);
            progress(b, j);
            continue;
        }
        if (b->scanning) {
            scan(b, j, NULL);
            continue;
        }
        if (j->status == NB_JOB_PENDING)
            work(b, j);
        nb_report_spool(&b->report_spool, &b->lock, j);
        progress(b, j);
    }
    return NULL;
}

/* Runs the current pass over every job with `jobs` threads. */
static void run_pass(batch *b, int jobs)
{
    atomic_store(&b->next, 0);
    pthread_t tid[NB_MAX_JOBS];
    int started = 0;
    for (int i = 1; i < jobs; i++)
        if (pthread_create(&tid[started], NULL, worker, b) == 0)
            started++;
    worker(b); /* the calling thread works too */
    for (int i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
}

static void free_batch(batch *b)
{
    for (size_t i = 0; i < b->njobs; i++) {
        nb_job *j = &b->jobs[i];
        nb_diags_free(&j->diags);
        nb_free(j->source);
        nb_free(j->office);
        nb_free(j->out_rel);
        nb_free(j->out_path);
        nb_free(j->html_path);
        nb_free(j->changes);
        nb_free(j->status_figs);
    }
    for (size_t i = 0; i < b->ncsvs; i++)
        nb_csv_batch_free(&b->csvs[i]);
    for (size_t i = 0; i < b->nlays; i++) {
        nb_fontset_free(b->lays[i]->fonts);
        nb_layout_free(b->lays[i]->layout);
        nb_free(b->lays[i]->path);
        nb_free(b->lays[i]);
    }
    for (size_t i = 0; i < b->nprev; i++)
        nb_data_free(b->prev[i]);
    nb_free(b->prev);
    nb_free(b->prev_hash);
    nb_outputs_free(&b->outs);
    nb_free(b->csvs);
    nb_free(b->lays);
    nb_free(b->jobs);
    nb_manifest_close(&b->manifest);
    nb_diags_free(&b->global);
    if (b->report_spool)
        fclose(b->report_spool);
    pthread_mutex_destroy(&b->lock);
    pthread_mutex_destroy(&b->lay_lock);
}

/* ---- deciding: shard, collisions, unchanged ------------------------------- */

/* The shard (1..n) of an office key: FNV-1a of its bytes, stable across
 * machines, builds and runs. */
static int shard_of(const char *key, int n)
{
    return (int)(nb_hash(NB_HASH_INIT, key, strlen(key)) % (uint64_t)n) + 1;
}

static const char *job_key(const nb_job *j) { return j->out_rel ? j->out_rel : j->source; }

static bool in_my_shard(const char *out, void *ctx)
{
    const nb_batch_opts *o = ctx;
    return shard_of(out, o->shard_n) == o->shard_k;
}

/* What the saved manifest keeps: this shard's entries, less pruned ones. */
static bool keep_entry(const char *out, void *ctx)
{
    const batch *b = ctx;
    return (!b->o->shard_n || in_my_shard(out, (void *)b->o)) && nb_outputs_keep(&b->outs, out);
}

/* Job indexes by output name, then input order (qsort_r: no global). */
static int by_output(const void *a, const void *b, void *jobs)
{
    size_t i = *(const size_t *)a, k = *(const size_t *)b;
    const nb_job *v = jobs;
    int c = strcmp(v[i].out_rel, v[k].out_rel);
    return c ? c : (i > k) - (i < k);
}

/* Two offices may not write the same file: the later one (in input order)
 * fails, naming the earlier. */
static nb_status check_collisions(batch *b)
{
    size_t *idx = nb_calloc(b->njobs ? b->njobs : 1, sizeof *idx), n = 0;
    if (!idx)
        return NB_ERR_NOMEM;
    for (size_t i = 0; i < b->njobs; i++)
        if (b->jobs[i].status == NB_JOB_PENDING)
            idx[n++] = i;
    qsort_r(idx, n, sizeof *idx, by_output, b->jobs);
    for (size_t i = 1, first = 0; i < n; i++) {
        nb_job *a = &b->jobs[idx[first]], *j = &b->jobs[idx[i]];
        if (strcmp(a->out_rel, j->out_rel) != 0) {
            first = i;
            continue;
        }
        j->status = NB_JOB_FAILED;
        nb_diag_at(&j->diags, NB_ERROR, NB_ERR_SCHEMA, (nb_pos){j->source, 0, 0},
                   "office '%s' would write %s, which '%s' (%s) writes already; "
                   "give the offices distinct names or an output pattern with {file}",
                   j->office, j->out_rel, a->office, a->source);
    }
    nb_free(idx);
    return NB_OK;
}

static void decide(batch *b)
{
    const nb_batch_opts *o = b->o;
    for (size_t i = 0; i < b->njobs; i++) {
        nb_job *j = &b->jobs[i];
        if (o->shard_n && shard_of(job_key(j), o->shard_n) != o->shard_k)
            j->status = NB_JOB_OTHER_SHARD;
    }
    check_collisions(b);
    for (size_t i = 0; i < b->njobs; i++) {
        nb_job *j = &b->jobs[i];
        if (j->status != NB_JOB_PENDING)
            continue;
        const nb_mref *old = nb_manifest_find(&b->manifest, j->out_rel);
        if (old && old->hash == j->hash && !old->stale && !o->force &&
            (o->no_pdf || access(j->out_path, R_OK) == 0) &&
            (!j->html_path || access(j->html_path, R_OK) == 0))
            j->status = NB_JOB_UNCHANGED;
    }
}

/* ---- the run -------------------------------------------------------------- */

bool nb_shard_parse(const char *spec, int *k, int *n)
{
    char *end;
    long kk = strtol(spec, &end, 10);
    if (end == spec || *end != '/')
        return false;
    const char *ns = end + 1;
    long nn = strtol(ns, &end, 10);
    if (end == ns || *end || nn < 1 || nn > 100000 || kk < 1 || kk > nn)
        return false;
    *k = (int)kk;
    *n = (int)nn;
    return true;
}

/* OUTDIR/NAME, or OUTDIR/NAME.K-of-N for a shard (before `ext`). */
static char *outdir_file(const nb_batch_opts *o, const char *name, const char *ext)
{
    nb_buf p = {0};
    nb_buf_printf(&p, "%s/%s", o->outdir, name);
    if (o->shard_n)
        nb_buf_printf(&p, ".%d-of-%d", o->shard_k, o->shard_n);
    nb_buf_puts(&p, ext);
    return nb_buf_take(&p);
}

static nb_status save_manifest(batch *b)
{
    nb_mfinal *f = nb_calloc(b->njobs ? b->njobs : 1, sizeof *f);
    char *path = outdir_file(b->o, NB_MANIFEST_NAME, "");
    nb_status s = NB_ERR_NOMEM;
    if (f && path) {
        size_t n = 0;
        for (size_t i = 0; i < b->njobs; i++) {
            const nb_job *j = &b->jobs[i];
            if (j->status == NB_JOB_BUILT && j->fresh.out)
                f[n++] = (nb_mfinal){j->out_rel, &j->fresh, false};
            else if (j->status == NB_JOB_FAILED && j->out_rel)
                f[n++] = (nb_mfinal){j->out_rel, NULL, true};
        }
        s = nb_manifest_save(path, &b->manifest, f, n, keep_entry, b, &b->global);
    } else {
        nb_diag_at(&b->global, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
    }
    nb_free(f);
    nb_free(path);
    return s;
}

/* Output folder, stray temporary files, the manifest to compare with: a
 * shard reads its own manifest, else the merged one. */
static nb_status open_outdir(batch *b)
{
    const nb_batch_opts *o = b->o;
    mkdir(o->outdir, 0777);
    /* Shards may share the folder and run at once: their temporary files
     * are left to nb_merge_reports. */
    if (!o->shard_n)
        nb_remove_stray_pdf_tmp(o->outdir);
    char *own = outdir_file(o, NB_MANIFEST_NAME, "");
    nb_buf all = {0};
    nb_buf_printf(&all, "%s/" NB_MANIFEST_NAME, o->outdir);
    nb_status s = own && !all.oom ? NB_OK : NB_ERR_NOMEM;
    if (!s)
        s = nb_manifest_open(access(own, R_OK) == 0 ? own : all.data, &b->manifest);
    nb_free(own);
    nb_buf_free(&all);
    return s;
}

static nb_status check_opts(batch *b)
{
    const nb_batch_opts *o = b->o;
    if (o->jobs < 0 || o->jobs > NB_MAX_JOBS)
        return nb_diag_at(&b->global, NB_ERROR, NB_ERR_USAGE, NB_NOPOS,
                          "-j %d: the number of workers must be 1 to %d", o->jobs, NB_MAX_JOBS);
    if (o->shard_n && (o->shard_k < 1 || o->shard_k > o->shard_n))
        return nb_diag_at(&b->global, NB_ERROR, NB_ERR_USAGE, NB_NOPOS,
                          "--shard %d/%d: K must be 1 to N", o->shard_k, o->shard_n);
    if (!o->check_only && !o->outdir)
        return nb_diag_at(&b->global, NB_ERROR, NB_ERR_USAGE, NB_NOPOS,
                          "build needs an output folder (-o DIR)");
    return nb_pattern_check(o->pattern ? o->pattern : NB_DEFAULT_PATTERN, &b->global);
}

static int worker_count(const batch *b)
{
    int jobs = b->o->jobs > 0 ? b->o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (jobs > NB_MAX_JOBS) /* only when counting cores */
        jobs = NB_MAX_JOBS;
    if (jobs < 1)
        jobs = 1;
    if ((size_t)jobs > b->njobs)
        jobs = b->njobs ? (int)b->njobs : 1;
    return jobs;
}

nb_status nb_batch_run(const char *const *inputs, size_t ninputs, const nb_batch_opts *o,
                       nb_batch_summary *sum)
{
    batch b;
    memset(&b, 0, sizeof b);
    memset(sum, 0, sizeof *sum);
    b.o = o;
    nb_diags_init(&b.global);
    pthread_mutex_init(&b.lock, NULL);
    pthread_mutex_init(&b.lay_lock, NULL);
    b.t0 = now_s();
    nb_status s = check_opts(&b);
    if (!s && !o->check_only)
        s = open_outdir(&b);
    if (s)
        goto finish;
    nb_status cs = collect(&b, inputs, ninputs);
    if (cs == NB_ERR_NOMEM || (s = load_previous(&b)) == NB_ERR_NOMEM) {
        s = NB_ERR_NOMEM;
        goto finish;
    }
    s = cs;
    int jobs = worker_count(&b);
    if (o->check_only) {
        run_pass(&b, jobs);
    } else {
        b.scanning = true;
        run_pass(&b, jobs);
        b.scanning = false;
        decide(&b);
        run_pass(&b, jobs);
        if (nb_outputs_collect(&b.manifest, b.jobs, b.njobs, o->shard_n ? in_my_shard : NULL,
                               (void *)o, &b.outs) == NB_OK)
            nb_outputs_prune(o, &b.outs, &b.global);
        save_manifest(&b);
    }
finish:
    for (size_t i = 0; i < b.njobs; i++) {
        const nb_job *j = &b.jobs[i];
        if (j->status == NB_JOB_OTHER_SHARD)
            continue;
        sum->total++;
        sum->built += j->status == NB_JOB_BUILT;
        sum->unchanged += j->status == NB_JOB_UNCHANGED;
        sum->failed += j->status == NB_JOB_FAILED;
        sum->checked += j->status == NB_JOB_CHECKED;
        sum->warned += j->status != NB_JOB_FAILED && j->diags.warnings;
    }
    sum->stale = b.outs.nstale;
    sum->orphans = b.outs.pruned ? 0 : b.outs.norphans;
    nb_status_board_write(o, b.jobs, b.njobs, &b.manifest, &b.global); /* status.xlsx, status.csv */
    nb_batch_report(o, b.jobs, b.njobs, &b.global, sum, &b.outs, b.report_spool, now_s() - b.t0);
    if (!s && (sum->failed || b.global.errors))
        s = nb_diags_first_error(&b.global) ? nb_diags_first_error(&b.global) : NB_ERR_RULE;
    free_batch(&b);
    return s;
}
