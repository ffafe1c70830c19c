# Standard-library tests beyond the script convention: standard input through a real pipe, the
# reader blocking while other goroutines run (tests/stdlib/pipe/run_pipe.sh, one test per script).
foreach(_pipe stdin_pipe stdin_readall stdin_scan_long)
  add_test(NAME stdlib/${_pipe}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/pipe/run_pipe.sh $<TARGET_FILE:gol> ${_pipe})
  set_tests_properties(stdlib/${_pipe} PROPERTIES TIMEOUT 60 LABELS script)
endforeach()
