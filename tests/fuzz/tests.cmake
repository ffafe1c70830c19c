# Fuzz regression corpus (owner: harden). Each tests/fuzz/cases/NAME.go (or NAME.sh, a generator
# for inputs too large or too binary to commit) once crashed or hung the front end; gol must exit
# 1 with the first stderr line in NAME.err (Go's, where Go rejects the program too). The libFuzzer
# harness itself, fuzz_frontend.c, is built by hand (see its header).
file(GLOB _fuzz_cases CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/cases/*.go ${CMAKE_CURRENT_LIST_DIR}/cases/*.sh)
foreach(_case ${_fuzz_cases})
  get_filename_component(_n ${_case} NAME_WE)
  add_test(NAME fuzz/${_n}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run.sh $<TARGET_FILE:gol> ${_case})
  set_tests_properties(fuzz/${_n} PROPERTIES TIMEOUT 60)
endforeach()
