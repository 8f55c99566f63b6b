#!/usr/bin/env bash
# kill -9 check of `cairn actor send --batch` (issue #22): a batch of token transfers is killed
# with SIGKILL at several random moments; each time the reopened state directory must hold
# exactly the state after its last committed message: the same state root as a fresh copy of
# the starting state that replays that many messages of the batch. Nothing partial. Then the
# test vectors of Tests/vectors are checked for form with Python (see the end).
#
# Usage: scripts/actor-check.sh [CAIRN_BINARY] [KILLS] [MESSAGES]
set -euo pipefail
cd "$(dirname "$0")/.."
CAIRN=${1:-.build/debug/cairn}
KILLS=${2:-6}
MESSAGES=${3:-300}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# The starting state: three accounts and a token holding 1,000,000 units for the first.
BASE=$WORK/base
"$CAIRN" actor init "$BASE" --builtins actors/wasm > /dev/null
for seed in 1 2 3; do "$CAIRN" actor account "$BASE" --seed $seed --balance 1000 > /dev/null; done
CODE=$("$CAIRN" actor install "$BASE" actors/wasm/token.wasm)
python3 - "$WORK" "$MESSAGES" <<'PY'
import base64, json, sys
work, count = sys.argv[1], int(sys.argv[2])
def b64(data): return base64.b64encode(bytes(data)).decode().rstrip("=")
def big(n): return bytes([0]) + n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
def id_address(n):
    out = bytearray([0])
    while True:
        byte = n & 0x7F; n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n: return bytes(out)
with open(work + "/ctor.json", "w") as f:
    json.dump(["Cairn", "CRN", {"/": {"bytes": b64(big(1_000_000))}}], f)
with open(work + "/batch.jsonl", "w") as f:
    for i in range(count):
        # 100 -> 101 (2 units), 100 -> 102 (1..7), 101 -> 102 (1): every transfer is covered.
        sender = 100 if i % 3 != 2 else 101
        receiver = [101, 102, 102][i % 3]
        params = [{"/": {"bytes": b64(id_address(receiver))}}, {"/": {"bytes": b64(big([2, 1 + i % 7, 1][i % 3]))}}]
        f.write(json.dumps({"from": f"f0{sender}", "to": "f0103", "method": 2, "params_json": params}) + "\n")
PY
CREATED=$("$CAIRN" actor create "$BASE" --from f0100 --code "$CODE" --params-json "$(cat "$WORK/ctor.json")")
echo "$CREATED" | grep -q '^f0103$' || fail "token not created at f0103: $CREATED"
read -r _ BASE_HEIGHT < <("$CAIRN" actor head "$BASE")

# The full run's final root, for reference.
cp -r "$BASE" "$WORK/full"
"$CAIRN" actor send "$WORK/full" --batch "$WORK/batch.jsonl" --json > "$WORK/full.out"
[ "$(wc -l < "$WORK/full.out")" -eq "$MESSAGES" ] || fail "the full batch printed $(wc -l < "$WORK/full.out") receipts"
grep -qv '"exit_code":0' "$WORK/full.out" && fail "a transfer of the full batch failed"
# Every transfer emits a "transfer" event, printed from the receipt's events AMT.
[ "$(grep -c '"events":\[{' "$WORK/full.out")" -eq "$MESSAGES" ] || fail "a receipt of the full batch printed no events"

# A traced run (issue 25, docs/debugging.md): every instruction of every invocation, tagged with
# its actor, and the same receipts (gas included) as the untraced run.
cp -r "$BASE" "$WORK/traced"
head -n 2 "$WORK/batch.jsonl" > "$WORK/two.jsonl"
"$CAIRN" actor send "$WORK/traced" --batch "$WORK/two.jsonl" --json --trace "$WORK/trace.jsonl" > "$WORK/traced.out"
cmp -s "$WORK/traced.out" <(head -n 2 "$WORK/full.out") || fail "the traced run's receipts differ from the untraced run's"
grep -q '"actor":103,"method":2,.*"op":' "$WORK/trace.jsonl" || fail "the trace has no step of the token's method 2"
[ "$(grep -c '"summary":true' "$WORK/trace.jsonl")" -ge 2 ] || fail "the trace does not close each invocation"

