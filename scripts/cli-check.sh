#!/usr/bin/env bash
# Checks the first hour of a new user of the `cairn` command line: what it prints and the exit
# status (the convention in `cairn --help`) for the common mistakes and hostile inputs.
#
# Usage: scripts/cli-check.sh [CAIRN]   (default: .build/debug/cairn)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CAIRN="${1:-$ROOT/.build/debug/cairn}"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
failures=0

# expect STATUS PATTERN -- COMMAND...: runs COMMAND, checks its exit status and that its
# standard output and error together match the extended regular expression PATTERN.
expect() {
    local want="$1" pattern="$2"
    shift 3
    local out status
    out="$("$@" 2>&1)"
    status=$?
    if [[ $status -ne $want ]] || ! grep -qE -- "$pattern" <<<"$out"; then
        echo "FAIL: $* -> exit $status (want $want), output:" >&2
        head -c 600 <<<"$out" >&2
        echo >&2
        failures=$((failures + 1))
    else
        echo "ok   $want $*" | cut -c1-110
    fi
}

printf '(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))\n' >"$T/add.wat"
printf '(module (func (export "_start") (result i32) i32.const 7))\n' >"$T/start.wat"
printf '(module\n  (func (result i32)\n    i32.bogus))\n' >"$T/syntax.wat"
printf '(module\n  (func $ok (result i32) i32.const 1)\n  (func $bad (result i32)\n    i64.const 1))\n' >"$T/type.wat"
printf '(module (import "env" "a" (func)) (import "env" "b" (memory 1)) (import "x" "c" (global i32)))\n' >"$T/imports.wat"
printf '(module (func (export "bad\\1b[31mname\\0a") (result i32) i32.const 1))\n' >"$T/names.wat"
printf '(module (func (export "t") unreachable))\n' >"$T/trap.wat"
python3 - "$T" <<'PY'
import sys
t = sys.argv[1]
open(f"{t}/locals.wat", "w").write("(module (func" + " (local i32)" * 100000 + "))\n")
deep = "(i32.add (i32.const 1) " * 10000 + "(i32.const 0)" + ")" * 10000
open(f"{t}/deep.wat", "w").write("(module (func (result i32)\n" + deep + "))\n")
open(f"{t}/deep.wast", "w").write("(module (func (result i32)\n" + deep + "))\n")
PY

expect 0 '^[0-9]+\.[0-9]+\.[0-9]+' -- "$CAIRN" --version
expect 0 'Exit status, the same for every subcommand' -- "$CAIRN" --help
expect 0 '^i32:5$' -- "$CAIRN" run "$T/add.wat" --invoke add 2 3
expect 0 '^i32:7$' -- "$CAIRN" run "$T/start.wat"
expect 1 'no _start export.*"add" \(i32 i32\) -> \(i32\)' -- "$CAIRN" run "$T/add.wat"
expect 1 'no exported function named "nope"' -- "$CAIRN" run "$T/add.wat" --invoke nope
expect 2 '^trap: ' -- "$CAIRN" run "$T/trap.wat" --invoke t
expect 3 'syntax.wat:3:5: unknown instruction' -- "$CAIRN" run "$T/syntax.wat"
expect 3 'type.wat:3:3: invalid module: .*in function 1' -- "$CAIRN" validate "$T/type.wat"
expect 3 'limitExceeded module: a function declares 100000 locals.*the limit is 99999' -- "$CAIRN" validate "$T/locals.wat"
expect 0 '^\{"status": "ok", "results": \[\{"type": "i32", "value": "5"\}\]' -- "$CAIRN" run "$T/add.wat" --invoke add 2 3 --json
expect 3 '"env" "a" \(function\), "env" "b" \(memory\), "x" "c" \(global\)' -- "$CAIRN" run "$T/imports.wat"
expect 1 'bad\\u\{1b\}\[31mname\\n' -- "$CAIRN" run "$T/names.wat" --invoke nope
for command in run validate hash disasm; do
    expect 3 'deep.wat:2:[0-9]+: nesting deeper than 1000' -- "$CAIRN" "$command" "$T/deep.wat"
