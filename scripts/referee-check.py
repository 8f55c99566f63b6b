#!/usr/bin/env python3
"""Differential check of the on-chain referee (contracts/) against the Swift verifier.

Deploys the Vyper contracts on revm (pyrevm), proves steps of the example tasks with
`cairn task prove`, verifies each proof with `cairn proof verify` and with the contract, and
compares the after-hashes. A sample of proofs is then corrupted (single-bit flips, wrong
before-hashes): the contract must revert and the Swift verifier must reject. Prints gas per
instruction family and ends with `N passed, M failed`. Steps of float instructions, which the
contract does not implement yet, are counted as skipped (docs/referee.md).

    pip install -r scripts/requirements-referee.txt
    python3 scripts/referee-check.py --cairn PATH_TO_CAIRN [--proofs N] [--seed S]
"""

import argparse
import concurrent.futures
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile

import pyrevm
from Crypto.Hash import keccak

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONTRACTS = os.path.join(ROOT, "contracts")
TASKS = os.path.join(ROOT, "examples", "tasks")
DEPLOYER = "0x" + "11" * 20


def keccak256(data):
    h = keccak.new(digest_bits=256)
    h.update(data)
    return h.digest()


def compile_contract(name, fmt="bytecode"):
    out = subprocess.check_output(["vyper", "-f", fmt, name], cwd=CONTRACTS).decode().strip()
    return bytes.fromhex(out[2:])


class Referee:
    """The deployed contracts and a call of verify(before, proof) with its gas."""

    SELECTOR = keccak256(b"verify(bytes32,bytes)")[:4]

    def __init__(self):
        self.evm = pyrevm.EVM()
        self.evm.set_balance(DEPLOYER, 10**30)
        stepper = compile_contract("Stepper.vy")
        referee = compile_contract("Referee.vy")
        self.sizes = {
            "Stepper.vy": len(compile_contract("Stepper.vy", "bytecode_runtime")),
            "Referee.vy": len(compile_contract("Referee.vy", "bytecode_runtime")),
        }
        self.stepper = self.evm.deploy(DEPLOYER, stepper)
        self.address = self.evm.deploy(DEPLOYER, referee + bytes(12) + bytes.fromhex(self.stepper[2:]))

    @staticmethod
    def calldata(before, proof):
        padding = bytes((-len(proof)) % 32)
        return Referee.SELECTOR + before + (64).to_bytes(32, "big") + len(proof).to_bytes(32, "big") + proof + padding

    def verify(self, before, proof):
        """(after-hash or None, revert reason or None, gas used by the transaction)."""
        data = self.calldata(before, proof)
        try:
            out = self.evm.message_call(DEPLOYER, self.address, data)
        except RuntimeError as error:
            return None, str(error), self.evm.result.gas_used if self.evm.result else 0
        return bytes(out), None, self.evm.result.gas_used


def intrinsic_gas(data):
    return 21000 + sum(16 if b else 4 for b in data)


# Instruction families by opcode (docs/program-format.md, "Opcodes").
def family(op):
    if op in (0, 5, 6, 7, 8, 11, 4, 30):
        return "control"
    if op in (9, 10):
        return "call"
    if op in (1, 2, 3, 12, 13, 14, 28, 29):
        return "moves/globals"
    if op in (15, 16, 17, 18, 19):
        return "memory.bulk"
    if 20 <= op <= 27:
        return "table"
    if 31 <= op <= 60:
        return "i32/i64 arithmetic" if op not in (41, 42, 43, 44, 45, 56, 57, 58, 59, 60) else "shift/rotate"
    if 61 <= op <= 74 or 95 <= op <= 106 or 120 <= op <= 133:
        return "float"
    if 75 <= op <= 94 or op in (107, 108):
        return "compare"
    if op in (109, 110, 111, 114, 115, 116):
        return "clz/ctz/popcnt"
    if op in (112, 113, 117, 118, 119, 134, 139, 140):
        return "conversion"
    if 135 <= op <= 162:
        return "float"
    if 163 <= op <= 176:
        return "load"
    if 177 <= op <= 185:
        return "store"
    if 186 <= op <= 223:
        return "immediate"
    return "compare-branch"


def read_leb(data, at):
    value, shift = 0, 0
    while True:
        b = data[at]
        at += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, at
        shift += 7


def describe(proof):
    """(opcode, host call?) of the instruction a proof's step executes, from its code leaf."""
    status = proof[4]
    at = 4 + 58
    if status != 0 or proof[at] != 1:
        return None
    _, at = read_leb(proof, at + 1)
    _, at = read_leb(proof, at)
    return proof[at + 1]


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def gas_option(gas):
    return ["--gas", str(gas)] if gas else []


