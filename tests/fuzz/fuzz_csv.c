/* libFuzzer target: bytes → nb_csv_import (spreadsheet export → office data
 * text per row) → nb_data_load_mem of every generated office →
 * nb_csv_map_diags back to CSV cells.
 *
 * nb_csv_import takes a path, so each input is written to a file in a
 * private temporary folder (which also holds prose.yaml, for rows whose
 * `prose` column names it). An input that starts with "#enc=NAME\n" is
 * imported with --encoding NAME (the rest of the input is the CSV). */
#include "fuzz_common.h"

#include <string.h>
#include <sys/stat.h>

#include "batch/csv_import.h"
#include "model/data.h"

static char csv_path[sizeof nb_fuzz_dir + 16];

static void put(const char *name, const char *text)
{
    char p[sizeof nb_fuzz_dir + 32];
    snprintf(p, sizeof p, "%s/%s", nb_fuzz_dir, name);
    FILE *f = fopen(p, "wb");
    if (!f)
        abort();
    fputs(text, f);
    fclose(f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    nb_fuzz_setup();
    nb_fuzz_scratch("csv");
    put("prose.yaml", "text:\n  overview:\n    - 第一段。\n    - h2: （一）标题\n  other: [无]\n");
    snprintf(csv_path, sizeof csv_path, "%s/in.csv", nb_fuzz_dir);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    char enc[32];
    const char *encoding = NULL;
    if (size >= 5 && memcmp(bytes, "#enc=", 5) == 0) {
        size_t i = 5, n = 0;
        while (i < size && bytes[i] != '\n' && n + 1 < sizeof enc)
            enc[n++] = (char)bytes[i++];
        enc[n] = '\0';
        if (i < size && bytes[i] == '\n')
            i++;
        bytes += i;
        size -= i;
        encoding = enc;
    }
    FILE *f = fopen(csv_path, "wb");
    if (!f)
        abort();
    if (size && fwrite(bytes, 1, size, f) != size)
        abort();
    fclose(f);

    nb_diags d;
    nb_diags_init(&d);
    nb_csv_batch b;
    nb_status s = nb_csv_import(csv_path, encoding, &b, &d);
    if (s != NB_OK && s != NB_ERR_NOMEM && d.errors == 0)
        abort();
    nb_fuzz_print_diags(&d);
    for (size_t i = 0; i < b.count; i++) {
        nb_csv_office *o = &b.offices[i];
        if (!o->yaml || o->len != strlen(o->yaml) || o->row < 2)
            abort();
        size_t from = d.count;
        nb_data *data = NULL;
        nb_status ds = nb_data_load_mem(o->name, o->yaml, o->len, &data, &d);
        if (ds != NB_OK && ds != NB_ERR_NOMEM && d.count == from)
            abort(); /* an error the user would never see */
        nb_csv_map_diags(&b, o, &d, from);
        for (size_t k = from; k < d.count; k++)
            if (d.items[k].line < 0 || d.items[k].col < 0)
                abort();
        nb_data_free(data);
    }
    nb_fuzz_print_diags(&d);
    nb_csv_batch_free(&b);
    nb_diags_free(&d);
    return 0;
}
