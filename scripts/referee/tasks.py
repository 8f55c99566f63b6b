"""The tasks whose steps are proven: the example tasks, the contract's own coverage and trap
tasks, the C workloads and the difftest modules, and spec-suite modules, the last three made
into tasks by `taskify` (a `run` export calling some of their exports)."""

import json
import os
from dataclasses import dataclass

import wasmtime

from .chain import CONTRACTS, ROOT
from .taskify import NotATask, spec_modules, taskify

EXAMPLES = os.path.join(ROOT, "examples", "tasks")
WORKLOADS = os.path.join(ROOT, "Benchmarks", "Workloads", "wasm")
SPEC_SUITE = os.environ.get("CAIRN_TESTSUITE") or os.path.normpath(os.path.join(ROOT, "..", "shared", "wasm-testsuite"))

# Calls made by the C workloads' tasks: small sizes, so a task runs 10^3 to 10^5 steps.
WORKLOAD_CALLS = {
    "calls": [("calls_direct", [60]), ("calls_indirect", [60]), ("calls_tree", [5])],
    "dispatch": [("dispatch", [40])],
    "fmatmul": [("fmatmul64", [3, 1]), ("fmatmul32", [3, 2])],
    "json": [("json_generate", [3, 7]), ("json_parse_bench", [2, 1])],
    "keccak": [("keccak_empty", []), ("keccak256_buf", [40, 3]), ("keccak_perm", [1])],
    "loops": [("int_loop", [300]), ("collatz_steps", [30]), ("gcd_sum", [12])],
    "lz": [("lz_roundtrip", [1, 5, 1])],
    "memcpy": [("memcpy_bench", [1, 9]), ("bytecopy_bench", [1])],
    "script": [("script_eval", [3]), ("script_bench", [1])],
}

# Spec-suite scripts with memory, table, call_indirect, bulk and integer instructions.
SPEC_FILES = [
    "memory_copy", "memory_fill", "memory_init", "memory_grow", "memory_size", "memory", "bulk",
    "table_copy", "table_fill", "table_get", "table_set", "table_grow", "table_size", "table_init", "elem",
    "call_indirect", "call", "func_ptrs", "ref_func", "ref_is_null", "select", "br_table", "br_if", "block",
    "loop", "if", "local_tee", "global", "load", "store", "address", "align", "endianness",
    "i32", "i64", "int_exprs", "conversions", "left-to-right", "fac", "stack", "switch", "return", "data",
]


ENGINE = wasmtime.Engine()


def checked(program):
    """A taskified module, validated by wasmtime (an independent Wasm implementation)."""
    wasmtime.Module.validate(ENGINE, program)
    return program


@dataclass
class Task:
    label: str
    program: str
    input_path: str
    gas: int | None
    selection: str  # "sample" (head, tail and spread), "all" (every step up to a cap), "tail" (last six)
    soft_float: bool = False  # lowered with the soft-float profile (docs/softfloat.md)


