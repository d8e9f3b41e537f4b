/* Unit tests for src/break/: Chinese line breaking (no line starts with a
 * closing mark or ends with an opening one, numbers with their units stay
 * whole, a last line holds two characters) and justification. Prints
 * "N passed, N failed". */
#include "break/lines.h"
#include "sample.h"

/* Shapes `text` in the body style with `tracking` and classifies it. */
static bool shape_body(const sample *s, const char *text, nb_mpt tracking, nb_shaped *out)
{
    const nb_style *st = sample_style(s, "body");
    nb_span sp = {text, strlen(text), st->role_index, st->role, st->size, tracking, NB_NOPOS};
    nb_diags d;
    nb_diags_init(&d);
    bool ok = CHECK(nb_shape(s->fonts, &sp, 1, out, &d) == NB_OK) &&
              CHECK(nb_break_classify(out) == NB_OK);
    nb_diags_free(&d);
    return ok;
}

/* Characters of a line [first, end) whose flags have none of `skip`. */
static int count_chars(const nb_shaped *sh, const nb_break_line *ln, unsigned skip)
{
    int n = 0;
    for (uint32_t c = ln->first; c < ln->vis_end; c++)
        n += !(sh->clusters[c].flags & skip);
    return n;
}

/* Breaks at every width from 5 to 12 characters: the prohibition rules
 * and the 孤字 rule hold on every line, and lines cover the text. */
static void test_rules(const sample *s)
{
    const char *text = "本机关2021年共收到政府信息公开申请123件，“依申请公开”的答复（含补正）"
                       "均在法定期限内作出。全年未发生行政复议——诉讼……等情况，特此报告。";
    nb_shaped sh;
    if (!shape_body(s, text, 0, &sh)) {
        nb_shaped_free(&sh);
        return;
    }
    const nb_mpt em = sample_style(s, "body")->size;
    for (int chars = 5; chars <= 12; chars++) {
        nb_breaks br;
        if (!CHECK(nb_break_lines(&sh, chars * em, 0, NB_ALIGN_JUSTIFY, &br) == NB_OK))
            continue;
        uint32_t next = 0;
        bool ok = br.count > 1;
        for (size_t i = 0; i < br.count && ok; i++) {
            const nb_break_line *ln = &br.lines[i];
            const nb_cluster *first = &sh.clusters[ln->first];
            const nb_cluster *last = &sh.clusters[ln->vis_end - 1];
            ok = CHECKF(ln->first == next && ln->end > ln->first, "%d: line %zu follows on", chars,
                        i) &&
                 CHECKF(!(first->flags & NB_CL_NO_START), "%d: line %zu starts with a closing mark",
                        chars, i) &&
                 CHECKF(!(last->flags & NB_CL_NO_END) || i + 1 == br.count,
                        "%d: line %zu ends with an opening mark", chars, i) &&
                 CHECKF(!(first->flags & NB_CL_UNIT) ||
                            !(sh.clusters[ln->first - 1].flags & NB_CL_DIGIT),
                        "%d: line %zu parts a number from its unit", chars, i);
            next = ln->end;
        }
        CHECKF(next == sh.nclusters, "%d: the lines cover the text", chars);
        const nb_break_line *tail = &br.lines[br.count - 1];
        CHECKF(count_chars(&sh, tail, NB_CL_PUNCT | NB_CL_SPACE) >= 2,
               "%d: the last line holds two characters (孤字)", chars);
        nb_breaks_free(&br);
    }
    nb_shaped_free(&sh);
}

/* Justified lines fill the measure exactly; the last line is natural; a
 * first-line indent shortens only the first line. */
static void test_justify(const sample *s)
{
    const char *text = "各级行政机关应当主动公开本行政机关的政府信息并及时更新，"
                       "依申请公开的应当在规定期限内答复。";
    nb_shaped sh;
    const nb_mpt em = sample_style(s, "body")->size, width = 9 * em + em / 2;
    nb_breaks br = {0};
    if (shape_body(s, text, 0, &sh) &&
        CHECK(nb_break_lines(&sh, width, 2 * em, NB_ALIGN_JUSTIFY, &br) == NB_OK) &&
        CHECK(br.count >= 3)) {
        CHECK(br.lines[0].offset == 2 * em && br.lines[1].offset == 0);
        nb_mpt *extra = nb_calloc(sh.nclusters + 1, sizeof *extra);
        for (size_t i = 0; extra && i < br.count; i++) {
            const nb_break_line *ln = &br.lines[i];
            nb_break_justify(&sh, ln, extra);
            nb_mpt w = 0;
            for (uint32_t c = ln->first; c < ln->vis_end; c++)
                w += sh.clusters[c].width + (c + 1 < ln->vis_end ? extra[c] : 0);
            if (i + 1 < br.count)
                CHECKF(ln->offset + w == width, "line %zu justified to %d: %d", i, width,
                       ln->offset + w);
            else
                CHECKF(w == ln->width, "the last line keeps its natural width %d: %d", ln->width,
                       w);
        }
        nb_free(extra);
    }
    nb_breaks_free(&br);
    nb_shaped_free(&sh);
}

/* Centred text: the offset centres the natural width. */
static void test_center(const sample *s)
{
    nb_shaped sh;
    const nb_mpt em = sample_style(s, "body")->size;
    nb_breaks br = {0};
    if (shape_body(s, "年度报告", 0, &sh) &&
        CHECK(nb_break_lines(&sh, 10 * em, 0, NB_ALIGN_CENTER, &br) == NB_OK) &&
        CHECK(br.count == 1))
        CHECKF(br.lines[0].offset == 3 * em && br.lines[0].width == 4 * em, "offset %d width %d",
               br.lines[0].offset, br.lines[0].width);
    nb_breaks_free(&br);
    nb_shaped_free(&sh);
}

int main(void)
{
    sample s;
    if (sample_load(&s)) {
        test_rules(&s);
        test_justify(&s);
        test_center(&s);
    }
    sample_free(&s);
    return check_done();
}
