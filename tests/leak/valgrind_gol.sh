#!/usr/bin/env bash
# A program under valgrind's memcheck for the leak tests (tests/leak/tests.cmake):
#   GOL_LEAK_GOL=PROGRAM [GOL_LEAK_LOG=FILE] [GOL_LEAK_VALGRIND=PATH] valgrind_gol.sh ARGS...
# run_leak.sh passes this script to run_script.sh in place of gol. Valgrind's report goes to
# $GOL_LEAK_LOG when set (never to the script's stderr, which the test compares), else to stderr.
# Exit 99 on any memcheck error or definitely lost block.
#
# --max-stackframe=65536: goroutine stacks are 64 KiB slices of one mapping, so switching between
# two of them can move the stack pointer by less than valgrind's default threshold (2 MiB); below
# the threshold valgrind takes a switch for a frame pushed or popped and marks the memory between
# the two stack pointers inaccessible (the thread's TLS block among it). No C frame of gol's is
# that large. --undef-value-errors=no: the collector scans stacks and register files
# conservatively, reading words nobody wrote on purpose.
set -u
log=--log-fd=2
[ -n "${GOL_LEAK_LOG:-}" ] && log=--log-file=$GOL_LEAK_LOG
exec "${GOL_LEAK_VALGRIND:-valgrind}" -q --leak-check=full --show-leak-kinds=definite \
  --errors-for-leak-kinds=definite --undef-value-errors=no --fair-sched=yes \
  --max-stackframe=65536 --error-exitcode=99 "$log" "$GOL_LEAK_GOL" "$@"