done
expect 3 'deep.wat:2:[0-9]+: nesting deeper than 1000' -- "$CAIRN" lower "$T/deep.wat" -o "$T/deep.cairn"
expect 2 'nesting deeper than 1000' -- "$CAIRN" spectest --no-isolate "$T/deep.wast"
expect 2 'nesting deeper than 1000' -- "$CAIRN" spectest "$T/deep.wast"
expect 0 'gas schedule v2' -- "$CAIRN" spectest --help
expect 64 'character 3, "g", is not a hex digit' -- "$CAIRN" proof verify "$T/none" --before 12g4
expect 64 'must be 64 hex digits .*not 4' -- "$CAIRN" proof verify "$T/none" --before 0x1234
expect 3 'cannot read' -- "$CAIRN" proof verify "$T/none" --before "$(printf '0%.0s' {1..64})"
expect 0 '"status": "halted"' -- "$CAIRN" task run "$ROOT/examples/tasks/spin.wasm" --json
expect 0 '^\{"step": 0, "state": "' -- "$CAIRN" task trace "$ROOT/examples/tasks/spin.wasm" --every 1000000 --json
expect 0 '"proofBytes": ' -- "$CAIRN" task prove "$ROOT/examples/tasks/spin.wasm" --step 10 -o "$T/p" --json
expect 0 '"status": "accepted"' -- bash -c "\"$CAIRN\" proof verify \"$T/p\" --json --before \
    \$(\"$CAIRN\" task prove \"$ROOT/examples/tasks/spin.wasm\" --step 10 -o \"$T/p\" | sed -n 's/^before //p')"
expect 0 '^\{"step": 5, "pc": [0-9]+, "op": "' -- "$CAIRN" task proofs "$ROOT/examples/tasks/spin.wasm" --from 5 --count 2

# Disputes: two processes play each other through a game file; the record replays, and one
# flipped bit of a move makes the replay fail.
printf 2000 >"$T/spin.in"
expect 0 'winner: challenger' -- bash "$ROOT/scripts/dispute-two-process.sh" "$CAIRN" \
    "$ROOT/examples/tasks/spin.wasm" "$T/spin.in" auto --lie-at-step 20000
expect 0 'winner: solver' -- "$CAIRN" dispute play "$ROOT/examples/tasks/spin.wasm" --input "$T/spin.in" \
    --challenger random --quiet --log "$T/game.cdg"
expect 0 'winner: solver' -- "$CAIRN" dispute check "$T/game.cdg"
python3 -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[-40] ^= 4; open(sys.argv[2], "wb").write(b)' \
    "$T/game.cdg" "$T/flipped.cdg"
expect 2 'rejected' -- "$CAIRN" dispute check "$T/flipped.cdg"
expect 64 'bad game configuration: 1 to 8 levels' -- "$CAIRN" dispute play "$ROOT/examples/tasks/spin.wasm" \
    --levels 2,2,2,2,2,2,2,2,2,2

# The stepping debugger (a scripted session: a breakpoint at a source line, the backtrace, a
# local) and its GDB remote protocol server (a scripted client over TCP).
printf 'break divide.c:3\ncontinue\nbacktrace\nprint locals\ncontinue\n' >"$T/debug.script"
expect 0 '#1 average at divide.c:8' -- "$CAIRN" debug "$ROOT/Tests/CairnDebugTests/Fixtures/divide-dwarf5.wasm" \
    --invoke run 2 --gas 100000 --script "$T/debug.script"
expect 0 'all checks passed' -- python3 "$ROOT/scripts/gdb-remote-check.py" "$CAIRN"

if [[ $failures -gt 0 ]]; then echo "$failures check(s) failed" >&2; exit 1; fi
echo "all checks passed"
