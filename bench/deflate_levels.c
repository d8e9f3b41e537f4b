/* CPU time and size of deflating a report's font programs and ToUnicode
 * CMaps with zlib (what libharu used) and libdeflate at several levels:
 * the measurement behind NB_DEFLATE_LEVEL (src/draw/deflate.h).
 *
 *   build/nianbao render samples/fanshi-2021.yaml --no-compress -o /tmp/raw.pdf
 *   build/bench/nb_bench_deflate /tmp/raw.pdf [REPS] */
#define _GNU_SOURCE /* memmem */
#include <libdeflate.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

static double cpu_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* The streams whose dictionary says CIDFontType0C/FontFile2 (Length1) or
 * whose data is a CMap: start and length of each, in pdf[0..n). */
static size_t find_streams(const char *pdf, size_t n, size_t *at, size_t *len, size_t max)
{
    size_t k = 0;
    const char *p = pdf, *end = pdf + n;
    while (k < max && (p = memmem(p, (size_t)(end - p), "stream\r\n", 8))) {
        const char *dict = p;
        while (dict > pdf && (size_t)(p - dict) < 300 && !(dict[0] == '<' && dict[1] == '<'))
            dict--;
        const char *data = p + 8, *stop = memmem(data, (size_t)(end - data), "endstream", 9);
        if (!stop)
            break;
        size_t l = (size_t)(stop - data);
        while (l && (data[l - 1] == '\r' || data[l - 1] == '\n'))
            l--;
        bool font = memmem(dict, (size_t)(p - dict), "CIDFontType0C", 13) ||
                    memmem(dict, (size_t)(p - dict), "/Length1", 8);
        if (font || (l > 20 && !memcmp(data, "/CIDInit", 8))) {
            at[k] = (size_t)(data - pdf);
            len[k++] = l;
        }
        p = stop;
    }
    return k;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: nb_bench_deflate UNCOMPRESSED.pdf [REPS]\n");
        return 2;
    }
    int reps = argc > 2 ? atoi(argv[2]) : 20;
    FILE *f = fopen(argv[1], "rb");
    if (!f)
        return perror(argv[1]), 1;
    fseek(f, 0, SEEK_END);
    size_t n = (size_t)ftell(f);
    rewind(f);
    char *pdf = malloc(n);
    if (!pdf || fread(pdf, 1, n, f) != n)
        return 1;
    fclose(f);
    size_t at[256], len[256], raw = 0;
    size_t ns = find_streams(pdf, n, at, len, 256);
    for (size_t i = 0; i < ns; i++)
        raw += len[i];
    printf("%zu streams, %zu bytes\n", ns, raw);
    unsigned char *out = malloc(2 * raw + 65536);
    static const int levels[] = {0, 1, 4, 6, 9, 12}; /* 0: zlib at 6 */
    for (size_t li = 0; li < sizeof levels / sizeof levels[0]; li++) {
        int lv = levels[li];
        size_t total = 0;
        double t0 = cpu_ms();
        for (int r = 0; r < reps; r++) {
            total = 0;
            for (size_t i = 0; i < ns; i++) {
                const unsigned char *src = (const unsigned char *)pdf + at[i];
                if (lv == 0) {
                    uLongf dl = 2 * raw + 65536;
                    compress2(out, &dl, src, len[i], 6);
                    total += dl;
                } else {
                    struct libdeflate_compressor *c = libdeflate_alloc_compressor(lv);
                    total += libdeflate_zlib_compress(c, src, len[i], out, 2 * raw + 65536);
                    libdeflate_free_compressor(c);
                }
            }
        }
        printf("%s level %2d: %6.2f ms CPU a report, %zu bytes\n", lv ? "libdeflate" : "zlib      ",
               lv ? lv : 6, (cpu_ms() - t0) / reps, total);
    }
    free(out);
    free(pdf);
    return 0;
}
