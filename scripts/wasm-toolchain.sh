# Sourced by scripts/build-examples.sh and Benchmarks/build-workloads.sh: finds the clang that
# ships beside `swift` (or $CLANG), checks its wasm32 target, and sets WASM_CFLAGS, the flags
# every freestanding C program of this repository is compiled with.
#
# -mcpu=generic: MVP + sign-ext, nontrapping-fptoint, mutable-globals, multivalue, bulk-memory,
# reference-types (all in Cairn's Wasm 2.0 profile); it does not enable SIMD. --no-entry: the
# programs are libraries whose exports are marked in the source. Callers add --max-memory.

if [[ -z "${CLANG:-}" ]]; then
    SWIFT="$(command -v swift || true)"
    if [[ -z "$SWIFT" ]]; then echo "error: swift not on PATH and CLANG not set" >&2; exit 1; fi
    CLANG="$(dirname "$(readlink -f "$SWIFT")")/clang"
fi
if [[ ! -x "$CLANG" ]]; then echo "error: no clang at $CLANG" >&2; exit 1; fi
if ! "$CLANG" -print-targets 2>/dev/null | grep -q 'wasm32'; then
    echo "error: $CLANG has no wasm32 target" >&2; exit 1
fi

WASM_CFLAGS=(--target=wasm32 -O2 -mcpu=generic -nostdlib -ffreestanding
             -Wall -Wextra -Werror -Wl,--no-entry)
