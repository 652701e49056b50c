#!/usr/bin/env bash
# CI: run every fuzz target for a short, bounded time (default 20 s each, one after the other).
#
#   scripts/fuzz-ci.sh [SECONDS]
#
# Exits nonzero when any target crashes, hangs (FUZZ_TIMEOUT, 10 s by default) or fails to build; the input that did
# it is left in Fuzz/crashers/TARGET/ (collect that folder as a CI artifact). The corpora are not modified.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-20}
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: $0 [SECONDS]" >&2; exit 2; }

failed=()
for target in $(scripts/fuzz.sh --list | sort); do
  echo "== fuzz $target for ${seconds}s"
  if ! FUZZ_MERGE=0 FUZZ_JOBS=1 scripts/fuzz.sh "$target" "$seconds"; then
    failed+=("$target")
  fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz-ci: failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz-ci: every target ran ${seconds}s without a crash or hang"
