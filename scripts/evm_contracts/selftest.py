"""The check's check (--self-test): two py-evm runs of a scenario must compare equal, and each
change of one thing (in the results, the storage or the scenario's expectations) must be caught."""
import copy

from .result import REVERT, SUCCESS
from .steps import Call


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
