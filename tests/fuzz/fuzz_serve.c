/* libFuzzer target: what a client of `nianbao serve` sends. The first
 * line of the input is taken as a URL path (nb_route_parse), an If-Match
 * header (nb_if_match) and an upload's file name (nb_upload_id); the rest
 * is a request body checked as office data and turned into the JSON the
 * server answers with (nb_data_parse, nb_check_json / nb_diags_json
 * against layouts/annual-report-2021.yaml).
 *
 * Invariants: an office id that comes out of a route or an upload name is
 * a safe file stem (no '/', no '\\', no leading dot, non-empty), and the
 * JSON always comes back. */
#include "fuzz_common.h"

#include <stdlib.h>
#include <string.h>

#include "serve/serve.h"
#include "util/alloc.h"

static nb_layout *layout;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    nb_fuzz_setup();
    layout = nb_fuzz_load_layout("fuzz_serve");
    return 0;
}

static void safe_stem_or_die(const char *id)
{
    if (!*id || id[0] == '.' || strchr(id, '/') || strchr(id, '\\') || !nb_office_id_ok(id))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const uint8_t *nl = memchr(bytes, '\n', size);
    size_t first = nl ? (size_t)(nl - bytes) : size;
    char *line = nb_strndup((const char *)bytes, first);
    if (!line)
        return 0;
    nb_route r = nb_route_parse(line);
    if (r.kind >= R_PAGE && r.kind <= R_PDFA)
        safe_stem_or_die(r.id);
    if (r.kind == R_BAD_ID && r.id[0])
        abort();
    nb_if_match(line, "\"1f-0123456789abcdef\"");
    char ext[8];
    char *id = nb_upload_id(line, ext);
    if (id)
        safe_stem_or_die(id);
    if (strlen(ext) >= sizeof ext)
        abort();
    nb_free(id);
    nb_free(line);

    const char *body = nl ? (const char *)nl + 1 : "";
    size_t len = nl ? size - first - 1 : 0;
    nb_diags d;
    nb_diags_init(&d);
    nb_data *data = NULL;
    char *json = NULL;
    if (nb_data_parse("fuzz.yaml", body, len, &data, &d) == NB_OK) {
        json = nb_check_json(layout, data, NULL, &d, "fuzz.yaml");
        char *view = nb_data_json(data);
        if (!view)
            abort();
        nb_free(view);
    } else {
        json = nb_diags_json(&d, layout, NULL);
    }
    if (!json)
        abort();
    nb_free(json);
    nb_data_free(data);
    nb_diags_free(&d);
    return 0;
}
