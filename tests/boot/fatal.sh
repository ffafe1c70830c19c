#!/usr/bin/env bash
# fatal.sh WANT_STATUS WANT_FIRST_STDERR_LINE EXE ARGS...: a fatal error's status and message.
set -u
want_status=$1 want_line=$2; shift 2
err=$(mktemp); trap 'rm -f "$err"' EXIT
timeout 20 "$@" >/dev/null 2>"$err"
status=$?
first=$(head -1 "$err")
if [ "$status" != "$want_status" ] || [ "$first" != "$want_line" ]; then
  echo "FAIL: status $status (want $want_status), first line '$first' (want '$want_line')"
  cat "$err"; exit 1
fi
echo "ok: $first (status $status)"
