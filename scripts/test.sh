#!/usr/bin/env bash
# The test command from the README: the unit suite, then the real-kernel suites (when a guest can boot).
set -euo pipefail
cd "$(dirname "$0")/.."

swift build
swift test
