#!/usr/bin/env python3
"""Differential check of the on-chain referee (contracts/) against the Swift verifier.

Deploys the Vyper contracts on revm (pyrevm) and proves steps of many tasks in bulk with
`cairn task proofs` (the example tasks, the contract's coverage and trap tasks, the C workloads
and difftest modules and spec-suite modules made into tasks): each proof is verified by the
contract and by the Swift verifier (`task proofs --verify`), and the after-hashes must agree
with the stepper's. A sample of proofs is then corrupted (single-bit flips, wrong
before-hashes): both must reject. Then dispute games are played by `cairn dispute` processes
and replayed on chain, two challengers against one claim included. Prints gas per instruction
family and ends with `N passed, M failed`. Float steps, which the contract does not implement,
are counted as skipped (docs/referee.md).

    pip install -r scripts/requirements-referee.txt
    python3 scripts/referee-check.py --cairn PATH_TO_CAIRN [--proofs N | --steps-total N] [--seed S]
"""

import argparse
import concurrent.futures
import os
import random
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from referee.chain import Referee  # noqa: E402
from referee.games import run_games  # noqa: E402
from referee.opcodes import INTEGER_OPCODES  # noqa: E402
from referee.steps import corrupted_proofs, proofs_for_total, prove_and_check, Results, supports_verify, task_length  # noqa: E402
from referee.tasks import EXAMPLES, core_tasks, library_tasks, spec_tasks, write  # noqa: E402


def print_gas(title, table, unit):
    print(title)
    every = []
    for name in sorted(table):
        values = table[name]
        every += values
        print(f"  {name:22} {len(values):7} {unit}  median {int(statistics.median(values)):9,}  max {max(values):9,}")
    return every


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cairn", required=True, help="path to the cairn binary")
    parser.add_argument("--proofs", type=int, default=600, help="steps to prove per sampled task (all if its run is shorter)")
    parser.add_argument("--steps-total", type=int, help="aim at about this many proofs in all: sets --proofs per sampled task")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--flip-proofs", type=int, default=12, help="proofs whose bits are flipped")
    parser.add_argument("--flips", type=int, default=12, help="single-bit flips per such proof")
    parser.add_argument("--coverage-inputs", type=int, default=1, help="inputs the coverage task runs on")
    parser.add_argument("--spec-modules", type=int, default=1, help="modules made into tasks per spec-suite script")
    parser.add_argument("--library-gas", type=int, default=1_000_000, help="gas limit of the library and spec tasks")
    parser.add_argument("--swift-every", type=int, default=25,
                        help="without `task proofs --verify`: check every K-th proof with `cairn proof verify`")
    parser.add_argument("--jobs", type=int, default=2, help="tasks proven at once")
    parser.add_argument("--no-games", action="store_true", help="skip the games on chain")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    started = time.time()

    referee = Referee()
    print("runtime code size:", ", ".join(f"{k} {v:,} bytes" for k, v in referee.sizes.items()), "(limit 24,576)")
    verify = supports_verify(args.cairn)
    if not verify:
        print(f"note: this cairn has no `task proofs --verify`; `cairn proof verify` checks every {args.swift_every}th proof")
    results = Results(args.flip_proofs, rng)

    with tempfile.TemporaryDirectory() as directory:
        tasks = core_tasks(directory, rng, args.coverage_inputs) + library_tasks(directory, args.library_gas) \
            + spec_tasks(directory, args.spec_modules, args.library_gas)
        sampled = sum(1 for t in tasks if t.selection == "sample")
        proofs, lengths = args.proofs, None
        if args.steps_total:
            with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
                lengths = list(pool.map(lambda t: task_length(args.cairn, t), tasks))
            proofs, planned = proofs_for_total(tasks, lengths, args.steps_total)
            proofs = max(proofs, args.proofs)
            print(f"--steps-total {args.steps_total}: {proofs} proofs per sampled task, {planned:,} planned in all")
        print(f"{len(tasks)} tasks ({sampled} sampled, up to {proofs} proofs each)")
        prove_and_check(referee, args.cairn, directory, tasks, proofs, rng, results, args.jobs, verify, args.swift_every,
                        lengths)

        rejected, not_rejected = corrupted_proofs(referee, args.cairn, directory, results, args.flips, rng)
        passed, failed = results.passed + rejected, results.failed + not_rejected

        game_gas = {}
        if not args.no_games:
            words = os.path.join(directory, "words.txt")
            other = write(directory, "other-words.txt", open(words, "rb").read()[::-1])
            game_pass, game_fail, game_gas = run_games(args.cairn, referee, directory,
                                                       os.path.join(EXAMPLES, "wordcount.wasm"),
                                                       write(directory, "game-words.txt", b"a bb ccc dddd eee ff g\n"),
                                                       other, rng)
            passed += game_pass
            failed += game_fail

    every = print_gas("gas of verify (execution, without the transaction's intrinsic and calldata gas):", results.gas, "proofs")
    if every:
        print(f"  {'all':22} {len(every):7} proofs  median {int(statistics.median(every)):9,}  max {max(every):9,}")
    if game_gas:
        print_gas("gas of game transactions (execution, without intrinsic and calldata gas):", game_gas, "calls ")
    reached = results.tasks_by_op
    missing = [op for op in INTEGER_OPCODES if op not in reached]
    thin = sorted((len(reached[op]), op) for op in INTEGER_OPCODES if op in reached and len(reached[op]) < 3)
    print(f"opcodes covered: {len(INTEGER_OPCODES) - len(missing)} of the {len(INTEGER_OPCODES)} non-float opcodes; "
          f"not reached: {missing}")
    print(f"opcodes reached by fewer than 3 tasks (tasks, opcode): {thin}")
    print(f"proven steps that agree: {results.passed}; skipped (float, not implemented): {results.skipped}; "
          f"wall time {time.time() - started:.0f} s")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
