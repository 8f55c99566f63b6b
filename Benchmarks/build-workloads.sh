#!/usr/bin/env bash
# Compiles the benchmark workloads in Benchmarks/Workloads/c/*.c (freestanding C) and
# Benchmarks/Workloads/wat/*.wat (text modules) to Benchmarks/Workloads/wasm/NAME.wasm.
#
# C is compiled with the clang and wasm-ld that ship beside `swift` in the Swift toolchain, with
# the same flags as scripts/build-examples.sh; WAT with wat2wasm (Debian package `wabt`). The
# .wasm files are committed, so running the benchmark needs neither; run this script after
# changing a source and commit its output. Output is deterministic: every module is built
# twice and the script fails if the two builds differ. When wasm-objdump is present it also
# checks that no SIMD (v128) instruction appears, since Cairn rejects SIMD.
#
# Usage: Benchmarks/build-workloads.sh [--check]
#   --check   build into a temporary folder and fail if any committed .wasm differs
#
# Environment: CLANG overrides the C compiler, WAT2WASM the WAT assembler.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CSRC="$BENCH/Workloads/c"
WATSRC="$BENCH/Workloads/wat"
OUT="$BENCH/Workloads/wasm"
CHECK=0
if [[ "${1:-}" == "--check" ]]; then CHECK=1; elif [[ $# -gt 0 ]]; then
    echo "usage: $0 [--check]" >&2; exit 64
fi

# shellcheck source=../scripts/wasm-toolchain.sh
source "$BENCH/../scripts/wasm-toolchain.sh"
WAT2WASM="${WAT2WASM:-$(command -v wat2wasm || true)}"
# --max-memory: 64 MiB (1024 pages) so that every engine refuses the same growth.
CFLAGS=("${WASM_CFLAGS[@]}" -Wl,--max-memory=67108864)

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/a" "$WORK/b"

echo "clang: $CLANG ($("$CLANG" --version | head -n1))"
echo "flags: ${CFLAGS[*]}"

status=0
shopt -s nullglob

# finish NAME: checks the two builds in $WORK/a and $WORK/b, then installs or compares.
finish() {
    local name="$1"
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
    local size
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
        echo "built Workloads/wasm/$name.wasm ($size bytes)"
    fi
}

csources=("$CSRC"/*.c)
if [[ ${#csources[@]} -eq 0 ]]; then echo "error: no C sources in $CSRC" >&2; exit 1; fi
for src in "${csources[@]}"; do
    name="$(basename "$src" .c)"
    # Build from inside the source folder with a relative path so no absolute path reaches
    # the output.
    (cd "$CSRC" && "$CLANG" "${CFLAGS[@]}" -o "$WORK/a/$name.wasm" "$name.c")
    (cd "$CSRC" && "$CLANG" "${CFLAGS[@]}" -o "$WORK/b/$name.wasm" "$name.c")
    finish "$name"
done

watsources=("$WATSRC"/*.wat)
if [[ ${#watsources[@]} -gt 0 ]]; then
    if [[ -z "$WAT2WASM" ]]; then
        echo "error: wat2wasm not found (apt-get install wabt, or set WAT2WASM)" >&2
        exit 1
    fi
    for src in "${watsources[@]}"; do
        name="$(basename "$src" .wat)"
        (cd "$WATSRC" && "$WAT2WASM" -o "$WORK/a/$name.wasm" "$name.wat")
        (cd "$WATSRC" && "$WAT2WASM" -o "$WORK/b/$name.wasm" "$name.wat")
        finish "$name"
    done
fi

if ! command -v wasm-objdump >/dev/null 2>&1; then
    echo "note: wasm-objdump not found (apt-get install wabt): SIMD check skipped" >&2
fi
exit $status
