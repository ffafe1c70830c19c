#!/usr/bin/env bash
# 100000 nested parentheses: the parser must report an error and exit 1, not crash.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
{ printf 'package main\n\nvar x = '; head -c 100000 /dev/zero | tr '\0' '('; printf '1'; head -c 100000 /dev/zero | tr '\0' ')'; printf '\n'; } >"$tmp/deep.go"
out=$("$1" "$tmp/deep.go"); status=$?
[ $status == 1 ] || { echo "exit status $status, want 1"; exit 1; }
printf '%s\n' "$out" | head -1 | grep -q 'too deeply nested' || { echo "unexpected: $out" | head -3; exit 1; }
