/* The loader context: what every model loader threads through its
 * functions — the document it walks, where messages go and the first error
 * so far (NB_ERR_NOMEM wins) — and the checked conversions of yaml_tree.h
 * taking that context, so a loader writes
 *     if (nb_yl_require(&c->y, m, "label", "row", &v))
 *         nb_yl_string(&c->y, v, "label", &out);
 * and every failure is recorded as the loader's status on the way.
 *
 * Checkers that read no YAML (the figure binder) use it with doc NULL and
 * only keep/oom/nomem/error/warn. */
#ifndef NB_PARSE_YAML_LOAD_H
#define NB_PARSE_YAML_LOAD_H

#include "yaml_tree.h"

typedef struct nb_yload {
    const nb_ydoc *doc; /* NULL for a checker that reads no YAML */
    nb_diags *d;
    nb_status st;
} nb_yload;

/* Records `s` as the loader's first error; true when it is NB_OK. */
static inline bool nb_yl_keep(nb_yload *c, nb_status s)
{
    nb_y_keep(&c->st, s);
    return s == NB_OK;
}

static inline bool nb_yl_oom(const nb_yload *c) { return c->st == NB_ERR_NOMEM; }

static inline nb_pos nb_yl_pos(const nb_yload *c, const nb_ynode *n) { return nb_y_pos(c->doc, n); }

/* Records an error (formatted like printf) as the loader's; running out of
 * memory while formatting records NB_ERR_NOMEM instead. */
void nb_yl_error(nb_yload *c, nb_status code, nb_pos at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Records a warning; it changes the status only when it runs out of memory. */
void nb_yl_warn(nb_yload *c, nb_status code, nb_pos at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Records a message built in `msg` (and frees it) with severity `sev`;
 * for messages assembled piece by piece. */
typedef struct nb_buf nb_buf;
void nb_yl_report(nb_yload *c, nb_severity sev, nb_status code, nb_pos at, nb_buf *msg);

/* Records "out of memory" (once: see diag.h) as the loader's status. */
void nb_yl_nomem(nb_yload *c);

/* The nb_y_* checks of yaml_tree.h on the loader's document; each records
 * its failure as the loader's status and returns true on success. */
bool nb_yl_expect(nb_yload *c, const nb_ynode *node, nb_ykind kind, const char *what);
bool nb_yl_check_keys(nb_yload *c, const nb_ynode *map, const char *where,
                      const char *const *allowed);
bool nb_yl_require(nb_yload *c, const nb_ynode *map, const char *key, const char *where,
                   const nb_ynode **out);
bool nb_yl_string(nb_yload *c, const nb_ynode *node, const char *what, char **out);
bool nb_yl_name(nb_yload *c, const nb_ynode *node, const char *what, char **out);
bool nb_yl_bool(nb_yload *c, const nb_ynode *node, const char *what, bool *out);
bool nb_yl_int(nb_yload *c, const nb_ynode *node, const char *what, long min, long max, int *out);
bool nb_yl_length(nb_yload *c, const nb_ynode *node, const char *what, unsigned flags,
                  nb_length *out);

#endif
