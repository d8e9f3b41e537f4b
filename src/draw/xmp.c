#include "xmp.h"

#include <stdio.h>
#include <string.h>

static void xml_text(nb_buf *o, const char *s)
{
    for (; *s; s++) {
        if (*s == '&')
            nb_buf_puts(o, "&amp;");
        else if (*s == '<')
            nb_buf_puts(o, "&lt;");
        else if (*s == '>')
            nb_buf_puts(o, "&gt;");
        else
            nb_buf_putc(o, *s);
    }
}

bool nb_xmp_date(const char *s, char out[32])
{
    if (!strncmp(s, "D:", 2))
        s += 2;
    for (int i = 0; i < 14; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    int n =
        snprintf(out, 32, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2s", s, s + 4, s + 6, s + 8, s + 10, s + 12);
    const char *z = s + 14;
    if (*z == '\0')
        return true;
    if (!strcmp(z, "Z")) {
        snprintf(out + n, (size_t)(32 - n), "Z");
        return true;
    }
    /* +HH'mm' */
    if ((z[0] == '+' || z[0] == '-') && strlen(z) >= 3 && z[1] >= '0' && z[1] <= '9' &&
        z[2] >= '0' && z[2] <= '9') {
        const char *mm = z[3] == '\'' ? z + 4 : z + 3;
        bool has_mm = mm[0] >= '0' && mm[0] <= '9' && mm[1] >= '0' && mm[1] <= '9';
        snprintf(out + n, (size_t)(32 - n), "%c%.2s:%.2s", z[0], z + 1, has_mm ? mm : "00");
        return true;
    }
    return false;
}

static void simple(nb_buf *o, const char *tag, const char *v)
{
    if (!v)
        return;
    nb_buf_printf(o, "   <%s>", tag);
    xml_text(o, v);
    nb_buf_printf(o, "</%s>\n", tag);
}

static void alt(nb_buf *o, const char *tag, const char *v)
{
    if (!v)
        return;
    nb_buf_printf(o, "   <%s><rdf:Alt><rdf:li xml:lang=\"x-default\">", tag);
    xml_text(o, v);
    nb_buf_printf(o, "</rdf:li></rdf:Alt></%s>\n", tag);
}

nb_status nb_xmp_write(const nb_xmp *m, nb_buf *o)
{
    char date[32];
    if (m->date && !nb_xmp_date(m->date, date))
        return NB_ERR_PDF;
    nb_buf_puts(o, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                   "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                   " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                   "  <rdf:Description rdf:about=\"\"\n"
                   "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                   "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                   "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
                   "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
                   "   <dc:format>application/pdf</dc:format>\n");
    alt(o, "dc:title", m->title);
    if (m->author) {
        nb_buf_puts(o, "   <dc:creator><rdf:Seq><rdf:li>");
        xml_text(o, m->author);
        nb_buf_puts(o, "</rdf:li></rdf:Seq></dc:creator>\n");
    }
    alt(o, "dc:description", m->subject);
    simple(o, "xmp:CreatorTool", m->creator);
    if (m->date) {
        simple(o, "xmp:CreateDate", date);
        simple(o, "xmp:ModifyDate", date);
    }
    simple(o, "pdf:Producer", m->producer);
    nb_buf_puts(o, "   <pdfaid:part>2</pdfaid:part>\n"
                   "   <pdfaid:conformance>B</pdfaid:conformance>\n"
                   "  </rdf:Description>\n"
                   " </rdf:RDF>\n"
                   "</x:xmpmeta>\n"
                   "<?xpacket end=\"w\"?>");
    return o->oom ? NB_ERR_NOMEM : NB_OK;
}
