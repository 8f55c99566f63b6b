#!/usr/bin/env bash
# CI step for the EVM foreign runtime (docs/evm.md): checks that the committed interpreter is
# what scripts/build-evm.sh builds, runs `cairn evm statetest` over every GeneralStateTests
# file and fails when fewer Cancun post entries pass than the threshold (the count reached so
# far: raise it as failures are fixed, never lower it).
#
# Usage: scripts/evm-statetest.sh [CAIRN] [TESTS]
#   CAIRN   the cairn executable (default .build/release/cairn)
#   TESTS   the GeneralStateTests folder (default ../shared/ethereum-tests/GeneralStateTests)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CAIRN="${1:-$ROOT/.build/release/cairn}"
TESTS="${2:-$ROOT/../shared/ethereum-tests/GeneralStateTests}"
THRESHOLD=5952

"$ROOT/scripts/build-evm.sh" --check
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
(cd "$ROOT" && "$CAIRN" evm statetest "$TESTS" --verbose) >"$log" 2>&1 || true
grep -E '^FAIL' "$log" | head -n 50 || true
summary="$(tail -n 1 "$log")"
echo "$summary"
passed="$(echo "$summary" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\1/p')"
if [[ -z "$passed" ]]; then
    echo "FAIL: no summary line from cairn evm statetest" >&2
    tail -n 20 "$log" >&2
    exit 1
fi
if (( passed < THRESHOLD )); then
    echo "FAIL: $passed Cancun entries passed, fewer than the threshold $THRESHOLD" >&2
    exit 1
fi
echo "ok: $passed Cancun entries passed (threshold $THRESHOLD)"
