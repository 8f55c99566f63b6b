#!/usr/bin/env bash
# Compiles the freestanding C examples in examples/c/*.c to examples/wasm/NAME.wasm with the
# clang and wasm-ld that ship beside `swift` in the Swift toolchain.
#
# The .wasm files are committed, so tests and CI need no C toolchain; run this script after
# changing a C file and commit its output. The output is deterministic: the script builds every
# program twice and fails if the two builds differ. When wasm-objdump (Debian package `wabt`)
# is present it also checks that no SIMD (v128) instruction appears, since Cairn rejects SIMD.
#
# Usage: scripts/build-examples.sh [--check]
#   --check   build into a temporary folder and fail if any committed .wasm differs
#             (clang output can differ between clang versions: the header of each .wasm's
#             "producers" section names the compiler that made it)
#
# Environment: CLANG overrides the compiler (default: clang beside the swift executable).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/examples/c"
OUT="$ROOT/examples/wasm"
CHECK=0
if [[ "${1:-}" == "--check" ]]; then CHECK=1; elif [[ $# -gt 0 ]]; then
    echo "usage: $0 [--check]" >&2; exit 64
fi

# shellcheck source=wasm-toolchain.sh
source "$ROOT/scripts/wasm-toolchain.sh"
# --max-memory keeps memory.grow bounded (16 MiB = 256 pages) so that every engine refuses the
# same growth.
CFLAGS=("${WASM_CFLAGS[@]}" -Wl,--max-memory=16777216)

echo "clang: $CLANG ($("$CLANG" --version | head -n1))"
echo "flags: ${CFLAGS[*]}"

shopt -s nullglob
sources=("$SRC"/*.c)
if [[ ${#sources[@]} -eq 0 ]]; then echo "error: no C sources in $SRC" >&2; exit 1; fi

for src in "${sources[@]}"; do
    name="$(basename "$src" .c)"
    # Build from inside examples/c with a relative path so no absolute path reaches the output.
    (cd "$SRC" && "$CLANG" "${CFLAGS[@]}" -o "$WORK/a/$name.wasm" "$name.c")
    (cd "$SRC" && "$CLANG" "${CFLAGS[@]}" -o "$WORK/b/$name.wasm" "$name.c")
    finish_module "$name"
done

if ! command -v wasm-objdump >/dev/null 2>&1; then
    echo "note: wasm-objdump not found (apt-get install wabt): SIMD check skipped" >&2
fi
exit $status
