#!/usr/bin/env bash
# Runs stdin_pipe.gol with its standard input from a real pipe, GOMAXPROCS=1, and compares the
# output with stdin_pipe.out: run_pipe.sh GOL. The expected output comes from real Go, written by
# `run_pipe.sh --gen` (builds the script with go 1.19 and runs it the same way).
set -u
here=$(cd "$(dirname "$0")" && pwd)
feed() { printf 'first line\n'; sleep 0.5; printf 'alpha beta\ngamma  delta\n\nepsilon'; }
if [ "$1" = --gen ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  cp "$here/stdin_pipe.gol" "$tmp/main.go"
  (cd "$tmp" && printf 'module m\n\ngo 1.19\n' > go.mod && go build -o prog .) || exit 1
  feed | GOMAXPROCS=1 "$tmp/prog" > "$here/stdin_pipe.out"
  exit
fi
got=$(feed | GOMAXPROCS=1 timeout 20 "$1" "$here/stdin_pipe.gol")
status=$?
[ $status = 0 ] || { echo "exit status $status"; exit 1; }
diff <(cat "$here/stdin_pipe.out") <(printf '%s\n' "$got") || exit 1
