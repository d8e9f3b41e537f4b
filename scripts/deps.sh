#!/usr/bin/env bash
# Installs the Debian 12 packages nianbao needs to build, render and test —
# only those that are missing. Sourced by scripts/setup and .ci/run.
set -euo pipefail

NB_PACKAGES=(
  # build
  build-essential cmake pkg-config
  libhpdf-dev libharfbuzz-dev libfreetype-dev libfontconfig-dev
  libyaml-dev libunibreak-dev zlib1g-dev libcsv-dev
  # import: .docx/.xlsx are zip packages of XML parts; web pages are HTML
  # (src/ooxml: libzip reads the package, libxml2 the XML and the HTML)
  libzip-dev libxml2-dev
  # spreadsheets: libxlsxwriter writes the template and the status board;
  # openpyxl reads them back in the tests
  libxlsxwriter-dev python3-openpyxl
  # speed: libdeflate compresses the font streams (faster and smaller than
  # zlib); jansson writes and reads back (merge-reports) the JSON reports
  libdeflate-dev libjansson-dev
  # fonts: Fandol (仿宋/黑/楷/宋) ship in texlive-lang-chinese; Noto CJK for
  # complete coverage; AR PL UKai as a second 楷体
  texlive-lang-chinese fonts-noto-cjk fonts-arphic-ukai fonts-lmodern
  # checking what a reader gets
  poppler-utils qpdf mupdf-tools python3 valgrind fontconfig
  # reading generated data files back in the import tests
  python3-yaml
  # shards on many machines (README: Many machines), bench/compare.sh
  parallel
  # the web edition: validated with tidy, loaded in Debian's chromium driven
  # by python3-selenium through chromium-driver; the test reads the YAML
  # with python3-yaml
  tidy chromium chromium-driver python3-selenium python3-yaml
  # PDF/A-2b: the sRGB output profile embedded in every PDF/A; the tests'
  # own ISO 19005-2 checker reads font programs with python3-fonttools, and
  # a Ghostscript round trip is the smoke test
  icc-profiles-free python3-fonttools ghostscript
  # the web workspace (`nianbao serve`, src/serve): libmicrohttpd is the HTTP
  # server; its browser tests use chromium, chromium-driver and
  # python3-selenium (above), its API tests python3's urllib, the PDF
  # check pdftotext (poppler-utils, above)
  libmicrohttpd-dev
  # house rules: formatting is checked by ctest (style_format)
  clang-format git
  # installing (tests/install): CPack's DEB generator runs dpkg-shlibdeps
  # (dpkg-dev) and file; lintian checks the .deb; groff-base and man-db
  # render the man page; bash-completion runs the completion script and
  # shellcheck checks it
  dpkg-dev file lintian groff-base man-db bash-completion shellcheck
  # hardening: libFuzzer and the sanitizer runtimes (only recommended by clang)
  clang libclang-rt-14-dev
)

nb_install_deps() {
  local missing=()
  for p in "${NB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "deps: all ${#NB_PACKAGES[@]} packages present"
    return 0
  fi
  echo "deps: installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
