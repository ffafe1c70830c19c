#!/usr/bin/env bash
# run_check.sh CHECKTOOL STDLIBDIR path/NAME.gol: the first stderr line(s) must equal NAME.err.
set -u
tool=$1 std=$2 src=$3
dir=$(dirname "$src"); name=$(basename "$src"); base=${name%.gol}
got=$(cd "$dir" && timeout 20 "$tool" "$std" "$name" 2>&1 >/dev/null)
n=$(wc -l <"$dir/$base.err"); [ "$n" -lt 1 ] && n=1
if [ "$(printf '%s\n' "$got" | head -n "$n")" != "$(cat "$dir/$base.err")" ]; then
  echo "want:"; cat "$dir/$base.err"; echo "got:"; printf '%s\n' "$got" | head -20
  exit 1
fi
