"""Runs a scenario on one side and compares two sides' runs."""
from dataclasses import dataclass, field

from . import compare
from .result import SUCCESS, StepResult
from .steps import Call, Context, Deploy


@dataclass
class SideRun:
    """One side's results: a StepResult per step (None after a step the side could not run),
    and per contract its storage as {keccak(slot): value} with the slots it names."""
    results: list
    contracts: list = field(default_factory=list)
    storage: dict = field(default_factory=dict)      # address -> {hashed slot: value}
    preimages: dict = field(default_factory=dict)    # address -> {hashed slot: slot}
    storage_errors: dict = field(default_factory=dict)
    missing: set = field(default_factory=set)        # contracts the side says do not exist
    context: Context | None = None


def run_steps(side, scenario, contracts, sender_address):
    ctx = Context(contracts, sender_address)
    results = []
    for step in scenario.steps:
        try:
            result = _run_step(side, step, ctx)
        except Exception as e:  # a driver or reference failure: the rest of this side is not run
            results.append(StepResult("error", error=f"{type(e).__name__}: {e}"))
            results += [None] * (len(scenario.steps) - len(results))
            break
        results.append(result)
        if result.status == SUCCESS:
            if isinstance(step, Deploy) and result.address:
                ctx.labels[step.label] = result.address
            if isinstance(step, Call) and step.names_address and len(result.output) >= 32:
                ctx.labels[step.label] = result.output[12:32]
    return SideRun(results, context=ctx)


def _run_step(side, step, ctx):
    if isinstance(step, Deploy):
        return side.deploy(step.sender, ctx.initcode(step.contract, step.ctor, step.args), step.value)
    to = ctx.resolve(step.to)
    return side.call(step.sender, to, ctx.calldata(step), step.value, step.view)


def read_storage(side, run, addresses):
    """Fills `run` with the storage of `addresses` as `side` reports it."""
    for address in addresses:
        try:
            if hasattr(side, "hashed_storage"):
                run.storage[address] = side.hashed_storage(address)
                run.preimages[address] = {}
            else:
                slots = side.storage(address)
                if slots is None:  # no actor at the address (e.g. self-destructed)
                    run.missing.add(address)
                    slots = {}
                run.storage[address] = {compare.hashed_slot(s): v for s, v in slots.items() if v}
                run.preimages[address] = {compare.hashed_slot(s): s for s in slots}
        except Exception as e:
            run.storage_errors[address] = f"{type(e).__name__}: {e}"


def problems(scenario, ref, test, ref_side=None):
    """Every difference, as `step label: text` lines: py-evm against the scenario's
    expectations, the other side against py-evm, and the storage of every contract."""
    out = []
    skipped = []  # steps after one a side could not run: named once, not step by step
    for step, a, b in zip(scenario.steps, ref.results, test.results if test else [None] * len(ref.results)):
        if a is None or (test is not None and b is None):
            skipped.append(step.label)
            continue
        out += [f"{step.label}: {p}" for p in compare.check_expectation(step, a, ref.context)]
        if test is not None and not a.error:
            out += [f"{step.label}: {p}" for p in compare.compare_step(a, b)]
    if skipped:
        out.append(f"not run after the error above: {', '.join(skipped)}")
    if test is None:
        return out
    names = {a: label for label, a in ref.context.labels.items()} if ref.context else {}
    for address in ref.contracts:
        name = f"{names[address]} (0x{address.hex()})" if address in names else f"0x{address.hex()}"
        if address in test.missing and ref_side is not None and ref_side.code(address):
            out.append(f"storage of {name}: no contract there on the other side; py-evm has one")
            continue
        if address in test.storage_errors:
            out.append(f"storage of {name}: {test.storage_errors[address]}")
            continue
        ref_root = compare.storage_root(ref.storage.get(address, {}))
        if ref_side is not None:
            ref_root = ref_side.storage_root(address)
        out += compare.compare_storage(name, ref_root, ref.storage.get(address, {}),
                                       test.storage.get(address, {}), test.preimages.get(address, {}),
                                       ref_side.slot if ref_side is not None else None, address)
    return out
