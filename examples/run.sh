#!/bin/sh
# Translates generated/strings.wasm, compiles it with the runtime and examples/main.c, runs it.
# usage: examples/run.sh [TRANSLATOR [WORKDIR]]   (builds the translator with cmake if not given)
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
translator=${1:-}
work=${2:-$root/build/example}
if [ -z "$translator" ]; then
  cmake -S "$root" -B "$root/build" >/dev/null
  cmake --build "$root/build" --target wasm2c-lite >/dev/null
  translator=$root/build/wasm2c-lite
fi
mkdir -p "$work"
"$translator" "$root/generated/strings.wasm" -o "$work/strings.c"
${CC:-cc} -std=c99 -O2 -Wall -Wextra -Werror -I "$root/rt" -I "$work" \
  "$root/examples/main.c" "$work/strings.c" "$root"/rt/*.c -lm -o "$work/strings"
"$work/strings"
