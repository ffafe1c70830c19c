# Whole tracebacks (vm/traceback.c): NAME.gol must exit with status 2 and print NAME.trace on
# standard error, with the test directory shown as DIR and pc offsets as +0x? (run_traceback.sh).
# Go's own argument words are mostly stale register values marked "?", so the expected traces are
# written by hand from Go 1.19's format rules (the comment at the top of each NAME.gol says how).
file(GLOB _tb_cases CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.gol)
foreach(_case ${_tb_cases})
  get_filename_component(_n ${_case} NAME_WE)
  add_test(NAME traceback/${_n}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run_traceback.sh $<TARGET_FILE:gol> ${_case})
  set_tests_properties(traceback/${_n} PROPERTIES TIMEOUT 60 LABELS traceback)
endforeach()
