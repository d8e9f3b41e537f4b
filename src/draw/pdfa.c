#include "pdfa.h"

#include <unistd.h>

#include "../util/buf.h"
#include "../util/diag.h"
#include "hpdf_glue.h"

static nb_status hpdf_error(nb_diags *d, HPDF_Doc pdf, HPDF_STATUS st, const char *what)
{
    HPDF_STATUS code = HPDF_GetError(pdf) ? HPDF_GetError(pdf) : st;
    if (code == HPDF_FAILD_TO_ALLOC_MEM)
        return nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory (%s)", what);
    return nb_diag_at(d, NB_ERROR, NB_ERR_PDF, NB_NOPOS, "libharu error 0x%04X in %s",
                      (unsigned)code, what);
}

nb_status nb_pdfa_apply(HPDF_Doc pdf, const nb_xmp *meta, const unsigned char id[16], nb_diags *d)
{
    HPDF_STATUS st = nb_hg_set_version(pdf, HPDF_VER_17);
    if (st != HPDF_OK)
        return hpdf_error(d, pdf, st, "the PDF version");

    /* We draw in DeviceGray and DeviceRGB: PDF/A wants an output intent
     * saying what those mean. */
    static const char *const profiles[] = NB_SRGB_PROFILES;
    const char *icc_path = NULL;
    for (size_t i = 0; i < sizeof profiles / sizeof profiles[0] && !icc_path; i++)
        if (access(profiles[i], R_OK) == 0)
            icc_path = profiles[i];
    if (!icc_path)
        return nb_diag_at(d, NB_ERROR, NB_ERR_NOT_FOUND, NB_NOPOS,
                          "PDF/A needs an sRGB ICC profile: install icc-profiles-free "
                          "(%s) or colord-data",
                          profiles[0]);
    HPDF_OutputIntent icc = HPDF_LoadIccProfileFromFile(pdf, icc_path, 3);
    if (!icc)
        return hpdf_error(d, pdf, HPDF_OK, "loading the sRGB ICC profile");
    st = HPDF_PDFA_AppendOutputIntents(pdf, "sRGB IEC61966-2.1", icc);
    if (st != HPDF_OK)
        return hpdf_error(d, pdf, st, "the output intent");

    nb_buf x = {0};
    nb_status rc = nb_xmp_write(meta, &x);
    if (rc == NB_ERR_PDF)
        rc = nb_diag_at(d, NB_ERROR, NB_ERR_PDF, NB_NOPOS, "invalid PDF date \"%s\" for XMP",
                        meta->date);
    else if (rc == NB_ERR_NOMEM)
        rc = nb_diag_at(d, NB_ERROR, NB_ERR_NOMEM, NB_NOPOS, "out of memory (XMP)");
    if (rc == NB_OK && (st = nb_hg_set_metadata(pdf, x.data, x.len)) != HPDF_OK)
        rc = hpdf_error(d, pdf, st, "the XMP metadata");
    nb_buf_free(&x);
    if (rc == NB_OK && (st = nb_hg_set_id(pdf, id)) != HPDF_OK)
        rc = hpdf_error(d, pdf, st, "the document ID");
    return rc;
}
