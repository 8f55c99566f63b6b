"""The EVM benchmark: an ERC-20 transfer loop and a Keccak hashing loop, the same transactions on
the EVM in Cairn (metered), py-evm and pyrevm (revm) in one run; checks that the three agree on
every transaction (status, gas used, output, logs) and Cairn and py-evm on the state root, then
prints microseconds per transaction and the ratios. Run it through evm-bench.sh."""

import argparse
import json
import os
import platform
import sys
import time

import engines
import workload

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def parse():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="50 transactions a loop instead of 400, one round")
    parser.add_argument("--count", type=int, help="transactions a loop")
    parser.add_argument("--rounds", type=int, help="runs of every engine, taking turns (default 3; --quick: 1)")
    parser.add_argument("--json", metavar="F", help="also write the report as JSON to F")
    parser.add_argument("--wall", action="store_true", help="the table in wall time (default: processor time)")
    parser.add_argument("--cairn", default=os.path.join(ROOT, ".build/release/cairn"), help="the cairn executable (release)")
    parser.add_argument("--interpreter", default=os.path.join(ROOT, "evm/wasm/evm.wasm"))
    parser.add_argument("--actor-builtins", default=os.path.join(ROOT, "actors/wasm"), help="the built-in actors' Wasm (for `actor`)")
    parser.add_argument("--only", default="cairn,py-evm,revm",
                        help="engines to run (comma-separated); `actor` adds the EVM actor on the actor runtime "
                             "(`cairn evm actor-bench`, branch evmbench-actor)")
    parser.add_argument("--cairn-args", default="", help="extra options of `cairn evm bench` (e.g. '--kept-depth 0')")
    return parser.parse_args()


def compare(reference_name, reference, other_name, other):
    """Every transaction of every phase must have the same record (but for revm's gas: see
    engines.py); returns the differences."""
    problems = []
    inexact = {"revm", "actor"}  # revm: see engines.py; the actor: Filecoin gas, not EVM gas
    fields = ("status", "output", "logs") if inexact & {reference_name, other_name} else ("status", "gas_used", "output", "logs")
    for a, b in zip(reference, other):
        if len(a["transactions"]) != len(b["transactions"]):
            problems.append(f"{a['name']}: {len(a['transactions'])} transactions != {len(b['transactions'])}")
        for i, (x, y) in enumerate(zip(a["transactions"], b["transactions"])):
            if any(x[f] != y[f] for f in fields):
                problems.append(f"{a['name']}[{i}]: {reference_name} {x} != {other_name} {y}")
    return problems


def check_results(results):
    """The loops must have done what they should: every transfer and hash succeeded, and the
    read-back balances add up."""
    first = next(iter(results.values()))
    by_name = {p["name"]: p for p in first}
    for name in ("deploy", "warm-up", "erc20-transfer", "keccak-loop", "read-back"):
        bad = [i for i, t in enumerate(by_name[name]["transactions"]) if t["status"] != 0]
        if bad:
            raise SystemExit(f"{name}: transactions {bad[:5]} did not succeed")
    reads = [int(t["output"], 16) for t in by_name["read-back"]["transactions"]]
    balances, supply = reads[:1 + workload.RECIPIENTS], reads[1 + workload.RECIPIENTS]
    if sum(balances) != supply or supply != workload.TOKEN_SUPPLY:
        raise SystemExit(f"read-back: balances add up to {sum(balances)}, supply {supply}")
    transfers = len(by_name["erc20-transfer"]["transactions"])
    hashes = len(by_name["keccak-loop"]["transactions"])
    expected_calls = hashes + workload.WARMUP
    if reads[-1] != expected_calls:
        raise SystemExit(f"read-back: the hasher counted {reads[-1]} calls, not {expected_calls}")
    return transfers, hashes


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def table(results, timed, key):
    """The table of median microseconds per transaction, of processor time (`key`
    "cpu_seconds") or wall time ("seconds"). Processor time and the median resist this shared
    machine's load: a long transaction is more often preempted than a short one, which inflates
    wall times unevenly. The JSON report has both, medians and means."""
    engines_run = list(results)
    ratios = [(ours, theirs) for ours in ("cairn", "actor") for theirs in ("py-evm", "revm")
              if ours in results and theirs in results]
    header = ["loop", "tx"] + [f"{e} µs/tx" for e in engines_run] + [f"{a}÷{b}" for a, b in ratios]
    rows = []
    for name in timed:
        per_tx = {}
        count = 0
        for engine, phases in results.items():
            phase = next(p for p in phases if p["name"] == name)
            count = len(phase["transactions"])
            per_tx[engine] = median(phase[key]) * 1e6
        row = [name, str(count)] + [f"{per_tx[e]:.1f}" for e in engines_run] + [f"{per_tx[a] / per_tx[b]:.2f}" for a, b in ratios]
        rows.append((row, per_tx))
    widths = [max(len(header[i]), *(len(r[0][i]) for r in rows)) for i in range(len(header))]
    lines = ["  ".join(h.rjust(w) if i > 0 else h.ljust(w) for i, (h, w) in enumerate(zip(header, widths)))]
    for row, _ in rows:
        lines.append("  ".join(c.rjust(w) if i > 0 else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))))
    return "\n".join(lines), {name: per_tx for name, (_, per_tx) in zip(timed, rows)}


