/* Prose in plain text files: a clerk pastes from Word into a .txt, one
 * paragraph a line, instead of quoting YAML strings.
 *
 *   text:
 *     overview: !include overview.txt      one section from a file
 *   text-file: report.txt                   the whole report's prose
 *
 * Headings are recognised by their numbering: （一） lines and 1. lines are
 * h2/h3 headings — stand-alone when short and without 。, run in ("（一）主
 * 动公开方面。正文…") when their first sentence is short — and in a
 * text-file, 一、… lines open the layout's sections, matched by number
 * (the prose the layout prints after its heading of that number); lines
 * before the first 一、 are the preamble. The title line(s) naming a
 * 政府信息公开工作年度报告, the signature and the date are skipped. The same
 * classification serves `nianbao import` (src/import). */
#ifndef NB_MODEL_TEXTFILE_H
#define NB_MODEL_TEXTFILE_H

#include <stddef.h>

#include "data.h"
#include "layout.h"

/* How a paragraph reads: *level 0 (body), 2 or 3 (a heading) and
 * *head_len bytes of heading (the whole text for a stand-alone heading,
 * the lead sentence for a run-in one). `lead`: bytes at the start set in
 * bold or 楷体 (0 in plain text). */
void nb_text_classify(const char *text, size_t lead, int *level, size_t *head_len);

/* "一、" at the start of s: its numeral into num (NUL-terminated) and the
 * prefix's length in bytes, or 0. */
size_t nb_text_h1(const char *s, char *num, size_t size);

/* Reads a plain-text file's paragraphs into sections. With `sections`
 * false, everything goes into (*out)[0] (an !include); with it true, 一、
 * lines start sections keyed by their numeral ("一") and what precedes the
 * first is keyed "" (a text-file). Positions point into `file` (kept by
 * the caller). Errors: NB_ERR_IO, NB_ERR_LIMIT, NB_ERR_SYNTAX (not UTF-8, a
 * NUL), NB_ERR_NOMEM, each at `at` (the YAML line naming the file). */
nb_status nb_text_read(const char *file, nb_pos at, bool sections, nb_section **out, size_t *count,
                       nb_diags *d);

/* The data with text-file sections ("一") renamed to the layout's prose
 * keys: *view is a shallow copy of *data whose `sections` is *owned (free
 * with nb_free; NULL when nothing needed renaming and view->sections is
 * the data's own). A numbered section the layout has no prose for, or a
 * section given both ways, is an NB_ERR_SCHEMA error. */
nb_status nb_data_prose_view(const nb_layout *l, const nb_data *data, nb_data *view,
                             nb_section **owned, nb_diags *d);

#endif
