#!/usr/bin/env python3
"""The contract tests of issue 24: real contracts on Cairn's EVM actor against py-evm.

    python3 -m pip install -r scripts/requirements-evm.txt   # py-evm, vyper, trie, rlp (pinned)
    python3 scripts/evm-contract-check.py [--cairn PATH] [--only NAME,...] [--json] [--keep DIR]
                                          [--self-test] [--pyevm-only] [--list]

Each scenario (scripts/evm_contracts/scenarios.py) deploys and calls contracts from a few
Ethereum senders: the Vyper contracts of evm/contracts (compiled here with PyPI's vyper: an
ERC-20, a caller and its callee, a contract reverting every way, one emitting events) and every
solc-compiled contract of ../shared/evm-contracts. It runs on py-evm (Cancun, fresh chain, a
block per transaction) and on Cairn in a fresh `cairn actor init` sandbox through `cairn evm
fund|deploy|call|storage --json`, with the same senders and nonces, so CREATE addresses match.
Per step it compares success/revert/failure, return data (revert data included), logs
(address, topics, data, order) and created addresses, and checks py-evm against the values the
scenario expects; then per contract the whole storage: the storage trie root computed from
Cairn's dump (PyPI trie + rlp) against py-evm's storage root, and slot by slot.

Prints a line per scenario (and its differences) and ends with `N passed, M failed`; exits 1 on
any failure. `--self-test` runs the scenarios on py-evm twice, requires the comparison to find no
difference, then changes one thing at a time (a status, a return byte, a log topic, a log, the
log order, a created address, a storage value or slot) and requires each change to be caught.
`--pyevm-only` runs py-evm alone against the scenarios' expected values.
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from evm_contracts import runner  # noqa: E402
from evm_contracts.cairn_side import CairnSide  # noqa: E402
from evm_contracts.contracts import ROOT, ContractError, Contracts  # noqa: E402
from evm_contracts.pyevm_side import PyEVMSide, sender_address  # noqa: E402
from evm_contracts.scenarios import all_scenarios  # noqa: E402


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    p.add_argument("--cairn", default=os.path.join(ROOT, ".build", "release", "cairn"),
                   help="the cairn binary (default .build/release/cairn)")
    p.add_argument("--only", help="comma-separated scenario names (see --list)")
    p.add_argument("--json", action="store_true", help="print one JSON object with every step of both sides")
    p.add_argument("--keep", metavar="DIR", help="keep each scenario's Cairn sandbox (and the commands run) in DIR")
    p.add_argument("--self-test", action="store_true", help="check that the comparison catches differences")
    p.add_argument("--pyevm-only", action="store_true", help="run py-evm alone against the expected values")
    p.add_argument("--list", action="store_true", help="list the scenarios and exit")
    p.add_argument("--vyper", default="vyper", help="the vyper compiler (default: vyper on PATH)")
    return p.parse_args()


def select(args):
    scenarios = all_scenarios()
    if not args.only:
        return scenarios
    wanted = [n.strip() for n in args.only.split(",") if n.strip()]
    known = {s.name: s for s in scenarios}
    unknown = [n for n in wanted if n not in known]
    if unknown:
        sys.exit(f"error: unknown scenario(s) {', '.join(unknown)}; known: {', '.join(known)}")
    return [known[n] for n in wanted]


def run_reference(scenario, contracts):
    side = PyEVMSide(scenario.senders)
    run = runner.run_steps(side, scenario, contracts, sender_address)
    run.contracts = list(side.created)
    runner.read_storage(side, run, run.contracts)
    return side, run


def run_cairn(scenario, contracts, args, addresses):
    side = CairnSide(args.cairn, scenario.senders, keep_dir=args.keep, scenario=scenario.name)
    try:
        run = runner.run_steps(side, scenario, contracts, sender_address)
        runner.read_storage(side, run, addresses)
        return run
    finally:
        side.close()


def step_json(scenario, ref, test, found):
    steps = []
    for i, step in enumerate(scenario.steps):
        entry = {"label": step.label, "kind": type(step).__name__.lower(),
                 "py-evm": ref.results[i].to_json() if ref.results[i] else None}
        if test is not None:
            entry["cairn"] = test.results[i].to_json() if test.results[i] else None
        steps.append(entry)
    return {"name": scenario.name, "passed": not found, "problems": found, "steps": steps,
            "contracts": ["0x" + a.hex() for a in ref.contracts]}


def check(scenarios, contracts, args):
    passed = failed = 0
    report = []
    for scenario in scenarios:
        start = time.monotonic()
        try:
            ref_side, ref = run_reference(scenario, contracts)
            test = None
            if not args.pyevm_only:
                test = run_cairn(scenario, contracts, args, ref.contracts)
            found = runner.problems(scenario, ref, test, ref_side)
        except (ContractError, runner.SideError) as e:
            ref, test, found = None, None, [str(e)]
        except Exception as e:  # the sandbox could not even be made: this scenario fails, the rest run
            ref, test, found = None, None, [f"{type(e).__name__}: {e}"]
        took = time.monotonic() - start
        steps = len(scenario.steps)
        if found:
            failed += 1
        else:
            passed += 1
        if args.json:
            report.append(step_json(scenario, ref, test, found) if ref else
                          {"name": scenario.name, "passed": False, "problems": found})
        else:
            verdict = "ok  " if not found else "FAIL"
            print(f"{verdict} {scenario.name:<18} {steps:2d} steps, {len(ref.contracts) if ref else 0} contracts, "
                  f"{took:.1f}s — {scenario.summary}")
            for line in found[:40]:
                print(f"       {line}")
            if len(found) > 40:
                print(f"       … and {len(found) - 40} more")
            sys.stdout.flush()
    if args.json:
        print(json.dumps({"scenarios": report, "passed": passed, "failed": failed}, indent=1))
    print(f"{passed} passed, {failed} failed", file=sys.stderr if args.json else sys.stdout)
    return failed == 0


def self_test(scenarios, contracts):
    """The comparison must find nothing between two py-evm runs and catch every single change."""
    caught = missed = 0
    clean = True
    for scenario in scenarios:
        ref_side, ref = run_reference(scenario, contracts)
        _, mirror = run_reference(scenario, contracts)
        baseline = runner.problems(scenario, ref, mirror, ref_side)
        if baseline:
            clean = False
            print(f"FAIL {scenario.name}: two py-evm runs differ or miss expectations:")
            for line in baseline[:10]:
                print(f"       {line}")
            continue
        for name, changed in runner.mutations(mirror):
            if runner.problems(scenario, ref, changed, ref_side):
                caught += 1
            else:
                missed += 1
                print(f"FAIL {scenario.name}: a changed {name} was not caught")
        for name, altered in runner.altered_expectations(scenario):
            if runner.problems(altered, ref, mirror, ref_side):
                caught += 1
            else:
                missed += 1
                print(f"FAIL {scenario.name}: a wrong expected {name} was not caught")
    print(f"self-test: {caught} changes caught, {missed} missed; baseline {'clean' if clean else 'NOT clean'}")
    print(f"{caught} passed, {missed + (0 if clean else 1)} failed")
    return clean and missed == 0 and caught > 0


def main():
    args = parse_args()
    scenarios = select(args)
    if args.list:
        for s in scenarios:
            print(f"{s.name:<18} {len(s.steps):2d} steps  {s.summary}")
        return 0
    contracts = Contracts(args.vyper)
    if args.self_test:
        return 0 if self_test(scenarios, contracts) else 1
    if not args.pyevm_only and not os.access(args.cairn, os.X_OK):
        sys.exit(f"error: no cairn binary at {args.cairn} (build it: swift build -c release --product cairn; "
                 "or pass --cairn PATH, or --pyevm-only)")
    return 0 if check(scenarios, contracts, args) else 1


if __name__ == "__main__":
    sys.exit(main())
