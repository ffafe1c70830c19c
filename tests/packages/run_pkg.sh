#!/usr/bin/env bash
# Runs one package-tree test: run_pkg.sh GOL TREE [ENV=VAL...]
# TREE is a module (go.mod) whose root is the main package; it runs as `gol .` from TREE with
# stdin from /dev/null. Expected files (written from real Go's `go run .` / `go build .`):
#   expected.out   exact stdout (absent: stdout must be empty)
#   expected.exit  exit status (absent: 0)
#   expected.err   the first N lines of stderr (N = its line count); "@DIR@" stands for TREE's
#                  absolute path (Go prints it in "found packages ... in DIR")
#   expected.trace (optional) GOLDEBUG=inittrace=1 run: the stderr lines starting with "init "
#                  for this module's packages and main, with the timings replaced by "T"
set -u
gol=$1 tree=$(cd "$2" && pwd)
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
(cd "$tree" && timeout 50 "$gol" . </dev/null >"$out" 2>"$err")
status=$?
fail=0
want_status=0
[ -f "$tree/expected.exit" ] && want_status=$(cat "$tree/expected.exit")
if [ -f "$tree/expected.out" ]; then
  cmp -s "$out" "$tree/expected.out" || { echo "--- stdout differs:"; diff "$tree/expected.out" "$out" | head -40; fail=1; }
elif [ -s "$out" ]; then
  echo "--- unexpected stdout:"; head -20 "$out"; fail=1
fi
[ "$status" = "$want_status" ] || { echo "--- exit status $status, want $want_status"; fail=1; }
if [ -f "$tree/expected.err" ]; then
  n=$(wc -l <"$tree/expected.err")
  [ "$n" -lt 1 ] && n=1
  want=$(sed "s|@DIR@|$tree|g" "$tree/expected.err")
  got=$(head -n "$n" "$err")
  [ "$want" = "$got" ] || { echo "--- stderr differs:"; diff <(echo "$want") <(echo "$got"); fail=1; }
fi
if [ -f "$tree/expected.trace" ]; then
  mod=$(sed -n 's/^module[[:space:]]*//p' "$tree/go.mod" | head -n1)
  got=$(cd "$tree" && GOLDEBUG=inittrace=1 timeout 50 "$gol" . </dev/null 2>&1 >/dev/null |
        grep -E "^init ($mod(/| )|main )" |
        sed -E 's/@[0-9.]+ ms, [0-9.]+ ms clock, [0-9]+ bytes, [0-9]+ allocs$/@T/')
  [ "$got" = "$(cat "$tree/expected.trace")" ] || { echo "--- inittrace differs:"; diff "$tree/expected.trace" <(echo "$got"); fail=1; }
fi
[ $fail = 0 ] || { echo "--- full stderr:"; head -30 "$err"; exit 1; }
exit 0
