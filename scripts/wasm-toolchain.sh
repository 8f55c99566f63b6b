# Sourced by scripts/build-examples.sh and Benchmarks/build-workloads.sh: finds the clang that
# ships beside `swift` (or $CLANG), checks its wasm32 target, sets WASM_CFLAGS (the flags every
# freestanding C program of this repository is compiled with), makes the work folders $WORK/a
# and $WORK/b for the two builds of each module, and defines `finish_module`.
# The caller sets OUT (where .wasm files are committed) and CHECK (1 for --check).
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

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/a" "$WORK/b"
status=0

# finish_module NAME: the module was built twice, into $WORK/a and $WORK/b. Fails (status=1) if
# the builds differ or contain SIMD (checked when wasm-objdump is present); then installs the
# module into $OUT, or with CHECK=1 compares it with the committed one.
finish_module() {
    local name="$1" size
    if ! cmp -s "$WORK/a/$name.wasm" "$WORK/b/$name.wasm"; then
        echo "FAIL $name: two builds differ (non-deterministic output)" >&2
        status=1
        return
    fi
    if command -v wasm-objdump >/dev/null 2>&1; then
        if wasm-objdump -d "$WORK/a/$name.wasm" | grep -qE 'v128|[if](8x16|16x8|32x4|64x2)\.'; then
            echo "FAIL $name: SIMD instructions in the output" >&2
            status=1
            return
        fi
    fi
    size=$(wc -c <"$WORK/a/$name.wasm")
    if [[ $CHECK -eq 1 ]]; then
        if cmp -s "$WORK/a/$name.wasm" "$OUT/$name.wasm"; then
            echo "same $name.wasm ($size bytes)"
        else
            echo "DIFF $name.wasm: the committed file is not what this toolchain builds" >&2
            status=1
        fi
    else
        mkdir -p "$OUT"
        install -m 0644 "$WORK/a/$name.wasm" "$OUT/$name.wasm"
        echo "built $OUT/$name.wasm ($size bytes)"
    fi
}
