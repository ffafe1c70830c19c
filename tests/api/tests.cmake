# libgol API tests: ordinary host programs (crt1's _start, a normal main) linked with libgol.a,
# booting the runtime with gol_open(). api_test.c is paired with api.gol.
add_executable(api_test ${CMAKE_SOURCE_DIR}/tests/api/api_test.c)
target_link_libraries(api_test PRIVATE libgol)

set(_api ${CMAKE_SOURCE_DIR}/tests/api)
# "boot" must run first in its process (it counts threads before gol_open), so every test gets a
# process of its own; "all" runs them in sequence in one process.
foreach(t boot errors slots panic concurrent reopen main dir outlive)
  add_test(NAME api/${t} COMMAND $<TARGET_FILE:api_test> ${_api}/api.gol ${t})
  set_tests_properties(api/${t} PROPERTIES PASS_REGULAR_EXPRESSION "ok ${t}\nPASS" TIMEOUT 60)
endforeach()
add_test(NAME api/all COMMAND $<TARGET_FILE:api_test> ${_api}/api.gol)
add_test(NAME api/all_procs1 COMMAND env GOMAXPROCS=1 $<TARGET_FILE:api_test> ${_api}/api.gol
         errors slots panic concurrent reopen main dir)
set_tests_properties(api/all api/all_procs1 PROPERTIES PASS_REGULAR_EXPRESSION "PASS" TIMEOUT 120)
set_tests_properties(api/main PROPERTIES PASS_REGULAR_EXPRESSION "main ran 100\nok main\nPASS")
set_tests_properties(api/outlive PROPERTIES PASS_REGULAR_EXPRESSION "late \"first call\"\nok outlive\nPASS")

# The embedding example builds and runs as a test too.
add_executable(embed_example ${CMAKE_SOURCE_DIR}/examples/embed/main.c)
target_link_libraries(embed_example PRIVATE libgol)
add_test(NAME api/embed_example COMMAND $<TARGET_FILE:embed_example>
         ${CMAKE_SOURCE_DIR}/examples/embed/script.gol)
set_tests_properties(api/embed_example PROPERTIES TIMEOUT 60
                     PASS_REGULAR_EXPRESSION "sum of squares 1\\.\\.1000000 with 4 goroutines = 333333833333500000")
