/* Fixed-width decimal fields, as in dates ("2022-01-24") and PDF date
 * strings. */
#ifndef NB_UTIL_DIGITS_H
#define NB_UTIL_DIGITS_H

/* The value of the n digits at s; -1 if any of them is not a digit. */
static inline int nb_digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

#endif
