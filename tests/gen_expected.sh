#!/usr/bin/env bash
# Regenerates the expected outputs of script tests from real Go (the oracle). See tests/README.md.
#
#   tests/gen_expected.sh                 # every .gol under tests/lang tests/regression tests/crash
#   tests/gen_expected.sh FILE.gol DIR... # only the given files / directories
#
# For each NAME.gol: copy it to a temporary module as main.go and `go build` it.
#   build fails -> NAME.exit = 1, NAME.err = first `./main.go:` error line (as NAME.gol:...), no .out
#   build ok    -> run it from NAME.gol's directory (stdin NAME.in if present, timeout 10 s):
#                  NAME.out  = stdout (always written; empty asserts no output)
#                  NAME.exit = status, only when non-zero (a stale one is removed)
#                  NAME.err  = first stderr line when the status is non-zero (the first N lines when
#                              the file contains a line `// gol:err-lines N`); the whole stderr when
#                              the status is 0 but stderr is non-empty (builtin print/println);
#                              removed otherwise
# Files containing the line `// gol:expect-manual` are skipped: their expected files are hand-written.
# Needs only bash, coreutils and go.
set -u
tests=$(cd "$(dirname "$0")" && pwd)
command -v go >/dev/null || { echo "gen_expected.sh: go not found in PATH" >&2; exit 2; }

files=()
collect() {
  local p=$1
  if [ -d "$p" ]; then
    while IFS= read -r f; do files+=("$f"); done < <(find "$p" -name '*.gol' -type f | LC_ALL=C sort)
  elif [ -f "$p" ]; then
    files+=("$p")
  else
    echo "gen_expected.sh: no such file or directory: $p" >&2
  fi
}
if [ $# -eq 0 ]; then
  for d in lang regression crash; do collect "$tests/$d"; done
else
  for p in "$@"; do collect "$p"; done
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'module m\n\ngo 1.19\n' >"$work/go.mod"

n=0 skipped=0 failed=0
for src in "${files[@]}"; do
  case $src in *.gol) ;; *) echo "skip (not .gol): $src" >&2; continue ;; esac
  dir=$(cd "$(dirname "$src")" && pwd)
  name=$(basename "$src")
  base=${name%.gol}
  stem=$dir/$base
  if grep -qxF '// gol:expect-manual' "$src"; then
    skipped=$((skipped + 1))
    continue
  fi
  n=$((n + 1))
  cp "$src" "$work/main.go"
  rm -f "$work/prog"
  if ! (cd "$work" && go build -o prog . >"$work/build.log" 2>&1); then
    line=$(grep -m1 '^\./main\.go:' "$work/build.log")
    [ -z "$line" ] && line=$(grep -v '^#' "$work/build.log" | head -n1)
    printf '%s\n' "${line//.\/main.go/$name}" >"$stem.err"
    echo 1 >"$stem.exit"
    rm -f "$stem.out"
    echo "compile error: $src: ${line//.\/main.go/$name}"
    continue
  fi
  input=/dev/null
  [ -f "$stem.in" ] && input=$stem.in
  (cd "$dir" && timeout 10 "$work/prog" <"$input" >"$work/stdout" 2>"$work/stderr")
  status=$?
  cp "$work/stdout" "$stem.out"
  if [ "$status" -ne 0 ]; then
    echo "$status" >"$stem.exit"
    lines=$(sed -n 's|^// gol:err-lines \([0-9][0-9]*\)$|\1|p' "$src" | head -n1)
    head -n "${lines:-1}" "$work/stderr" >"$stem.err"
    [ "$status" -eq 124 ] && { echo "TIMEOUT: $src" >&2; failed=$((failed + 1)); }
  else
    rm -f "$stem.exit"
    if [ -s "$work/stderr" ]; then cp "$work/stderr" "$stem.err"; else rm -f "$stem.err"; fi
  fi
done
echo "gen_expected.sh: $n generated, $skipped manual (skipped), $failed timed out"
[ $failed -eq 0 ]
