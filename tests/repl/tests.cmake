# REPL sessions: `gol` with no arguments reads NAME.in on standard input (not a terminal: no
# prompts); its standard output and error together must equal NAME.out, and its exit status
# NAME.exit (absent: 0). Go has no REPL, so the expected outputs are written by hand; each NAME.in
# starts with a comment saying what the session shows. run_repl.sh masks the pc offsets of
# traceback lines ("+0x1c" becomes "+0x?"), which change whenever code generation does.
file(GLOB _repl_cases CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.in)
foreach(_case ${_repl_cases})
  get_filename_component(_n ${_case} NAME_WE)
  add_test(NAME repl/${_n}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run_repl.sh $<TARGET_FILE:gol> ${_case})
  set_tests_properties(repl/${_n} PROPERTIES TIMEOUT 60 LABELS repl)
endforeach()
