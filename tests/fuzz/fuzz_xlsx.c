/* libFuzzer target: bytes → an .xlsx package → nb_xlsx_import (src/ooxml
 * zip and XML, shared strings, cells, the header, office rows) →
 * nb_data_load_mem of every generated office → nb_sheet_map_diags back to
 * the Excel cell.
 *
 * Deflated zips are hard for a fuzzer to mutate, so an input is either a
 * raw package (it starts with "PK") or a list of parts the target stores
 * into a fresh zip with libzip:
 *   ==> xl/workbook.xml
 *   <workbook>…</workbook>
 *   ==> xl/worksheets/sheet1.xml
 *   …
 * Limits: inputs up to 64 KiB (scripts/test runs it with -max_len=65536);
 * the reader's own limits (grid.h, ooxml.h) bound everything else. */
#include "fuzz_common.h"

#include <string.h>
#include <zip.h>

#include "model/data.h"
#include "sheet/sheet.h"

static char dir[] = "/tmp/nb-fuzz-xlsx-XXXXXX";
static char path[sizeof dir + 16];

static void cleanup(void)
{
    unlink(path);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    nb_fuzz_setup();
    if (!mkdtemp(dir))
        abort();
    atexit(cleanup);
    snprintf(path, sizeof path, "%s/in.xlsx", dir);
    return 0;
}

/* Stores the "==> NAME" parts of `bytes` as members of a new zip. */
static void write_parts(const uint8_t *bytes, size_t size)
{
    int err;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (!z)
        abort();
    const char *p = (const char *)bytes, *end = p + size;
    while (p < end) {
        const char *mark = memmem(p, (size_t)(end - p), "==> ", 4);
        if (!mark)
            break;
        const char *nl = memchr(mark, '\n', (size_t)(end - mark));
        if (!nl)
            break;
        char name[256];
        size_t n = (size_t)(nl - mark - 4);
        if (n >= sizeof name)
            n = sizeof name - 1;
        memcpy(name, mark + 4, n);
        name[n] = '\0';
        const char *body = nl + 1;
        const char *next = memmem(body, (size_t)(end - body), "\n==> ", 5);
        const char *stop = next ? next : end;
        zip_source_t *src = zip_source_buffer(z, body, (zip_uint64_t)(stop - body), 0);
        if (!src || zip_file_add(z, name, src, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8) < 0) {
            zip_source_free(src);
        } else {
            zip_set_file_compression(z, (zip_uint64_t)zip_get_num_entries(z, 0) - 1, ZIP_CM_STORE,
                                     0);
        }
        p = next ? next + 1 : end;
    }
    if (zip_close(z) != 0) {
        zip_discard(z);
        FILE *f = fopen(path, "wb"); /* no member named: an empty file */
        if (f)
            fclose(f);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    if (size > 65536)
        return 0;
    if (size >= 2 && bytes[0] == 'P' && bytes[1] == 'K') {
        FILE *f = fopen(path, "wb");
        if (!f || (size && fwrite(bytes, 1, size, f) != size))
            abort();
        fclose(f);
    } else {
        write_parts(bytes, size);
    }
    nb_diags d;
    nb_diags_init(&d);
    nb_sheet_batch b;
    nb_status s = nb_xlsx_import(path, &b, &d);
    if (s != NB_OK && s != NB_ERR_NOMEM && d.errors == 0)
        abort(); /* a failure the user would get no reason for */
    nb_fuzz_print_diags(&d);
    for (size_t i = 0; i < b.count; i++) {
        nb_sheet_office *o = &b.offices[i];
        if (!o->yaml || o->len != strlen(o->yaml) || o->row < 1 || !o->office)
            abort();
        size_t from = d.count;
        nb_data *data = NULL;
        nb_status ds = nb_data_load_mem(o->name, o->yaml, o->len, &data, &d);
        if (ds != NB_OK && ds != NB_ERR_NOMEM && d.count == from)
            abort();
        nb_sheet_map_diags(&b, o, &d, from);
        for (size_t k = from; k < d.count; k++)
            if (d.items[k].line < 0 || d.items[k].col < 0)
                abort();
        nb_data_free(data);
    }
    nb_fuzz_print_diags(&d);
    nb_sheet_batch_free(&b);
    nb_diags_free(&d);
    return 0;
}
