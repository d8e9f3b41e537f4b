/* 64-bit FNV-1a: deterministic content hashes for subset tags and manifests.
 * Not for security. */
#ifndef NB_UTIL_HASH_H
#define NB_UTIL_HASH_H

#include <stddef.h>
#include <stdint.h>

#define NB_HASH_INIT UINT64_C(0xcbf29ce484222325)

static inline uint64_t nb_hash(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

#endif
