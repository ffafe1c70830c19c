#!/bin/bash
# run_repl.sh GOL CASE.in: runs a piped REPL session and compares its combined output and exit
# status with CASE.out and CASE.exit (see tests.cmake).
gol=$(realpath "$1")
in=$(realpath "$2")
base=${in%.in}
want_exit=0
[ -f "$base.exit" ] && want_exit=$(cat "$base.exit")
cd "$(dirname "$in")" || exit 1
unset GOROOT # "package nosuch is not in GOROOT" names it when set
actual=$(timeout 30 "$gol" < "$in" 2>&1 | sed -E 's/ \+0x[0-9a-f]+$/ +0x?/'; exit "${PIPESTATUS[0]}")
status=$?
if [ "$status" != "$want_exit" ]; then
  echo "exit status $status, want $want_exit"
  printf '%s\n' "$actual"
  exit 1
fi
if ! diff -u "$base.out" <(printf '%s\n' "$actual"); then
  echo "output differs (- want, + got)"
  exit 1
fi
