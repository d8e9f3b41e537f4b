/* `nianbao build` / `nianbao check` over many offices.
 *
 * Three phases. Prepare (one thread): collect the offices from files,
 * folders and CSV exports, load each one's data, load every distinct layout
 * and its fonts once, name the output, hash the inputs and compare with the
 * manifest. Render (N threads): each worker takes the next office, renders
 * it into memory with the shared layout and fonts and writes it atomically;
 * its messages stay with the office. Finish (one thread): manifest, JSON
 * report, summary. */
#define _GNU_SOURCE /* nftw */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
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
#include "../util/hash.h"
#include "csv_import.h"
#include "job.h"
#include "manifest.h"
#include "names.h"
#include "report.h"
#include "status.h"

#define NB_DEFAULT_PATTERN "{year}/{office}.pdf"
#define NB_MANIFEST_NAME ".nianbao-manifest"

typedef struct lay {
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
    lay *lays;
    size_t nlays;
    nb_data **prev; /* last year's offices */
    size_t nprev;
    nb_manifest manifest;
    atomic_size_t next, done;
    pthread_mutex_t lock; /* progress output */
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

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

static nb_status add_file(batch *b, const char *path)
{
    nb_job *j = new_job(b);
    if (!j || !(j->source = nb_strdup(path)))
        return NB_ERR_NOMEM;
    return NB_OK;
}

/* A folder: its *.yaml files in name order (not recursive). */
static nb_status add_dir(batch *b, const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return nb_diag_at(&b->global, NB_ERROR, NB_ERR_IO, (nb_pos){dir, 0, 0},
                          "cannot read folder '%s': %s", dir, strerror(errno));
    char **names = NULL;
    size_t n = 0;
    nb_status s = NB_OK;
    struct dirent *e;
    while ((e = readdir(dp)) && !s) {
        if (e->d_name[0] == '.' || !ends_with(e->d_name, ".yaml"))
            continue;
        char **v = nb_realloc(names, (n + 1) * sizeof *v);
        nb_buf p = {0};
        nb_buf_printf(&p, "%s/%s", dir, e->d_name);
        char *full = nb_buf_take(&p);
        if (!v || !full) {
            nb_free(full);
            if (v)
                names = v;
            s = NB_ERR_NOMEM;
            break;
        }
        names = v;
        names[n++] = full;
    }
    closedir(dp);
    if (!s)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (!s)
            s = add_file(b, names[i]);
        nb_free(names[i]);
    }
    nb_free(names);
    return s;
}

