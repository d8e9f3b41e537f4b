/* The web workspace (`nianbao serve`): private to src/serve/.
 *
 * request.c  — parsing what a client sends (routes, If-Match, upload
 *              names); pure functions, fuzzed by tests/fuzz/fuzz_serve.c
 * offices.c  — the data folder: office ids, reading with ETags, saving
 *              atomically under If-Match
 * model.c    — layouts, fonts and rendered outputs, cached
 * pages.c    — the HTML of the board and the workspace (every string
 *              escaped)
 * assets.c   — the page's stylesheet and script, built into the binary
 * server.c   — libmicrohttpd: connections, bodies, tokens, dispatch */
#ifndef NB_SERVE_H
#define NB_SERVE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "../nianbao.h"
#include "../util/buf.h"

/* Bodies larger than this are refused with 413: the YAML loader's own
 * limit for data files, and the OOXML reader's for uploads. */
#define NB_SERVE_MAX_BODY (16u << 20)
#define NB_SERVE_MAX_UPLOAD (64u << 20)
/* Longest office id (a file name without .yaml). */
#define NB_SERVE_MAX_ID 200

/* ---- request.c ---------------------------------------------------------- */

typedef enum nb_route_kind {
    R_NONE,   /* no such route: 404 */
    R_BOARD,  /* GET / */
    R_ASSET,  /* GET /static/NAME */
    R_PAGE,   /* GET /o/{id} */
    R_DATA,   /* GET|PUT /o/{id}/data */
    R_STATE,  /* GET /o/{id}/state: layout, data, check and ETag at once */
    R_CHECK,  /* GET /o/{id}/check; POST: a candidate file, nothing written */
    R_PDF,    /* GET /o/{id}.pdf */
    R_HTML,   /* GET /o/{id}.html */
    R_PDFA,   /* GET /o/{id}.pdfa.pdf */
    R_IMPORT, /* POST /import */
    R_BAD_ID, /* /o/{id}… with an id that is not a safe name: 400 */
} nb_route_kind;

typedef struct nb_route {
    nb_route_kind kind;
    char id[NB_SERVE_MAX_ID + 1]; /* office id, or asset name */
} nb_route;

/* Parses an (already percent-decoded) URL path. An id is accepted only
 * when it is its own safe file name (nb_safe_file_name), non-empty, with
 * no '/' and no leading dot: it can never climb out of the data folder. */
nb_route nb_route_parse(const char *path);
/* true when `id` is usable as a file name stem in the data folder. */
bool nb_office_id_ok(const char *id);
/* true when the If-Match header `h` ("*", or a list of entity tags, weak
 * ones included) matches `etag` (a quoted strong tag). */
bool nb_if_match(const char *h, const char *etag);
/* The office id an uploaded file's name (X-File-Name, percent-decoded)
 * gives: its base name without the extension, made safe; NULL when nothing usable is left
 * (nb_free). `ext` gets the lower-case extension ("docx", "html", "xlsx", …) or "". */
char *nb_upload_id(const char *filename, char ext[8]);

/* ---- offices.c --------------------------------------------------------- */

typedef struct nb_office {
    char *id;   /* file stem */
    char *path; /* DIR/id.yaml */
    time_t mtime;
} nb_office;

/* The offices of the data folder: every regular *.yaml file directly in
 * it, sorted by id. */
nb_status nb_serve_offices_list(const char *dir, nb_office **out, size_t *n);
void nb_serve_offices_free(nb_office *v, size_t n);
/* DIR/id.yaml when `id` is safe and the file exists (nb_free), else NULL. */
char *nb_office_path(const char *dir, const char *id);
/* The strong ETag of file bytes: "\"<size>-<hash>\"". */
void nb_etag_of(const void *bytes, size_t len, char out[48]);
/* Reads the office's file (≤ NB_SERVE_MAX_BODY) and its ETag. */
nb_status nb_office_read(const char *path, nb_buf *out, char etag[48]);

/* ---- model.c ----------------------------------------------------------- */

typedef struct nb_serve nb_serve_t;

/* The result of checking an office's bytes: its data (or NULL when it does
 * not load), its layout (borrowed from the cache), the JSON of the check
 * and counts. */
typedef struct nb_checked {
    nb_data *data;
    const nb_layout *layout;
    const nb_fontset *fonts; /* only when asked */
    char *json;              /* nb_check_json or nb_diags_json */
    size_t errors, warnings;
} nb_checked;

nb_status nb_serve_check(nb_serve_t *s, const char *name, const char *bytes, size_t len,
                         bool want_fonts, nb_checked *out);
void nb_checked_free(nb_checked *c);
/* Renders one format of the office's saved bytes, cached by content hash;
 * on failure *json holds the diagnostics (nb_free). */
typedef enum nb_format { NB_FMT_PDF, NB_FMT_HTML, NB_FMT_PDFA } nb_format;
nb_status nb_serve_render(nb_serve_t *s, const char *name, const char *bytes, size_t len,
                          nb_format fmt, unsigned char **out, size_t *out_len, char **json);

/* ---- pages.c / assets.c ------------------------------------------------ */

/* Appends `s` escaped for HTML text and attribute values. */
void nb_html_escape(nb_buf *b, const char *s);
char *nb_page_board(nb_serve_t *s);
char *nb_page_office(nb_serve_t *s, const char *id, const char *office_name);
/* A built-in asset by name ("app.js", "app.css"), or NULL. */
const char *nb_asset(const char *name, const char **mime, size_t *len);

/* ---- server state ------------------------------------------------------ */

typedef struct nb_cached_layout {
    char *path;
    time_t mtime;
    nb_layout *layout;
    nb_fontset *fonts;
} nb_cached_layout;

typedef struct nb_cached_output {
    uint64_t key; /* hash of the data bytes, the format and the layout */
    unsigned char *bytes;
    size_t len;
    uint64_t used; /* LRU clock */
} nb_cached_output;

#define NB_SERVE_MAX_LAYOUTS 16
#define NB_SERVE_MAX_OUTPUTS 64

/* Board verdicts, kept per office and recomputed only when its file's
 * bytes change (ETag). */
typedef struct nb_verdict {
    char id[NB_SERVE_MAX_ID + 1];
    char etag[48];
    char office[512];
    size_t errors, warnings;
    bool loads;
} nb_verdict;

struct nb_serve {
    const nb_serve_opts *o;
    pthread_mutex_t lock;      /* the caches below */
    pthread_mutex_t save_lock; /* compare-ETag-then-rename of every save */
    nb_cached_layout layouts[NB_SERVE_MAX_LAYOUTS];
    size_t nlayouts;
    nb_cached_output outputs[NB_SERVE_MAX_OUTPUTS];
    uint64_t clock;
    nb_verdict *verdicts;
    size_t nverdicts;
    bool loopback; /* bound to 127.0.0.1 / ::1: check the Host header */
};

/* The board's verdict of one office (cached by ETag). */
void nb_serve_verdict(nb_serve_t *s, const nb_office *o, nb_verdict *out);

#endif
