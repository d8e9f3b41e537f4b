/* Teaching messages for the YAML mistakes people make in data files
 * (parse/yaml_hints.c), instead of libyaml's parser-speak. */
#ifndef NB_PARSE_YAML_HINTS_H
#define NB_PARSE_YAML_HINTS_H

#include <stddef.h>

/* What to tell the user about a libyaml error found on line `line`
 * (0-based) of `src`, or NULL when there is nothing better to say than
 * libyaml's own message. *at is set to the byte the message should point
 * at. */
const char *nb_yaml_hint(const char *src, size_t len, size_t line, size_t *at);

#endif
