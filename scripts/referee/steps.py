"""Proving steps in bulk (`cairn task proofs`, one process per batch of steps) and checking each
proof with the contract and the Swift verifier."""

import concurrent.futures
import json
import os
import subprocess
import time

from .opcodes import describe, family


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def gas_option(gas):
    return ["--gas", str(gas)] if gas else []


def task_options(task):
    """The options every `cairn task` command of `task` takes: its gas limit and profile."""
    return gas_option(task.gas) + (["--soft-float"] if task.soft_float else [])


def supports_verify(cairn):
    """Whether this cairn's `task proofs` verifies each proof itself (--verify)."""
    return "--verify" in run([cairn, "task", "proofs", "--help"]).stdout


def task_length(cairn, task):
    """(steps, final state hash) of the task's run."""
    out = run([cairn, "task", "run", task.program, "--input", task.input_path, "--json", "--output", os.devnull]
              + task_options(task))
    info = json.loads(out.stdout)
    return info["steps"], info["state"]


def batches(task, length, proofs, rng):
    """(from, count, every) runs of `cairn task proofs` that select the task's steps."""
    if task.selection == "tail":
        return [(max(0, length - 6), 6, 1)]
    if task.selection == "all" or length <= proofs:
        return [(0, length, 1)]
    # The first and last 50 steps (instantiation, output, halting), the rest spread evenly.
    middle = max(1, proofs - 100)
    every = max(1, (length - 100) // middle)
    return [(0, 50, 1), (50 + rng.randrange(every), middle, every), (length - 50, 50, 1)]


def swift_verify(cairn, path, before):
    out = run([cairn, "proof", "verify", path, "--before", before, "--json"])
    try:
        info = json.loads(out.stdout)
    except json.JSONDecodeError:
        return None
    return info.get("after") if info.get("status") == "accepted" else None


class Prover:
    """Writes a task's proofs as JSON lines: the batches of `task proofs` plus the stopped
    state's identity step from `task prove` (which `task proofs` does not write)."""

    def __init__(self, cairn, directory, verify):
        self.cairn, self.directory, self.verify = cairn, directory, verify

    def prove(self, index, task, proofs, rng, known=None):
        length, final = known or task_length(self.cairn, task)
        records = []
        for n, (start, count, every) in enumerate(batches(task, length, proofs, rng)):
            path = os.path.join(self.directory, f"task{index}-{n}.jsonl")
            out = run([self.cairn, "task", "proofs", task.program, "--input", task.input_path, "--from", str(start),
                       "--count", str(count), "--every", str(every), "-o", path]
                      + (["--verify"] if self.verify else []) + task_options(task))
            if out.returncode != 0:
                records.append({"error": f"task proofs --from {start} failed: {out.stderr.strip()[-200:]}"})
                continue
            with open(path) as f:
                records += [json.loads(line) for line in f if line.strip()]
            os.remove(path)
        path = os.path.join(self.directory, f"task{index}-last.bin")
        out = run([self.cairn, "task", "prove", task.program, "--input", task.input_path, "--step", str(length),
                   "-o", path, "--json"] + task_options(task))
        if out.returncode != 0:
            records.append({"error": f"task prove --step {length} failed: {out.stderr.strip()[-200:]}"})
        else:
            info = json.loads(out.stdout)
            record = {"step": length, "before": info["before"], "after": info["after"],
                      "proof": open(path, "rb").read().hex()}
            record["verified"] = swift_verify(self.cairn, path, info["before"]) or "rejected"
            records.append(record)
        seen, unique = set(), []
        for record in records:
            if "step" in record and record["step"] in seen:
                continue
            seen.add(record.get("step"))
            unique.append(record)
        return length, final, unique


class Results:
    """Agreements, disagreements, gas by family, and which tasks reached each opcode."""

    def __init__(self, flip_proofs, rng):
        self.passed = self.failed = self.skipped = 0
        self.gas = {}
        self.tasks_by_op = {}
        self.samples, self.flip_proofs, self.rng, self.accepted = [], flip_proofs, rng, 0

    def keep_sample(self, item):
        """Reservoir sampling of accepted proofs for the corruption check."""
        self.accepted += 1
        if len(self.samples) < self.flip_proofs:
            self.samples.append(item)
        else:
            j = self.rng.randrange(self.accepted)
            if j < self.flip_proofs:
                self.samples[j] = item


def check_task(referee, cairn, directory, label, records, final, results, swift_every):
    """Checks one task's proofs; returns (agree, disagree, float-skipped)."""
    agree = disagree = skip = 0
    for n, record in enumerate(records):
        if "error" in record:
            print(f"FAIL {label}: {record['error']}")
            disagree += 1
            continue
        proof, before, after = bytes.fromhex(record["proof"]), record["before"], record["after"]
        op = describe(proof)
        result, reason, used = referee.verify(bytes.fromhex(before), proof)
        if result is None and reason and "cairn: float" in reason:
            skip += 1
            continue
        swift = record.get("verified")
        if "rejected" in record:
            swift = "rejected: " + record["rejected"]
        elif swift is None and swift_every and n % swift_every == 0:
            path = os.path.join(directory, "check.bin")
            with open(path, "wb") as f:
                f.write(proof)
            swift = swift_verify(cairn, path, before)
        ok = result is not None and result.hex() == after and (swift is None or swift == after)
        if op is None:  # a stopped state's identity step: the hash stays the final state's
            ok = ok and after == before == final
        if ok:
            agree += 1
            fam = family(op) if op is not None else "halted/trapped"
            results.gas.setdefault(fam, []).append(used)
            if op is not None:
                results.tasks_by_op.setdefault(op, set()).add(label)
            results.keep_sample((proof, before, label, record["step"]))
        else:
            disagree += 1
            print(f"FAIL {label} step {record['step']} op {op} ({record.get('op')}): contract "
                  f"{result.hex() if result else reason}, swift {swift}, stepper {after}")
    return agree, disagree, skip


def proofs_for_total(tasks, lengths, total):
    """The --proofs that makes the tasks prove about `total` steps in all (from their lengths)."""
    def count(proofs):
        n = 0
        for task, (length, _) in zip(tasks, lengths):
            if task.selection == "tail":
                n += min(length, 6) + 1
            elif task.selection == "all" or length <= proofs:
                n += length + 1
            else:
                n += proofs + 1
        return n
    low, high = 1, max(length for length, _ in lengths) + 1
    while low < high:
        middle = (low + high) // 2
        if count(middle) < total:
            low = middle + 1
        else:
            high = middle
    return low, count(low)


def prove_and_check(referee, cairn, directory, tasks, proofs, rng, results, jobs, verify, swift_every, lengths=None):
    """Proves the tasks' steps `jobs` tasks at a time, checking each task as its proofs arrive."""
    prover = Prover(cairn, directory, verify)
    lengths = lengths or [None] * len(tasks)
    # A separate generator per task keeps the selection of steps independent of the timing.
    seeds = [rng.randrange(2**32) for _ in tasks]
    import random
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        futures = [pool.submit(prover.prove, i, t, proofs, random.Random(s), n)
                   for i, (t, s, n) in enumerate(zip(tasks, seeds, lengths))]
        for task, future in zip(tasks, futures):
            length, final, records = future.result()
            started = time.time()
            agree, disagree, skip = check_task(referee, cairn, directory, task.label, records, final, results,
                                               0 if verify else swift_every)
            results.passed += agree
            results.failed += disagree
            results.skipped += skip
            print(f"{task.label}: {length} steps, {len(records)} proven: {agree} agree, {disagree} disagree, "
                  f"{skip} float skipped ({time.time() - started:.1f} s on revm)", flush=True)


def corrupted_proofs(referee, cairn, directory, results, flips, rng):
    """Single-bit flips and a wrong before-hash of each sampled proof: both sides must reject."""
    rejected = not_rejected = 0
    for proof, before, label, step in results.samples:
        cases = []
        for _ in range(flips):
            bit = rng.randrange(len(proof) * 8)
            bad = bytearray(proof)
            bad[bit // 8] ^= 1 << (bit % 8)
            cases.append((f"bit {bit}", bytes(bad), before))
        cases.append(("wrong before-hash", proof, bytes(rng.randrange(256) for _ in range(32)).hex()))
        for what, bad, claimed in cases:
            result, _, _ = referee.verify(bytes.fromhex(claimed), bad)
            path = os.path.join(directory, "bad.bin")
            with open(path, "wb") as f:
                f.write(bad)
            swift = swift_verify(cairn, path, claimed)
            if result is None and swift is None:
                rejected += 1
            else:
                not_rejected += 1
                print(f"FAIL corrupted proof ({label} step {step}, {what}): contract "
                      f"{'accepted' if result else 'reverted'}, swift {'accepted' if swift else 'rejected'}")
    print(f"corrupted proofs: {rejected} rejected by both, {not_rejected} not")
    return rejected, not_rejected

