# checktool: the checker alone (lexer, parser, checker; no compiler or VM), for tests/errors.
set(_chk_src ${CMAKE_SOURCE_DIR}/lang)
set(_chk_gen ${CMAKE_BINARY_DIR}/gen)
set_source_files_properties(${_chk_gen}/parser.c ${_chk_gen}/lexer.c PROPERTIES GENERATED TRUE)
add_executable(checktool ${CMAKE_CURRENT_LIST_DIR}/checktool.c
  ${_chk_src}/source.c ${_chk_src}/diag.c ${_chk_src}/ast.c ${_chk_src}/parse.c
  ${_chk_src}/const.c ${_chk_src}/rat.c ${_chk_src}/bignat.c ${_chk_src}/types.c ${_chk_src}/types_rt.c ${_chk_src}/check_fmt.c
  ${_chk_src}/check_decl.c ${_chk_src}/check_expr.c ${_chk_src}/check_call.c
  ${_chk_src}/check_stmt.c ${_chk_src}/check_init.c ${_chk_src}/check_branch.c ${_chk_src}/check_spell.c ${_chk_gen}/parser.c ${_chk_gen}/lexer.c)
add_dependencies(checktool gol_generated)
target_include_directories(checktool PRIVATE ${CMAKE_SOURCE_DIR} ${CMAKE_SOURCE_DIR}/vm ${_chk_gen})
target_link_libraries(checktool PRIVATE Threads::Threads m)
set_source_files_properties(${_chk_gen}/parser.c PROPERTIES COMPILE_OPTIONS "-Wno-unused-variable;-Wno-unused-but-set-variable;-Wno-sign-compare;-Wno-error")
# Every tests/errors case also runs through the checker alone, so the checker's messages are
# tested while the rest of the pipeline is incomplete.
file(GLOB _err_cases CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/errors/*.gol)
foreach(_case ${_err_cases})
  get_filename_component(_n ${_case} NAME_WE)
  add_test(NAME check/${_n}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run_check.sh $<TARGET_FILE:checktool>
                   ${CMAKE_SOURCE_DIR}/stdlib ${_case})
endforeach()
