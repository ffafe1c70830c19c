#!/usr/bin/env bash
# Checks the boot chain printed by GOLDEBUG=boottrace=1:  boottrace.sh [--procs N] [--ncpu N]
# [--taskset CPUS] [--stdout TEXT] EXE ARGS...
# Exit 0 pass, 1 fail, 77 skip (the program cannot run yet: --stdout not matched).
set -u
procs= ncpu= cpus= want_stdout=
while [ $# -gt 0 ]; do
  case $1 in
    --procs) procs=$2; shift 2 ;;
    --ncpu) ncpu=$2; shift 2 ;;
    --taskset) cpus=$2; shift 2 ;;
    --stdout) want_stdout=$2; shift 2 ;;
    *) break ;;
  esac
done
exe=$1; shift
[ -x "$exe" ] || { echo "skipped: $exe is not built yet"; exit 77; }
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
run=(env GOLDEBUG=boottrace=1)
[ -n "$procs" ] && run+=(GOMAXPROCS="$procs")
[ -n "$cpus" ] && run+=(taskset -c "$cpus")
"${run[@]}" "$exe" "$@" >"$out" 2>"$err"
status=$?
if [ -n "$want_stdout" ] && [ "$(cat "$out")" != "$want_stdout" ]; then
  echo "skipped: $exe $* does not print '$want_stdout' yet (status $status)"
  exit 77
fi
fail() { echo "FAIL: $*"; echo "--- stderr:"; cat "$err"; exit 1; }
[ "$status" = 0 ] || fail "exit status $status"
# The chain on m0, in order (sysmon runs on its own thread and is checked separately).
expected=(
  '^boot: _rt0_amd64_linux$'
  '^boot: rt0_go cpu=[A-Za-z]+ family=[0-9]+ model=[0-9]+ '
  '^boot: args argc=[0-9]+$'
  '^boot: osinit ncpu=[0-9]+ pagesize=[0-9]+$'
  '^boot: schedinit procs=[0-9]+ maxmcount=10000 '
  '^boot: newproc runtime.main goid=1$'
  '^boot: mstart m=0$'
  '^boot: schedule m=0 goid=1$'
  '^boot: runtime.main goid=1 m=0$'
  '^boot: doInit runtime$'
  '^boot: main.main$'
  '^boot: exit 0$'
)
mapfile -t lines < <(grep '^boot: ' "$err" | grep -v '^boot: sysmon \|^boot: mstart m=[1-9]\|^boot: doInit [^r]\|^boot: script ')
[ "${#lines[@]}" = "${#expected[@]}" ] || fail "got ${#lines[@]} m0 boot lines, want ${#expected[@]}"
for i in "${!expected[@]}"; do
  [[ ${lines[$i]} =~ ${expected[$i]} ]] || fail "line $i: '${lines[$i]}' does not match '${expected[$i]}'"
done
# A driver that compiles a script (the gol CLI) traces the script's own steps inside main.main:
# its packages' init tasks on goroutine 1, then the script's main.main, before the exit.
if grep -q '^boot: script ' "$err"; then
  order=$(grep -n '^boot: main.main$\|^boot: script doInit (goid=1)$\|^boot: script main.main$\|^boot: exit 0$' "$err" |
          cut -d: -f3- | tr '\n' '|')
  [ "$order" = " main.main| script doInit (goid=1)| script main.main| exit 0|" ] ||
    fail "script steps out of order: $order"
fi
grep -q '^boot: sysmon m=[1-9][0-9]*$' "$err" || fail "no sysmon line"
sysmon_at=$(grep -n '^boot: sysmon ' "$err" | cut -d: -f1)
main_at=$(grep -n '^boot: runtime.main ' "$err" | cut -d: -f1)
[ "$sysmon_at" -gt "$main_at" ] || fail "sysmon started before runtime.main"
if [ -n "$ncpu" ]; then
  grep -q "^boot: osinit ncpu=$ncpu " "$err" || fail "ncpu is not $ncpu"
fi
want_procs=${procs:-$ncpu}
if [ -n "$want_procs" ]; then
  grep -q "^boot: schedinit procs=$want_procs " "$err" || fail "procs is not $want_procs"
fi
echo "boot chain ok"