def trace(cairn, program, input_path, gas):
    out = run([cairn, "task", "trace", program, "--input", input_path, "--every", "1"] + gas_option(gas))
    if out.returncode != 0:
        raise SystemExit(f"trace failed: {out.stderr}")
    # The last line is the run's last step; `task trace` may print a few steps past a run
    # that trapped in a multi-step instruction (see docs/referee.md), which are dropped.
    hashes, last = {}, 0
    for line in out.stdout.split("\n"):
        if line.strip():
            step, digest = line.split()
            hashes[int(step)] = digest
            last = int(step)
    return {step: digest for step, digest in hashes.items() if step <= last}


def prove(cairn, program, input_path, gas, step, directory):
    path = os.path.join(directory, f"{os.path.basename(input_path)}-{gas}-{step}.bin")
    out = run([cairn, "task", "prove", program, "--input", input_path, "--step", str(step), "-o", path, "--json"]
              + gas_option(gas))
    if out.returncode != 0:
        return None
    info = json.loads(out.stdout)
    return path, info["before"], info["after"]


def swift_verify(cairn, path, before):
    out = run([cairn, "proof", "verify", path, "--before", before, "--json"])
    if out.returncode != 0:
        return None
    try:
        info = json.loads(out.stdout)
    except json.JSONDecodeError:
        return None
    return info.get("after") if info.get("status") == "accepted" else None


def make_tasks(directory, rng):
    """(label, program, input file, gas limit or None, steps to prove: "sample" or "tail")."""
    def write(name, data):
        path = os.path.join(directory, name)
        with open(path, "wb") as f:
            f.write(data)
        return path
    words = [b"cairn", b"referee", b"step", b"proof", b"wasm", b"keccak", b"merkle", b"leaf"]
    text = write("words.txt", b" ".join(rng.choice(words) for _ in range(24)) + b"\n")
    blob = write("blob.bin", bytes(rng.randrange(256) for _ in range(40)))
    cover = write("cover.bin", bytes(rng.randrange(256) for _ in range(96)))
    tasks = [
        ("wordcount", os.path.join(TASKS, "wordcount.wasm"), text, None, "sample"),
        ("sha256", os.path.join(TASKS, "sha256.wasm"), blob, None, "sample"),
        ("spin", os.path.join(TASKS, "spin.wasm"), write("spin.txt", b"300"), None, "sample"),
        ("coverage", os.path.join(CONTRACTS, "tasks", "coverage.wat"), cover, None, "all"),
        ("floats", os.path.join(CONTRACTS, "tasks", "floats.wat"), blob, None, "all"),
        ("coverage out of gas", os.path.join(CONTRACTS, "tasks", "coverage.wat"), cover, 12000, "tail"),
    ]
    traps = ["unreachable", "divide by zero", "overflow", "memory", "table", "undefined element",
             "uninitialized element", "type mismatch", "call stack", "store at the end", "output bounds",
             "fill bounds", "halts"]
    for i, label in enumerate(traps):
        path = write(f"trap{i}.bin", bytes([i, 0]))
        tasks.append((f"traps: {label}", os.path.join(CONTRACTS, "tasks", "traps.wat"), path, None, "tail"))
    return tasks


# MARK: - Games on chain

def abi_encode(types, values):
    """A minimal ABI encoder for the argument types the game contract takes."""
    def word(n):
        return int(n).to_bytes(32, "big")
    heads, tails = [], b""
    dynamic_size = 32 * len(types)
    for kind, value in zip(types, values):
        if kind in ("uint256",):
            heads.append(word(value))
        elif kind == "bytes32":
            heads.append(bytes(value))
        elif kind == "address":
            heads.append(bytes(12) + bytes.fromhex(value[2:]))
        else:
            heads.append(None)
            if kind == "bytes":
                data = word(len(value)) + bytes(value) + bytes((-len(value)) % 32)
            elif kind == "uint256[]":
                data = word(len(value)) + b"".join(word(v) for v in value)
            elif kind == "bytes32[]":
                data = word(len(value)) + b"".join(bytes(v) for v in value)
            else:
                raise ValueError(kind)
            heads[-1] = word(dynamic_size + len(tails))
            tails += data
    return b"".join(heads) + tails


def selector(signature):
    return keccak256(signature.encode())[:4]


