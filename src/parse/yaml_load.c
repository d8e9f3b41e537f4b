#include "yaml_load.h"

#include <stdarg.h>

#include "../util/buf.h"

void nb_yl_report(nb_yload *c, nb_severity sev, nb_status code, nb_pos at, nb_buf *msg)
{
    if (msg->oom)
        nb_yl_nomem(c);
    else if (sev == NB_ERROR)
        nb_yl_keep(c, nb_diag_at(c->d, sev, code, at, "%s", nb_buf_cstr(msg)));
    else if (nb_diag_at(c->d, sev, code, at, "%s", nb_buf_cstr(msg)) == NB_ERR_NOMEM)
        nb_yl_nomem(c);
    nb_buf_free(msg);
}

static void report(nb_yload *c, nb_severity sev, nb_status code, nb_pos at, const char *fmt,
                   va_list ap)
{
    nb_buf msg = {0};
    nb_buf_vprintf(&msg, fmt, ap);
    nb_yl_report(c, sev, code, at, &msg);
}

void nb_yl_error(nb_yload *c, nb_status code, nb_pos at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(c, NB_ERROR, code, at, fmt, ap);
    va_end(ap);
}

void nb_yl_warn(nb_yload *c, nb_status code, nb_pos at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(c, NB_WARNING, code, at, fmt, ap);
    va_end(ap);
}

void nb_yl_nomem(nb_yload *c) { nb_yl_keep(c, nb_y_nomem(c->d)); }

bool nb_yl_expect(nb_yload *c, const nb_ynode *node, nb_ykind kind, const char *what)
{
    return nb_yl_keep(c, nb_y_expect(c->doc, node, kind, what, c->d));
}

bool nb_yl_check_keys(nb_yload *c, const nb_ynode *map, const char *where,
                      const char *const *allowed)
{
    return nb_yl_keep(c, nb_y_check_keys(c->doc, map, where, allowed, c->d));
}

bool nb_yl_require(nb_yload *c, const nb_ynode *map, const char *key, const char *where,
                   const nb_ynode **out)
{
    return nb_yl_keep(c, nb_y_require(c->doc, map, key, where, out, c->d));
}

bool nb_yl_string(nb_yload *c, const nb_ynode *node, const char *what, char **out)
{
    return nb_yl_keep(c, nb_y_string(c->doc, node, what, out, c->d));
}

bool nb_yl_name(nb_yload *c, const nb_ynode *node, const char *what, char **out)
{
    return nb_yl_keep(c, nb_y_name(c->doc, node, what, out, c->d));
}

bool nb_yl_bool(nb_yload *c, const nb_ynode *node, const char *what, bool *out)
{
    return nb_yl_keep(c, nb_y_bool(c->doc, node, what, out, c->d));
}

bool nb_yl_int(nb_yload *c, const nb_ynode *node, const char *what, long min, long max, int *out)
{
    return nb_yl_keep(c, nb_y_int(c->doc, node, what, min, max, out, c->d));
}

bool nb_yl_length(nb_yload *c, const nb_ynode *node, const char *what, unsigned flags,
                  nb_length *out)
{
    return nb_yl_keep(c, nb_y_length(c->doc, node, what, flags, out, c->d));
}
