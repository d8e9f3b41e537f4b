/* Font roles of a layout: the role-map file named by `fonts:` and the
 * layout's own `font-roles:` overrides.
 *
 * Role map file (fonts/NAME.yaml):
 *   roles:
 *     fangsong:
 *       - family: FangSong            fontconfig family
 *       - file: ../fonts/x.ttc        relative to the role-map file
 *         index: 2
 * Fonts are only named here; nb_fontset_load opens them. */
#include <string.h>

#include "../util/alloc.h"
#include "../util/home.h"
#include "model_internal.h"

char *nb_path_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return nb_strdup(".");
    if (slash == path)
        return nb_strdup("/");
    return nb_strndup(path, (size_t)(slash - path));
}

char *nb_path_join(const char *dir, const char *rel)
{
    if (rel[0] == '/')
        return nb_strdup(rel);
    size_t a = strlen(dir), b = strlen(rel);
    char *p = nb_malloc(a + b + 2);
    if (!p)
        return NULL;
    memcpy(p, dir, a);
    p[a] = '/';
    memcpy(p + a + 1, rel, b + 1);
    return p;
}

void nb_role_free(nb_role *r)
{
    for (size_t i = 0; i < r->count; i++)
        nb_free(r->chain[i].name);
    nb_free(r->chain);
    nb_free(r->name);
    *r = (nb_role){0};
}

/* One chain entry: {family: NAME} or {file: PATH, index: N}. */
static nb_status load_src(const nb_ydoc *doc, const nb_ynode *n, const char *dir, nb_fontsrc *out,
                          nb_diags *d)
{
    static const char *const keys[] = {"family", "file", "index", NULL};
    char buf[NB_Y_DESCRIBE];
    out->pos = nb_y_pos(doc, n);
    if (n->kind != NB_Y_MAP)
        return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, out->pos,
                          "a font must be a mapping such as {family: NAME} or "
                          "{file: PATH}, found %s",
                          nb_y_describe(n, buf, sizeof buf));
    nb_status st = nb_y_check_keys(doc, n, "font", keys, d);
    const nb_ypair *fam = nb_y_pair(n, "family"), *file = nb_y_pair(n, "file");
    const nb_ypair *idx = nb_y_pair(n, "index");
    if (!fam && !file)
        return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, out->pos, "a font needs 'family' or 'file'");
    if (fam && file)
        return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, nb_y_pos(doc, file->key),
                          "a font takes 'family' or 'file', not both");
    if (fam && idx)
        nb_y_keep(&st, nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, nb_y_pos(doc, idx->key),
                                  "'index' applies only to a 'file' font"));
    if (idx && file)
        nb_y_keep(&st, nb_y_int(doc, idx->value, "index", 0, 65535, &out->index, d));
    if (fam) {
        out->kind = NB_FONTSRC_FAMILY;
        nb_y_keep(&st, nb_y_name(doc, fam->value, "family", &out->name, d));
        return st;
    }
    out->kind = NB_FONTSRC_FILE;
    char *rel;
    nb_status fs = nb_y_name(doc, file->value, "file", &rel, d);
    nb_y_keep(&st, fs);
    if (fs == NB_OK) {
        out->name = nb_path_join(dir, rel);
        nb_free(rel);
        if (!out->name)
            nb_y_keep(&st, nb_y_nomem(d));
    }
    return st;
}

/* ROLE: [font, ...] into *r (which the caller frees on any outcome). */
static nb_status load_role(const nb_ydoc *doc, const nb_ypair *p, const char *dir, nb_role *r,
                           nb_diags *d)
{
    nb_status st = NB_OK;
    r->pos = nb_y_pos(doc, p->key);
    nb_y_keep(&st, nb_y_name(doc, p->key, "role name", &r->name, d));
    if (st == NB_ERR_NOMEM)
        return st;
    const char *what = r->name ? r->name : "role";
    nb_status es = nb_y_expect(doc, p->value, NB_Y_SEQ, what, d);
    if (es != NB_OK)
        return es;
    if (p->value->count == 0)
        return nb_diag_at(d, NB_ERROR, NB_ERR_SCHEMA, nb_y_pos(doc, p->value),
                          "role '%s' has no fonts", what);
    r->chain = nb_calloc(p->value->count, sizeof *r->chain);
    if (!r->chain)
        return nb_y_nomem(d);
    r->count = p->value->count;
    for (size_t i = 0; i < r->count && st != NB_ERR_NOMEM; i++)
        nb_y_keep(&st, load_src(doc, p->value->items[i], dir, &r->chain[i], d));
    return st;
}

