# Timer tests (runtime/time.c): timers_test boots through the native entry like sched_test.
add_executable(timers_test ${CMAKE_SOURCE_DIR}/arch/amd64/rt0_linux_amd64.S
                           ${CMAKE_SOURCE_DIR}/tests/timers/timers_test.c)
target_link_libraries(timers_test PRIVATE libgol)
target_link_options(timers_test PRIVATE -nostartfiles -Wl,-e,_rt0_amd64_linux)

set(_timers ${CMAKE_SOURCE_DIR}/tests/timers)
add_test(NAME timers/all COMMAND $<TARGET_FILE:timers_test>)
add_test(NAME timers/all_procs1 COMMAND env GOMAXPROCS=1 $<TARGET_FILE:timers_test>)
set_tests_properties(timers/all timers/all_procs1 PROPERTIES PASS_REGULAR_EXPRESSION "PASS"
                     TIMEOUT 60)
# The only goroutine sleeping is not a deadlock, with one P or several.
add_test(NAME timers/lonesleep COMMAND $<TARGET_FILE:timers_test> lonesleep)
add_test(NAME timers/lonesleep_procs1 COMMAND env GOMAXPROCS=1 $<TARGET_FILE:timers_test> lonesleep)
set_tests_properties(timers/lonesleep timers/lonesleep_procs1 PROPERTIES
                     PASS_REGULAR_EXPRESSION "^woke\n$" TIMEOUT 20)
# Once the last timer has fired, a parked main goroutine is Go's deadlock.
add_test(NAME timers/sleepdeadlock COMMAND bash ${CMAKE_SOURCE_DIR}/tests/boot/fatal.sh 2
         "fatal error: all goroutines are asleep - deadlock!" $<TARGET_FILE:timers_test>
         sleepdeadlock)
# GOLDEBUG=schedtrace keeps working while goroutines sleep.
add_test(NAME timers/schedtrace COMMAND bash -c
         "out=$(GOLDEBUG=schedtrace=5 GOMAXPROCS=2 $<TARGET_FILE:timers_test> sleeploop 2>&1) && echo \"$out\" | grep -qx done && echo \"$out\" | grep -qE '^SCHED [0-9]+ms: gomaxprocs=2 idleprocs=[0-9]+ threads=[0-9]+ spinningthreads=[0-9]+ idlethreads=[0-9]+ runqueue=[0-9]+ \\[[0-9]+ [0-9]+\\]$'")
