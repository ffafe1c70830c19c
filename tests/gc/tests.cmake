# Garbage collector tests (runtime/mgc.c, mgcmark.c, mgcsweep.c, vm/vm_gc.c).
#
# gcstress: the script suite (every directory of GOL_SCRIPT_DIRS) with the collector on and a
# collection at every GOL_GC_STRESS_N-th allocation that is a safe point
# (GOLDEBUG=gc=1,gcstress=N). Run with `ctest -L gcstress`. Label gcstress only (not script):
# a collection every few allocations makes the suite several times slower. A script containing the
# line `// gol:no-gcstress` is left out: it measures the collector's own pacing (SetGCPercent,
# MemStats) or already allocates enough to stress it, so forced collections would only change
# what it asserts or multiply its run time.
set(GOL_GC_STRESS_N 10 CACHE STRING "gcstress tests: collect every N-th safe allocation")
foreach(dir ${GOL_SCRIPT_DIRS})
  file(GLOB _scripts CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/../${dir}/*.gol)
  foreach(script ${_scripts})
    get_filename_component(_name ${script} NAME_WE)
    file(STRINGS ${script} _opt_out REGEX "^// gol:no-gcstress")
    if(_opt_out)
      continue()
    endif()
    add_test(NAME gcstress/${dir}/${_name}
             COMMAND env GOLDEBUG=gc=1,gcstress=${GOL_GC_STRESS_N}
                     bash ${CMAKE_CURRENT_LIST_DIR}/../run_script.sh $<TARGET_FILE:gol> ${script})
    set_tests_properties(gcstress/${dir}/${_name} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120
                         LABELS gcstress)
  endforeach()
endforeach()

# gc_test boots through the native entry on the runtime-only library (tests/malloc/tests.cmake).
add_executable(gc_test ${CMAKE_SOURCE_DIR}/arch/amd64/rt0_linux_amd64.S
                       ${CMAKE_SOURCE_DIR}/tests/gc/gc_test.c)
target_link_libraries(gc_test PRIVATE gol_rtonly)
target_link_options(gc_test PRIVATE -nostartfiles -Wl,-e,_rt0_amd64_linux)
add_test(NAME gc/all COMMAND env GOMAXPROCS=2 GOLDEBUG=gc=1 $<TARGET_FILE:gc_test>)
# Under TSan a forced collection costs about 100x more (759 of them took 100 s): collect less often
# there so the test stays well inside its time limit.
if(GOL_SANITIZE STREQUAL "thread")
  set(_gc_stress_every 1000)
else()
  set(_gc_stress_every 200)
endif()
add_test(NAME gc/stress COMMAND env GOMAXPROCS=2 GOLDEBUG=gc=1,gcstress=${_gc_stress_every}
         $<TARGET_FILE:gc_test>)
add_test(NAME gc/procs4 COMMAND env GOMAXPROCS=4 GOLDEBUG=gc=1,gcstress=500 $<TARGET_FILE:gc_test>)
set_tests_properties(gc/all gc/stress gc/procs4 PROPERTIES PASS_REGULAR_EXPRESSION "PASS"
                     TIMEOUT 120 LABELS gc)

# par_sweep_test: parallel marking of a large graph, lazy sweeping's memory reuse, pause stats.
add_executable(par_sweep_test ${CMAKE_SOURCE_DIR}/arch/amd64/rt0_linux_amd64.S
                              ${CMAKE_SOURCE_DIR}/tests/gc/par_sweep_test.c)
target_link_libraries(par_sweep_test PRIVATE gol_rtonly)
target_link_options(par_sweep_test PRIVATE -nostartfiles -Wl,-e,_rt0_amd64_linux)
add_test(NAME gc/par_sweep COMMAND env GOMAXPROCS=2 GOLDEBUG=gc=1 $<TARGET_FILE:par_sweep_test>)
add_test(NAME gc/par_sweep_procs1 COMMAND env GOMAXPROCS=1 GOLDEBUG=gc=1
         $<TARGET_FILE:par_sweep_test>)
add_test(NAME gc/par_sweep_procs4 COMMAND env GOMAXPROCS=4 GOLDEBUG=gc=1
         $<TARGET_FILE:par_sweep_test>)
set_tests_properties(gc/par_sweep gc/par_sweep_procs1 gc/par_sweep_procs4 PROPERTIES
                     PASS_REGULAR_EXPRESSION "PASS" TIMEOUT 120 LABELS gc)

# api_gc_test: the collector under libgol (roots kept between host calls, strings crossing the
# API and a host native), with freed objects poisoned.
add_executable(api_gc_test ${CMAKE_SOURCE_DIR}/tests/gc/api_gc_test.c)
target_link_libraries(api_gc_test PRIVATE libgol)
add_test(NAME gc/api COMMAND env GOMAXPROCS=2 GOLDEBUG=gcpoison=1 $<TARGET_FILE:api_gc_test>
         ${CMAKE_SOURCE_DIR}/tests/gc/api_gc.gol)
add_test(NAME gc/api_stress COMMAND env GOMAXPROCS=2 GOLDEBUG=gcpoison=1,gcstress=5
         $<TARGET_FILE:api_gc_test> ${CMAKE_SOURCE_DIR}/tests/gc/api_gc.gol)
set_tests_properties(gc/api gc/api_stress PROPERTIES PASS_REGULAR_EXPRESSION "PASS" TIMEOUT 120
                     LABELS gc)

# gcpoison: the collector's script tests (tests/runtime/gc_*.gol: roots held by parked
# goroutines, timers, defers and panics, natives; cycles, maps, channels) with every freed object
# filled with GC_POISON, so a missing root shows as a crash or wrong output at once; with a
# collection every 7th allocation unless the script opts out of gcstress.
file(GLOB _scripts CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/../runtime/gc_*.gol)
foreach(script ${_scripts})
  get_filename_component(_name ${script} NAME_WE)
  file(STRINGS ${script} _opt_out REGEX "^// gol:no-gcstress")
  set(_debug gcpoison=1,gcstress=7)
  if(_opt_out)
    set(_debug gcpoison=1)
  endif()
  add_test(NAME gcpoison/runtime/${_name}
           COMMAND env GOLDEBUG=${_debug}
                   bash ${CMAKE_CURRENT_LIST_DIR}/../run_script.sh $<TARGET_FILE:gol> ${script})
  set_tests_properties(gcpoison/runtime/${_name} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120
                       LABELS gc)
endforeach()

# GOLDEBUG=gctrace=1: Go's line per cycle (runtime/mgc.c says what each field means here), and
# gctrace=2's mark line.
set(_num "[0-9]+\\.[0-9]+")
add_test(NAME gc/gctrace COMMAND env GOMAXPROCS=2 GOLDEBUG=gctrace=2 $<TARGET_FILE:gol>
         ${CMAKE_CURRENT_LIST_DIR}/../runtime/gc_stats_memstats.gol)
set_tests_properties(gc/gctrace PROPERTIES TIMEOUT 60 LABELS gc PASS_REGULAR_EXPRESSION
  "gc 1 @${_num}s [0-9]+%: ${_num}\\+${_num}\\+${_num} ms clock, ${_num}\\+0/${_num}/0\\+${_num} ms cpu, [0-9]+->[0-9]+->[0-9]+ MB, [0-9]+ MB goal, 0 MB stacks, 0 MB globals, 2 P( \\(forced\\))?\ngc 1 mark: [12] workers, busiest ${_num} ms cpu, [0-9]+ objects\n")
