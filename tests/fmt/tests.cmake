# Unit tests of the formatting and number engines (stdlib/fmt_format.c, stdlib/strconv_*.c),
# built without the VM: they link only the engine's own files.
set(_fmt_engine_src
  ${CMAKE_SOURCE_DIR}/stdlib/fmt_format.c
  ${CMAKE_SOURCE_DIR}/stdlib/strconv_atoi.c
  ${CMAKE_SOURCE_DIR}/stdlib/strconv_ftoa.c
  ${CMAKE_SOURCE_DIR}/stdlib/strconv_itoa.c
  ${CMAKE_SOURCE_DIR}/stdlib/strconv_quote.c
  ${CMAKE_SOURCE_DIR}/stdlib/unicode_lookup.c
  ${CMAKE_SOURCE_DIR}/stdlib/unicode_tables.c)

add_executable(fmt_strconv_test ${CMAKE_CURRENT_LIST_DIR}/strconv_test.c ${_fmt_engine_src})
target_include_directories(fmt_strconv_test PRIVATE ${CMAKE_SOURCE_DIR})
target_link_libraries(fmt_strconv_test PRIVATE m)
add_test(NAME fmt/strconv COMMAND fmt_strconv_test ${CMAKE_CURRENT_LIST_DIR}/ftoa_cases.txt)

add_executable(fmt_engine_test ${CMAKE_CURRENT_LIST_DIR}/fmt_test.c ${_fmt_engine_src})
target_include_directories(fmt_engine_test PRIVATE ${CMAKE_SOURCE_DIR})
target_compile_options(fmt_engine_test PRIVATE -Wno-missing-field-initializers)
target_link_libraries(fmt_engine_test PRIVATE m)
add_test(NAME fmt/engine
         COMMAND sh -c "\"$1\" | cmp - \"$2\"" sh $<TARGET_FILE:fmt_engine_test>
                 ${CMAKE_CURRENT_LIST_DIR}/fmt_engine.out)
