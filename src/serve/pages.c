/* The HTML the server writes itself: the status board and the shell of an
 * office's workspace (the script fills it from /o/{id}/state). Every
 * string that comes from a data file or a URL goes through
 * nb_html_escape; the pages carry no inline script at all (the Content-
 * Security-Policy forbids it), so nothing from a URL ever runs. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../util/alloc.h"
#include "serve.h"

void nb_html_escape(nb_buf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&':
            nb_buf_puts(b, "&amp;");
            break;
        case '<':
            nb_buf_puts(b, "&lt;");
            break;
        case '>':
            nb_buf_puts(b, "&gt;");
            break;
        case '"':
            nb_buf_puts(b, "&quot;");
            break;
        case '\'':
            nb_buf_puts(b, "&#39;");
            break;
        default:
            nb_buf_putc(b, *s);
        }
    }
}

/* An office id in a URL path: percent-encoded byte by byte. */
static void url_escape(nb_buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-_.~", *p))
            nb_buf_putc(b, (char)*p);
        else
            nb_buf_printf(b, "%%%02X", *p);
    }
}

static void head(nb_buf *b, const char *title)
{
    nb_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                   "<meta name=\"viewport\" content=\"width=device-width\"><title>");
    nb_html_escape(b, title);
    nb_buf_puts(b, "</title><link rel=\"stylesheet\" href=\"/static/app.css\">"
                   "<script src=\"/static/app.js\" defer></script></head>\n");
}

static void href(nb_buf *b, const char *id, const char *suffix)
{
    nb_buf_puts(b, "<a href=\"/o/");
    url_escape(b, id);
    nb_buf_printf(b, "%s\">", suffix);
}

static void link(nb_buf *b, const char *id, const char *suffix, const char *text)
{
    href(b, id, suffix);
    nb_buf_printf(b, "%s</a> ", text);
}

char *nb_page_board(nb_serve_t *s)
{
    nb_office *v = NULL;
    size_t n = 0;
    nb_status st = nb_serve_offices_list(s->o->data_dir, &v, &n);
    nb_buf b = {0};
    head(&b, "年报工作台 — 各单位状态");
    nb_buf_puts(&b, "<body class=\"board\"><header><h1>年报工作台</h1><p>数据目录 <code>");
    nb_html_escape(&b, s->o->data_dir);
    nb_buf_printf(&b, "</code>：%zu 个单位</p>", n);
    nb_buf rows = {0};
    size_t ok = 0, bad = 0;
    for (size_t i = 0; i < n; i++) {
        nb_verdict vd;
        nb_serve_verdict(s, &v[i], &vd);
        const char *verdict = !vd.loads     ? "无法读取"
                              : vd.errors   ? "有错误"
                              : vd.warnings ? "有警告"
                                            : "通过";
        const char *cls = !vd.loads || vd.errors ? "bad" : vd.warnings ? "warn" : "ok";
        ok += !vd.errors && vd.loads;
        bad += vd.errors || !vd.loads;
        char when[32];
        struct tm tm;
        localtime_r(&v[i].mtime, &tm);
        strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
        nb_buf_printf(&rows, "<tr class=\"%s\" data-id=\"", cls);
        nb_html_escape(&rows, v[i].id);
        nb_buf_puts(&rows, "\"><td>");
        nb_html_escape(&rows, v[i].id);
        nb_buf_puts(&rows, "</td><td>");
        href(&rows, v[i].id, "");
        nb_html_escape(&rows, vd.office[0] ? vd.office : v[i].id);
        nb_buf_printf(&rows,
                      "</a></td><td class=\"verdict\">%s</td><td>%zu</td><td>%zu</td>"
                      "<td>%s</td><td class=\"links\">",
                      verdict, vd.errors, vd.warnings, when);
        link(&rows, v[i].id, "", "编辑");
        if (!vd.errors && vd.loads) {
            link(&rows, v[i].id, ".pdf", "PDF");
            link(&rows, v[i].id, ".html", "网页版");
            link(&rows, v[i].id, ".pdfa.pdf", "PDF/A");
        }
        nb_buf_puts(&rows, "</td></tr>\n");
    }
    nb_buf_printf(&b, "<p id=\"summary\">可出稿 %zu，待修改 %zu</p></header>\n<main>", ok, bad);
    if (st)
        nb_buf_puts(&b, "<p class=\"bad\">无法读取数据目录。</p>");
    nb_buf_puts(&b,
                "<table id=\"board\"><thead><tr><th scope=\"col\">编号</th>"
                "<th scope=\"col\">单位</th><th scope=\"col\">状态</th>"
                "<th scope=\"col\">错误</th><th scope=\"col\">警告</th>"
                "<th scope=\"col\">最后修改</th><th scope=\"col\">链接</th></tr></thead><tbody>");
    nb_buf_append(&b, rows.data ? rows.data : "", rows.len);
    nb_buf_free(&rows);
    nb_buf_puts(&b, "</tbody></table>");
    nb_buf_puts(&b, "<section class=\"import\"><h2>导入</h2><p>上传上一年度的报告"
                    "（.docx、.html）或统计表（.xlsx），生成一个单位的数据文件。</p>"
                    "<input type=\"file\" id=\"import-file\" accept=\".docx,.html,.htm,.xlsx\">"
                    " <button id=\"import\" type=\"button\">导入</button>"
                    " <span id=\"import-status\" role=\"status\"></span></section>");
    nb_buf_puts(&b, "</main></body></html>\n");
    nb_serve_offices_free(v, n);
    return nb_buf_take(&b);
}

char *nb_page_office(nb_serve_t *s, const char *id, const char *office_name)
{
    nb_buf b = {0};
    nb_buf t = {0};
    nb_buf_printf(&t, "%s — 年报工作台", office_name && *office_name ? office_name : id);
    head(&b, nb_buf_cstr(&t));
    nb_buf_free(&t);
    nb_buf_puts(&b, "<body class=\"office\"><header><a href=\"/\">← 全部单位</a><h1 id=\"title\">");
    nb_html_escape(&b, office_name && *office_name ? office_name : id);
    nb_buf_puts(&b, "</h1><span id=\"status\" role=\"status\"></span>"
                    "<label class=\"token\" hidden>口令 <input id=\"token\" type=\"password\" "
                    "autocomplete=\"off\"></label>"
                    "<button id=\"save\" type=\"button\">保存</button>"
                    "<span class=\"downloads\">");
    link(&b, id, ".pdf", "PDF");
    link(&b, id, ".pdfa.pdf", "PDF/A");
    link(&b, id, ".html", "网页版");
    nb_buf_puts(&b, "</span></header>\n<div id=\"banner\" role=\"alert\" hidden></div>\n"
                    "<main id=\"app\" data-office=\"");
    nb_html_escape(&b, id);
    nb_buf_printf(&b,
                  "\" data-token=\"%s\"><div id=\"editor\"><p>正在载入…</p></div>"
                  "<aside id=\"side\"><div id=\"problems\" aria-live=\"polite\"></div>"
                  "<button id=\"refresh-preview\" type=\"button\">刷新预览</button>"
                  "<iframe id=\"preview\" title=\"PDF 预览\"></iframe></aside></main>"
                  "</body></html>\n",
                  s->o->token ? "required" : "none");
    return nb_buf_take(&b);
}
