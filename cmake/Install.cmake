# `cmake --install`: the shared library, its public headers, the catalog and checklist data,
# and a CMake package (find_package(lifecircle)) exporting lifecircle::lifecircle.
include(CMakePackageConfigHelpers)
set(LIFECIRCLE_INSTALL_DATADIR ${CMAKE_INSTALL_DATADIR}/lifecircle)
set(LIFECIRCLE_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/lifecircle)

install(TARGETS lifecircle_lib EXPORT lifecircleTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} NAMELINK_COMPONENT development)
install(DIRECTORY include/lifecircle DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES data/geo/categories.toml DESTINATION ${LIFECIRCLE_INSTALL_DATADIR}/geo)
install(DIRECTORY data/checklist DESTINATION ${LIFECIRCLE_INSTALL_DATADIR})

install(EXPORT lifecircleTargets NAMESPACE lifecircle:: DESTINATION ${LIFECIRCLE_INSTALL_CMAKEDIR})
configure_package_config_file(cmake/lifecircleConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/lifecircleConfig.cmake
  INSTALL_DESTINATION ${LIFECIRCLE_INSTALL_CMAKEDIR} PATH_VARS LIFECIRCLE_INSTALL_DATADIR)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/lifecircleConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/lifecircleConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/lifecircleConfigVersion.cmake DESTINATION ${LIFECIRCLE_INSTALL_CMAKEDIR})
