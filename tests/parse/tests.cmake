# Parser tests (owner: parse). parsetool parses files with libgol's parser only.
add_executable(parsetool ${CMAKE_CURRENT_LIST_DIR}/parsetool.c)
target_link_libraries(parsetool PRIVATE libgol)

# Error cases: each errors/NAME.go holds a bad program; NAME.err is the first line of real
# `go build` output for it (with ./main.go replaced by the file name).
file(GLOB _parse_err_cases CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/errors/*.go)
foreach(src ${_parse_err_cases})
  get_filename_component(_n ${src} NAME_WE)
  add_test(NAME parse/error/${_n}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/check.sh $<TARGET_FILE:parsetool> err ${src})
endforeach()

# AST dumps of tricky constructs, checked by hand: ast/NAME.go against NAME.ast.
file(GLOB _parse_ast_cases CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/ast/*.go)
foreach(src ${_parse_ast_cases})
  get_filename_component(_n ${src} NAME_WE)
  add_test(NAME parse/ast/${_n}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/check.sh $<TARGET_FILE:parsetool> ast ${src})
endforeach()

# REPL inputs: repl/NAME.go against NAME.repl ("ok" + dump, "incomplete", or errors).
file(GLOB _parse_repl_cases CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/repl/*.go)
foreach(src ${_parse_repl_cases})
  get_filename_component(_n ${src} NAME_WE)
  add_test(NAME parse/repl/${_n}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/check.sh $<TARGET_FILE:parsetool> repl ${src})
endforeach()

# The Go 1.19 standard library must parse without errors (files using generics excepted).
if(EXISTS /usr/share/go-1.19/src)
  add_test(NAME parse/corpus COMMAND $<TARGET_FILE:parsetool> -corpus /usr/share/go-1.19/src)
  set_tests_properties(parse/corpus PROPERTIES TIMEOUT 120)
endif()

# Lazy parsing (the standard library's: declarations and bodies skipped, parsed on demand) gives
# the same trees as parsing whole files: gol's standard packages, and Go's own (gofmt'ed) sources.
add_test(NAME parse/lazy_stdlib COMMAND $<TARGET_FILE:parsetool> -lazy ${CMAKE_SOURCE_DIR}/stdlib)
if(EXISTS /usr/share/go-1.19/src)
  add_test(NAME parse/lazy_corpus COMMAND $<TARGET_FILE:parsetool> -lazy /usr/share/go-1.19/src)
  set_tests_properties(parse/lazy_corpus PROPERTIES TIMEOUT 300)
endif()

# Deep nesting is an error, not a crash.
add_test(NAME parse/deep_nesting COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/deep.sh $<TARGET_FILE:parsetool>)