def write(directory, name, data):
    path = os.path.join(directory, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def core_tasks(directory, rng, coverage_inputs=1):
    words = [b"cairn", b"referee", b"step", b"proof", b"wasm", b"keccak", b"merkle", b"leaf"]
    text = write(directory, "words.txt", b" ".join(rng.choice(words) for _ in range(24)) + b"\n")
    blob = write(directory, "blob.bin", bytes(rng.randrange(256) for _ in range(40)))
    cover = write(directory, "cover.bin", bytes(rng.randrange(256) for _ in range(96)))
    tasks = [
        Task("wordcount", os.path.join(EXAMPLES, "wordcount.wasm"), text, None, "sample"),
        Task("sha256", os.path.join(EXAMPLES, "sha256.wasm"), blob, None, "sample"),
        Task("spin", os.path.join(EXAMPLES, "spin.wasm"), write(directory, "spin.txt", b"300"), None, "sample"),
        Task("coverage", os.path.join(CONTRACTS, "tasks", "coverage.wat"), cover, None, "all"),
        Task("floats", os.path.join(CONTRACTS, "tasks", "floats.wat"), blob, None, "all"),
        Task("floats, soft-float", os.path.join(CONTRACTS, "tasks", "floats.wat"), blob, None, "all", True),
        Task("coverage out of gas", os.path.join(CONTRACTS, "tasks", "coverage.wat"), cover, 12000, "tail"),
    ]
    traps = ["unreachable", "divide by zero", "overflow", "memory", "table", "undefined element",
             "uninitialized element", "type mismatch", "call stack", "store at the end", "output bounds",
             "fill bounds", "halts"]
    # Soft-float conversions: of a NaN (the library's trapping float instruction), of a value out
    # of range (its integer-overflow trap), of 1.5.
    for label, bits in (("NaN", 0x7FC00001), ("out of range", 0x4F32D05E), ("1.5", 0x3FC00000)):
        path = write(directory, f"float-{bits:08x}.bin", bits.to_bytes(4, "little"))
        tasks.append(Task(f"soft-float conversion of {label}", os.path.join(CONTRACTS, "tasks", "float-trap.wat"),
                          path, None, "all", True))
    for k in range(1, coverage_inputs):
        more = write(directory, f"cover{k}.bin", bytes(rng.randrange(256) for _ in range(96)))
        tasks.append(Task(f"coverage, input {k + 1}", os.path.join(CONTRACTS, "tasks", "coverage.wat"), more, None, "all"))
    for i, label in enumerate(traps):
        path = write(directory, f"trap{i}.bin", bytes([i, 0]))
        tasks.append(Task(f"traps: {label}", os.path.join(CONTRACTS, "tasks", "traps.wat"), path, None, "tail"))
    return tasks


def library_tasks(directory, gas):
    """The C workloads and the modules of examples/difftest-cases.json, made into tasks."""
    empty = write(directory, "empty.bin", b"")
    tasks = []
    for name, calls in WORKLOAD_CALLS.items():
        wasm = open(os.path.join(WORKLOADS, f"{name}.wasm"), "rb").read()
        program, _ = taskify(wasm, calls)
        tasks.append(Task(f"workload {name}", write(directory, f"workload-{name}.wasm", checked(program)), empty, gas, "sample"))
        if name == "fmatmul":
            # Float arithmetic as the referee sees it: lowered to the soft-float library's calls.
            tasks.append(Task(f"workload {name}, soft-float", os.path.join(directory, f"workload-{name}.wasm"),
                              empty, gas, "sample", True))
    cases = json.load(open(os.path.join(ROOT, "examples", "difftest-cases.json")))
    for module in cases["modules"]:
        path = os.path.join(ROOT, module["file"])
        if path.endswith(".wat"):
            wasm = bytes(wasmtime.wat2wasm(open(path).read()))
        else:
            wasm = open(path, "rb").read()
        calls = []
        for case in module["cases"]:
            try:
                args = [int(a) for a in case["args"]]
            except ValueError:
                continue
            if case["expect"] != "trap":
                calls.append((case["invoke"], [min(a, 300) for a in args]))
        try:
            program, _ = taskify(wasm, calls)
        except NotATask:
            continue
        stem = os.path.splitext(os.path.basename(path))[0]
        tasks.append(Task(f"example {stem}", write(directory, f"example-{stem}.wasm", checked(program)), empty, gas, "sample"))
    return tasks


def spec_tasks(directory, per_file, gas):
    """Up to `per_file` modules of each spec script in SPEC_FILES (those with the most calls)."""
    empty = write(directory, "empty.bin", b"")
    tasks = []
    for name in SPEC_FILES:
        path = os.path.join(SPEC_SUITE, f"{name}.wast")
        if not os.path.exists(path):
            continue
        made = []
        for index, (wasm, calls) in enumerate(spec_modules(open(path).read())):
            try:
                program, kept = taskify(wasm, calls)
            except NotATask:
                continue
            made.append((len(kept), index, program))
        for _, index, program in sorted(made, key=lambda m: (-m[0], m[1]))[:per_file]:
            tasks.append(Task(f"spec {name}#{index}", write(directory, f"spec-{name}-{index}.wasm", checked(program)), empty, gas, "sample"))
    return tasks