class Reader:
    def __init__(self, data):
        self.data, self.at = data, 0

    def take(self, n):
        out = self.data[self.at:self.at + n]
        assert len(out) == n, "truncated game file"
        self.at += n
        return out

    def u8(self):
        return self.take(1)[0]

    def u64(self):
        return int.from_bytes(self.take(8), "little")

    def leb(self):
        value, shift = 0, 0
        while True:
            b = self.u8()
            value |= (b & 0x7F) << shift
            if b < 0x80:
                return value
            shift += 7


def parse_game(data):
    """The configuration, claim, start time, events and recorded winner of a CDG1 file."""
    r = Reader(data)
    assert r.take(4) == b"CDG1"
    levels = [r.u8() for _ in range(r.u8())]
    degree, clock = r.u8(), r.u64()
    claim = r.take(r.leb())
    start = r.u64()
    events, winner = [], None
    while r.at < len(data):
        tag = r.u8()
        if tag == 0xFF:
            winner = r.u8()
            break
        if tag == 2:
            events.append(("timeout", r.u64(), None))
            continue
        time = r.u64()
        move = Reader(r.take(r.leb()))
        kind = move.u8()
        if kind == 1:
            args = ("bisect(bytes32[])", ["bytes32[]"], [[move.take(32) for _ in range(move.u8())]])
        elif kind == 2:
            j = move.u8()
            if j == 0:
                args = ("choose(uint256,bytes32,bytes32[])", ["uint256", "bytes32", "bytes32[]"], [0, bytes(32), []])
            else:
                agreed = move.take(32)
                args = ("choose(uint256,bytes32,bytes32[])", ["uint256", "bytes32", "bytes32[]"],
                        [j, agreed, [move.take(32) for _ in range(move.u8())]])
        elif kind == 3:
            root, state = move.take(32), move.take(32)
            args = ("refine(bytes32,bytes32,bytes32[])", ["bytes32", "bytes32", "bytes32[]"],
                    [root, state, [move.take(32) for _ in range(move.u8())]])
        else:
            args = ("step(bytes)", ["bytes"], [move.take(move.leb())])
        events.append(("move", time, (tag, args)))
    return levels, degree, clock, claim, start, events, winner


SOLVER = "0x" + "22" * 20
CHALLENGER = "0x" + "33" * 20
BOND = 10**18


def play_on_chain(referee, game_bytes, gas):
    """Replays a recorded game against a fresh DisputeGame; returns (winner or None, note)."""
    levels, degree, clock, claim, start, events, recorded = parse_game(game_bytes)
    evm = referee.evm
    for who in (SOLVER, CHALLENGER):
        evm.set_balance(who, 10**21)
    game = evm.deploy(DEPLOYER, compile_contract("DisputeGame.vy") + bytes(12) + bytes.fromhex(referee.address[2:]))
    origin = 1000

    def at(time):
        evm.set_block_env(pyrevm.BlockEnv(number=origin + time))

    def call(who, signature, types, values, value=0):
        data = selector(signature) + abi_encode(types, values)
        try:
            evm.message_call(who, game, data, value=value)
        except RuntimeError as error:
            return False, str(error)[:200]
        gas.setdefault(signature.split("(")[0], []).append(evm.result.gas_used - intrinsic_gas(data))
        return True, None

    at(start)
    ok, error = call(SOLVER, "open(bytes,uint256[],uint256,uint256,address)",
                     ["bytes", "uint256[]", "uint256", "uint256", "address"],
                     [claim, levels, degree, clock, CHALLENGER], BOND)
    if not ok:
        return 1, f"claim rejected on chain ({error})", recorded
    ok, error = call(CHALLENGER, "join()", [], [], BOND)
    assert ok, error
    for kind, time, move in events:
        at(time)
        if kind == "timeout":
            call(DEPLOYER, "timeout()", [], [])
            continue
        mover, (signature, types, values) = move
        ok, error = call(SOLVER if mover == 0 else CHALLENGER, signature, types, values)
        if not ok:
            return None, f"move {signature} rejected: {error}", recorded
    winner_data = selector("winner()")
    out = bytes(evm.message_call(DEPLOYER, game, winner_data))
    address = "0x" + out[12:].hex()
    winner = {SOLVER: 0, CHALLENGER: 1}.get(address)
    return winner, "", recorded


