#!/usr/bin/env bash
# Builds the soft-float library (softfloat/softfloat.c, docs/softfloat.md) with the clang and
# wasm-ld beside `swift` (scripts/wasm-toolchain.sh: --target=wasm32 -O2 -nostdlib), twice, and
# requires the two builds to be identical (reproducible; the "producers" section is stripped).
# softfloat/check.py then checks the module: no import, no memory, global or table access, no
# float instruction but the one trap sequence, every export. The module is committed as
# softfloat/softfloat.wasm and embedded in the lowering as
# Sources/CairnProgram/SoftFloatLibrary+Module.swift (generated here).
#
# Usage: scripts/build-softfloat.sh [--check]
#   --check   build into a temporary folder and fail if the committed module or Swift file differ
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHECK=0
for arg in "$@"; do
    case "$arg" in
        --check) CHECK=1 ;;
        *) echo "usage: $0 [--check]" >&2; exit 64 ;;
    esac
done
OUT="$ROOT/softfloat"
SWIFT_FILE="$ROOT/Sources/CairnProgram/SoftFloatLibrary+Module.swift"

# shellcheck disable=SC2034  # read by wasm-toolchain.sh
STRIP_PRODUCERS=1
# shellcheck source=wasm-toolchain.sh
source "$ROOT/scripts/wasm-toolchain.sh"

echo "clang: $CLANG ($("$CLANG" --version | head -n1))"
for side in a b; do
    # A relative source path keeps the build independent of where the repository is.
    (cd "$OUT" && "$CLANG" "${WASM_CFLAGS[@]}" -o "$WORK/$side/softfloat.wasm" softfloat.c)
done
finish_module softfloat

python3 "$OUT/check.py" "$WORK/a/softfloat.wasm" --swift "$WORK/a/module.swift" || status=1
if [[ $CHECK -eq 1 ]]; then
    if cmp -s "$WORK/a/module.swift" "$SWIFT_FILE"; then
        echo "same $(basename "$SWIFT_FILE")"
    else
        echo "DIFF $(basename "$SWIFT_FILE"): not generated from this build; run scripts/build-softfloat.sh" >&2
        status=1
    fi
else
    install -m 0644 "$WORK/a/module.swift" "$SWIFT_FILE"
    echo "wrote $SWIFT_FILE"
fi
exit $status
