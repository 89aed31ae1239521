# lc_flags carries the project's compiler settings to every target (GEOS-style INTERFACE target).
add_library(lc_flags INTERFACE)
target_compile_options(lc_flags INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                       -Wno-sign-conversion)
# GCC 12 reports a false -Wrestrict inside libstdc++ for `"literal" + std::string` at -O2
# (GCC bug 105329) and a false -Wmaybe-uninitialized inside std::variant<std::string, ...> when a
# row of cells is built from a brace list; neither says anything about our code.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(lc_flags INTERFACE -Wno-restrict -Wno-maybe-uninitialized)
endif()
# A unity build (CMAKE_UNITY_BUILD, scripts/test.sh) compiles each .cpp as an included file, where
# GCC's -Wsubobject-linkage (a class with a member of a type from an anonymous namespace, meant for
# headers) fires on every pimpl in a .cpp; the normal build keeps the warning.
if(CMAKE_UNITY_BUILD AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(lc_flags INTERFACE -Wno-subobject-linkage)
endif()
if(LIFECIRCLE_WERROR)
  target_compile_options(lc_flags INTERFACE -Werror)
endif()
if(LIFECIRCLE_SANITIZE)
  target_compile_options(lc_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                         -fno-sanitize-recover=undefined)
  target_link_options(lc_flags INTERFACE -fsanitize=address,undefined)
  # ASan's instrumentation confuses GCC's flow analysis: it reports "maybe uninitialized" inside
  # libstdc++ (std::regex, std::function) where nothing is. The release build keeps the warning.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(lc_flags INTERFACE -Wno-maybe-uninitialized)
  endif()
endif()
if(LIFECIRCLE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "LIFECIRCLE_FUZZ needs clang (libFuzzer): use the fuzz preset")
  endif()
  # Every engine file is instrumented for coverage feedback; only the fuzz targets link libFuzzer's
  # main (fuzz/CMakeLists.txt), so the libraries stay linkable into anything else.
  target_compile_options(lc_flags INTERFACE -fsanitize=fuzzer-no-link,address,undefined
                         -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(lc_flags INTERFACE -fsanitize=address,undefined)
endif()
if(LIFECIRCLE_STD_THREADS)
  target_compile_definitions(lc_flags INTERFACE LIFECIRCLE_STD_THREADS)
endif()
if(LIFECIRCLE_TSAN)
  target_compile_options(lc_flags INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(lc_flags INTERFACE -fsanitize=thread)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12 warns (-Wtsan) wherever a header uses std::atomic_thread_fence, which TSan does not
    # model; the warning is about TSan's reach into library headers, not about this code.
    target_compile_options(lc_flags INTERFACE -Wno-tsan)
  endif()
endif()

# Declares one engine module: a static library named lc_<name> from the sources in its folder,
# with headers included as "<module>/<file>.hpp" from engine/ and the public API's as
# <lifecircle/<file>.hpp> from include/. The modules are compiled once, position-independent:
# the shared library lifecircle::lifecircle (engine/CMakeLists.txt) is made of all of them, and
# the in-tree tests, benchmarks and fuzz targets link the modules they test directly.
function(lc_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(lc_${name} STATIC ${ARG_SOURCES})
  set_target_properties(lc_${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  target_include_directories(lc_${name} PUBLIC ${PROJECT_SOURCE_DIR}/engine ${PROJECT_SOURCE_DIR}/include)
  target_link_libraries(lc_${name} PUBLIC lc_flags ${ARG_DEPS})
  set_property(GLOBAL APPEND PROPERTY LC_MODULES lc_${name})
endfunction()
