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

# The output must depend only on the sources and the code clang generates. Nothing else varies
# between builds here: no debug info (no paths), no build id, no timestamps; the name section
# holds the function names and the output's base name, which is fixed. The one exception is the
# "producers" section, which names clang's exact build (version and LLVM commit): toolchains that
# generate the same code write different ones, so a caller that sets STRIP_PRODUCERS=1 has every
# module stripped of it (scripts/wasm-sections.py). scripts/build-examples.sh and
# scripts/build-tasks.sh do; Benchmarks/build-workloads.sh does not yet (its committed
# workloads still carry the section).
SECTIONS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/wasm-sections.py"
STRIP_PRODUCERS="${STRIP_PRODUCERS:-0}"
if ! command -v python3 >/dev/null 2>&1; then echo "error: python3 is needed (scripts/wasm-sections.py)" >&2; exit 1; fi

# finish_module NAME: the module was built twice, into $WORK/a and $WORK/b. Strips both of their
# producers section (with STRIP_PRODUCERS=1); fails (status=1) if the builds differ or contain SIMD (checked when
# wasm-objdump is present); then installs the module into $OUT, or with CHECK=1 compares it
# with the committed one and, when they differ, names the sections that do and the compiler
# that built the committed file (a different clang version can generate different code).
finish_module() {
    local name="$1" size sections
    if [[ $STRIP_PRODUCERS -eq 1 ]]; then
        python3 "$SECTIONS" strip "$WORK/a/$name.wasm"
        python3 "$SECTIONS" strip "$WORK/b/$name.wasm"
    fi
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
            sections="$(python3 "$SECTIONS" diff "$OUT/$name.wasm" "$WORK/a/$name.wasm" || true)"
            echo "DIFF $name.wasm: the committed file is not what this toolchain builds (sections: $sections)" >&2
            if [[ "$sections" == *producers* ]]; then
                echo "     the committed file still has a producers section: run the build script and commit" >&2
            fi
            status=1
        fi
    else
        mkdir -p "$OUT"
        install -m 0644 "$WORK/a/$name.wasm" "$OUT/$name.wasm"
        echo "built $OUT/$name.wasm ($size bytes)"
    fi
}
