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

echo "clang: $CLANG ($("$CLANG" --version | head -n1))"
echo "flags: ${CFLAGS[*]}"

shopt -s nullglob

csources=("$CSRC"/*.c)
if [[ ${#csources[@]} -eq 0 ]]; then echo "error: no C sources in $CSRC" >&2; exit 1; fi
for src in "${csources[@]}"; do
    name="$(basename "$src" .c)"
    # Build from inside the source folder with a relative path so no absolute path reaches
    # the output.
    (cd "$CSRC" && "$CLANG" "${CFLAGS[@]}" -o "$WORK/a/$name.wasm" "$name.c")
    (cd "$CSRC" && "$CLANG" "${CFLAGS[@]}" -o "$WORK/b/$name.wasm" "$name.c")
    finish_module "$name"
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
        finish_module "$name"
    done
fi

if ! command -v wasm-objdump >/dev/null 2>&1; then
    echo "note: wasm-objdump not found (apt-get install wabt): SIMD check skipped" >&2
fi
exit $status
