#!/usr/bin/env bash
# Usage: run_traceback.sh GOL NAME.gol
# Runs NAME.gol (GOMAXPROCS=1, from its directory) and compares its whole standard error with
# NAME.trace after masking what changes between machines and code generators: the test directory
# (absolute in tracebacks) becomes DIR, and pc offsets ("+0x1c") become "+0x?". The exit status
# must be 2.
set -u
gol=$1
script=$2
dir=$(cd "$(dirname "$script")" && pwd)
base=$(basename "$script" .gol)
cd "$dir" || exit 1
actual=$(GOMAXPROCS=1 timeout 30 "$gol" "$base.gol" 2>&1 >/dev/null; echo "exit $?")
actual=$(printf '%s\n' "$actual" | sed -E -e "s#$dir/#DIR/#g" -e 's/ \+0x[0-9a-f]+$/ +0x?/')
expected=$(cat "$base.trace"; echo "exit 2")
if [ "$actual" != "$expected" ]; then
  diff -u <(printf '%s\n' "$expected") <(printf '%s\n' "$actual")
  echo "traceback differs (- want, + got)"
  exit 1
fi
