#!/usr/bin/env bash
# Run one libFuzzer target for a bounded time.
#
#   scripts/fuzz.sh TARGET SECONDS      e.g. scripts/fuzz.sh isakmp 60
#   scripts/fuzz.sh --list
#
# Environment:
#   FUZZ_MERGE=1       afterwards, merge inputs that add coverage into the seed corpus (Fuzz/corpus/TARGET)
#   FUZZ_JOBS=N        run N fuzzing processes in parallel (default 1)
#   FUZZ_ARGS="..."    extra libFuzzer flags
#   FUZZ_CONFIG=debug  build without optimisation (default release: -O keeps every precondition and overflow check
#                      and runs about ten times faster)
#   FUZZ_TIMEOUT=S     an input running longer than S seconds is a hang, saved as a crasher (default 10)
#
# Each target is an executable product built with -sanitize=fuzzer,address into .build-fuzz (so the ordinary
# .build is untouched). Its seed corpus is Fuzz/corpus/TARGET; inputs found during the run go to a temporary
# directory; a crash is written to Fuzz/crashers/TARGET/ and the script exits nonzero. Crashers and the corpus are
# replayed by the ordinary test suite (FuzzRegressionTests), so a fixed crash stays fixed.
#
# To add a target: add an executable target under Fuzz/<Product> exporting
# LLVMFuzzerTestOneInput (see Fuzz/ISAKMPFuzzer), declare it in Package.swift, and add one line to TARGETS below.
set -euo pipefail
cd "$(dirname "$0")/.."

# name → SwiftPM product
declare -A TARGETS=(
  [isakmp]=ISAKMPFuzzer
  [sadb]=SADBFuzzer
  [setkey]=SetKeyFuzzer
  [racoon-conf]=RacoonConfFuzzer
  [psk]=PSKFuzzer
  [engine]=EngineFuzzer
  [xfrm]=XFRMFuzzer
)
# name → largest input libFuzzer generates (the real ACQUIREs with 56 combinations are 4.1 KB)
declare -A MAX_LEN=(
  [isakmp]=4096
  [sadb]=8192
  [setkey]=4096
  [racoon-conf]=8192
  [psk]=4096
  [engine]=4096
  [xfrm]=8192
)

usage() { echo "usage: $0 TARGET SECONDS   (targets: ${!TARGETS[*]})" >&2; exit 2; }
if [[ "${1:-}" == "--list" ]]; then printf '%s\n' "${!TARGETS[@]}"; exit 0; fi
[[ $# -eq 2 ]] || usage
target=$1
seconds=$2
product=${TARGETS[$target]:-}
[[ -n "$product" ]] || { echo "fuzz: unknown target '$target'" >&2; usage; }
[[ "$seconds" =~ ^[0-9]+$ ]] || usage

scratch=.build-fuzz
config=${FUZZ_CONFIG:-release}
swift build -c "$config" --product "$product" --scratch-path "$scratch" \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DLIBFUZZER
binary="$scratch/$config/$product"
max_len=${MAX_LEN[$target]:-4096}

corpus=Fuzz/corpus/$target
crashers=Fuzz/crashers/$target
mkdir -p "$corpus" "$crashers"
work=$(mktemp -d "${TMPDIR:-/tmp}/fuzz-$target.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Swift's runtime keeps some allocations alive on purpose; leak reports would drown real findings.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
# Swift's crash backtracer reads memory ASan has poisoned and buries the real report under its own; libFuzzer prints
# the stack of a violated precondition anyway.
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}

parallel=()
if [[ "${FUZZ_JOBS:-1}" -gt 1 ]]; then parallel=(-jobs="$FUZZ_JOBS" -workers="$FUZZ_JOBS"); fi

status=0
# shellcheck disable=SC2086
"$binary" -max_total_time="$seconds" -max_len="$max_len" -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$crashers/" "${parallel[@]}" \
  ${FUZZ_ARGS:-} "$work" "$corpus" || status=$?

if [[ "${FUZZ_MERGE:-0}" == 1 && $status -eq 0 ]]; then
  # Only inputs that reach new edges (hit counts ignored) are added, which keeps the corpus to a few hundred files.
  "$binary" -merge=1 -use_counters=0 -max_len="$max_len" "$corpus" "$work"
fi
if [[ $status -ne 0 ]]; then
  echo "fuzz: $target failed (status $status); crashers in $crashers/:" >&2
  ls -1 "$crashers" >&2
fi
exit $status
