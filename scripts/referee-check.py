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


def trace(cairn, program, input_path):
    out = run([cairn, "task", "trace", program, "--input", input_path, "--every", "1"])
    if out.returncode != 0:
        raise SystemExit(f"trace failed: {out.stderr}")
    hashes = {}
    for line in out.stdout.split("\n"):
        if line.strip():
            step, digest = line.split()
            hashes[int(step)] = digest
    return hashes


def prove(cairn, program, input_path, step, directory):
    path = os.path.join(directory, f"{os.path.basename(program)}-{step}.bin")
    out = run([cairn, "task", "prove", program, "--input", input_path, "--step", str(step), "-o", path, "--json"])
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


def make_inputs(directory, rng):
    text = os.path.join(directory, "words.txt")
    with open(text, "w") as f:
        words = ["cairn", "referee", "step", "proof", "wasm", "keccak", "merkle", "leaf"]
        f.write(" ".join(rng.choice(words) for _ in range(24)) + "\n")
    blob = os.path.join(directory, "blob.bin")
    with open(blob, "wb") as f:
        f.write(bytes(rng.randrange(256) for _ in range(40)))
    empty = os.path.join(directory, "empty.bin")
    open(empty, "wb").close()
    return [("wordcount.wasm", text), ("sha256.wasm", blob), ("spin.wasm", empty)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cairn", required=True, help="path to the cairn binary")
    parser.add_argument("--proofs", type=int, default=600, help="steps to prove per task (all if the run is shorter)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--flip-proofs", type=int, default=12, help="proofs whose bits are flipped")
    parser.add_argument("--flips", type=int, default=12, help="single-bit flips per such proof")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    referee = Referee()
    print("runtime code size:", ", ".join(f"{k} {v} bytes" for k, v in referee.sizes.items()), "(limit 24,576)")
    passed, failed, skipped = 0, 0, 0
    gas = {}
    accepted = []  # (path, before) of proofs both sides accepted

    with tempfile.TemporaryDirectory() as directory:
        for name, input_path in make_inputs(directory, rng):
            program = os.path.join(TASKS, name)
            hashes = trace(args.cairn, program, input_path)
            last = max(hashes)
            steps = list(range(last))
            if len(steps) > args.proofs:
                # Keep the first and last steps (instantiation, output, halting), sample the rest.
                head, tail = steps[:50], steps[-50:]
                steps = sorted(set(head + tail + rng.sample(steps, args.proofs - 100)))
            # The halted state's identity step too.
            steps.append(last)

            def one(step):
                proved = prove(args.cairn, program, input_path, step, directory)
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

    print("gas of verify (execution, without the transaction's intrinsic and calldata gas):")
    every = []
    for fam in sorted(gas):
        values = gas[fam]
        every += values
        print(f"  {fam:22} {len(values):6} proofs  median {int(statistics.median(values)):8,}  max {max(values):8,}")
    if every:
        print(f"  {'all':22} {len(every):6} proofs  median {int(statistics.median(every)):8,}  max {max(every):8,}")
    print(f"skipped (float, not implemented): {skipped}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
