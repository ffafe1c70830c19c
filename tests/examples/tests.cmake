# The programs in examples/ run as script tests (examples/NAME); their expected outputs (from real
# Go, like every script test) and standard input live here, as NAME.out / NAME.in, so examples/
# holds only programs.
file(GLOB _examples CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/examples/*.gol)
foreach(_ex ${_examples})
  get_filename_component(_name ${_ex} NAME_WE)
  add_test(NAME examples/${_name}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/../run_script.sh $<TARGET_FILE:gol> ${_ex}
                   ${CMAKE_CURRENT_LIST_DIR})
  set_tests_properties(examples/${_name} PROPERTIES TIMEOUT 60 LABELS script)
endforeach()
