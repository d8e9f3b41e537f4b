# Install rules (GNUInstallDirs): `cmake --install build --prefix P` gives
#   P/bin/nianbao
#   P/share/nianbao/{layouts,fonts}         found relative to P/bin (util/home.c)
#   P/share/man/man1/nianbao.1.gz
#   P/share/bash-completion/completions/nianbao
#   P/share/doc/nianbao/{copyright,changelog.gz}
# libnianbao is not installed: its API (src/nianbao.h) is still changing
# under every branch and has no soname or ABI policy; the CLI is the
# interface (see README, Install).

install(TARGETS nianbao RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/layouts ${CMAKE_SOURCE_DIR}/fonts
  DESTINATION ${CMAKE_INSTALL_DATADIR}/nianbao
  FILES_MATCHING PATTERN "*.yaml")

# Debian policy (§12.1) wants man pages and changelogs compressed with
# gzip -9n (-n: no name or time stamp, so the package is reproducible).
find_program(GZIP_EXECUTABLE gzip REQUIRED)
function(nb_gzip src out)
  add_custom_command(OUTPUT ${out}
    COMMAND ${GZIP_EXECUTABLE} -9nc ${src} > ${out}
    DEPENDS ${src} VERBATIM)
endfunction()
configure_file(${CMAKE_SOURCE_DIR}/packaging/changelog.in ${CMAKE_BINARY_DIR}/changelog @ONLY)
nb_gzip(${CMAKE_SOURCE_DIR}/doc/nianbao.1 ${CMAKE_BINARY_DIR}/nianbao.1.gz)
nb_gzip(${CMAKE_BINARY_DIR}/changelog ${CMAKE_BINARY_DIR}/changelog.gz)
add_custom_target(nb_docs ALL DEPENDS ${CMAKE_BINARY_DIR}/nianbao.1.gz ${CMAKE_BINARY_DIR}/changelog.gz)

install(FILES ${CMAKE_BINARY_DIR}/nianbao.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${CMAKE_SOURCE_DIR}/completion/nianbao.bash
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME nianbao)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/copyright ${CMAKE_BINARY_DIR}/changelog.gz
  DESTINATION ${CMAKE_INSTALL_DOCDIR})