GAMES = [
    ("honest solver, random challenger", ["--challenger", "random"], 0),
    ("lying solver (step 300 onwards)", ["--lie-at-step", "300"], 1),
    ("lying solver (step 1 onwards)", ["--lie-at-step", "1"], 1),
    ("lying solver (output)", ["--lie-output"], 1),
    ("lying solver (steps + 1)", ["--lie-steps", "1"], 1),
    ("lying solver (gas + 1)", ["--lie-gas", "1"], 1),
    ("honest solver, silent challenger", ["--challenger", "silent"], 0),
    ("lying solver, silent challenger", ["--lie-output", "--challenger", "silent"], 0),
    ("lying solver, one level", ["--levels", "12", "--lie-at-step", "100"], 1),
    ("honest solver, levels 5,4,3", ["--levels", "5,4,3", "--challenger", "random"], 0),
    ("lying solver, degree 4", ["--degree", "4", "--lie-at-step", "200"], 1),
]


def two_process_game(cairn, program, input_path, levels, lie, directory):
    """A game played by separate `cairn dispute move` processes, one per turn, through a game
    file (as scripts/dispute-two-process.sh does); returns the file's bytes, or None."""
    claim, log = os.path.join(directory, "claim.json"), os.path.join(directory, "two.cdg")
    for path in (claim, log):
        if os.path.exists(path):
            os.remove(path)
    if run([cairn, "dispute", "claim", program, "--input", input_path, "--levels", levels] + lie + ["-o", claim]).returncode:
        return None
    for _ in range(400):
        for role in ("solver", "challenger"):
            out = run([cairn, "dispute", "move", program, "--input", input_path, "--levels", levels]
                      + (lie if role == "solver" else []) + ["--role", role, "--claim", claim, "--log", log])
            if "winner:" in out.stdout:
                return open(log, "rb").read()
            if out.returncode:
                return None
    return None