for kill in $(seq 1 "$KILLS"); do
    RUN=$WORK/run$kill
    cp -r "$BASE" "$RUN"
    "$CAIRN" actor send "$RUN" --batch "$WORK/batch.jsonl" --json > "$WORK/run$kill.out" 2>/dev/null &
    PID=$!
    # Kill at a random point of the batch: once a random number of receipts is out, after a
    # random further delay of up to 50 ms (mid-message, mid-commit or between the two).
    TARGET=$(python3 -c "import random; print(random.randint(1, $MESSAGES - 1))")
    while kill -0 "$PID" 2>/dev/null && [ "$(wc -l < "$WORK/run$kill.out")" -lt "$TARGET" ]; do sleep 0.005; done
    sleep "$(python3 -c "import random; print(round(random.uniform(0, 0.05), 3))")"
    kill -9 "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
    read -r ROOT HEIGHT < <("$CAIRN" actor head "$RUN")
    COMMITTED=$((HEIGHT - BASE_HEIGHT))
    PRINTED=$(wc -l < "$WORK/run$kill.out")
    # A receipt is printed after its commit: the commits are the printed ones, perhaps one more.
    [ "$COMMITTED" -ge "$PRINTED" ] && [ "$COMMITTED" -le $((PRINTED + 1)) ] || fail "kill $kill: $COMMITTED committed, $PRINTED printed"
    REPLAY=$WORK/replay$kill
    cp -r "$BASE" "$REPLAY"
    head -n "$COMMITTED" "$WORK/batch.jsonl" > "$WORK/prefix$kill.jsonl"
    if [ "$COMMITTED" -gt 0 ]; then "$CAIRN" actor send "$REPLAY" --batch "$WORK/prefix$kill.jsonl" > /dev/null; fi
    read -r REPLAY_ROOT REPLAY_HEIGHT < <("$CAIRN" actor head "$REPLAY")
    [ "$ROOT" = "$REPLAY_ROOT" ] && [ "$HEIGHT" = "$REPLAY_HEIGHT" ] || fail "kill $kill after $COMMITTED messages: root $ROOT, replayed $REPLAY_ROOT"
    # The reopened state still works: the rest of the batch finishes it as the full run did.
    tail -n +"$((COMMITTED + 1))" "$WORK/batch.jsonl" > "$WORK/rest$kill.jsonl"
    if [ -s "$WORK/rest$kill.jsonl" ]; then "$CAIRN" actor send "$RUN" --batch "$WORK/rest$kill.jsonl" > /dev/null; fi
    [ "$("$CAIRN" actor head "$RUN")" = "$("$CAIRN" actor head "$WORK/full")" ] || fail "kill $kill: finishing the batch gave another state"
    echo "kill $kill: SIGKILL after $COMMITTED of $MESSAGES messages committed; state equals the replayed prefix; finished batch equals the full run"
done
echo "actor-check: $KILLS kills, all consistent"

# Tests/vectors checked with Python's dag-cbor and multiformats (independent of Cairn): each CAR is
# a CARv1 whose blocks hash to their CIDs, its root is the pre-state root (a version-5 state root),
# every message decodes to a 10-field list, and there is one receipt per message.
python3 - Tests/vectors <<'PY'
import base64, glob, hashlib, json, sys
import dag_cbor
from multiformats import CID, varint

def check(path):
    v = json.load(open(path))
    car = base64.b64decode(v["car"])
    n, k, _ = varint.decode_raw(car)
    header = dag_cbor.decode(car[k:k + n]); pos = k + n
    assert header["version"] == 1
    blocks = {}
    while pos < len(car):
        size, k, _ = varint.decode_raw(car[pos:]); start = pos + k
        section = car[start:start + size]; pos = start + size
        at = 0
        for _ in range(3):  # version, codec, multihash code
            _, k, _ = varint.decode_raw(section[at:]); at += k
        length, k, _ = varint.decode_raw(section[at:]); at += k + length
        cid = CID.decode(bytes(section[:at])); data = section[at:]
        if cid.hashfun.name == "blake2b-256":
            assert hashlib.blake2b(data, digest_size=32).digest() == cid.raw_digest, f"{path}: bad block {cid}"
        blocks[bytes(cid)] = data
    root = v["preconditions"]["state_tree"]["root_cid"]["/"]
    root = bytes(CID.decode(root))
    assert [bytes(r) for r in header["roots"]] == [root] and root in blocks, f"{path}: root"
    state = dag_cbor.decode(blocks[root]); assert state[0] == 5, f"{path}: state root version"
    for m in v["apply_messages"]:
        msg = dag_cbor.decode(base64.b64decode(m["bytes"])); assert len(msg) == 10, f"{path}: message"
    assert len(v["postconditions"]["receipts"]) == len(v["apply_messages"])
for path in sorted(glob.glob(sys.argv[1] + "/*.json")): check(path)
print(f"python check: {len(glob.glob(sys.argv[1] + '/*.json'))} vectors well-formed (CAR blocks hash to their CIDs, messages decode)")
PY
