/* Prose as offices really write it, made ready to typeset at load time.
 *
 * Offices draft in Word or WPS and paste into their data file, or copy text
 * out of a PDF. What that leaves behind and what becomes of it:
 *   - indentation before a paragraph (ASCII or ideographic spaces, tabs):
 *     removed, the layout indents paragraphs itself;
 *   - line breaks inside a paragraph (a YAML `|` block, a folded plain
 *     scalar, text copied from a PDF): the lines are joined, with no space
 *     between Chinese characters and one space between Latin words;
 *   - a blank line, or a line that starts with indentation as every Word
 *     paragraph does when pasted, starts a new paragraph;
 *   - NO-BREAK SPACE (and its narrow and figure variants) is kept as
 *     U+00A0, which line breaking never breaks at and justification never
 *     stretches;
 *   - zero-width and other invisible formatting characters, BOMs and
 *     U+2028/U+2029 are removed (the separators act as line breaks).
 * Each change is a note at the file:line:col of the first character it
 * concerns, never silent and never an error. Characters that fonts cannot
 * show and that are not formatting are left alone, so shaping still stops
 * at them with its [glyph] error.
 *
 * Positions: the YAML tree keeps only values, so the scalar's source text is
 * aligned with its value character by character; that also tells a space
 * YAML made out of a line break (a folded line) from a space typed in the
 * line, which is kept. */
#ifndef NB_MODEL_NORMALIZE_H
#define NB_MODEL_NORMALIZE_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/diag.h"

typedef struct nb_npara {
    char *text; /* owned; never empty */
    nb_pos pos; /* its first character in the source */
} nb_npara;

typedef struct nb_ntext {
    nb_npara *paras;
    size_t count;
} nb_ntext;

/* The source file a loader reads, with a cursor that finds a line:col in
 * it: values are normalised in file order, so each search walks on from
 * the last one instead of from the start. */
typedef struct nb_nsrc {
    const char *bytes; /* NULL: positions stay at the value's start */
    size_t len;
    size_t off; /* the cursor: byte `off` is at line:col */
    int line, col;
} nb_nsrc;

/* Normalises the scalar `value` that starts at `at` in `src`. With
 * `split`, paragraph breaks make several paragraphs; without (a heading),
 * they join like line breaks. An all-blank value gives count 0. Returns
 * NB_OK or NB_ERR_NOMEM. */
nb_status nb_normalize_text(const char *value, nb_nsrc *src, nb_pos at, bool split, nb_ntext *out,
                            nb_diags *d);
void nb_ntext_free(nb_ntext *t);

#endif
