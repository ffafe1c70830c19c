# VM tests: the disassembler lists every opcode of a small program (the compiler's output is
# checked for the specialised forms: compare-and-branch and direct calls).
add_test(NAME vm/disasm_fib
         COMMAND bash -c "$<TARGET_FILE:gol> -d ${CMAKE_CURRENT_LIST_DIR}/fib.gol | grep -q 'CALL' && $<TARGET_FILE:gol> -d ${CMAKE_CURRENT_LIST_DIR}/fib.gol | grep -qE 'J(LT|LE|GT|GE)K? '")
add_test(NAME vm/run_fib COMMAND bash -c "$<TARGET_FILE:gol> ${CMAKE_CURRENT_LIST_DIR}/fib.gol 2>&1 | grep -qx 'fib 6765'")