static nb_role *find_role(nb_layout *l, const char *name)
{
    for (size_t i = 0; i < l->nroles; i++)
        if (l->roles[i].name && strcmp(l->roles[i].name, name) == 0)
            return &l->roles[i];
    return NULL;
}

/* Adds the roles of `map` to l->roles, replacing same-named ones, so that
 * font-roles in a layout override the shared role map. l->roles has room
 * for every key (reserved by the caller). */
static nb_status add_roles(nb_layout *l, const nb_ydoc *doc, const nb_ynode *map, const char *dir,
                           nb_diags *d)
{
    nb_status st = NB_OK;
    for (size_t i = 0; i < map->count && st != NB_ERR_NOMEM; i++) {
        nb_role r = {0};
        nb_status rs = load_role(doc, &map->pairs[i], dir, &r, d);
        nb_y_keep(&st, rs);
        if (rs != NB_OK || !r.name) {
            nb_role_free(&r);
            continue;
        }
        nb_role *old = find_role(l, r.name);
        if (old)
            nb_role_free(old);
        else
            old = &l->roles[l->nroles++];
        *old = r;
    }
    return st;
}

/* `fonts: default` means <home>/fonts/default.yaml; anything that looks
 * like a path is taken relative to the layout file. */
static char *role_map_path(const nb_layout *l, const char *fonts)
{
    size_t n = strlen(fonts);
    if (strchr(fonts, '/') || (n >= 5 && strcmp(fonts + n - 5, ".yaml") == 0))
        return nb_path_join(l->dir, fonts);
    const char *home = nb_home();
    char *p = nb_malloc(strlen(home) + n + sizeof "/fonts/.yaml");
    if (p) {
        strcpy(p, home);
        strcat(p, "/fonts/");
        strcat(p, fonts);
        strcat(p, ".yaml");
    }
    return p;
}

/* Reads the role-map file; on success l->fonts_ydoc holds it and *roles
 * is its `roles:` mapping. */
static nb_status load_role_map(nb_layout *l, const nb_ydoc *doc, const nb_ynode *fonts,
                               const nb_ynode **roles, nb_diags *d)
{
    static const char *const keys[] = {"roles", NULL};
    char *name;
    *roles = NULL;
    nb_status st = nb_y_name(doc, fonts, "fonts", &name, d);
    if (st != NB_OK)
        return st;
    l->fonts_file = role_map_path(l, name);
    nb_free(name);
    if (!l->fonts_file)
        return nb_y_nomem(d);
    st = nb_ydoc_load_file(l->fonts_file, nb_y_pos(doc, fonts), &l->fonts_ydoc, d);
    if (st != NB_OK)
        return st;
    const nb_ydoc *fd = l->fonts_ydoc;
    if ((st = nb_y_expect(fd, fd->root, NB_Y_MAP, NULL, d)) != NB_OK)
        return st;
    nb_y_keep(&st, nb_y_check_keys(fd, fd->root, "role map", keys, d));
    const nb_ynode *r;
    nb_status rs = nb_y_require(fd, fd->root, "roles", NULL, &r, d);
    if (rs == NB_OK)
        rs = nb_y_expect(fd, r, NB_Y_MAP, "roles", d);
    nb_y_keep(&st, rs);
    if (rs == NB_OK)
        *roles = r;
    return st;
}

nb_status nb_layout_load_roles(nb_layout *l, const nb_ydoc *doc, const nb_ynode *root, nb_diags *d)
{
    const nb_ynode *fonts, *roles = NULL;
    const nb_ynode *over = nb_y_get(root, "font-roles");
    nb_status st = nb_y_require(doc, root, "fonts", NULL, &fonts, d);
    if (st == NB_OK)
        st = load_role_map(l, doc, fonts, &roles, d);
    if (st == NB_ERR_NOMEM)
        return st;
    if (over) {
        nb_status os = nb_y_expect(doc, over, NB_Y_MAP, "font-roles", d);
        nb_y_keep(&st, os);
        if (os != NB_OK)
            over = NULL;
    }
    size_t room = (roles ? roles->count : 0) + (over ? over->count : 0);
    l->roles = nb_calloc(room, sizeof *l->roles);
    if (!l->roles)
        return nb_y_nomem(d);
    if (roles) {
        char *dir = nb_path_dir(l->fonts_file);
        if (!dir)
            return nb_y_nomem(d);
        nb_y_keep(&st, add_roles(l, l->fonts_ydoc, roles, dir, d));
        nb_free(dir);
    }
    if (over && st != NB_ERR_NOMEM)
        nb_y_keep(&st, add_roles(l, doc, over, l->dir, d));
    return st;
}
