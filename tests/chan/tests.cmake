# Channels, select and semaphores (runtime/chan.c, select.c, sema.c). chan_test boots through the
# same native entry as gol (like tests/boot's sched_test) and runs goroutines on real Ms/Ps.
add_executable(chan_test ${CMAKE_SOURCE_DIR}/arch/amd64/rt0_linux_amd64.S
                         ${CMAKE_SOURCE_DIR}/tests/chan/chan_test.c)
target_link_libraries(chan_test PRIVATE libgol)
target_link_options(chan_test PRIVATE -nostartfiles -Wl,-e,_rt0_amd64_linux)

add_test(NAME chan/all COMMAND $<TARGET_FILE:chan_test>)
add_test(NAME chan/all_procs1 COMMAND env GOMAXPROCS=1 $<TARGET_FILE:chan_test>)
add_test(NAME chan/all_procs2 COMMAND env GOMAXPROCS=2 $<TARGET_FILE:chan_test>)
add_test(NAME chan/all_procs4 COMMAND env GOMAXPROCS=4 $<TARGET_FILE:chan_test>)
set_tests_properties(chan/all chan/all_procs1 chan/all_procs2 chan/all_procs4 PROPERTIES
                     PASS_REGULAR_EXPRESSION "PASS" TIMEOUT 120)

# Blocking forever is Go's deadlock fatal error; sync's misuse is a fatal error too.
set(_fatal ${CMAKE_SOURCE_DIR}/tests/boot/fatal.sh)
foreach(mode deadlock_send deadlock_recv deadlock_nil deadlock_select deadlock_select_nil
             deadlock_sema)
  add_test(NAME chan/${mode} COMMAND bash ${_fatal} 2
           "fatal error: all goroutines are asleep - deadlock!" $<TARGET_FILE:chan_test> ${mode})
endforeach()
add_test(NAME chan/unlock_unlocked COMMAND bash ${_fatal} 2
         "fatal error: sync: unlock of unlocked mutex" $<TARGET_FILE:chan_test> unlock_unlocked)
add_test(NAME chan/runlock_unlocked COMMAND bash ${_fatal} 2
         "fatal error: sync: RUnlock of unlocked RWMutex" $<TARGET_FILE:chan_test>
         runlock_unlocked)
