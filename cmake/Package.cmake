# The Debian package: `cpack -G DEB` in the build folder (CPack's DEB
# generator; Depends from dpkg-shlibdeps plus the fonts the default role
# map, fonts/default.yaml, names). Needs dpkg-dev and file; lintian checks
# the result (tests/install/test_deb.py).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME nianbao)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
  OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(NB_DEB_MAINTAINER "nianbao maintainers <maintainers@users.noreply.r-seed-1f780650.example>"
  CACHE STRING "Maintainer field of the Debian package")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${NB_DEB_MAINTAINER}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION text)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Fandol (仿宋/黑/楷/宋) is only packaged in texlive-lang-chinese; Noto CJK
# backs every role. AR PL UKai is a second 楷体, not needed; --pdfa needs an
# sRGB profile (src/draw/pdfa.h) from either package.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "texlive-lang-chinese, fonts-noto-cjk")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-arphic-ukai, icc-profiles-free | colord-data")
# The synopsis, then the long description (CPack indents it; an empty
# line becomes the " ." paragraph break).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
"typesetter for government information disclosure annual reports
nianbao turns a declarative layout plus an office's figures and prose
(YAML or CSV) into a print-ready PDF of the annual report on government
information disclosure that Chinese government bodies publish each year:
GB/T 9704-2012 pages, Chinese line breaking, merged-header statistics
tables, checked arithmetic and subset-embedded fonts with extractable text.

It renders one report or a whole batch of offices, rebuilding only what
changed.")
include(CPack)
