#!/usr/bin/env bash
# Builds every actor in actors/{builtin,examples,scenarios}/*.c, each linked with the C SDK
# (actors/sdk), with the clang and wasm-ld beside `swift` (scripts/wasm-toolchain.sh): -O2,
# -nostdlib, no floats. Each module is built twice and must come out identical (reproducible;
# the "producers" section is stripped, as for the examples), then checked by
# actors/tools/wasm-check.py (imports = syscalls of actors/abi/syscalls.json with their exact
# signatures, exports invoke and memory, no f32/f64 instruction) and validated by wasm-validate
# (wabt) when installed, else by Python's wasmtime.
#
# Usage: scripts/build-actors.sh [--check] [OUTDIR]
#   OUTDIR    where NAME.wasm are written (default actors/wasm, the committed copies)
#   --check   build into a temporary folder and fail if any committed actors/wasm/NAME.wasm differs
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACTORS="$ROOT/actors"
CHECK=0
OUT="$ACTORS/wasm"
for arg in "$@"; do
    case "$arg" in
        --check) CHECK=1 ;;
        -*) echo "usage: $0 [--check] [OUTDIR]" >&2; exit 64 ;;
        *) OUT="$(mkdir -p "$arg" && cd "$arg" && pwd)" ;;
    esac
done
mkdir -p "$OUT"

# shellcheck disable=SC2034  # read by wasm-toolchain.sh
STRIP_PRODUCERS=1
# shellcheck source=wasm-toolchain.sh
source "$ROOT/scripts/wasm-toolchain.sh"
CFLAGS=("${WASM_CFLAGS[@]}" -I"$ACTORS/sdk/include")

echo "clang: $CLANG ($("$CLANG" --version | head -n1))"
shopt -s nullglob
SDK_SOURCES=("$ACTORS"/sdk/src/*.c)
# Relative paths keep the build independent of where the repository is checked out.
SDK_RELATIVE=("${SDK_SOURCES[@]#"$ACTORS/"}")
built=()
for src in "$ACTORS"/builtin/*.c "$ACTORS"/examples/*.c "$ACTORS"/scenarios/*.c; do
    name="$(basename "$src" .c)"
    rel="${src#"$ACTORS/"}"
    for side in a b; do
        (cd "$ACTORS" && "$CLANG" "${CFLAGS[@]}" -o "$WORK/$side/$name.wasm" "${SDK_RELATIVE[@]}" "$rel")
    done
    finish_module "$name"
    built+=("$name")
done

# finish_module compared the two builds and, unless --check, copied the module to $OUT.
check_dir="$OUT"
if [[ $CHECK == 1 ]]; then check_dir="$WORK/a"; fi
modules=()
for name in "${built[@]}"; do modules+=("$check_dir/$name.wasm"); done
python3 "$ACTORS/tools/wasm-check.py" "$ACTORS/abi/syscalls.json" "${modules[@]}" || status=1
if command -v wasm-validate >/dev/null 2>&1; then
    for module in "${modules[@]}"; do wasm-validate "$module" || status=1; done
else
    python3 - "${modules[@]}" <<'PY' || status=1
import sys
import wasmtime
engine = wasmtime.Engine()
for path in sys.argv[1:]:
    wasmtime.Module.validate(engine, open(path, "rb").read())
PY
fi
echo "${#built[@]} actors built"
exit $status
