/* Teaching messages for YAML mistakes. libyaml says "found character that
 * cannot start any token" for a tab and "did not find expected key" for
 * 他说"你好" inside double quotes; a clerk needs to hear what to type. */
#include "yaml_hints.h"

#include <stdbool.h>
#include <string.h>

static const char TAB_HINT[] = "tabs are not allowed for indentation; use spaces";
static const char QUOTE_HINT[] =
    "this \" ends the double-quoted string it is inside; to keep a \" in the text write it as "
    "\\\", or put the whole value in single quotes ('他说\"你好\"'), or use Chinese quotation "
    "marks “”";

static size_t line_start(const char *s, size_t off)
{
    while (off && s[off - 1] != '\n')
        off--;
    return off;
}

static size_t line_end(const char *s, size_t len, size_t off)
{
    while (off < len && s[off] != '\n' && s[off] != '\r')
        off++;
    return off;
}

/* A tab among the leading white space of the line. */
static bool tab_indent(const char *s, size_t from, size_t to, size_t *at)
{
    for (size_t i = from; i < to && (s[i] == ' ' || s[i] == '\t'); i++)
        if (s[i] == '\t') {
            *at = i;
            return true;
        }
    return false;
}

/* A double-quoted scalar on the line (opened after indentation, "- ",
 * ": ", "[" or ",") whose closing quote is followed by more text: the
 * closing quote was meant to be part of the text. */
static bool early_close(const char *s, size_t from, size_t to, size_t *at)
{
    for (size_t i = from; i < to; i++) {
        if (s[i] == '#' && (i == from || s[i - 1] == ' '))
            return false; /* a comment */
        if (s[i] != '"')
            continue;
        size_t k = i;
        while (k > from && s[k - 1] == ' ')
            k--;
        bool opens = k == from || s[k - 1] == '-' || s[k - 1] == ':' || s[k - 1] == '[' ||
                     s[k - 1] == ',' || s[k - 1] == '{';
        if (!opens)
            continue;
        size_t j = i + 1;
        while (j < to && s[j] != '"')
            j += s[j] == '\\' ? 2 : 1;
        if (j >= to)
            return false; /* runs on: not this mistake */
        size_t n = j + 1;
        while (n < to && s[n] == ' ')
            n++;
        if (n < to && !strchr(",]}#:", s[n])) {
            *at = j;
            return true;
        }
        i = j;
    }
    return false;
}

const char *nb_yaml_hint(const char *src, size_t len, size_t line, size_t *at)
{
    size_t off = 0;
    for (size_t n = 0; n < line && off < len; off++) /* \n and \r\n ends */
        if (src[off] == '\n')
            n++;
    size_t from = line_start(src, off), to = line_end(src, len, off);
    if (tab_indent(src, from, to, at))
        return TAB_HINT;
    if (early_close(src, from, to, at))
        return QUOTE_HINT;
    /* libyaml may stop on the line after the mistake */
    if (from) {
        size_t pfrom = line_start(src, from - 1), pto = line_end(src, len, pfrom);
        if (tab_indent(src, pfrom, pto, at))
            return TAB_HINT;
        if (early_close(src, pfrom, pto, at))
            return QUOTE_HINT;
    }
    return NULL;
}
