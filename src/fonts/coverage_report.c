/* `nianbao fonts`: what each role resolved to and which characters of an
 * office's data no face of the role covers. */
#include <string.h>
#include <strings.h>

#include "../model/data.h"
#include "../model/layout.h"
#include "../util/utf8.h"
#include "fontset.h"

#define NB_REPORT_MAX_MISSING 40

/* Appends the code points of s that role `r` lacks to miss[], once each. */
static void collect_missing(const nb_fontset *fs, size_t r, const char *s, uint32_t *miss,
                            size_t *n)
{
    if (!s)
        return;
    size_t len = strlen(s), i = 0;
    while (i < len && *n < NB_REPORT_MAX_MISSING) {
        int32_t cp = nb_utf8_next(s, len, &i);
        if (cp <= 0x20 || nb_fontset_pick(fs, r, (uint32_t)cp) >= 0)
            continue;
        bool seen = false;
        for (size_t k = 0; k < *n; k++)
            seen |= miss[k] == (uint32_t)cp;
        if (!seen)
            miss[(*n)++] = (uint32_t)cp;
    }
}

void nb_fontset_report(const nb_fontset *fs, const nb_layout *layout, const nb_data *data,
                       FILE *out)
{
    for (size_t r = 0; r < fs->nroles; r++) {
        fprintf(out, "%s:\n", fs->roles[r].name);
        for (size_t k = 0; k < fs->roles[r].count; k++) {
            const nb_face *f = fs->faces[fs->roles[r].faces[k]];
            fprintf(out, "  %s %s (%s, face %u, %s%s)\n", k == 0 ? "main    " : "fallback",
                    f->family, f->path, f->index, f->is_cff ? "CFF" : "TrueType",
                    f->cid_keyed ? ", CID-keyed" : "");
        }
        const nb_role *lr = &layout->roles[r];
        for (size_t k = 0; k < lr->count; k++) {
            bool used = false;
            for (size_t j = 0; j < fs->roles[r].count; j++) {
                const nb_face *f = fs->faces[fs->roles[r].faces[j]];
                used |= lr->chain[k].kind == NB_FONTSRC_FILE
                            ? strcmp(f->path, lr->chain[k].name) == 0
                            : strcasecmp(f->family, lr->chain[k].name) == 0;
            }
            if (!used)
                fprintf(out, "  skipped  %s%s (not installed)\n",
                        lr->chain[k].kind == NB_FONTSRC_FILE ? "file " : "", lr->chain[k].name);
        }
        if (!data)
            continue;
        uint32_t miss[NB_REPORT_MAX_MISSING];
        size_t n = 0;
        collect_missing(fs, r, data->office, miss, &n);
        for (size_t s = 0; s < data->nsections; s++)
            for (size_t p = 0; p < data->sections[s].count; p++) {
                collect_missing(fs, r, data->sections[s].paras[p].head, miss, &n);
                collect_missing(fs, r, data->sections[s].paras[p].text, miss, &n);
            }
        if (n == 0) {
            fprintf(out, "  covers every character of %s\n", data->file);
            continue;
        }
        fprintf(out, "  not covered:");
        for (size_t k = 0; k < n; k++) {
            char ch[5] = {0};
            nb_utf8_encode(miss[k], ch);
            fprintf(out, " %s (U+%04X)", ch, (unsigned)miss[k]);
        }
        fputc('\n', out);
    }
}
