#!/usr/bin/env bash
# entry.sh EXE: the ELF entry point is _rt0_amd64_linux, and under gdb the program's first
# instruction is there: `starti` stops in the dynamic linker (ld.so runs before any executable
# code), then the first stop in the executable is _rt0_amd64_linux at offset 0.
set -u
exe=$1
[ -x "$exe" ] || { echo "skipped: $exe is not built yet"; exit 77; }
entry=$(readelf -h "$exe" | awk '/Entry point address:/ {print $4}')
sym=$(nm "$exe" | awk '$3 == "_rt0_amd64_linux" {print $1}')
[ -n "$entry" ] && [ -n "$sym" ] || { echo "FAIL: entry '$entry' symbol '$sym'"; exit 1; }
# readelf prints 0x-prefixed hex; nm prints zero-padded hex.
if [ $((entry)) -ne $((16#$sym)) ]; then
  echo "FAIL: entry $entry != _rt0_amd64_linux 0x$sym"; exit 1
fi
echo "entry $entry = _rt0_amd64_linux"
if ! command -v gdb >/dev/null; then echo "skipped: no gdb"; exit 77; fi
out=$(gdb -nx -batch -ex starti -ex 'info symbol $pc' -ex 'break *_rt0_amd64_linux' -ex continue \
  -ex 'info symbol $pc' -ex 'kill' --args "$exe" boot 2>&1)
if echo "$out" | grep -q "ptrace: Operation not permitted"; then
  echo "skipped: ptrace not permitted"; exit 77
fi
echo "$out" | grep -q '^_rt0_amd64_linux in section .text' || { echo "FAIL: gdb starti:"; echo "$out"; exit 1; }
echo "gdb starti stops in _rt0_amd64_linux"