static nb_status add_csv(batch *b, const char *path)
{
    nb_csv_batch *v = nb_realloc(b->csvs, (b->ncsvs + 1) * sizeof *v);
    if (!v)
        return NB_ERR_NOMEM;
    b->csvs = v;
    nb_csv_batch *cb = &b->csvs[b->ncsvs++];
    nb_status s = ends_with(path, ".xlsx") ? nb_xlsx_import(path, cb, &b->global)
                                           : nb_csv_import(path, b->o->encoding, cb, &b->global);
    for (size_t i = 0; i < cb->count && s != NB_ERR_NOMEM; i++) {
        nb_job *j = new_job(b);
        if (!j || !(j->source = nb_strdup(cb->offices[i].name)))
            return NB_ERR_NOMEM;
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
            s = add_dir(b, inputs[i]);
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

/* The layout (and its fonts) for a data file, loaded once per batch. */
static nb_status get_layout(batch *b, const nb_data *data, lay **out, nb_diags *d)
{
    char *path = NULL;
    nb_status s = b->o->layout ? ((path = nb_strdup(b->o->layout)) ? NB_OK : NB_ERR_NOMEM)
                               : nb_data_layout_path(data, &path, d);
    if (s)
        return s;
    for (size_t i = 0; i < b->nlays; i++)
        if (!strcmp(b->lays[i].path, path)) {
            nb_free(path);
            *out = &b->lays[i];
            return b->lays[i].layout ? NB_OK : NB_ERR_SCHEMA;
        }
    lay *v = nb_realloc(b->lays, (b->nlays + 1) * sizeof *v);
    if (!v) {
        nb_free(path);
        return NB_ERR_NOMEM;
    }
    b->lays = v;
    lay *l = &b->lays[b->nlays++];
    memset(l, 0, sizeof *l);
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

static const nb_data *find_previous(const batch *b, const char *office)
{
    for (size_t i = 0; i < b->nprev; i++)
        if (!strcmp(b->prev[i]->office, office))
            return b->prev[i];
    return NULL;
}

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
    b->prev = nb_calloc(pb.njobs, sizeof *b->prev);
    for (size_t i = 0; i < pb.njobs && b->prev; i++) {
        nb_data *d = NULL;
        if (!load_job_data(&pb, &pb.jobs[i], &d, &b->global))
            b->prev[b->nprev++] = d;
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
    return b->prev ? s : NB_ERR_NOMEM;
}

static void mkdirs_for(const char *path)
{
    char *p = nb_strdup(path);
    if (!p)
        return;
    for (char *s = p + 1; *s; s++)
        if (*s == '/') {
            *s = '\0';
            mkdir(p, 0777);
            *s = '/';
        }
    nb_free(p);
}

/* Prepare one office: data, layout, output name, hash, skip decision. */
static void prepare(batch *b, nb_job *j)
{
    nb_data *data = NULL;
    j->status = NB_JOB_FAILED;
    if (load_job_data(b, j, &data, &j->diags))
        return;
    nb_free(j->office);
    j->office = nb_strdup(data->office);
    j->year = data->year;
    lay *l;
    size_t from = j->diags.count, errors = j->diags.errors;
    if (get_layout(b, data, &l, &j->diags)) {
        /* A missing layout is this office's own error; a broken layout or
         * font set is reported once above, and only pointed at here. */
        if (j->diags.errors == errors)
            nb_diag_at(&j->diags, NB_ERROR, NB_ERR_SCHEMA, data->layout_pos,
                       "layout '%s' could not be loaded (see above)", data->layout);
        if (j->csv)
            nb_csv_map_diags(j->csvb, j->csv, &j->diags, from);
        nb_data_free(data);
        return;
    }
    j->lay = l;
    j->data = data;
    j->status = NB_JOB_PENDING;
    if (b->o->check_only) {
        if (b->o->outdir) /* the figures, for the status board */
            nb_mentry_from_data(l->layout, data, "", 0, &j->entry);
        return;
    }
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
    nb_buf_printf(&p, "%s/%s", b->o->outdir, j->out_rel ? j->out_rel : "");
    j->out_path = nb_buf_take(&p);
    if (!j->out_rel || !j->out_path || !j->office) {
        j->status = NB_JOB_FAILED;
        nb_diag_at(&j->diags, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory");
        return;
    }
    /* Everything the PDF depends on. */
    uint64_t h = NB_HASH_INIT;
    h = nb_hash(h, NB_VERSION, sizeof NB_VERSION);
    if (j->csv)
        h = nb_hash(h, j->csv->yaml, j->csv->len);
    else
        h = hash_file(h, j->source);
    h = nb_hash(h, &l->hash, sizeof l->hash);
    h = nb_hash(h, &b->o->allow_inconsistent, sizeof b->o->allow_inconsistent);
    j->hash = h;
    if (nb_mentry_from_data(l->layout, data, j->out_rel, h, &j->entry) == NB_OK) {
        nb_mentry *old = nb_manifest_find(&b->manifest, j->out_rel);
        if (old) {
            j->changes = nb_mentry_diff(old, &j->entry);
            if (old->hash == h && !old->stale && !b->o->force && access(j->out_path, R_OK) == 0)
                j->status = NB_JOB_UNCHANGED;
        }
    }
}

static void progress(batch *b, const nb_job *j)
{
    size_t done = atomic_fetch_add(&b->done, 1) + 1;
    if (!b->o->progress)
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

static void run_job(batch *b, nb_job *j)
{
    double t = now_s();
    const nb_data *prev = find_previous(b, j->data->office);
    if (b->o->check_only) {
        size_t from = j->diags.count;
        nb_status s = nb_check(j->lay->layout, j->data, prev, &j->diags);
        if (j->csv)
            nb_csv_map_diags(j->csvb, j->csv, &j->diags, from);
        j->status = s ? NB_JOB_FAILED : NB_JOB_CHECKED;
    } else {
        nb_render_opts ro;
        nb_render_opts_init(&ro);
        ro.allow_inconsistent = b->o->allow_inconsistent;
        ro.previous = prev;
        unsigned char *pdf = NULL;
        size_t len = 0, from = j->diags.count;
        nb_status s =
            nb_render_mem(j->lay->layout, j->data, j->lay->fonts, &ro, &pdf, &len, &j->diags);
        if (j->csv)
            nb_csv_map_diags(j->csvb, j->csv, &j->diags, from);
        if (!s) {
            mkdirs_for(j->out_path);
            s = nb_write_file_atomic(j->out_path, pdf, len, &j->diags);
        }
        nb_free(pdf);
        j->stale = s && access(j->out_path, R_OK) == 0;
        j->status = s ? NB_JOB_FAILED : NB_JOB_BUILT;
    }
    j->ms = (now_s() - t) * 1e3;
    nb_data_free(j->data);
    j->data = NULL;
}

static void *worker(void *arg)
{
    batch *b = arg;
    for (;;) {
        size_t i = atomic_fetch_add(&b->next, 1);
        if (i >= b->njobs)
            break;
        nb_job *j = &b->jobs[i];
        if (j->status == NB_JOB_PENDING)
            run_job(b, j);
        progress(b, j);
    }
    return NULL;
}

/* Temporary files left by a run that was killed: never a finished PDF. */
static int remove_stray(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    const char *base = strrchr(path, '/');
    if (flag == FTW_F && base && strstr(base, ".pdf.tmp."))
        unlink(path);
    return 0;
}

static void free_batch(batch *b)
{
    for (size_t i = 0; i < b->njobs; i++) {
        nb_job *j = &b->jobs[i];
        nb_data_free(j->data);
        nb_diags_free(&j->diags);
        nb_free(j->source);
        nb_free(j->office);
        nb_free(j->out_rel);
        nb_free(j->out_path);
        nb_free(j->changes);
        nb_mentry_free(&j->entry);
    }
    for (size_t i = 0; i < b->ncsvs; i++)
        nb_csv_batch_free(&b->csvs[i]);
    for (size_t i = 0; i < b->nlays; i++) {
        nb_fontset_free(b->lays[i].fonts);
        nb_layout_free(b->lays[i].layout);
        nb_free(b->lays[i].path);
    }
    for (size_t i = 0; i < b->nprev; i++)
        nb_data_free(b->prev[i]);
    nb_free(b->prev);
    nb_free(b->csvs);
    nb_free(b->lays);
    nb_free(b->jobs);
    nb_manifest_free(&b->manifest);
    nb_diags_free(&b->global);
    pthread_mutex_destroy(&b->lock);
}

/* Two offices may not write the same file. */
static void check_collisions(batch *b)
{
    for (size_t i = 0; i < b->njobs; i++)
        for (size_t k = 0; k < i; k++) {
            nb_job *a = &b->jobs[k], *j = &b->jobs[i];
            if (a->out_rel && j->out_rel && a->status != NB_JOB_FAILED &&
                j->status != NB_JOB_FAILED && !strcmp(a->out_rel, j->out_rel)) {
                j->status = NB_JOB_FAILED;
                nb_diag_at(&j->diags, NB_ERROR, NB_ERR_SCHEMA, (nb_pos){j->source, 0, 0},
                           "office '%s' would write %s, which '%s' (%s) writes already; "
                           "give the offices distinct names or an output pattern with {file}",
                           j->office, j->out_rel, a->office, a->source);
                break;
            }
        }
}

static nb_status update_manifest(batch *b, const char *path)
{
    for (size_t i = 0; i < b->njobs; i++) {
        nb_job *j = &b->jobs[i];
        if (j->status == NB_JOB_FAILED && j->out_rel) {
            nb_mentry *old = nb_manifest_find(&b->manifest, j->out_rel);
            if (old)
                old->stale = true; /* the PDF there is the last good one */
        }
    }
    return nb_manifest_save(path, &b->manifest, &b->global);
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
    b.t0 = now_s();
    nb_status s = NB_OK;
    if (!o->check_only) {
        if (!o->outdir ||
            (s = nb_pattern_check(o->pattern ? o->pattern : NB_DEFAULT_PATTERN, &b.global))) {
            if (!o->outdir)
                s = nb_diag_at(&b.global, NB_ERROR, NB_ERR_USAGE, NB_NOPOS,
                               "build needs an output folder (-o DIR)");
            goto finish;
        }
        mkdir(o->outdir, 0777);
        nftw(o->outdir, remove_stray, 16, FTW_PHYS);
        nb_buf mp = {0};
        nb_buf_printf(&mp, "%s/" NB_MANIFEST_NAME, o->outdir);
        s = mp.oom ? NB_ERR_NOMEM : nb_manifest_load(mp.data, &b.manifest);
        nb_buf_free(&mp);
        if (s)
            goto finish;
    }
    nb_status cs = collect(&b, inputs, ninputs);
    if (cs == NB_ERR_NOMEM || (s = load_previous(&b)) == NB_ERR_NOMEM) {
        s = NB_ERR_NOMEM;
        goto finish;
    }
    s = cs;
    for (size_t i = 0; i < b.njobs; i++)
        prepare(&b, &b.jobs[i]);
    check_collisions(&b);
    int jobs = o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (jobs < 1)
        jobs = 1;
    if ((size_t)jobs > b.njobs)
        jobs = b.njobs ? (int)b.njobs : 1;
    pthread_t tid[64];
    if (jobs > 64)
        jobs = 64;
    int started = 0;
    for (int i = 1; i < jobs; i++)
        if (pthread_create(&tid[started], NULL, worker, &b) == 0)
            started++;
    worker(&b); /* the calling thread works too */
    for (int i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    if (!o->check_only) {
        for (size_t i = 0; i < b.njobs; i++)
            if (b.jobs[i].status == NB_JOB_BUILT && b.jobs[i].entry.out)
                nb_manifest_put(&b.manifest, &b.jobs[i].entry);
        nb_buf mp = {0};
        nb_buf_printf(&mp, "%s/" NB_MANIFEST_NAME, o->outdir);
        if (!mp.oom)
            update_manifest(&b, mp.data);
        nb_buf_free(&mp);
    }
finish:
    for (size_t i = 0; i < b.njobs; i++) {
        const nb_job *j = &b.jobs[i];
        sum->total++;
        sum->built += j->status == NB_JOB_BUILT;
        sum->unchanged += j->status == NB_JOB_UNCHANGED;
        sum->failed += j->status == NB_JOB_FAILED;
        sum->checked += j->status == NB_JOB_CHECKED;
    }
    nb_status_board_write(o, b.jobs, b.njobs, &b.manifest, &b.global); /* status.xlsx, status.csv */
    nb_batch_report(o, b.jobs, b.njobs, &b.global, sum, now_s() - b.t0);
    if (!s && (sum->failed || b.global.errors))
        s = nb_diags_first_error(&b.global) ? nb_diags_first_error(&b.global) : NB_ERR_RULE;
    free_batch(&b);
    return s;
}
