# Multi-package programs: every directory under tests/packages/ holding a go.mod is a module whose
# root is the main package, run as `gol .` (see run_pkg.sh for the expected.* files, which come
# from real Go: `go run .` for output and init order, `go build .` for errors).
file(GLOB _pkg_mods CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/packages/*/go.mod)
foreach(mod ${_pkg_mods})
  get_filename_component(_tree ${mod} DIRECTORY)
  get_filename_component(_name ${_tree} NAME)
  add_test(NAME packages/${_name}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/packages/run_pkg.sh $<TARGET_FILE:gol> ${_tree})
  set_tests_properties(packages/${_name} PROPERTIES TIMEOUT 60 LABELS packages)
endforeach()
