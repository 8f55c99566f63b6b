#!/usr/bin/env python3
"""Sums the fall-through instruction pairs of every benchmark workload.

Runs `cairn run --profile` on each workload of Benchmarks/Workloads/workloads.json and prints
the pairs of adjacent instructions (the second reached only by falling through from the
first) by their share of executed instructions, averaged over the workloads so that each
workload weighs the same. The threaded interpreter's fused pairs (THREADED_PAIRS in
scripts/gen-instructions.py) are chosen from this list; pairs already fused are marked.

    python3 scripts/profile-pairs.py --cairn .build/release/cairn [--top 60] [--only a,b]
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


def profile(cairn, workload):
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
        elif section and section.startswith("fall-through pairs"):
            count, _, first, second = line.split()
            pairs[(first, second)] = pairs.get((first, second), 0) + int(count)
    return total, pairs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cairn", default=str(ROOT / ".build/release/cairn"), help="the cairn binary")
    parser.add_argument("--top", type=int, default=60, help="pairs to print")
    parser.add_argument("--only", help="comma-separated workload names")
    args = parser.parse_args()
    table = json.loads((ROOT / "Benchmarks/Workloads/workloads.json").read_text())
    workloads = table["workloads"] if isinstance(table, dict) else table
    if args.only:
        names = set(args.only.split(","))
        workloads = [w for w in workloads if w["name"] in names]
    shares = {}
    for workload in workloads:
        print(f"profiling {workload['name']}...", file=sys.stderr)
        total, pairs = profile(args.cairn, workload)
        for pair, count in pairs.items():
            shares[pair] = shares.get(pair, 0.0) + count / max(total, 1) / len(workloads)
    fused = fused_pairs()
    covered = sum(share for pair, share in shares.items() if pair in fused)
    print(f"{'share':>7}  pair  (* fused)")
    for pair, share in sorted(shares.items(), key=lambda item: -item[1])[:args.top]:
        print(f"{100 * share:6.2f}%  {pair[0]} {pair[1]}{'  *' if pair in fused else ''}")
    print(f"fused pairs are {100 * covered:.1f}% of executed pairs (an upper bound on what they save: a pair whose first half ends another pair runs unfused)")


if __name__ == "__main__":
    main()
