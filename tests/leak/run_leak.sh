#!/usr/bin/env bash
# One leak test: run_leak.sh VALGRIND GOL path/to/NAME.gol -- the script test NAME
# (tests/run_script.sh: same expected stdout, status and stderr) with gol under valgrind; fails on
# any memcheck error or definitely lost block, printing valgrind's report.
set -u
here=$(cd "$(dirname "$0")" && pwd)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
GOL_LEAK_VALGRIND=$1 GOL_LEAK_GOL=$(realpath "$2") GOL_LEAK_LOG=$log \
  bash "$here/../run_script.sh" "$here/valgrind_gol.sh" "$3"
status=$?
if [ -s "$log" ]; then
  echo "--- valgrind:"
  head -200 "$log"
  exit 1
fi
exit $status
