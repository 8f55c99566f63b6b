#!/usr/bin/env bash
# Compiles the example tasks in examples/tasks/*.c to examples/tasks/NAME.wasm with the clang
# beside `swift` (see scripts/wasm-toolchain.sh), exactly as scripts/build-examples.sh builds the
# C examples: twice, failing if the builds differ. The .wasm files are committed.
#
# Usage: scripts/build-tasks.sh [--check]
#   --check   build into a temporary folder and fail if any committed .wasm differs
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/examples/tasks"
OUT="$ROOT/examples/tasks"
CHECK=0
if [[ "${1:-}" == "--check" ]]; then CHECK=1; elif [[ $# -gt 0 ]]; then
    echo "usage: $0 [--check]" >&2; exit 64
fi

# The committed modules carry no "producers" section (see wasm-toolchain.sh).
# shellcheck disable=SC2034  # read by wasm-toolchain.sh
STRIP_PRODUCERS=1
# shellcheck source=wasm-toolchain.sh
source "$ROOT/scripts/wasm-toolchain.sh"
CFLAGS=("${WASM_CFLAGS[@]}" -Wl,--max-memory=16777216)

echo "clang: $CLANG ($("$CLANG" --version | head -n1))"
shopt -s nullglob
for src in "$SRC"/*.c; do
    name="$(basename "$src" .c)"
    (cd "$SRC" && "$CLANG" "${CFLAGS[@]}" -o "$WORK/a/$name.wasm" "$name.c")
    (cd "$SRC" && "$CLANG" "${CFLAGS[@]}" -o "$WORK/b/$name.wasm" "$name.c")
    finish_module "$name"
done
exit $status
