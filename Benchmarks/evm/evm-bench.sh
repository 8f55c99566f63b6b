#!/usr/bin/env bash
# The EVM benchmark (Benchmarks/README.md, "EVM"): an ERC-20 transfer loop and a Keccak hashing
# loop, the same transactions on the EVM in Cairn (metered, release build), py-evm and pyrevm,
# checked to agree, timed in one run; prints microseconds per transaction and the ratios.
#
# Usage: Benchmarks/evm/evm-bench.sh [--quick] [--json F] [--count N] [--only cairn,py-evm,revm]
#   --quick    50 transactions a loop (default 400)
#   --json F   also write the report (every transaction's time, medians, means, gas) to F
# Needs: `swift build -c release --product cairn` (the script builds it when it is missing or
# BUILD=1), and PyPI's vyper 0.4.3, py-evm 0.12.1b1 and pyrevm 0.3.7.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CAIRN="$ROOT/.build/release/cairn"
if [[ ! -x "$CAIRN" || "${BUILD:-0}" == 1 ]]; then
    (cd "$ROOT" && swift build -c release --product cairn)
fi
python3 - <<'PY'
import importlib.metadata as m
wanted = {"vyper": "0.4.3", "py-evm": "0.12.1b1", "pyrevm": "0.3.7"}
for name, version in wanted.items():
    try:
        found = m.version(name)
    except m.PackageNotFoundError:
        raise SystemExit(f"missing {name}=={version}: python3 -m pip install {name}=={version}")
    if found != version:
        print(f"note: {name} {found} (the figures in Benchmarks/README.md are with {version})")
PY
exec python3 "$ROOT/Benchmarks/evm/evm_bench.py" --cairn "$CAIRN" --interpreter "$ROOT/evm/wasm/evm.wasm" "$@"
