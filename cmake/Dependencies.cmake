# Every dependency is a Debian package installed by scripts/setup.sh; README.md says why each one.
find_package(Threads REQUIRED)
find_package(GDAL CONFIG REQUIRED)
find_package(GEOS CONFIG REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(Eigen3 3.3 CONFIG REQUIRED)
find_package(TBB CONFIG REQUIRED)
find_package(tomlplusplus CONFIG REQUIRED)
find_package(nlohmann_json CONFIG REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(ZLIB REQUIRED)
find_package(BZip2 REQUIRED)
find_package(EXPAT REQUIRED)

# xxHash (libxxhash-dev): XXH3-128 of every file a job task reads and writes (tools/job_fingerprint);
# Debian ships a pkg-config file for it, no CMake package.
find_package(PkgConfig REQUIRED)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
# libpq (libpq-dev): PostGIS results written in bulk with COPY (engine/io/postgis).
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)

# libosmium and protozero are header-only and ship no CMake package in Debian.
find_path(OSMIUM_INCLUDE_DIR osmium/osm.hpp REQUIRED)
find_path(PROTOZERO_INCLUDE_DIR protozero/pbf_reader.hpp REQUIRED)
add_library(lc_osmium INTERFACE)
target_include_directories(lc_osmium SYSTEM INTERFACE ${OSMIUM_INCLUDE_DIR} ${PROTOZERO_INCLUDE_DIR})
target_link_libraries(lc_osmium INTERFACE ZLIB::ZLIB BZip2::BZip2 EXPAT::EXPAT Threads::Threads)

# Open MPI (optional): `mpirun -np N lifecircle run JOB.toml` spreads a job's tasks over ranks.
# Without it lifecircle builds the same and runs jobs in one process.
find_package(MPI COMPONENTS CXX QUIET)

# GLPK (libglpk-dev) is optional: with it, plan/siting_ip solves small maximal-covering instances
# exactly as an integer program, to measure the greedy's gap at sizes brute force cannot reach.
find_path(GLPK_INCLUDE_DIR glpk.h)
find_library(GLPK_LIBRARY glpk)
add_library(lc_glpk INTERFACE)
if(GLPK_INCLUDE_DIR AND GLPK_LIBRARY)
  target_include_directories(lc_glpk SYSTEM INTERFACE ${GLPK_INCLUDE_DIR})
  target_link_libraries(lc_glpk INTERFACE ${GLPK_LIBRARY})
  target_compile_definitions(lc_glpk INTERFACE LIFECIRCLE_HAVE_GLPK=1)
  message(STATUS "GLPK: ${GLPK_LIBRARY} (exact siting integer program enabled)")
else()
  message(STATUS "GLPK not found: the exact siting integer program is left out")
endif()
