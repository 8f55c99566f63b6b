#!/usr/bin/env bash
# Builds the EVM interpreter (evm/src/*.c, plus evm/precompiles/*.c when present) into
# evm/wasm/evm.wasm with the clang beside `swift` (scripts/wasm-toolchain.sh): -O2, -nostdlib,
# no floats, built twice and compared (reproducible, producers section stripped). Then the EVM
# actor, actors/wasm/evm.wasm: the same interpreter sources compiled with -DEVM_ACTOR_HOST (the
# host imports become the C functions of evm/actor/, which serve them with actor syscalls;
# evm/src/runtime.c is left out: the SDK's allocator and mem* functions serve both), linked
# with the actor SDK (actors/sdk) and checked by actors/tools/wasm-check.py.
#
# Usage: scripts/build-evm.sh [--check] [OUTDIR]
#   OUTDIR    where evm.wasm is written (default evm/wasm, the committed copy); the actor then
#             goes to OUTDIR/actor/evm.wasm (default actors/wasm/evm.wasm)
#   --check   build into a temporary folder and fail if a committed module differs
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EVM="$ROOT/evm"
CHECK=0
OUT="$EVM/wasm"
ACTOR_OUT="$ROOT/actors/wasm"
for arg in "$@"; do
    case "$arg" in
        --check) CHECK=1 ;;
        -*) echo "usage: $0 [--check] [OUTDIR]" >&2; exit 64 ;;
        *) OUT="$(mkdir -p "$arg" && cd "$arg" && pwd)"; ACTOR_OUT="$OUT/actor" ;;
    esac
done
mkdir -p "$OUT"

# shellcheck disable=SC2034  # read by wasm-toolchain.sh
STRIP_PRODUCERS=1
# shellcheck source=wasm-toolchain.sh
source "$ROOT/scripts/wasm-toolchain.sh"
# The interpreter's memory grows with the EVM memory of one frame; 1 GiB bounds it.
CFLAGS=("${WASM_CFLAGS[@]}" -Wl,--max-memory=1073741824)

shopt -s nullglob
# Relative paths keep the build independent of where the repository is checked out.
SOURCES=("$EVM"/src/*.c)
SOURCES=("${SOURCES[@]#"$EVM/"}")
PRECOMPILES=("$EVM"/precompiles/*.c)
PRECOMPILES=("${PRECOMPILES[@]#"$EVM/"}")
if [[ ${#PRECOMPILES[@]} -gt 0 && -f "$EVM/precompiles/precompiles.h" ]]; then
    CFLAGS+=(-DEVM_HAVE_PRECOMPILES=1)
    SOURCES+=("${PRECOMPILES[@]}")
fi
echo "clang: $CLANG ($("$CLANG" --version | head -n1)); sources: ${SOURCES[*]}"
for side in a b; do
    (cd "$EVM" && "$CLANG" "${CFLAGS[@]}" -o "$WORK/$side/evm.wasm" "${SOURCES[@]}")
done
finish_module evm
module="$OUT/evm.wasm"
if [[ $CHECK == 1 ]]; then module="$WORK/a/evm.wasm"; fi
if wasm-objdump -d "$module" 2>/dev/null | grep -qE '\bf(32|64)\.'; then
    echo "FAIL evm.wasm: floating-point instructions" >&2
    status=1
fi
if command -v wasm-validate >/dev/null 2>&1; then wasm-validate "$module" || status=1; fi

# ---- the EVM actor
INTERPRETER=()
for source in "${SOURCES[@]}"; do
    [[ "$source" == src/runtime.c ]] || INTERPRETER+=("evm/$source")
done
SDK=("$ROOT"/actors/sdk/src/*.c)
SDK=("${SDK[@]#"$ROOT/"}")
ACTOR=("$EVM"/actor/*.c)
ACTOR=("${ACTOR[@]#"$ROOT/"}")
ACTOR_CFLAGS=("${CFLAGS[@]}" -DEVM_ACTOR_HOST=1 -I"actors/sdk/include")
INTERPRETER_OUT="$OUT"
BASE_WORK="$WORK"
WORK="$BASE_WORK/actor"
OUT="$ACTOR_OUT"
mkdir -p "$WORK/a" "$WORK/b"
for side in a b; do
    (cd "$ROOT" && "$CLANG" "${ACTOR_CFLAGS[@]}" -o "$WORK/$side/evm.wasm" "${INTERPRETER[@]}" "${SDK[@]}" "${ACTOR[@]}")
done
finish_module evm
actor="$OUT/evm.wasm"
if [[ $CHECK == 1 ]]; then actor="$WORK/a/evm.wasm"; fi
python3 "$ROOT/actors/tools/wasm-check.py" "$ROOT/actors/abi/syscalls.json" "$actor" || status=1
if command -v wasm-validate >/dev/null 2>&1; then wasm-validate "$actor" || status=1; fi
WORK="$BASE_WORK"
OUT="$INTERPRETER_OUT"
exit $status
