#!/usr/bin/env python3
"""Differential test: run example programs under wasmtime (the reference) and under Cairn's
CLI, and compare the results bit for bit.

The cases live in examples/difftest-cases.json:

    {"modules": [
      {"file": "examples/fib.wat",
       "cases": [
         {"invoke": "fib", "args": ["20"], "expect": ["i32:6765"]},
         {"invoke": "div_s", "args": ["1", "0"], "expect": "trap"},
         {"invoke": "recurse", "args": ["-1"], "expect": "trap", "any_trap": true}
       ]}
    ]}

- `args` are strings, parsed per the function's parameter types: i32/i64 as decimal integers
  (negative, or unsigned up to 2^N - 1, which is the same bit pattern); f32/f64 as decimals or
  `nan`, `inf`, `-inf`, `-0`.
- `expect` (optional) pins the reference result: a list of `TYPE:VALUE` strings, or "trap".
  A reference run that disagrees with it fails the case (the example or wasmtime changed).
  `--update-expect` rewrites every `expect` from the reference run.
- `any_trap: true` accepts any trap from Cairn when the reference traps (for resource limits
  such as call-stack depth, where engines legitimately differ in which limit they hit first).
  Otherwise the trap's kind must match: Cairn's trap message must contain the spec's message
  for the reference's trap code ("integer divide by zero", "out of bounds memory access", ...).

Cairn is run as a separate process per case, with the contract of `cairn run`:

    CAIRN run FILE --invoke NAME ARGS... --json

(with `--` before the arguments when one of them starts with `-`, see --separator), which
prints {"status": "ok"|"trap", "results": [{"type", "value", "bits"?}], "trap": msg|null}
and exits 0 (ok) or 2 (trap). Integers are compared by value (signed decimal text), floats by
their `bits` (the raw IEEE-754 bit pattern as unsigned decimal): NaNs must match exactly, and
wasmtime is run with NaN canonicalisation on, as Cairn canonicalises arithmetic NaNs.

Output: one line per case, then exactly `N passed, M failed`. Exit status 0 when all passed,
1 when a case failed, 2 on a usage or setup error (such as a missing Cairn binary).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import math
import os
import shlex
import shutil
import struct
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CASES = ROOT / "examples" / "difftest-cases.json"

INT_BITS = {"i32": 32, "i64": 64}
FLOAT_TYPES = ("f32", "f64")

# wasmtime's trap codes and the message the spec's test suite uses for each. Cairn's trap
# message must contain one of the listed texts (case-insensitive).
TRAP_MESSAGES = {
    "STACK_OVERFLOW": ["call stack exhausted"],
    "MEMORY_OUT_OF_BOUNDS": ["out of bounds memory access"],
    "HEAP_MISALIGNED": ["unaligned atomic"],
    "TABLE_OUT_OF_BOUNDS": ["undefined element", "out of bounds table access"],
    "INDIRECT_CALL_TO_NULL": ["uninitialized element"],
    "BAD_SIGNATURE": ["indirect call type mismatch"],
    "INTEGER_OVERFLOW": ["integer overflow"],
    "INTEGER_DIVISION_BY_ZERO": ["integer divide by zero"],
    "BAD_CONVERSION_TO_INTEGER": ["invalid conversion to integer"],
    "UNREACHABLE": ["unreachable"],
    "NULL_REFERENCE": ["null reference"],
}


class SetupError(Exception):
    """A problem that stops the whole run (bad case file, missing binary, ...)."""


# ---------------------------------------------------------------------------------------------
# Values


@dataclass(frozen=True)
class Value:
    """A typed Wasm value. Integers hold their signed value; floats hold their raw bits."""

    type: str
    num: int  # signed integer value, or the unsigned bit pattern of a float

    def text(self) -> str:
        if self.type in INT_BITS:
            return f"{self.type}:{self.num}"
        return f"{self.type}:{float_text(self.type, self.num)}"


def to_signed(v: int, bits: int) -> int:
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >> (bits - 1) else v


def float_bits(ty: str, x: float) -> int:
    if ty == "f64":
        return struct.unpack("<Q", struct.pack("<d", x))[0]
    return struct.unpack("<I", struct.pack("<f", x))[0]


def bits_float(ty: str, bits: int) -> float:
    if ty == "f64":
        return struct.unpack("<d", struct.pack("<Q", bits))[0]
    return struct.unpack("<f", struct.pack("<I", bits))[0]


CANONICAL_NAN = {"f32": 0x7FC00000, "f64": 0x7FF8000000000000}
SIGN_BIT = {"f32": 1 << 31, "f64": 1 << 63}


def float_text(ty: str, bits: int) -> str:
    """Shortest round-trip decimal text of a float (like Swift's `description`), with NaNs
    written as `nan` / `-nan` when canonical and `nan:0xBITS` otherwise."""
    x = bits_float(ty, bits)
    if math.isnan(x):
        if bits == CANONICAL_NAN[ty]:
            return "nan"
        if bits == CANONICAL_NAN[ty] | SIGN_BIT[ty]:
            return "-nan"
        return f"nan:0x{bits:x}"
    if ty == "f64":
        return repr(x)
    if math.isinf(x):
        return repr(x)
    for digits in range(1, 10):  # 9 significant digits always round-trip an f32
        s = f"{x:.{digits}g}"
        if float_bits("f32", float(s)) == bits:
            break
    # Present it like Python's float repr: a decimal point or an exponent.
    if "e" not in s and "." not in s and "n" not in s:
        s += ".0"
    return s


def parse_float_text(ty: str, text: str) -> int:
    """Inverse of float_text: returns the bits."""
    t = text.strip().lower()
    if t == "nan":
        return CANONICAL_NAN[ty]
    if t == "-nan":
        return CANONICAL_NAN[ty] | SIGN_BIT[ty]
    if t.startswith("nan:0x"):
        return int(t[6:], 16)
    return float_bits(ty, float(t))


def parse_value_text(text: str) -> Value:
    """Parses `TYPE:VALUE` as written in `expect`."""
    ty, _, v = text.partition(":")
    if ty in INT_BITS:
        return Value(ty, to_signed(int(v, 10), INT_BITS[ty]))
    if ty in FLOAT_TYPES:
        return Value(ty, parse_float_text(ty, v))
    raise ValueError(f"bad value {text!r}: expected TYPE:VALUE with TYPE one of i32 i64 f32 f64")


def parse_arg(ty: str, text: str) -> Any:
    """A case argument as the Python value wasmtime takes for a parameter of type `ty`."""
    if ty in INT_BITS:
        v = int(text, 10)
        bits = INT_BITS[ty]
        if not -(1 << (bits - 1)) <= v < (1 << bits):
            raise ValueError(f"{text} does not fit in {ty}")
        return to_signed(v, bits)
    if ty in FLOAT_TYPES:
        return float(text)
    raise ValueError(f"parameter type {ty} is not supported by the differential test")


# ---------------------------------------------------------------------------------------------
# Outcomes


@dataclass
class Outcome:
    """What one engine did: results, or a trap, or an error of the harness/engine itself."""

    status: str  # "ok", "trap" or "error"
    results: list[Value] = field(default_factory=list)
    trap: str | None = None  # trap message (Cairn) or spec message (reference)
    trap_code: str | None = None  # wasmtime's trap code name
    error: str | None = None

    def text(self) -> str:
        if self.status == "ok":
            return ", ".join(v.text() for v in self.results) if self.results else "(no results)"
        if self.status == "trap":
            return f"trap: {self.trap}"
        return f"error: {self.error}"


@dataclass
class Case:
    module: str  # path as written in the case file
    invoke: str
    args: list[str]
    expect: Any = None  # list of TYPE:VALUE, "trap", or None
    any_trap: bool = False
    raw: dict = field(default_factory=dict)

    def label(self) -> str:
        return f"{Path(self.module).name} {self.invoke}({', '.join(self.args)})"


def load_cases(path: Path) -> tuple[dict, list[Case]]:
    try:
        doc = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as e:
        raise SetupError(f"cannot read case file {path}: {e}") from e
    cases = []
    for mod in doc.get("modules", []):
        file = mod["file"]
        if not (ROOT / file).is_file():
            raise SetupError(f"{path.name}: module {file} does not exist")
        for c in mod.get("cases", []):
            args = c.get("args", [])
            if not all(isinstance(a, str) for a in args):
                raise SetupError(f"{file} {c.get('invoke')}: args must be strings: {args}")
            cases.append(Case(file, c["invoke"], args, c.get("expect"), bool(c.get("any_trap")), c))
    return doc, cases


# ---------------------------------------------------------------------------------------------
# The reference: wasmtime


class Reference:
    def __init__(self) -> None:
        try:
            import wasmtime  # noqa: PLC0415
        except ImportError as e:
            raise SetupError(
                "the Python package wasmtime is missing: pip install -r scripts/requirements.txt"
            ) from e
        self.wasmtime = wasmtime
        config = wasmtime.Config()
        # Cairn's profile canonicalises the NaNs that arithmetic produces; so must the reference
        # for NaN results to compare bit for bit.
        config.cranelift_nan_canonicalization = True
        self.engine = wasmtime.Engine(config)
        self.modules: dict[str, Any] = {}

    def module(self, file: str) -> Any:
        if file not in self.modules:
            path = ROOT / file
            if path.suffix == ".wat":
                self.modules[file] = self.wasmtime.Module(self.engine, path.read_text())
            else:
                self.modules[file] = self.wasmtime.Module(self.engine, path.read_bytes())
        return self.modules[file]

    def param_types(self, case: Case) -> list[str]:
        """Parameter types of the export, from the module (no instance needed)."""
        module = self.module(case.module)
        for exp in module.exports:
            if exp.name == case.invoke:
                return [str(t) for t in exp.type.params]
        raise SetupError(f"{case.module} has no export {case.invoke!r}")

    def run(self, case: Case) -> Outcome:
        wt = self.wasmtime
        try:
            module = self.module(case.module)
        except Exception as e:  # noqa: BLE001
            return Outcome("error", error=f"wasmtime cannot compile {case.module}: {e}")
        store = wt.Store(self.engine)  # a fresh instance per case, as each Cairn run has
        try:
            instance = wt.Instance(store, module, [])
            func = instance.exports(store).get(case.invoke)
            if not isinstance(func, wt.Func):
                return Outcome("error", error=f"no exported function {case.invoke!r}")
            ftype = func.type(store)
            params = [str(t) for t in ftype.params]
            results = [str(t) for t in ftype.results]
            if len(params) != len(case.args):
                return Outcome("error", error=f"{case.invoke} takes {len(params)} arguments "
                                              f"({' '.join(params)}), the case gives {len(case.args)}")
            args = [parse_arg(t, a) for t, a in zip(params, case.args)]
        except ValueError as e:
            return Outcome("error", error=str(e))
        try:
            out = func(store, *args)
        except wt.Trap as e:
            code = e.trap_code.name if e.trap_code is not None else None
            msg = TRAP_MESSAGES.get(code, [str(e).strip().splitlines()[-1]])[0] if code else \
                str(e).strip().splitlines()[-1]
            return Outcome("trap", trap=msg, trap_code=code)
        except wt.WasmtimeError as e:
            return Outcome("error", error=f"wasmtime: {e}")
        if out is None:
            values = []
        elif isinstance(out, list):
            values = out
        else:
            values = [out]
        converted = []
        for ty, v in zip(results, values):
            if ty in INT_BITS:
                converted.append(Value(ty, to_signed(int(v), INT_BITS[ty])))
            elif ty in FLOAT_TYPES:
                converted.append(Value(ty, float_bits(ty, float(v))))
            else:
                return Outcome("error", error=f"result type {ty} is not supported")
        return Outcome("ok", results=converted)


def check_expect(case: Case, ref: Outcome) -> str | None:
    """Compares the reference outcome with the case's pinned `expect`; returns a problem."""
    if case.expect is None or ref.status == "error":
        return None
    if case.expect == "trap":
        return None if ref.status == "trap" else f"expected a trap, wasmtime gave {ref.text()}"
    try:
        want = [parse_value_text(t) for t in case.expect]
    except ValueError as e:
        return f"bad expect: {e}"
    if ref.status != "ok" or ref.results != want:
        return f"expected {', '.join(v.text() for v in want)}, wasmtime gave {ref.text()}"
    return None


def expect_of(ref: Outcome) -> Any:
    if ref.status == "trap":
        return "trap"
    return [v.text() for v in ref.results]


# ---------------------------------------------------------------------------------------------
# Cairn


class Cairn:
    def __init__(self, path: str, timeout: float, separator: str, extra: list[str]) -> None:
        exe = Path(path)
        if not exe.is_absolute():
            exe = (Path.cwd() / exe) if (Path.cwd() / exe).exists() else (ROOT / exe)
        if not exe.exists():
            found = shutil.which(path)
            if found is None:
                raise SetupError(
                    f"Cairn binary not found: {path}\n"
                    "  build it first, e.g. `swift build -c release` (then --cairn .build/release/cairn),"
                    "\n  or use --reference-only to run wasmtime alone"
                )
            exe = Path(found)
        if not os.access(exe, os.X_OK) or exe.is_dir():
            raise SetupError(f"Cairn binary is not an executable file: {exe}")
        self.exe = exe
        self.timeout = timeout
        self.separator = separator
        self.extra = extra

    def command(self, case: Case) -> list[str]:
        cmd = [str(self.exe), "run", str(ROOT / case.module), *self.extra, "--invoke", case.invoke]
        need_sep = self.separator == "always" or (
            self.separator == "auto" and any(a.startswith("-") for a in case.args))
        # Flags first, then the arguments, so that `--` can end option parsing before them.
        cmd.append("--json")
        if need_sep:
            cmd.append("--")
        cmd.extend(case.args)
        return cmd

    def run(self, case: Case) -> Outcome:
        cmd = self.command(case)
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=self.timeout,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return Outcome("error", error=f"timed out after {self.timeout:g} s")
        except OSError as e:
            return Outcome("error", error=f"cannot run {cmd[0]}: {e}")
        where = f"exit {proc.returncode}"
        stderr = proc.stderr.strip()
        if stderr:
            where += f", stderr: {shorten(stderr)}"
        try:
            doc = json.loads(proc.stdout)
        except json.JSONDecodeError:
            out = proc.stdout.strip()
            return Outcome("error", error=f"no JSON on stdout ({where}"
                                          + (f", stdout: {shorten(out)}" if out else "") + ")")
        try:
            status = doc["status"]
            if status == "ok":
                if proc.returncode != 0:
                    return Outcome("error", error=f"status ok but {where}")
                values = []
                for r in doc["results"]:
                    ty = r["type"]
                    if ty in INT_BITS:
                        values.append(Value(ty, to_signed(int(r["value"], 10), INT_BITS[ty])))
                    elif ty in FLOAT_TYPES:
                        if "bits" not in r:
                            return Outcome("error", error=f"float result without \"bits\": {r}")
                        values.append(Value(ty, int(r["bits"], 10)))
                    else:
                        return Outcome("error", error=f"unknown result type {ty!r}")
                return Outcome("ok", results=values)
            if status == "trap":
                if proc.returncode != 2:
                    return Outcome("error", error=f"status trap but {where} (expected exit 2)")
                return Outcome("trap", trap=str(doc.get("trap")))
            return Outcome("error", error=f"unknown status {status!r} ({where})")
        except (KeyError, TypeError, ValueError) as e:
            return Outcome("error", error=f"malformed JSON ({e!r}): {shorten(proc.stdout.strip())}")


def shorten(s: str, n: int = 300) -> str:
    s = " | ".join(line for line in s.splitlines() if line.strip())
    return s if len(s) <= n else s[: n - 3] + "..."


def compare(case: Case, ref: Outcome, got: Outcome, strict_traps: bool) -> str | None:
    """Returns None when Cairn agrees with the reference, else what differs."""
    if got.status == "error":
        return f"cairn: {got.error}"
    if ref.status == "trap" and got.status == "trap":
        if case.any_trap or not strict_traps or ref.trap_code not in TRAP_MESSAGES:
            return None
        wanted = TRAP_MESSAGES[ref.trap_code]
        if any(w in (got.trap or "").lower() for w in wanted):
            return None
        return f"trap kind differs: cairn {got.trap!r}, wasmtime {ref.trap!r} ({ref.trap_code})"
    if ref.status != got.status:
        return f"cairn {got.text()} but wasmtime {ref.text()}"
    if len(ref.results) != len(got.results):
        return f"cairn gave {len(got.results)} results, wasmtime {len(ref.results)}: " \
               f"cairn {got.text()}, wasmtime {ref.text()}"
    for i, (r, g) in enumerate(zip(ref.results, got.results)):
        if r.type != g.type:
            return f"result {i}: cairn type {g.type}, wasmtime {r.type}"
        if r.num != g.num:
            extra = ""
            if r.type in FLOAT_TYPES:
                extra = f" (bits cairn 0x{g.num:x}, wasmtime 0x{r.num:x})"
            return f"result {i}: cairn {g.text()} != wasmtime {r.text()}{extra}"
    return None


# ---------------------------------------------------------------------------------------------
# Case file writing (for --update-expect): one case per line, stable formatting.


def write_cases(path: Path, doc: dict, cases: list[Case], outcomes: list[Outcome]) -> None:
    for case, ref in zip(cases, outcomes):
        if ref.status != "error":
            case.raw["expect"] = expect_of(ref)
    lines = ["{"]
    for key, value in doc.items():
        if key != "modules":
            lines.append(f"  {json.dumps(key)}: {json.dumps(value)},")
    lines.append('  "modules": [')
    mods = doc.get("modules", [])
    for mi, mod in enumerate(mods):
        lines.append(f'    {{"file": {json.dumps(mod["file"])},')
        extra = {k: v for k, v in mod.items() if k not in ("file", "cases")}
        for k, v in extra.items():
            lines.append(f"     {json.dumps(k)}: {json.dumps(v)},")
        lines.append('     "cases": [')
        cs = mod.get("cases", [])
        for ci, c in enumerate(cs):
            order = ["invoke", "args"] + [k for k in c if k not in ("invoke", "args", "expect")] + ["expect"]
            body = ", ".join(f"{json.dumps(k)}: {json.dumps(c[k])}" for k in order if k in c)
            lines.append(f"       {{{body}}}" + ("," if ci + 1 < len(cs) else ""))
        lines.append("     ]}" + ("," if mi + 1 < len(mods) else ""))
    lines.append("  ]")
    lines.append("}")
    path.write_text("\n".join(lines) + "\n")


# ---------------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cairn", metavar="PATH", help="the cairn CLI binary, e.g. .build/release/cairn")
    ap.add_argument("--reference-only", action="store_true",
                    help="run wasmtime only: print its results and check them against `expect`")
    ap.add_argument("--cases", type=Path, default=DEFAULT_CASES, help="case file (JSON)")
    ap.add_argument("--filter", action="append", default=[], metavar="TEXT",
                    help="run only cases whose label (`file name(args)`) contains TEXT (repeatable)")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per Cairn run (default 300)")
    ap.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                    help="Cairn processes run at once (default: the number of cores)")
    ap.add_argument("--separator", choices=["auto", "always", "never"], default="auto",
                    help="put `--` before the arguments: when one starts with '-' (auto), always, never")
    ap.add_argument("--cairn-arg", action="append", default=[], metavar="ARG",
                    help="an extra argument for `cairn run`, placed after FILE (repeatable), "
                         "e.g. --cairn-arg=--gas --cairn-arg=1000000000")
    ap.add_argument("--loose-traps", action="store_true",
                    help="compare only whether both trapped, not the kind of trap")
    ap.add_argument("--update-expect", action="store_true",
                    help="rewrite every case's `expect` in the case file from wasmtime's results")
    ap.add_argument("--verbose", "-v", action="store_true", help="print the Cairn command of each case")
    opts = ap.parse_args()

    if not opts.reference_only and not opts.update_expect and not opts.cairn:
        ap.error("give --cairn PATH (or --reference-only)")

    try:
        doc, cases = load_cases(opts.cases)
        if opts.filter:
            cases = [c for c in cases if any(f in c.label() for f in opts.filter)]
        if not cases:
            raise SetupError("no cases selected")
        reference = Reference()
        cairn = None
        if not opts.reference_only and not opts.update_expect:
            cairn = Cairn(opts.cairn, opts.timeout, opts.separator, opts.cairn_arg)
    except SetupError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2

    # The reference first, in this process.
    refs = [reference.run(c) for c in cases]

    if opts.update_expect:
        if opts.filter:
            print("error: --update-expect rewrites the whole file: do not combine it with --filter",
                  file=sys.stderr)
            return 2
        write_cases(opts.cases, doc, cases, refs)
        errors = [(c, r) for c, r in zip(cases, refs) if r.status == "error"]
        for c, r in errors:
            print(f"ERROR {c.label()}: {r.error}")
        print(f"wrote {opts.cases} ({len(cases) - len(errors)} expectations)")
        return 1 if errors else 0

    # Then Cairn, one process per case, several at once.
    gots: list[Outcome | None] = [None] * len(cases)
    if cairn is not None:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as pool:
            gots = list(pool.map(cairn.run, cases))

    passed = failed = 0
    width = max(len(c.label()) for c in cases)
    for case, ref, got in zip(cases, refs, gots):
        problems = []
        if ref.status == "error":
            problems.append(f"reference: {ref.error}")
        else:
            p = check_expect(case, ref)
            if p:
                problems.append(p)
            if got is not None:
                p = compare(case, ref, got, strict_traps=not opts.loose_traps)
                if p:
                    problems.append(p)
        label = case.label().ljust(width)
        shown = ref.text() if ref.status != "error" else "-"
        if problems:
            failed += 1
            print(f"FAIL  {label}  {'; '.join(problems)}")
        else:
            passed += 1
            if got is not None and got.status == "trap":
                shown = f"trap: {got.trap}"
            print(f"ok    {label}  {shown}")
        if opts.verbose and cairn is not None:
            print(f"      $ {shlex.join(cairn.command(case))}")
    if cairn is not None and all(g is not None and g.status == "error" for g in gots):
        first = gots[0].error if gots[0] is not None else "?"
        print(f"note: every Cairn run failed (the first: {first}); does `{cairn.exe} run FILE "
              "--invoke NAME ARGS --json` implement the JSON contract described in this script?")
    print(f"{passed} passed, {failed} failed")
    sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
