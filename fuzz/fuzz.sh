#!/bin/sh
# Builds the libFuzzer target over translate() and runs it.
#
# usage: fuzz/fuzz.sh [SECONDS] [CORPUS_DIR] [-- extra libFuzzer flags]
#   SECONDS     how long to fuzz (default 60)
#   CORPUS_DIR  corpus directory (default build/fuzz-corpus); when it is empty
#               it is seeded with the .wasm files of the official testsuite
#               (wast2json of $WASM_TESTSUITE/*.wast, default ../shared/wasm-testsuite)
# Findings (crash-*, leak-*, timeout-*, oom-*) are written to build/fuzz-artifacts/.
# Needs clang with libFuzzer (Debian 12: clang-14) and wast2json (wabt).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
corpus=${2:-$root/build/fuzz-corpus}
[ $# -ge 1 ] && shift
[ $# -ge 1 ] && [ "$1" != "--" ] && shift
[ $# -ge 1 ] && [ "$1" = "--" ] && shift
testsuite=${WASM_TESTSUITE:-$root/../shared/wasm-testsuite}
CC=${CC:-clang}
bin=$root/build/fuzz_translate
artifacts=$root/build/fuzz-artifacts

mkdir -p "$root/build" "$corpus" "$artifacts"

sources=$(ls "$root"/translator/*.c | grep -v '/main\.c$')
# -iquote: the translator's headers are included with quotes only.
# shellcheck disable=SC2086
"$CC" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -iquote "$root/translator" -o "$bin" "$root/fuzz/fuzz_translate.c" $sources

if [ -z "$(ls -A "$corpus")" ]; then
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    for wast in "$testsuite"/*.wast; do
        name=$(basename "$wast" .wast)
        mkdir -p "$tmp/$name"
        wast2json --enable-all "$wast" -o "$tmp/$name/$name.json" >/dev/null 2>&1 ||
            wast2json "$wast" -o "$tmp/$name/$name.json" >/dev/null 2>&1 || true
    done
    n=0
    for f in "$tmp"/*/*.wasm; do
        [ -e "$f" ] || continue
        cp "$f" "$corpus/$(basename "$(dirname "$f")")-$(basename "$f")"
        n=$((n + 1))
    done
    # Our own regression inputs belong in the corpus too.
    for f in "$root"/tests/limits/regressions/*; do
        [ -f "$f" ] && cp "$f" "$corpus/regression-$(basename "$f")"
    done
    echo "fuzz.sh: seeded $corpus with $n testsuite modules"
fi

# Regressions and findings stay out of the corpus directory's name space.
exec "$bin" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -max_len=1048576 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$@" "$corpus"
