# Boot chain and scheduler tests (runtime/, arch/). sched_test boots through the same native entry
# as the gol executable; the gol-based tests skip (77) until gol can run examples/hello.gol.
add_executable(sched_test ${CMAKE_SOURCE_DIR}/arch/amd64/rt0_linux_amd64.S
                          ${CMAKE_SOURCE_DIR}/tests/boot/sched_test.c)
target_link_libraries(sched_test PRIVATE libgol)
target_link_options(sched_test PRIVATE -nostartfiles -Wl,-e,_rt0_amd64_linux)

set(_boot ${CMAKE_SOURCE_DIR}/tests/boot)
set(_hello ${CMAKE_SOURCE_DIR}/examples/hello.gol)

add_test(NAME boot/sched COMMAND $<TARGET_FILE:sched_test>)
add_test(NAME boot/sched_procs1 COMMAND env GOMAXPROCS=1 $<TARGET_FILE:sched_test>)
add_test(NAME boot/sched_procs3 COMMAND env GOMAXPROCS=3 $<TARGET_FILE:sched_test>)
set_tests_properties(boot/sched boot/sched_procs1 boot/sched_procs3 PROPERTIES
                     PASS_REGULAR_EXPRESSION "PASS" TIMEOUT 120)
add_test(NAME boot/entry_sched_test COMMAND bash ${_boot}/entry.sh $<TARGET_FILE:sched_test>)
add_test(NAME boot/trace COMMAND bash ${_boot}/boottrace.sh $<TARGET_FILE:sched_test> boot)
add_test(NAME boot/trace_procs1
         COMMAND bash ${_boot}/boottrace.sh --procs 1 $<TARGET_FILE:sched_test> boot)
add_test(NAME boot/trace_procs3
         COMMAND bash ${_boot}/boottrace.sh --procs 3 $<TARGET_FILE:sched_test> boot)
add_test(NAME boot/trace_taskset
         COMMAND bash ${_boot}/boottrace.sh --taskset 0 --ncpu 1 $<TARGET_FILE:sched_test> boot)
add_test(NAME boot/deadlock COMMAND bash ${_boot}/fatal.sh 2
         "fatal error: all goroutines are asleep - deadlock!" $<TARGET_FILE:sched_test> deadlock)
add_test(NAME boot/initloop COMMAND bash ${_boot}/fatal.sh 2
         "fatal error: recursive call during initialization - linker skew"
         $<TARGET_FILE:sched_test> initloop)
add_test(NAME boot/schedtrace COMMAND bash -c
         "GOLDEBUG=schedtrace=10 GOMAXPROCS=2 $<TARGET_FILE:sched_test> steal 2>&1 | grep -E '^SCHED [0-9]+ms: gomaxprocs=2 idleprocs=[0-9]+ threads=[0-9]+ spinningthreads=[0-9]+ idlethreads=[0-9]+ runqueue=[0-9]+ \\[[0-9]+ [0-9]+\\]$'")

# The gol executable itself.
add_test(NAME boot/entry_gol COMMAND bash ${_boot}/entry.sh $<TARGET_FILE:gol>)
add_test(NAME boot/gol_trace
         COMMAND bash ${_boot}/boottrace.sh --stdout "hello, world" $<TARGET_FILE:gol> ${_hello})
add_test(NAME boot/gol_trace_procs1 COMMAND bash ${_boot}/boottrace.sh --stdout "hello, world"
         --procs 1 $<TARGET_FILE:gol> ${_hello})
add_test(NAME boot/gol_trace_procs3 COMMAND bash ${_boot}/boottrace.sh --stdout "hello, world"
         --procs 3 $<TARGET_FILE:gol> ${_hello})
add_test(NAME boot/gol_trace_taskset COMMAND bash ${_boot}/boottrace.sh --stdout "hello, world"
         --taskset 0 --ncpu 1 $<TARGET_FILE:gol> ${_hello})
set_tests_properties(boot/gol_trace boot/gol_trace_procs1 boot/gol_trace_procs3
                     boot/gol_trace_taskset PROPERTIES SKIP_RETURN_CODE 77)
set_tests_properties(boot/entry_sched_test boot/entry_gol PROPERTIES SKIP_RETURN_CODE 77)
