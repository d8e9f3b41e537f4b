/* UTF-8 decoding that never reads past the end and rejects what RFC 3629
 * rejects (overlongs, surrogates, > U+10FFFF). */
#ifndef NB_UTIL_UTF8_H
#define NB_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes one code point at s[*i] (len bytes total), advances *i.
 * Returns the code point, or -1 for an invalid sequence (then *i advances
 * by one byte). */
int32_t nb_utf8_next(const char *s, size_t len, size_t *i);
/* Byte offset of the first invalid sequence, or (size_t)-1 if valid. */
size_t nb_utf8_invalid_at(const char *s, size_t len);
/* Encodes cp into out (at least 4 bytes); returns the byte count. */
int nb_utf8_encode(uint32_t cp, char *out);
/* Encodes cp as UTF-16 into out (1 or 2 code units, a surrogate pair above
 * U+FFFF); returns the unit count. Values that are not scalar values
 * (surrogates, > U+10FFFF) become U+FFFD. The one UTF-16 encoder of the
 * project: PDF text strings and ToUnicode CMaps both use it. */
int nb_utf16_encode(uint32_t cp, uint16_t out[2]);

#endif
