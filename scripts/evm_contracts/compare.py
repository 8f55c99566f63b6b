"""The comparison of one side's run with py-evm's: per step, status, return data (revert data
included), logs and created address; per contract, the whole storage (as the storage trie root
computed from the dump with PyPI's trie and rlp, and slot by slot)."""
import rlp
from eth_hash.auto import keccak
from trie import HexaryTrie

from .result import FAILURE, REVERT, SUCCESS
from .steps import Deploy


def hashed_slot(slot):
    return keccak(slot.to_bytes(32, "big"))


def storage_root(hashed):
    """The Ethereum storage trie root of {keccak(slot): value} (zero values are absent)."""
    trie = HexaryTrie({})
    for key, value in sorted(hashed.items()):
        if value:
            trie[key] = rlp.encode(value)
    return bytes(trie.root_hash)


def _short(data, limit=72):
    text = "0x" + bytes(data).hex()
    return text if len(text) <= limit else text[:limit] + f"…({len(data)} bytes)"


def _log_text(log):
    topics = ",".join(_short(t, 18) for t in log.topics)
    return f"{{{_short(log.address, 14)} [{topics}] {_short(log.data, 40)}}}"


def describe(result):
    if result is None:
        return "not run"
    if result.error:
        return f"error: {result.error}"
    text = result.status
    if result.exit_code not in (None, 0):
        text += f" (exit {result.exit_code})"
    if result.address is not None:
        text += f" at {_short(result.address)}"
    if result.status in (SUCCESS, REVERT):
        text += f", return {_short(result.output)}"
    if result.logs:
        text += f", {len(result.logs)} logs"
    return text


def check_expectation(step, result, ctx):
    """What py-evm did that the scenario did not expect (the scenario or py-evm is wrong)."""
    if result.error:
        return [f"py-evm could not run the step: {result.error}"]
    problems = []
    if result.status != step.expect:
        problems.append(f"expected {step.expect}, py-evm gave {describe(result)}")
        return problems
    want = ctx.expected_return(step) if not isinstance(step, Deploy) or step.reason is not None else None
    if want is not None and result.status in (SUCCESS, REVERT) and result.output != want:
        problems.append(f"expected return {_short(want)}, py-evm gave {_short(result.output)}")
    return problems


def compare_step(ref, test):
    """The differences between py-evm's result (`ref`) and the other side's (`test`)."""
    if test is None:
        return ["not run on the other side"]
    if test.error:
        return [f"could not run: {test.error}"]
    problems = []
    if ref.status != test.status:
        problems.append(f"status: py-evm {ref.status}, other {describe(test)}" +
                        (f" [{test.note}]" if test.note else ""))
        return problems
    if ref.status in (SUCCESS, REVERT) and ref.output != test.output:
        problems.append(f"return: py-evm {_short(ref.output)}, other {_short(test.output)}")
    if ref.address != test.address:
        problems.append(f"created address: py-evm {_short(ref.address or b'')}, other {_short(test.address or b'')}")
    problems += compare_logs(ref.logs, test.logs)
    return problems


def compare_logs(ref, test):
    problems = []
    if len(ref) != len(test):
        problems.append(f"log count: py-evm {len(ref)}, other {len(test)}")
    for i, (a, b) in enumerate(zip(ref, test)):
        if (a.address, a.topics, a.data) != (b.address, b.topics, b.data):
            problems.append(f"log {i}: py-evm {_log_text(a)}, other {_log_text(b)}")
    for i in range(min(len(ref), len(test)), max(len(ref), len(test))):
        extra = ref[i] if len(ref) > len(test) else test[i]
        problems.append(f"log {i} only on {'py-evm' if len(ref) > len(test) else 'the other side'}: {_log_text(extra)}")
    return problems


def compare_storage(address, ref_root, ref_hashed, test_hashed, preimages, ref_slot=None):
    """Storage of one contract: the trie root of the other side's dump against py-evm's storage
    root, then every slot (named by its number where the dump gives it)."""
    problems = []
    test_root = storage_root(test_hashed)
    name = _short(address)
    if test_root != ref_root:
        problems.append(f"storage of {name}: root py-evm {_short(ref_root)}, other's dump {_short(test_root)}")
    flagged = set()
    for key in sorted(set(ref_hashed) | set(test_hashed)):
        a, b = ref_hashed.get(key, 0), test_hashed.get(key, 0)
        if a != b:
            flagged.add(key)
            slot = preimages.get(key)
            label = f"slot {slot:#x}" if slot is not None else f"slot with keccak {_short(key, 20)}"
            problems.append(f"storage of {name}: {label}: py-evm {a:#x}, other {b:#x}")
    if ref_slot is not None:
        for key, slot in sorted(preimages.items(), key=lambda kv: kv[1]):
            a, b = ref_slot(address, slot), test_hashed.get(key, 0)
            if a != b and key not in flagged:
                problems.append(f"storage of {name}: slot {slot:#x}: py-evm's get_storage {a:#x}, other {b:#x}")
    return problems
