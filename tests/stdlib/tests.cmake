# Standard-library tests beyond the script convention: standard input through a real pipe, the
# reader blocking while other goroutines run (tests/stdlib/pipe/run_pipe.sh).
add_test(NAME stdlib/stdin_pipe
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/pipe/run_pipe.sh $<TARGET_FILE:gol>)
set_tests_properties(stdlib/stdin_pipe PROPERTIES TIMEOUT 60 LABELS script)
