"""Runs a scenario on one side and compares two sides' runs."""
import copy
from dataclasses import dataclass, field

from . import compare
from .result import REVERT, SUCCESS, StepResult
from .steps import Call, Context, Deploy


class SideError(Exception):
    """A side that cannot go on (its driver raised)."""


@dataclass
class SideRun:
    """One side's results: a StepResult per step (None after a step the side could not run),
    and per contract its storage as {keccak(slot): value} with the slots it names."""
    results: list
    contracts: list = field(default_factory=list)
    storage: dict = field(default_factory=dict)      # address -> {hashed slot: value}
    preimages: dict = field(default_factory=dict)    # address -> {hashed slot: slot}
    storage_errors: dict = field(default_factory=dict)
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
    for address in ref.contracts:
        if address in test.storage_errors:
            out.append(f"storage of 0x{address.hex()}: {test.storage_errors[address]}")
            continue
        ref_root = compare.storage_root(ref.storage.get(address, {}))
        if ref_side is not None:
            ref_root = ref_side.storage_root(address)
        out += compare.compare_storage(address, ref_root, ref.storage.get(address, {}),
                                       test.storage.get(address, {}), test.preimages.get(address, {}),
                                       ref_side.slot if ref_side is not None else None)
    return out


def mutations(run):
    """Copies of a run each changed in one way the comparison must catch (--self-test)."""
    out = []

    def variant(name, change):
        changed = copy.deepcopy(run)
        if change(changed):
            out.append((name, changed))

    def first(changed, pred):
        return next((r for r in changed.results if r is not None and pred(r)), None)

    def flip_status(c):
        r = first(c, lambda r: r.status == SUCCESS)
        if r:
            r.status = "revert"
        return r is not None

    def flip_return(c):
        r = first(c, lambda r: r.output)
        if r:
            r.output = bytes([r.output[0] ^ 1]) + r.output[1:]
        return r is not None

    def flip_topic(c):
        r = first(c, lambda r: any(l.topics for l in r.logs))
        if r:
            log = next(l for l in r.logs if l.topics)
            log.topics[-1] = bytes([log.topics[-1][0] ^ 0x80]) + log.topics[-1][1:]
        return r is not None

    def drop_log(c):
        r = first(c, lambda r: r.logs)
        if r:
            r.logs.pop()
        return r is not None

    def swap_logs(c):
        r = first(c, lambda r: len(r.logs) > 1 and r.logs[0] != r.logs[1])
        if r:
            r.logs[0], r.logs[1] = r.logs[1], r.logs[0]
        return r is not None

    def log_address(c):
        r = first(c, lambda r: r.logs)
        if r:
            r.logs[0].address = bytes(19) + b"\x01"
        return r is not None

    def deploy_address(c):
        r = first(c, lambda r: r.address)
        if r:
            r.address = r.address[:-1] + bytes([r.address[-1] ^ 1])
        return r is not None

    def storage_value(c):
        for slots in c.storage.values():
            for key in slots:
                slots[key] += 1
                return True
        return False

    def storage_extra(c):
        for slots in c.storage.values():
            slots[b"\x11" * 32] = 1
            return True
        return False

    for name, change in [("status", flip_status), ("return byte", flip_return), ("log topic", flip_topic),
                         ("log dropped", drop_log), ("log order", swap_logs), ("log address", log_address),
                         ("created address", deploy_address), ("storage value", storage_value),
                         ("storage slot added", storage_extra)]:
        variant(name, change)
    return out


def altered_expectations(scenario):
    """Copies of a scenario with one expected value wrong, which py-evm's run must contradict."""
    out = []
    calls = [i for i, s in enumerate(scenario.steps) if isinstance(s, Call)]
    with_return = [i for i in calls if isinstance(scenario.steps[i].returns, tuple)]
    if with_return:
        changed = copy.deepcopy(scenario)
        step = changed.steps[with_return[0]]
        step.returns = b"\x01" * 32
        out.append(("return value", changed))
    if calls:
        changed = copy.deepcopy(scenario)
        step = changed.steps[calls[0]]
        step.expect = REVERT if step.expect == SUCCESS else SUCCESS
        out.append(("status", changed))
    return out
