/* Unit tests for src/bind/: figures into the tables (values exactly as
 * written, computed totals, unknown keys and blanks reported at their data
 * line) and the layout's blocks into items (placeholders replaced, the
 * signature's date written out, tables with their figures). Prints
 * "N passed, N failed". */
#include "bound.h"
#include "util/buf.h"
#include "util/fileio.h"

/* The sample with its `figures:` replaced by `figures` (text after the
 * key), loaded from memory as "mem.yaml"; NULL after a failed check. */
static nb_data *with_figures(const char *figures, nb_diags *d)
{
    nb_buf b = {0};
    nb_data *data = NULL;
    if (!CHECK(nb_read_file(SAMPLE_DATA, 1 << 20, NB_NOPOS, &b, d) == NB_OK))
        return NULL;
    char *cut = strstr(b.data, "\nfigures:");
    if (CHECK(cut != NULL)) {
        b.len = (size_t)(cut - b.data) + 1;
        nb_buf_puts(&b, "figures:\n");
        nb_buf_puts(&b, figures);
        nb_data_load_mem("mem.yaml", b.data, b.len, &data, d);
    }
    nb_buf_free(&b);
    return data;
}

/* The line of "mem.yaml" that `needle` starts on, for expected positions. */
static int line_of(const char *figures, const char *needle)
{
    nb_buf b = {0};
    nb_diags d;
    nb_diags_init(&d);
    nb_read_file(SAMPLE_DATA, 1 << 20, NB_NOPOS, &b, &d);
    int line = 1;
    for (const char *p = b.data; *p && strncmp(p, "\nfigures:", 9) != 0; p++)
        line += *p == '\n';
    line += 1; /* figures: */
    const char *at = strstr(figures, needle);
    for (const char *p = figures; at && p < at; p++)
        line += *p == '\n';
    nb_buf_free(&b);
    nb_diags_free(&d);
    return line + 1;
}

static void test_figures(const sample *s)
{
    const char *figures = "  requests.new: [1, 2, 0, 0, 0, 0]\n"
                          "  requests.new.total: 3\n"
                          "  active.fees.amount: 24252.311082\n"
                          "  active.license.count: ~\n"
                          "  active.nothing: 4\n";
    nb_diags d;
    nb_diags_init(&d);
    nb_data *data = with_figures(figures, &d);
    nb_figures f = {0};
    if (data) {
        nb_status st = nb_figures_bind(s->layout, data, NULL, true, &f, &d);
        CHECKF(st == NB_ERR_SCHEMA, "bind: %s", nb_status_name(st));
        const nb_diag *e = diag_find(&d, NB_ERROR, "unknown figure key 'active.nothing'");
        CHECKF(e && e->line == line_of(figures, "active.nothing") && e->col == 3,
               "the unknown key at mem.yaml:%d:3", line_of(figures, "active.nothing"));
        const nb_diag *row = diag_find(&d, NB_ERROR, "requests.new");
        CHECKF(row && row->line == line_of(figures, "requests.new:"),
               "a row of 6 for 7 columns is an error at its line");
        CHECKF(diag_find(&d, NB_WARNING, "active.license.count") != NULL,
               "an explicit blank is a warning");
        const char *v = nb_figures_value(s->layout, &f, "active.fees.amount");
        CHECKF(v && strcmp(v, "24252.311082") == 0, "a value prints as written: %s", v);
        v = nb_figures_value(s->layout, &f, "requests.new.total");
        CHECK(v && strcmp(v, "3") == 0);
        CHECK(nb_figures_value(s->layout, &f, "active.nothing") == NULL);
    }
    nb_figures_free(&f);
    nb_data_free(data);
    nb_diags_free(&d);
}

/* A total left out is computed by the layout's rules (A2: the row sum). */
static void test_compute(const sample *s)
{
    nb_diags d;
    nb_diags_init(&d);
    nb_data *data = with_figures("  requests.new.natural: 5\n"
                                 "  requests.new.business: 7\n"
                                 "  requests.new.research: 0\n"
                                 "  requests.new.welfare: 0\n"
                                 "  requests.new.legal: 0\n"
                                 "  requests.new.other: 0\n",
                                 &d);
    nb_figures f = {0};
    if (data && CHECK(nb_figures_bind(s->layout, data, NULL, true, &f, &d) == NB_OK)) {
        const char *v = nb_figures_value(s->layout, &f, "requests.new.total");
        CHECKF(v && strcmp(v, "12") == 0, "总计 computed: %s", v ? v : "(none)");
        const nb_table *t = nb_layout_find_table(s->layout, "requests");
        long cell = t ? nb_table_find_key(t, "requests.new.total") : -1;
        for (size_t i = 0; cell >= 0 && i < f.count; i++)
            if (f.tables[i].table == t)
                CHECK(f.tables[i].computed[cell]);
    }
    nb_figures_free(&f);
    nb_data_free(data);
    nb_diags_free(&d);
}

static bool has_placeholder(const char *s) { return strchr(s, '{') && strchr(s, '}'); }

static void test_items(const bound_sample *b)
{
    const nb_bound *bd = &b->bound;
    CHECK(bd->count > 20);
    CHECK(bd->author && strcmp(bd->author, "繁峙县人民政府办公室") == 0);
    CHECK(bd->title && strstr(bd->title, "2021年度政府信息公开工作年度报告"));
    size_t tables = 0, signatures = 0;
    for (size_t i = 0; i < bd->count; i++) {
        const nb_item *it = &bd->items[i];
        for (size_t k = 0; k < it->nspans; k++)
            CHECKF(it->spans[k].text && !has_placeholder(it->spans[k].text) && it->spans[k].style,
                   "item %zu span %zu is bound: %s", i, k, it->spans[k].text);
        if (it->kind == NB_IT_TABLE) {
            tables++;
            CHECK(it->table && it->values && it->values->table == it->table);
        } else if (it->kind == NB_IT_SIGNATURE) {
            signatures++;
            CHECK(it->nspans == 2 && strcmp(it->spans[0].text, "繁峙县人民政府办公室") == 0 &&
                  strcmp(it->spans[1].text, "2022年1月24日") == 0);
        }
    }
    CHECKF(tables == b->s.layout->ntables && signatures == 1, "%zu tables, %zu signatures", tables,
           signatures);
    CHECK(bd->items[0].kind == NB_IT_PARA &&
          strcmp(bd->items[0].spans[0].text, "繁峙县人民政府办公室") == 0);
}

int main(void)
{
    bound_sample b;
    if (bound_load(&b)) {
        test_figures(&b.s);
        test_compute(&b.s);
        test_items(&b);
    }
    bound_free(&b);
    return check_done();
}
