#!/usr/bin/env bash
# check.sh PARSETOOL MODE FILE: runs parsetool on FILE and compares with the expectation next to
# it. MODE err: first output line vs NAME.err (exit status must be 1); ast: output vs NAME.ast;
# repl: output of -repl vs NAME.repl.
set -u
tool=$1 mode=$2 src=$3
dir=$(dirname "$src") name=$(basename "$src") base=${name%.go}
cd "$dir" || exit 1
case $mode in
err)
  out=$("$tool" "$name"); status=$?
  if [ $status != 1 ]; then echo "exit status $status, want 1"; echo "$out"; exit 1; fi
  want=$(cat "$base.err")
  got=$(printf '%s\n' "$out" | head -n 1)
  [ "$got" == "$want" ] || { echo "want: $want"; echo "got:  $got"; exit 1; } ;;
ast)
  diff <("$tool" -dump "$name") "$base.ast" || exit 1 ;;
repl)
  diff <("$tool" -repl "$name") "$base.repl" || exit 1 ;;
esac
exit 0
