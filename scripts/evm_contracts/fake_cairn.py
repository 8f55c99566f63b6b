#!/usr/bin/env python3
"""A stand-in for `cairn` with the `actor init` and `evm fund|deploy|call|storage --json` commands of
issue 24's CLI, over py-evm: each command replays the sandbox's earlier commands on a fresh chain.
It tests the check's Cairn driver without Cairn (`evm-contract-check.py --cairn …/fake_cairn.py`);
it is slow (quadratic) and only for that."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from eth.vm.state import BaseState  # noqa: E402

from evm_contracts.pyevm_side import PyEVMSide, sender_address  # noqa: E402
from evm_contracts.result import REVERT, SUCCESS  # noqa: E402

SENDERS = 3
touched = set()
_set_storage = BaseState.set_storage


def _recording_set_storage(self, address, slot, value):
    touched.add((bytes(address), slot))
    return _set_storage(self, address, slot, value)


BaseState.set_storage = _recording_set_storage


def option(args, name, default=None):
    return args[args.index(name) + 1] if name in args else default


def sender_index(text):
    addresses = {"0x" + sender_address(i).hex(): i for i in range(SENDERS)}
    if text.lower() not in addresses:
        sys.exit(f"error: no actor at {text}")
    return addresses[text.lower()]


def answer(result):
    out = {"exit_code": 0 if result.status == SUCCESS else 33 if result.status == REVERT else 34,
           "return": "0x" + result.output.hex(), "gas_used": 0, "logs": [l.to_json() for l in result.logs]}
    if result.address:
        out["eth_address"] = "0x" + result.address.hex()
    return out


def apply(side, args):
    kind = args[0]
    sender = sender_index(option(args, "--from"))
    value = int(option(args, "--value", "0"))
    if kind == "deploy":
        code_file = option(args, "--code-file")
        code = open(code_file).read().strip() if code_file else option(args, "--code")
        return side.deploy(sender, bytes.fromhex(code.removeprefix("0x")), value)
    to = bytes.fromhex(option(args, "--to").removeprefix("0x"))
    data = bytes.fromhex(option(args, "--data").removeprefix("0x"))
    return side.call(sender, to, data, value, "--read-only" in args)


def main(argv):
    if argv[:2] == ["actor", "init"]:
        os.makedirs(argv[2], exist_ok=True)
        with open(os.path.join(argv[2], "fake.json"), "w") as f:
            json.dump([], f)
        return 0
    if argv[0] != "evm":
        sys.exit(f"error: unsupported {argv}")
    command, directory, rest = argv[1], argv[2], argv[3:]
    path = os.path.join(directory, "fake.json")
    with open(path) as f:
        history = json.load(f)
    if command == "fund":
        sender_index(rest[0])
        return 0
    side = PyEVMSide(SENDERS)
    for earlier in history:
        apply(side, earlier)
    if command == "storage":
        address = bytes.fromhex(rest[0].removeprefix("0x"))
        slots = {s for a, s in touched if a == address}
        dump = {f"0x{s:064x}": f"0x{side.slot(address, s):064x}" for s in sorted(slots) if side.slot(address, s)}
        print(json.dumps({"address": rest[0], "storage": dump}))
        return 0
    args = [command, *rest]
    result = apply(side, args)
    if "--read-only" not in args:
        history.append(args)
        # a deploy's code file may be removed after the command: keep the code itself
        if command == "deploy" and "--code-file" in args:
            i = args.index("--code-file")
            args[i:i + 2] = ["--code", open(args[i + 1]).read().strip()]
        with open(path, "w") as f:
            json.dump(history, f)
    print(json.dumps(answer(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
