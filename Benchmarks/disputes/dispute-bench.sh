#!/usr/bin/env bash
# The dispute benchmark (issue 20, docs/disputes.md "Measurements"): bisection games over two
# tasks at about 10^6, 10^8 and 10^9 steps, the solver lying near the end and the honest
# challenger winning. The tasks: examples/tasks/spin.wasm (random writes over a 64 KiB table,
# the worst case for the pauses, which rehash what was written) and examples/tasks/sha256.wasm
# (hashing its input, a streaming task). For each size: the levels chosen for the task's length (the
# default, `--levels auto`), moves, bytes exchanged (claim and moves), CPU seconds of one fast
# run, of the history run and of the honest party's thinking, the ratio of the honest party's
# work to one fast run, the process's peak memory (`/usr/bin/time -v`) and the winner.
#
#   Benchmarks/disputes/dispute-bench.sh [--cairn PATH] [--quick] [--json FILE]
#
# --quick plays the two smaller sizes only (the 10^9 games take about 10 and 20 s of CPU). Build first:
# `swift build -c release --product cairn`. CPU time, not wall time, is what is compared: the
# machine may be shared, and both parties run in one process, one after the other.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CAIRN="$ROOT/.build/release/cairn"
QUICK=0
JSON=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --cairn) CAIRN="$2"; shift 2 ;;
        --quick) QUICK=1; shift ;;
        --json) JSON="$2"; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "error: unknown argument $1 (see --help)" >&2; exit 64 ;;
    esac
done
[[ -x "$CAIRN" ]] || { echo "error: no cairn at $CAIRN: swift build -c release --product cairn" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "error: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# Each game: task, input (spin: its round count, about 13.5 steps a round; sha256: that many
# pseudo-random bytes, about 66 steps a byte), the step the solver goes wrong at (90% of the
# way, or 10^6 steps before the end).
SIZES=("spin 74100 900000" "sha256 20000 1180000" "spin 7410000 90000000" "sha256 1500000 88000000"
       "spin 74100000 999000000" "sha256 15200000 990000000")
[[ $QUICK -eq 1 ]] && SIZES=("${SIZES[@]:0:4}")

printf '| task | steps | levels | moves | bytes | fast run (CPU s) | history run | honest thinking | honest work / fast run | peak RSS | winner |\n'
printf '| --- | --: | --- | --: | --: | --: | --: | --: | --: | --: | --- |\n'
ROWS=()
for size in "${SIZES[@]}"; do
    read -r task amount lie <<<"$size"
    if [[ $task == spin ]]; then
        printf '%s' "$amount" >"$WORK/input"
    else
        python3 -c 'import random, sys; random.seed(20); sys.stdout.buffer.write(random.randbytes(int(sys.argv[1])))' "$amount" >"$WORK/input"
    fi
    /usr/bin/time -v -o "$WORK/time" "$CAIRN" dispute play "$ROOT/examples/tasks/$task.wasm" \
        --input "$WORK/input" --lie-at-step "$lie" --json >"$WORK/out" 2>/dev/null
    rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$WORK/time")
    row=$(python3 - "$WORK/out" "$rss" "$task" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
r["peakRSSMiB"] = round(int(sys.argv[2]) / 1024, 1)
r["task"] = sys.argv[3]
print(json.dumps(r))
PY
)
    ROWS+=("$row")
    python3 - "$row" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
print(f"| {r['task']} | {r['steps']:,} | {','.join(map(str, r['levels']))} | {r['moves']} | {r['bytes']:,} | {r['fastRunSeconds']:.4f} "
      f"| {r['historySeconds']:.4f} | {r['challengerSeconds']:.4f} | {r['honestWorkRatio']:.2f} | {r['peakRSSMiB']} MiB | {r['winner']} |")
PY
done
if [[ -n "$JSON" ]]; then
    printf '[%s]\n' "$(IFS=,; echo "${ROWS[*]}")" >"$JSON"
    echo "wrote $JSON"
fi
