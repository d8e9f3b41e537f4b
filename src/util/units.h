/* Integer length unit used from layout to drawing: the millipoint (1/1000
 * PostScript point). Integers keep golden dumps identical on every machine;
 * 2^31 mpt is 750 m, far beyond any page. */
#ifndef NB_UTIL_UNITS_H
#define NB_UTIL_UNITS_H

#include <stdbool.h>
#include <stdint.h>

typedef int32_t nb_mpt;

#define NB_PT(x) ((nb_mpt)((x)*1000))
/* 1 mm = 72/25.4 pt; rounded to the nearest millipoint. */
#define NB_MM(x) ((nb_mpt)((x)*72000.0 / 25.4 + 0.5))

/* A length as written: absolute (mm, pt, cm, in → millipoints) or relative
 * to the em of the style it applies to (in thousandths of an em). */
typedef struct nb_length {
    int32_t value;
    bool em;
} nb_length;

#endif
