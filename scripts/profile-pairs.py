#!/usr/bin/env python3
"""Sums the fall-through instruction pairs of every benchmark workload.

Runs `cairn run --profile` on each workload of Benchmarks/Workloads/workloads.json and prints
the pairs of adjacent instructions (the second reached only by falling through from the
first) by their share of executed instructions, averaged over the workloads so that each
workload weighs the same. The threaded interpreter's fused pairs (THREADED_PAIRS in
scripts/gen-instructions.py) are chosen from this list; pairs already fused are marked.
With --triples it lists instead the triples whose first two run as a fused pair and whose
third then runs alone (the profile's "singles after fused pairs"): what handlers of three
instructions would save a dispatch on (docs/register-machine.md, "Fused pairs", on why there
are none).

    python3 scripts/profile-pairs.py --cairn .build/release/cairn [--top 60] [--only a,b] [--triples]
"""
import argparse, json, pathlib, subprocess, sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def fused_pairs():
    """THREADED_PAIRS of the generator, as mnemonic pairs."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("gen", ROOT / "scripts/gen-instructions.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    return {(gen.mnemonic(x), gen.mnemonic(y)) for x, y in gen.THREADED_PAIRS}


def profile(cairn, workload, triples=False):
    command = [cairn, "run", str(ROOT / workload["module"]), "--profile", "--profile-rows", "0",
               "--invoke", workload["function"], "--"] + [str(a) for a in workload["args"]]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{workload['name']}: cairn exited {done.returncode}: {done.stderr.strip()[-500:]}")
    total, pairs, section = 0, {}, None
    for line in done.stderr.splitlines():
        if line.startswith("profile: "):
            total = int(line.split()[1])
        elif line.endswith(":") and not line.startswith(" "):
            section = line
        elif section and section.startswith("singles after fused pairs" if triples else "fall-through pairs"):
            count, _, *names = line.split()
            pairs[tuple(names)] = pairs.get(tuple(names), 0) + int(count)
    return total, pairs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cairn", default=str(ROOT / ".build/release/cairn"), help="the cairn binary")
    parser.add_argument("--top", type=int, default=60, help="pairs to print")
    parser.add_argument("--only", help="comma-separated workload names")
    parser.add_argument("--triples", action="store_true", help="list triples whose third runs alone after a fused pair")
    args = parser.parse_args()
    table = json.loads((ROOT / "Benchmarks/Workloads/workloads.json").read_text())
    workloads = table["workloads"] if isinstance(table, dict) else table
    if args.only:
        names = set(args.only.split(","))
        workloads = [w for w in workloads if w["name"] in names]
    shares = {}
    for workload in workloads:
        print(f"profiling {workload['name']}...", file=sys.stderr)
        total, pairs = profile(args.cairn, workload, args.triples)
        for pair, count in pairs.items():
            shares[pair] = shares.get(pair, 0.0) + count / max(total, 1) / len(workloads)
    fused = fused_pairs()
    covered = sum(share for pair, share in shares.items() if pair in fused)
    print(f"{'share':>7}  pair  (* fused)")
    for pair, share in sorted(shares.items(), key=lambda item: -item[1])[:args.top]:
        print(f"{100 * share:6.2f}%  {' '.join(pair)}{'  *' if pair in fused else ''}")
    if not args.triples:
        print(f"fused pairs are {100 * covered:.1f}% of executed pairs (an upper bound on what they save: a pair whose first half ends another pair runs unfused)")


if __name__ == "__main__":
    main()
