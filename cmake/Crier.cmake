# Helpers shared by every layer's CMakeLists.txt: warning flags, sanitizers, and test registration.

set(CRIER_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align
    -Wunused -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
# GCC 12's -Warray-bounds, -Wstringop-overflow and -Wrestrict report copies inside libstdc++'s
# std::string operator+ that cannot happen (GCC bugs 105651, 105329); which call sites trip them
# depends on inlining, which the precompiled headers change.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  list(APPEND CRIER_WARNINGS -Wno-array-bounds -Wno-stringop-overflow -Wno-restrict)
endif()
if(CRIER_WERROR)
  list(APPEND CRIER_WARNINGS -Werror)
endif()

if(CRIER_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
if(CRIER_FUZZ)
  # Coverage instrumentation for the code under test; fuzz/ links the libFuzzer driver itself.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

# crier_use_jemalloc(target): the executable allocates with jemalloc instead of glibc's malloc.
# A request makes and frees many small objects (JSON values, strings); jemalloc made in-process
# inserts 6-14% faster (docs/performance.md, "Allocator"). Not in sanitizer builds.
function(crier_use_jemalloc target)
  if(NOT CRIER_SANITIZE)
    target_link_libraries(${target} PRIVATE PkgConfig::JEMALLOC)
  endif()
endfunction()

# Precompiled headers (cmake/pch.h, cmake/pch_test.h) for every target with several files: they
# roughly halve a full build, which `make test` does twice on CI's 2 cores.
function(crier_use_pch target header)
  list(LENGTH ARGN n_sources)
  if(CRIER_PCH AND n_sources GREATER 2)
    target_precompile_headers(${target} PRIVATE "${PROJECT_SOURCE_DIR}/cmake/${header}")
  endif()
endfunction()

# crier_library(NAME SOURCES... [DEPS targets...]): a layer's static library, `crier_<NAME>`, whose
# headers are included as "<layer>/<file>.h" from src/.
function(crier_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(crier_${name} STATIC ${ARG_SOURCES})
  target_include_directories(crier_${name} PUBLIC "${PROJECT_SOURCE_DIR}/src")
  target_compile_options(crier_${name} PRIVATE ${CRIER_WARNINGS})
  target_link_libraries(crier_${name} PUBLIC ${ARG_DEPS} nlohmann_json::nlohmann_json fmt::fmt)
  crier_use_pch(crier_${name} pch.h ${ARG_SOURCES})
endfunction()

# crier_test(NAME SOURCES... [DEPS targets...] [LABELS labels...]): a GoogleTest program registered
# with ctest under its own name. Test sources sit beside the code they test (foo.cc, foo_test.cc).
function(crier_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${CRIER_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main
                        nlohmann_json::nlohmann_json fmt::fmt)
  crier_use_pch(${name} pch_test.h ${ARG_SOURCES})
  add_test(NAME ${name} COMMAND ${name} --gtest_brief=1
           "--gtest_output=xml:${PROJECT_BINARY_DIR}/test-results/${name}.xml")
  set_tests_properties(${name} PROPERTIES LABELS "unit;${ARG_LABELS}"
                       ENVIRONMENT "CRIER_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()