def run_games(cairn, referee, directory, input_path):
    """Plays each adversary configuration with `cairn dispute play --log`, replays the recorded
    moves on chain and checks the winner: returns (passed, failed, gas per move kind)."""
    passed = failed = 0
    gas = {}
    program = os.path.join(TASKS, "wordcount.wasm")
    for label, options, expected in GAMES:
        log = os.path.join(directory, "game.cdg")
        if os.path.exists(log):
            os.remove(log)
        out = run([cairn, "dispute", "play", program, "--input", input_path, "--log", log, "--quiet"] + options)
        if not os.path.exists(log):
            print(f"FAIL game '{label}': cairn dispute play wrote no game ({out.stderr.strip()[-200:]})")
            failed += 1
            continue
        winner, note, recorded = play_on_chain(referee, open(log, "rb").read(), gas)
        if winner == expected and (recorded is None or recorded == expected):
            passed += 1
            print(f"game '{label}': {'solver' if winner == 0 else 'challenger'} wins on chain {note}")
        else:
            failed += 1
            print(f"FAIL game '{label}': on chain {winner}, recorded {recorded}, expected {expected} {note}")
    for label, levels, lie in [("two processes, lying solver (step 300 onwards)", "4,4,4", ["--lie-at-step", "300"]),
                               ("two processes, lying solver (output)", "6,6", ["--lie-output"])]:
        game = two_process_game(cairn, program, input_path, levels, lie, directory)
        winner, note, recorded = play_on_chain(referee, game, gas) if game else (None, "no game file", None)
        if winner == 1 and recorded in (None, 1):
            passed += 1
            print(f"game '{label}': challenger wins on chain")
        else:
            failed += 1
            print(f"FAIL game '{label}': on chain {winner}, recorded {recorded} {note}")
    return passed, failed, gas


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cairn", required=True, help="path to the cairn binary")
    parser.add_argument("--proofs", type=int, default=600, help="steps to prove per task (all if the run is shorter)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--flip-proofs", type=int, default=12, help="proofs whose bits are flipped")
    parser.add_argument("--flips", type=int, default=12, help="single-bit flips per such proof")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-games", action="store_true", help="skip the games on chain")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    referee = Referee()
    print("runtime code size:", ", ".join(f"{k} {v} bytes" for k, v in referee.sizes.items()), "(limit 24,576)")
    passed, failed, skipped = 0, 0, 0
    gas = {}
    accepted = []  # (path, before) of proofs both sides accepted
    seen = set()  # opcodes of the accepted proofs' steps

    with tempfile.TemporaryDirectory() as directory:
        for name, program, input_path, gas_limit, selection in make_tasks(directory, rng):
            hashes = trace(args.cairn, program, input_path, gas_limit)
            last = max(hashes)
            steps = list(range(last))
            if selection == "tail":
                steps = steps[-6:]
            elif selection == "sample" and len(steps) > args.proofs:
                # Keep the first and last steps (instantiation, output, halting), sample the rest.
                head, tail = steps[:50], steps[-50:]
                steps = sorted(set(head + tail + rng.sample(steps, args.proofs - 100)))
            # The halted state's identity step too.
            steps.append(last)

            def one(step):
                proved = prove(args.cairn, program, input_path, gas_limit, step, directory)
                if proved is None:
                    return step, None, None, None
                path, before, after = proved
                return step, proved, swift_verify(args.cairn, path, before), hashes.get(step + 1, hashes[last])

            with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
                results = list(pool.map(one, steps))
            task_pass = task_fail = task_skip = 0
            for step, proved, swift_after, traced_after in results:
                if proved is None:
                    print(f"FAIL {name} step {step}: cairn task prove failed")
                    failed += 1
                    task_fail += 1
                    continue
                path, before, after = proved
                proof = open(path, "rb").read()
                op = describe(proof)
                result, reason, used = referee.verify(bytes.fromhex(before), proof)
                if result is None and reason and "cairn: float" in bytes.fromhex(reason.split("output: 0x")[-1].rstrip(" })") or "00").decode("latin-1"):
                    skipped += 1
                    task_skip += 1
                    continue
                ok = result is not None and result.hex() == after and swift_after == after and traced_after == after
                if ok:
                    passed += 1
                    task_pass += 1
                    fam = family(op) if op is not None else "halted/trapped"
                    gas.setdefault(fam, []).append(used - intrinsic_gas(Referee.calldata(bytes.fromhex(before), proof)))
                    accepted.append((path, before, name, step))
                    if op is not None:
                        seen.add(op)
                else:
                    failed += 1
                    task_fail += 1
                    print(f"FAIL {name} step {step} op {op}: contract {result.hex() if result else reason}, "
                          f"swift {swift_after}, prove {after}, trace {traced_after}")
            print(f"{name}: {last} steps, {len(steps)} proven: {task_pass} agree, {task_fail} disagree, {task_skip} float skipped")

        # Corrupted proofs: every one must be rejected by both.
        sample = rng.sample(accepted, min(args.flip_proofs, len(accepted)))
        flip_pass = flip_fail = 0
        for path, before, name, step in sample:
            proof = open(path, "rb").read()
            cases = []
            for _ in range(args.flips):
                bit = rng.randrange(len(proof) * 8)
                bad = bytearray(proof)
                bad[bit // 8] ^= 1 << (bit % 8)
                cases.append((f"bit {bit}", bytes(bad), before))
            wrong = bytes(rng.randrange(256) for _ in range(32)).hex()
            cases.append(("wrong before-hash", proof, wrong))
            for label, bad, claimed in cases:
                result, _, _ = referee.verify(bytes.fromhex(claimed), bad)
                bad_path = path + ".bad"
                with open(bad_path, "wb") as f:
                    f.write(bad)
                swift = swift_verify(args.cairn, bad_path, claimed)
                if result is None and swift is None:
                    flip_pass += 1
                else:
                    flip_fail += 1
                    print(f"FAIL corrupted proof ({name} step {step}, {label}): contract "
                          f"{'accepted' if result else 'reverted'}, swift {'accepted' if swift else 'rejected'}")
        print(f"corrupted proofs: {flip_pass} rejected by both, {flip_fail} not")
        passed += flip_pass
        failed += flip_fail

        game_gas = {}
        if not args.no_games:
            game_pass, game_fail, game_gas = run_games(args.cairn, referee, directory, os.path.join(directory, "words.txt"))
            passed += game_pass
            failed += game_fail

    print("gas of verify (execution, without the transaction's intrinsic and calldata gas):")
    every = []
    for fam in sorted(gas):
        values = gas[fam]
        every += values
        print(f"  {fam:22} {len(values):6} proofs  median {int(statistics.median(values)):8,}  max {max(values):8,}")
    if every:
        print(f"  {'all':22} {len(every):6} proofs  median {int(statistics.median(every)):8,}  max {max(every):8,}")
    if game_gas:
        print("gas of game transactions (execution, without intrinsic and calldata gas):")
        for kind in sorted(game_gas):
            values = game_gas[kind]
            print(f"  {kind:22} {len(values):6} calls   median {int(statistics.median(values)):8,}  max {max(values):8,}")
    integer = [op for op in range(256) if family(op) != "float" and op != 30]
    missing = [op for op in integer if op not in seen]
    print(f"opcodes covered: {len(integer) - len(missing)} of the {len(integer)} non-float opcodes; not reached: {missing}")
    print(f"skipped (float, not implemented): {skipped}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
