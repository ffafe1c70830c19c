# Allocator tests (runtime/malloc.c, mheap.c, mcentral.c, mcache.c, mbitmap.c, sizeclasses.c).
# malloc_test boots through the native entry like sched_test. It links a runtime-only library
# (arch + runtime sources) so it builds while the compiler/VM are mid-edit.
add_library(gol_rtonly STATIC EXCLUDE_FROM_ALL ${GOL_ARCH_SRC} ${GOL_RUNTIME_SRC})
target_include_directories(gol_rtonly PUBLIC ${CMAKE_SOURCE_DIR})
target_link_libraries(gol_rtonly PUBLIC Threads::Threads m)
add_executable(malloc_test ${CMAKE_SOURCE_DIR}/arch/amd64/rt0_linux_amd64.S
                           ${CMAKE_SOURCE_DIR}/tests/malloc/malloc_test.c)
target_link_libraries(malloc_test PRIVATE gol_rtonly)
target_link_options(malloc_test PRIVATE -nostartfiles -Wl,-e,_rt0_amd64_linux)

add_test(NAME malloc/all COMMAND env GOMAXPROCS=2 $<TARGET_FILE:malloc_test>)
add_test(NAME malloc/procs1 COMMAND env GOMAXPROCS=1 $<TARGET_FILE:malloc_test>)
add_test(NAME malloc/procs3 COMMAND env GOMAXPROCS=3 $<TARGET_FILE:malloc_test>)
set_tests_properties(malloc/all malloc/procs1 malloc/procs3 PROPERTIES
                     PASS_REGULAR_EXPRESSION "PASS" TIMEOUT 120)
