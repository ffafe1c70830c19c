# Leak tests (label leak): script tests and the libgol API test under valgrind's memcheck, failing
# on any definitely lost block or memory error (valgrind_gol.sh has the options and why). Registered
# only when valgrind is installed; `ctest -L leak` runs them (about 200 tests: some 200 s of CPU,
# under 2 minutes with -j2 on an idle machine).
#
# The set covers the collector's and the runtime's paths (every runtime/ and regression/ test:
# goroutines, channels, timers, collections), panics and fatal errors (crash/), the standard
# packages, the language areas that allocate runtime objects (closures, defers, recovered panics,
# maps, interfaces, channels, goroutines) and compile errors (the checker's exit path). Left out:
# stdlib/math_go_bits (valgrind emulates fused multiply-add and x87 arithmetic with doubles, so
# the last bits differ from real hardware's).
# Not in sanitizer builds: valgrind cannot run them (LeakSanitizer checks those builds instead).
if(GOL_SANITIZE)
  return()
endif()
find_program(GOL_VALGRIND valgrind)
if(NOT GOL_VALGRIND)
  message(STATUS "valgrind not found: no leak tests")
  return()
endif()

set(_leak ${CMAKE_CURRENT_LIST_DIR})
set(_leak_globs
    runtime/*.gol regression/*.gol stdlib/*.gol
    crash/panic_*.gol crash/chan_*.gol crash/deadlock_*.gol
    lang/chan_*.gol lang/goroutine_*.gol lang/closure_*.gol lang/defer_*.gol lang/recover_*.gol
    lang/map_*.gol lang/iface_*.gol
    errors/spell_*.gol)
set(_leak_skip stdlib/math_go_bits)
foreach(glob ${_leak_globs})
  file(GLOB _scripts CONFIGURE_DEPENDS ${_leak}/../${glob})
  foreach(script ${_scripts})
    get_filename_component(_name ${script} NAME_WE)
    get_filename_component(_dir ${script} DIRECTORY)
    get_filename_component(_dir ${_dir} NAME)
    if("${_dir}/${_name}" IN_LIST _leak_skip)
      continue()
    endif()
    add_test(NAME leak/${_dir}/${_name}
             COMMAND bash ${_leak}/run_leak.sh ${GOL_VALGRIND} $<TARGET_FILE:gol> ${script})
    set_tests_properties(leak/${_dir}/${_name} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120
                         LABELS leak)
  endforeach()
endforeach()

# libgol: host handles, slots, panics, concurrent calls, reopening (tests/api), in one process;
# and the collector under libgol (tests/gc/api_gc_test.c).
add_test(NAME leak/api/all
         COMMAND env GOL_LEAK_VALGRIND=${GOL_VALGRIND} GOL_LEAK_GOL=$<TARGET_FILE:api_test>
                 bash ${_leak}/valgrind_gol.sh ${CMAKE_SOURCE_DIR}/tests/api/api.gol)
add_test(NAME leak/api/gc
         COMMAND env GOL_LEAK_VALGRIND=${GOL_VALGRIND} GOL_LEAK_GOL=$<TARGET_FILE:api_gc_test>
                 bash ${_leak}/valgrind_gol.sh ${CMAKE_SOURCE_DIR}/tests/gc/api_gc.gol)
set_tests_properties(leak/api/all leak/api/gc PROPERTIES PASS_REGULAR_EXPRESSION "PASS"
                     FAIL_REGULAR_EXPRESSION "==[0-9]+==" TIMEOUT 300 LABELS leak)

# The control: a program that loses a block must fail the check (valgrind's report names it).
add_executable(leak_control ${_leak}/leaky.c)
add_test(NAME leak/control
         COMMAND env GOL_LEAK_VALGRIND=${GOL_VALGRIND} GOL_LEAK_GOL=$<TARGET_FILE:leak_control>
                 bash ${_leak}/valgrind_gol.sh)
set_tests_properties(leak/control PROPERTIES
                     PASS_REGULAR_EXPRESSION "64 bytes in 1 blocks are definitely lost"
                     TIMEOUT 60 LABELS leak)
