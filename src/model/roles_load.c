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
    return rel[0] == '/' ? nb_strdup(rel) : nb_strjoin(dir, '/', rel);
}

void nb_role_free(nb_role *r)
{
    for (size_t i = 0; i < r->count; i++)
        nb_free(r->chain[i].name);
    nb_free(r->chain);
    nb_free(r->name);
    *r = (nb_role){0};
}

/* One chain entry: {family: NAME} or {file: PATH, index: N}; false when
 * it has an error. */
static bool load_src(nb_yload *y, const nb_ynode *n, const char *dir, nb_fontsrc *out)
{
    static const char *const keys[] = {"family", "file", "index", NULL};
    char buf[NB_Y_DESCRIBE];
    out->pos = nb_yl_pos(y, n);
    if (n->kind != NB_Y_MAP) {
        nb_yl_error(y, NB_ERR_SCHEMA, out->pos,
                    "a font must be a mapping such as {family: NAME} or "
                    "{file: PATH}, found %s",
                    nb_y_describe(n, buf, sizeof buf));
        return false;
    }
    bool ok = nb_yl_check_keys(y, n, "font", keys);
    const nb_ypair *fam = nb_y_pair(n, "family"), *file = nb_y_pair(n, "file");
    const nb_ypair *idx = nb_y_pair(n, "index");
    if (!fam && !file) {
        nb_yl_error(y, NB_ERR_SCHEMA, out->pos, "a font needs 'family' or 'file'");
        return false;
    }
    if (fam && file) {
        nb_yl_error(y, NB_ERR_SCHEMA, nb_yl_pos(y, file->key),
                    "a font takes 'family' or 'file', not both");
        return false;
    }
    if (fam && idx) {
        nb_yl_error(y, NB_ERR_SCHEMA, nb_yl_pos(y, idx->key),
                    "'index' applies only to a 'file' font");
        ok = false;
    }
    if (idx && file)
        ok = nb_yl_int(y, idx->value, "index", 0, 65535, &out->index) && ok;
    if (fam) {
        out->kind = NB_FONTSRC_FAMILY;
        return nb_yl_name(y, fam->value, "family", &out->name) && ok;
    }
    out->kind = NB_FONTSRC_FILE;
    char *rel;
    if (!nb_yl_name(y, file->value, "file", &rel))
        return false;
    out->name = nb_path_join(dir, rel);
    nb_free(rel);
    if (!out->name) {
        nb_yl_nomem(y);
        return false;
    }
    return ok;
}

/* ROLE: [font, ...] into *r (which the caller frees on any outcome);
 * false when it has an error. */
static bool load_role(nb_yload *y, const nb_ypair *p, const char *dir, nb_role *r)
{
    r->pos = nb_yl_pos(y, p->key);
    bool ok = nb_yl_name(y, p->key, "role name", &r->name);
    if (nb_yl_oom(y))
        return false;
    const char *what = r->name ? r->name : "role";
    if (!nb_yl_expect(y, p->value, NB_Y_SEQ, what))
        return false;
    if (p->value->count == 0) {
        nb_yl_error(y, NB_ERR_SCHEMA, nb_yl_pos(y, p->value), "role '%s' has no fonts", what);
        return false;
    }
    r->chain = nb_calloc(p->value->count, sizeof *r->chain);
    if (!r->chain) {
        nb_yl_nomem(y);
        return false;
    }
    r->count = p->value->count;
    for (size_t i = 0; i < r->count && !nb_yl_oom(y); i++)
        ok = load_src(y, p->value->items[i], dir, &r->chain[i]) && ok;
    return ok;
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
static void add_roles(nb_layout *l, nb_yload *y, const nb_ynode *map, const char *dir)
{
    for (size_t i = 0; i < map->count && !nb_yl_oom(y); i++) {
        nb_role r = {0};
        if (!load_role(y, &map->pairs[i], dir, &r) || !r.name) {
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
 * is its `roles:` mapping. Errors in the file are recorded in `y` (the
 * layout's loader) as well. */
static void load_role_map(nb_layout *l, nb_yload *y, const nb_ynode *fonts, const nb_ynode **roles)
{
    static const char *const keys[] = {"roles", NULL};
    char *name;
    *roles = NULL;
    if (!nb_yl_name(y, fonts, "fonts", &name))
        return;
    l->fonts_file = role_map_path(l, name);
    nb_free(name);
    if (!l->fonts_file) {
        nb_yl_nomem(y);
        return;
    }
    if (!nb_yl_keep(y, nb_ydoc_load_file(l->fonts_file, nb_yl_pos(y, fonts), &l->fonts_ydoc, y->d)))
        return;
    nb_yload map = {.doc = l->fonts_ydoc, .d = y->d};
    const nb_ynode *r;
    if (nb_yl_expect(&map, map.doc->root, NB_Y_MAP, NULL)) {
        nb_yl_check_keys(&map, map.doc->root, "role map", keys);
        if (nb_yl_require(&map, map.doc->root, "roles", NULL, &r) &&
            nb_yl_expect(&map, r, NB_Y_MAP, "roles"))
            *roles = r;
    }
    nb_yl_keep(y, map.st);
}

nb_status nb_layout_load_roles(nb_layout *l, const nb_ydoc *doc, const nb_ynode *root, nb_diags *d)
{
    nb_yload y = {.doc = doc, .d = d};
    const nb_ynode *fonts, *roles = NULL;
    const nb_ynode *over = nb_y_get(root, "font-roles");
    if (nb_yl_require(&y, root, "fonts", NULL, &fonts))
        load_role_map(l, &y, fonts, &roles);
    if (nb_yl_oom(&y))
        return y.st;
    if (over && !nb_yl_expect(&y, over, NB_Y_MAP, "font-roles"))
        over = NULL;
    size_t room = (roles ? roles->count : 0) + (over ? over->count : 0);
    l->roles = nb_calloc(room, sizeof *l->roles);
    if (!l->roles) {
        nb_yl_nomem(&y);
        return y.st;
    }
    if (roles) {
        char *dir = nb_path_dir(l->fonts_file);
        if (!dir) {
            nb_yl_nomem(&y);
            return y.st;
        }
        nb_yload map = {.doc = l->fonts_ydoc, .d = d};
        add_roles(l, &map, roles, dir);
        nb_yl_keep(&y, map.st);
        nb_free(dir);
    }
    if (over && !nb_yl_oom(&y))
        add_roles(l, &y, over, l->dir);
    return y.st;
}
