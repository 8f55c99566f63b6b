#!/usr/bin/env bash
# Compiles the freestanding C examples in examples/c/*.c to examples/wasm/NAME.wasm with the
# clang and wasm-ld that ship beside `swift` in the Swift toolchain.
#
# The .wasm files are committed, so tests and CI need no C toolchain; run this script after
# changing a C file and commit its output. The output is deterministic and reproducible: the
# script builds every program twice and fails if the two builds differ, and it strips the
# "producers" section, which names clang's exact build, so any toolchain whose clang generates
# the same code writes the same bytes. When wasm-objdump (Debian package `wabt`)
# is present it also checks that no SIMD (v128) instruction appears, since Cairn rejects SIMD.
#
# Usage: scripts/build-examples.sh [--check]
#   --check   build into a temporary folder and fail if any committed .wasm differs, naming
#             the sections that do. The whole module is compared (code, data, names, target
#             features): a clang of another version may generate other code, which is a real
#             difference to look at (the committed files were built by Swift 6.3's clang 21).
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

# The committed modules carry no "producers" section (see wasm-toolchain.sh).
# shellcheck disable=SC2034  # read by wasm-toolchain.sh
STRIP_PRODUCERS=1
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
