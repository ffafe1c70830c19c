#!/usr/bin/env bash
# Runs one script test (see tests/README.md): run_script.sh GOL path/to/NAME.gol [EXPECTED_DIR]
# The expected files (NAME.out/.exit/.err/.in) are next to NAME.gol, or in EXPECTED_DIR.
# Exit: 0 pass, 1 fail (with a diff), 77 skipped (listed in tests/pending.txt).
set -u
gol=$1 src=$2
dir=$(cd "$(dirname "$src")" && pwd)
exp=${3:-$dir}
name=$(basename "$src")
base=${name%.*}
tests=$(cd "$(dirname "$0")" && pwd)
rel=${dir#"$tests"/}/$name
if grep -qxF "$rel" "$tests/pending.txt" 2>/dev/null; then
  echo "skipped: $rel is listed in tests/pending.txt"
  exit 77
fi
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
input=/dev/null
[ -f "$exp/$base.in" ] && input="$exp/$base.in"
(cd "$dir" && timeout 50 "$gol" "$name" <"$input" >"$out" 2>"$err")
status=$?
want_status=0
[ -f "$exp/$base.exit" ] && want_status=$(cat "$exp/$base.exit")
fail=0
if [ -f "$exp/$base.out" ]; then
  if ! cmp -s "$out" "$exp/$base.out"; then
    echo "--- stdout differs (want $base.out, got):"
    diff "$exp/$base.out" "$out" | head -40
    fail=1
  fi
elif [ -s "$out" ]; then
  echo "--- unexpected stdout:"; head -20 "$out"; fail=1
fi
if [ "$status" != "$want_status" ]; then
  echo "--- exit status $status, want $want_status"
  fail=1
fi
if [ -f "$exp/$base.err" ]; then
  n=$(wc -l <"$exp/$base.err")
  [ "$n" -lt 1 ] && n=1
  if ! head -n "$n" "$err" | cmp -s - "$exp/$base.err"; then
    echo "--- stderr differs (want the first $n line(s) of $base.err, got):"
    diff "$exp/$base.err" <(head -n "$n" "$err") | head -20
    fail=1
  fi
fi
if [ $fail != 0 ]; then
  echo "--- full stderr:"; head -30 "$err"
  exit 1
fi
exit 0