def main():
    args = parse()
    count = args.count or (50 if args.quick else 400)
    wanted = args.only.split(",")
    phases = workload.phases(count)
    timed = [name for name, is_timed, _ in phases if is_timed]
    if "cairn" in wanted and not os.access(args.cairn, os.X_OK):
        raise SystemExit(f"no cairn executable at {args.cairn}: swift build -c release --product cairn")
    rounds = args.rounds or (1 if args.quick else 3)
    results, extra = run_rounds(args, wanted, phases, rounds)
    names = list(results)
    problems = []
    for other in names[1:]:
        problems += engines_compare(names[0], results, other)
    if "cairn_root" in extra and "pyevm_root" in extra and extra["cairn_root"] != extra["pyevm_root"]:
        problems.append(f"state root: cairn {extra['cairn_root']} != py-evm {extra['pyevm_root']}")
    if problems:
        print("\n".join(problems[:20]), file=sys.stderr)
        raise SystemExit(f"the engines disagree ({len(problems)} differences)")
    check_results(results)
    key = "seconds" if args.wall else "cpu_seconds"
    text, per_tx = table(results, timed, key)
    _, wall_per_tx = table(results, timed, "seconds")
    agreed = " and ".join(names)
    gas = ", cairn and py-evm on its gas used" if "cairn" in names and "py-evm" in names else ""
    roots = " and on the state root" if "cairn_root" in extra and "pyevm_root" in extra else ""
    clock = "wall" if args.wall else "processor"
    print(f"EVM benchmark (median {clock} µs per transaction over {rounds} round(s), engines taking turns): {count} transactions a loop, "
          f"{workload.HASH_ROUNDS} Keccak rounds a hashing transaction; "
          f"{agreed} agree on every transaction's status, output and logs{gas}{roots}.")
    print(text)
    if args.json:
        exact = next((n for n in names if n not in ("revm", "actor")), None)  # revm's gas is not per transaction (engines.py)
        gas = {name: sum(t["gas_used"] for t in next(p for p in results[exact] if p["name"] == name)["transactions"])
               for name in timed} if exact else {}
        with open(args.json, "w") as f:
            json.dump({"count": count, "rounds": rounds, "hash_rounds": workload.HASH_ROUNDS, "machine": platform.machine(),
                       "median_us_per_tx": per_tx, "clock": clock, "median_wall_us_per_tx": wall_per_tx, "gas_per_loop": gas,
                       "mean_us_per_tx": {e: {p["name"]: sum(p["seconds"]) / len(p["seconds"]) * 1e6 for p in r if p["name"] in timed}
                                          for e, r in results.items()},
                       "seconds": {e: {p["name"]: p["seconds"] for p in r} for e, r in results.items()},
                       "cpu_seconds": {e: {p["name"]: p["cpu_seconds"] for p in r} for e, r in results.items()},
                       **extra}, f, indent=2, sort_keys=True)


def run_rounds(args, wanted, phases, rounds):
    """Runs every engine `rounds` times, taking turns (cairn, py-evm, revm, cairn, …) so that a
    change in this shared machine's load falls on all of them; each round starts from a fresh
    state. Returns each engine's first round with every round's times appended, and the state
    roots. Every round of an engine must give the same records as its first."""
    results, extra = {}, {}
    for number in range(rounds):
        this = {}
        if "cairn" in wanted:
            started = time.perf_counter()
            this["cairn"], report = engines.run_cairn(args.cairn, args.interpreter, phases, args.cairn_args.split())
            extra["cairn_root"] = report["state_root"]
            extra.setdefault("cairn_process_seconds", []).append(time.perf_counter() - started)
        if "actor" in wanted:
            this["actor"], _ = engines.run_cairn(args.cairn, None, phases, actor_builtins=args.actor_builtins)
        if "py-evm" in wanted:
            this["py-evm"], root = engines.run_pyevm(phases)
            extra["pyevm_root"] = engines.hexs(root)
        if "revm" in wanted:
            this["revm"] = engines.run_pyrevm(phases)
        for engine, phase_results in this.items():
            if engine not in results:
                results[engine] = phase_results
                continue
            for kept, again in zip(results[engine], phase_results):
                if kept["transactions"] != again["transactions"]:
                    raise SystemExit(f"{engine}: round {number + 1} of {kept['name']} differs from the first")
                kept["seconds"] = kept["seconds"] + again["seconds"]
                kept["cpu_seconds"] = kept["cpu_seconds"] + again["cpu_seconds"]
    extra["rounds"] = rounds
    return results, extra


def engines_compare(reference, results, other):
    return compare(reference, results[reference], other, results[other])


if __name__ == "__main__":
    main()
