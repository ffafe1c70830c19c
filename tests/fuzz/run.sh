#!/usr/bin/env bash
# run.sh GOL cases/NAME.{go,sh}: gol must exit 1 within the time limit, with no sanitizer report,
# and the first stderr line must equal cases/NAME.err. A NAME.sh case prints the program (for
# inputs too large or too binary to commit); it is written to NAME.go in a temporary directory.
set -u
gol=$1 src=$2
dir=$(cd "$(dirname "$src")" && pwd); name=$(basename "$src"); base=${name%.*}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
if [ "${name##*.}" = sh ]; then bash "$src" >"$tmp/$base.go"; else cp "$src" "$tmp/$base.go"; fi
cd "$tmp" && ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} timeout 30 "$gol" "$base.go" >/dev/null 2>stderr
status=$?
if grep -q 'Sanitizer\|^.*runtime error:' stderr && ! grep -q '^panic:' stderr; then
  echo "sanitizer report:"; head -30 stderr; exit 1
fi
[ $status = 1 ] || { echo "exit status $status, want 1"; head -5 stderr; exit 1; }
want=$(cat "$dir/$base.err")
got=$(head -1 stderr)
[ "$got" = "$want" ] || { printf 'want: %s\ngot:  %s\n' "$want" "$got"; exit 1; }
