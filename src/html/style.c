/* The inline stylesheet: close to the printed page (GB/T 9704: 3号 仿宋 body
 * with a 2-em indent, 黑体 一、 headings, 楷体 （一） headings, a 小标宋
 * title), with font stacks naming the Windows, macOS and Linux (Fandol,
 * Noto CJK) families, so the page looks right wherever it is opened. */
#include "html.h"

#define FANGSONG                                                                                   \
    "\"仿宋_GB2312\", \"FangSong_GB2312\", \"仿宋\", FangSong, STFangsong, \"FandolFang\", "   \
    "\"Noto Serif CJK SC\", serif"
#define HEI "\"黑体\", SimHei, \"STHeiti\", \"FandolHei\", \"Noto Sans CJK SC\", sans-serif"
#define KAI                                                                                        \
    "\"楷体_GB2312\", \"KaiTi_GB2312\", \"楷体\", KaiTi, STKaiti, \"FandolKai\", "             \
    "\"AR PL UKai CN\", serif"
#define XBS                                                                                        \
    "\"方正小标宋简体\", \"FZXiaoBiaoSong-B05S\", \"小标宋\", \"宋体\", SimSun, "      \
    "\"FandolSong\", \"Noto Serif CJK SC\", serif"

static const char css[] =
    ".nb-report{font-family:" FANGSONG ";font-size:16pt;line-height:1.85;max-width:156mm;"
    "margin:0 auto;padding:1em;color:#000;background:#fff}\n"
    ".nb-report h1,.nb-report h2,.nb-report h3,.nb-report h4{font-size:16pt;font-weight:normal;"
    "margin:0;text-indent:2em}\n"
    ".nb-report .nb-h1{font-family:" XBS ";font-size:22pt;line-height:36pt;text-align:center;"
    "text-indent:0;margin-bottom:1.85em}\n"
    ".nb-report .nb-h2{font-family:" HEI "}\n"
    ".nb-report .nb-h3{font-family:" KAI "}\n"
    ".nb-report .nb-h4{font-family:" FANGSONG "}\n"
    ".nb-report .nb-run-in{font-weight:normal;text-indent:0}\n"
    ".nb-report p{margin:0;text-indent:2em;text-align:justify}\n"
    ".nb-report p.nb-center{text-align:center;text-indent:0}\n"
    ".nb-report p.nb-right{text-align:right;text-indent:0}\n"
    ".nb-report .nb-signature{text-align:right;text-indent:0;margin-top:1.85em;"
    "padding-right:2em}\n"
    ".nb-report .nb-date{text-align:right;text-indent:0;padding-right:2em}\n"
    ".nb-report table{border-collapse:collapse;width:100%;margin:0.5em 0 1em;font-size:12pt;"
    "line-height:1.5}\n"
    ".nb-report caption{position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip:rect(0 0 0 0);white-space:nowrap}\n"
    ".nb-report th,.nb-report td{border:1px solid #000;padding:2pt 3pt;text-align:center;"
    "vertical-align:middle;font-weight:normal}\n"
    ".nb-report th.nb-label{text-align:left}\n"
    "@media print{@page{size:A4;margin:37mm 26mm 35mm 28mm}"
    ".nb-report{max-width:none;padding:0}"
    ".nb-report h1,.nb-report h2,.nb-report h3,.nb-report h4{break-after:avoid}"
    ".nb-report thead{display:table-header-group}"
    ".nb-report tr{break-inside:avoid}"
    ".nb-report th,.nb-report td{border-width:0.5pt}}\n";

void nb_html_style(nb_buf *out) { nb_buf_puts(out, css); }
