#!/usr/bin/env bash
# Runs pipe/NAME.gol with its standard input from a real pipe and GOMAXPROCS=1, and compares the
# output with NAME.out: run_pipe.sh GOL NAME. The writer pauses between its writes (feed below),
# so the reader really blocks. The expected output comes from real Go, written by
# `run_pipe.sh --gen NAME` (builds the script with go 1.19 and runs it the same way).
set -u
here=$(cd "$(dirname "$0")" && pwd)
feed() {
  case $1 in
  stdin_pipe) printf 'first line\n'; sleep 0.5; printf 'alpha beta\ngamma  delta\n\nepsilon' ;;
  *) printf 'short line\n'; sleep 0.5; printf '%0100d\nafter the long line\nlast' 0 ;;
  esac
}
if [ "$1" = --gen ]; then
  name=$2
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  cp "$here/$name.gol" "$tmp/main.go"
  (cd "$tmp" && printf 'module m\n\ngo 1.19\n' > go.mod && go build -o prog .) || exit 1
  feed "$name" | GOMAXPROCS=1 "$tmp/prog" > "$here/$name.out"
  exit
fi
name=$2
got=$(feed "$name" | GOMAXPROCS=1 timeout 20 "$1" "$here/$name.gol")
status=$?
[ $status = 0 ] || { echo "exit status $status"; exit 1; }
diff <(cat "$here/$name.out") <(printf '%s\n' "$got") || exit 1
