"""The EVM actor (actors/wasm/evm.wasm) on the Python stand-in host (host.py): a hand-assembled
contract deployed through the constructor, then storage writes and reads, a log, a revert, a
call to itself, a delegate call, transient storage; and the storage KAMT checked against an
independent construction of fvm_ipld_kamt's canonical tree (FEVM's config), whatever the order
of writes and deletes.

  python3 -m unittest discover -s actors/tests -p test_evm_actor.py -v
"""
import functools
import hashlib
import json
import os
import random
import subprocess
import tempfile
import unittest

import dag_cbor
from multiformats import CID

from host import (ACTORS, DAG_CBOR, INIT_ID, RAW, Host, Invocation, Receipt, SyscallError, keccak256, links, make_cid,
                  read_varint)

INVOKE_CONTRACT, GET_BYTECODE, GET_BYTECODE_HASH, GET_STORAGE_AT = 3844450837, 3, 4, 5
ORIGIN, ORIGIN_KEY = 100, b"\x01" + bytes(range(20))
# Deploys come from another account: the stand-in host gives every message nonce 0, so a
# message is told apart by its origin alone.
DEPLOYER = 102


# ---- a stand-in host that knows f4 addresses and EVM actors

class EvmInvocation(Invocation):
    BUILTIN_TYPES = dict(Invocation.BUILTIN_TYPES, evm=14, eam=15, ethaccount=16)

    def run(self, params):
        if params:  # blocks linked from the parameters are reachable to the callee (ref-fvm)
            self.reachable.update(links(dag_cbor.decode(params)))
        return super().run(params)

    def sys_self_root(self, cid_ptr, cid_max):
        self.reachable.add(self.host.actors[self.receiver].state)  # as ref-fvm and the Swift kernel do
        return super().sys_self_root(cid_ptr, cid_max)

    def sys_gas_available(self):
        return 10**10  # the stand-in host meters fuel, which a syscall cannot read

    def sys_actor_lookup_delegated_address(self, actor_id, ptr, capacity):
        if actor_id not in self.host.actors:
            raise SyscallError("NotFound")
        address = self.host.delegated.get(actor_id, b"")
        return self._write_out(ptr, capacity, address) if address else 0


class EvmHost(Host):
    def __init__(self):
        super().__init__()
        self.delegated = {}
        self.genesis()
        self.account(ORIGIN, ORIGIN_KEY, balance=10**24)
        self.account(DEPLOYER, b"\x01" + bytes(range(2, 22)), balance=10**24)

    def resolve(self, address):
        if address[:1] == b"\x04":
            namespace, end = read_varint(address, 1)
            for actor_id, f4 in self.delegated.items():
                if f4 == address:
                    return actor_id
            raise SyscallError("NotFound")
        return super().resolve(address)

    invocation_class = EvmInvocation

    def deploy(self, actor_id, eth, initcode, value=0):
        self.create(actor_id, "evm")
        self.delegated[actor_id] = b"\x04\x0a" + eth
        creator = b"\xff" + bytes(11) + DEPLOYER.to_bytes(8, "big")
        self.actors[INIT_ID].balance += value
        return self.send(INIT_ID, actor_id, 1, dag_cbor.encode([creator, initcode]), value=value, origin=DEPLOYER)

    def call(self, actor_id, data, value=0):
        return self.send(ORIGIN, actor_id, INVOKE_CONTRACT, dag_cbor.encode(data), value=value)

    def evm_state(self, actor_id):
        return self.state(actor_id)


# ---- a small assembler: opcodes by name, ("push", value[, size]), labels as strings "@name"

OPS = {"STOP": 0x00, "ADD": 0x01, "SUB": 0x03, "POP": 0x50, "RETURNDATASIZE": 0x3d, "RETURNDATACOPY": 0x3e, "SHL": 0x1b, "SHR": 0x1c, "EQ": 0x14, "GT": 0x11, "ISZERO": 0x15,
       "ADDRESS": 0x30, "CALLDATALOAD": 0x35, "CALLDATASIZE": 0x36, "CALLDATACOPY": 0x37, "CODECOPY": 0x39,
       "MSTORE": 0x52, "MSTORE8": 0x53, "SLOAD": 0x54, "SSTORE": 0x55, "JUMP": 0x56, "JUMPI": 0x57, "GAS": 0x5a,
       "JUMPDEST": 0x5b, "TLOAD": 0x5c, "TSTORE": 0x5d, "DUP1": 0x80, "DUP2": 0x81, "LOG2": 0xa2, "CALL": 0xf1,
       "RETURN": 0xf3, "DELEGATECALL": 0xf4, "REVERT": 0xfd, "SELFDESTRUCT": 0xff}


def assemble(program):
    def size(item):
        if isinstance(item, str):
            return 0 if item.startswith("@") else 1
        if item[0] == "label":
            return 3
        return 1 + item[2]
    positions, at = {}, 0
    for item in program:
        if isinstance(item, str) and item.startswith("@"):
            positions[item] = at
        at += size(item)
    out = bytearray()
    for item in program:
        if isinstance(item, str):
            if not item.startswith("@"):
                out.append(OPS[item])
        elif item[0] == "label":
            out += bytes([0x61]) + positions[item[1]].to_bytes(2, "big")
        else:
            out += bytes([0x5f + item[2]]) + item[1].to_bytes(item[2], "big")
    return bytes(out)


def push(value, size=1):
    return ("push", value, size)


def to(label):
    return ("label", label)


def dispatch(op, label):
    return ["DUP1", push(op), "EQ", to(label), "JUMPI"]


CALL_ACTOR_ID = int.from_bytes(b"\xfe" + bytes(18) + b"\x05", "big")

# The test contract: the first calldata byte picks an operation (see the labels).
RUNTIME = assemble(
    [push(0), "CALLDATALOAD", push(0xf8), "SHR"]
    + dispatch(1, "@store") + dispatch(2, "@load") + dispatch(3, "@log") + dispatch(4, "@revert")
    + dispatch(5, "@callself") + dispatch(6, "@delegate") + dispatch(7, "@tstore") + dispatch(8, "@tload")
    + dispatch(9, "@batch") + dispatch(10, "@native") + dispatch(11, "@destruct") + ["STOP"]
    # 1 slot(32) value(32): SSTORE
    + ["@store", "JUMPDEST", push(33), "CALLDATALOAD", push(1), "CALLDATALOAD", "SSTORE", "STOP"]
    # 2 slot(32): returns SLOAD
    + ["@load", "JUMPDEST", push(1), "CALLDATALOAD", "SLOAD", push(0), "MSTORE", push(32), push(0), "RETURN"]
    # 3 topic(32) data(32): LOG2(data; topic, 0xbb)
    + ["@log", "JUMPDEST", push(33), "CALLDATALOAD", push(0), "MSTORE", push(0xbb), push(1), "CALLDATALOAD",
       push(32), push(0), "LOG2", "STOP"]
    # 4: REVERT("oops")
    + ["@revert", "JUMPDEST", push(0x6f6f7073, 4), push(0xe0), "SHL", push(0), "MSTORE", push(4), push(0), "REVERT"]
    # 5 slot value: CALL(self, 0x01 slot value); returns (success, SLOAD(slot) after it)
    + ["@callself", "JUMPDEST", push(65), push(0), push(0), "CALLDATACOPY", push(1), push(0), "MSTORE8",
       push(0), push(0), push(65), push(0), push(0), "ADDRESS", "GAS", "CALL", push(0), "MSTORE",
       push(1), "CALLDATALOAD", "SLOAD", push(32), "MSTORE", push(64), push(0), "RETURN"]
    # 6 target(20) 0x01 slot value: DELEGATECALL(target, 0x01 slot value); returns success
    + ["@delegate", "JUMPDEST", push(65), push(21), push(0), "CALLDATACOPY",
       push(0), push(0), push(65), push(0), push(1), "CALLDATALOAD", push(96), "SHR", "GAS", "DELEGATECALL",
       push(0), "MSTORE", push(32), push(0), "RETURN"]
    # 7: TSTORE(7, 0x2a), returns TLOAD(7); 8: returns TLOAD(7)
    + ["@tstore", "JUMPDEST", push(0x2a), push(7), "TSTORE", to("@tload"), "JUMP"]
    + ["@tload", "JUMPDEST", push(7), "TLOAD", push(0), "MSTORE", push(32), push(0), "RETURN"]
    # 9 (slot value)*: SSTORE each
    + ["@batch", "JUMPDEST", push(1), "@loop", "JUMPDEST", "DUP1", "CALLDATASIZE", "GT", "ISZERO", to("@end"), "JUMPI",
       "DUP1", push(32), "ADD", "CALLDATALOAD", "DUP2", "CALLDATALOAD", "SSTORE", push(64), "ADD", to("@loop"), "JUMP",
       "@end", "JUMPDEST", "STOP"]
    # 10 abi-input: DELEGATECALL(call_actor_id precompile, input); returns its return data
    + ["@native", "JUMPDEST", push(1), "CALLDATASIZE", "SUB", push(1), push(0), "CALLDATACOPY",
       push(0), push(0), push(1), "CALLDATASIZE", "SUB", push(0), push(CALL_ACTOR_ID, 20), "GAS", "DELEGATECALL", "POP",
       "RETURNDATASIZE", push(0), push(0), "RETURNDATACOPY", "RETURNDATASIZE", push(0), "RETURN"]
    # 11 beneficiary(20): SELFDESTRUCT
    + ["@destruct", "JUMPDEST", push(1), "CALLDATALOAD", push(96), "SHR", "SELFDESTRUCT"])


def initcode(runtime, slot0=0x42):
    """SSTORE(0, slot0), then returns `runtime` (copied from the end of the initcode)."""
    prefix_len = 2 + 2 + 1 + 3 + 3 + 2 + 1 + 3 + 2 + 1
    prefix = assemble([push(slot0), push(0), "SSTORE", push(len(runtime), 2), push(prefix_len, 2), push(0),
                       "CODECOPY", push(len(runtime), 2), push(0), "RETURN"])
    assert len(prefix) == prefix_len
    return prefix + runtime


def word(n):
    return n.to_bytes(32, "big")


# ---- an independent KAMT: the canonical tree of a key set, built top-down

def kamt_root(blocks, items):
    """The root CID of fvm_ipld_kamt's tree (bit width 5, min data depth 0, max array width 1)
    holding `items` {32-byte key: 32-byte value}; stores the nodes in `blocks`."""
    def width(pos):
        return min(5, 256 - pos)

    def chunk(key, pos, n=None):
        n = width(pos) if n is None else n
        return (int.from_bytes(key, "big") >> (256 - pos - n)) & ((1 << n) - 1)

    def stripped(b):
        return b.lstrip(b"\x00")

    def put(node):
        data = dag_cbor.encode(node)
        cid = make_cid(DAG_CBOR, data)
        blocks[cid] = (DAG_CBOR, data)
        return CID.decode(cid)

    def node(keys, pos):
        groups = {}
        for k in keys:
            groups.setdefault(chunk(k, pos), []).append(k)
        bitfield, pointers = 0, []
        for slot in sorted(groups):
            ks, nxt = groups[slot], pos + width(pos)
            bitfield |= 1 << slot
            if len(ks) == 1:
                pointers.append({"v": [[stripped(ks[0]), stripped(items[ks[0]])]]})
                continue
            ext = 0
            while len({chunk(k, nxt + ext) for k in ks}) == 1:
                ext += width(nxt + ext)
            child = put(node(ks, nxt + ext))
            path = chunk(ks[0], nxt, ext) << ((-ext) % 8) if ext else 0
            pointers.append({"l": [child, ext, path.to_bytes((ext + 7) // 8, "big")]})
        return [stripped(bitfield.to_bytes(4, "big")), pointers]

    return bytes(put(node(sorted(items), 0)))


def kamt_items(blocks, root):
    """Every (key, value) below a KAMT root, read back without assumptions about the shape."""
    bitfield, pointers = dag_cbor.decode(blocks[bytes(root)][1])
    assert bin(int.from_bytes(bitfield, "big")).count("1") == len(pointers)
    out = {}
    for pointer in pointers:
        if "v" in pointer:
            for k, v in pointer["v"]:
                out[k.rjust(32, b"\x00")] = v.rjust(32, b"\x00")
        else:
            out.update(kamt_items(blocks, pointer["l"][0]))
    return out


A_ETH, B_ETH = bytes.fromhex("aa" * 20), bytes.fromhex("bb" * 20)
A, B = 300, 301


class EvmActor(unittest.TestCase):
    def setUp(self):
        self.host = EvmHost()
        receipt = self.host.deploy(A, A_ETH, initcode(RUNTIME))
        self.assertEqual(receipt.exit_code, 0, receipt)

    def storage(self, actor_id=A):
        return kamt_items(self.host.blocks, self.host.evm_state(actor_id)[2])

    def test_constructor_state(self):
        bytecode, code_hash, contract_state, transient, nonce, tombstone = self.host.evm_state(A)
        self.assertEqual(self.host.blocks[bytes(bytecode)], (RAW, RUNTIME))
        self.assertEqual(code_hash, keccak256(RUNTIME))
        # The constructor leaves an empty transient map with its message's lifespan.
        self.assertEqual((transient[1], nonce, tombstone), ([DEPLOYER, 0], 1, None))
        self.assertEqual(bytes(transient[0]), kamt_root({}, {}))
        self.assertEqual(self.storage(), {word(0): word(0x42)})
        self.assertEqual(bytes(contract_state), kamt_root({}, {word(0): word(0x42)}))

    def test_constructor_refuses_other_callers_and_ef_code(self):
        receipt = self.host.send(ORIGIN, A, 1, dag_cbor.encode([bytes(20), b""]))
        self.assertEqual(receipt.exit_code, 18)
        receipt = self.host.deploy(B, B_ETH, initcode(b"\xef\x00"))
        self.assertEqual(receipt.exit_code, 16)

    def test_store_load_and_get_storage_at(self):
        self.assertEqual(self.host.call(A, b"\x01" + word(5) + word(0x1234)).exit_code, 0)
        receipt = self.host.call(A, b"\x02" + word(5))
        self.assertEqual((receipt.exit_code, receipt.value), (0, word(0x1234)))
        self.assertEqual(self.storage(), {word(0): word(0x42), word(5): word(0x1234)})
        receipt = self.host.send(ORIGIN, A, GET_STORAGE_AT, dag_cbor.encode([b"\x05"]))
        self.assertEqual(receipt.value, b"\x12\x34")
        self.assertEqual(self.host.call(A, b"\x01" + word(5) + word(0)).exit_code, 0)
        self.assertEqual(self.storage(), {word(0): word(0x42)})

    def test_log_is_an_event(self):
        before = len(self.host.events)
        self.assertEqual(self.host.call(A, b"\x03" + word(0x77) + word(0x99)).exit_code, 0)
        emitter, entries = self.host.events[before]
        self.assertEqual(emitter, A)
        self.assertEqual(entries, [(3, "t1", word(0x77)), (3, "t2", word(0xbb)), (3, "d", word(0x99))])

    def test_revert_keeps_state_and_returns_data(self):
        receipt = self.host.call(A, b"\x04")
        self.assertEqual(receipt.exit_code, 33)
        self.assertEqual(dag_cbor.decode(receipt.data), b"oops")

    def test_call_to_itself_sees_the_write(self):
        receipt = self.host.call(A, b"\x05" + word(9) + word(0xabc))
        self.assertEqual((receipt.exit_code, receipt.value), (0, word(1) + word(0xabc)))
        self.assertEqual(self.storage()[word(9)], word(0xabc))

    def test_delegate_call_writes_the_callers_storage(self):
        self.assertEqual(self.host.deploy(B, B_ETH, initcode(RUNTIME, slot0=0x43)).exit_code, 0)
        receipt = self.host.call(A, b"\x06" + B_ETH + b"\x01" + word(11) + word(0x5151))
        self.assertEqual((receipt.exit_code, receipt.value), (0, word(1)))
        self.assertEqual(self.storage()[word(11)], word(0x5151))
        self.assertNotIn(word(11), self.storage(B))

    def test_transient_storage_lives_for_one_message(self):
        receipt = self.host.call(A, b"\x07")
        self.assertEqual(receipt.value, word(0x2a))
        transient = self.host.evm_state(A)[3]
        self.assertEqual(transient[1], [ORIGIN, 0])
        # The stand-in host gives every message nonce 0: a new origin makes a new message.
        self.host.account(101, b"\x01" + bytes(range(1, 21)))
        receipt = self.host.send(101, A, INVOKE_CONTRACT, dag_cbor.encode(b"\x08"))
        self.assertEqual(receipt.value, word(0))

    def test_call_actor_id_reaches_a_native_method(self):
        self.assertEqual(self.host.deploy(B, B_ETH, initcode(RUNTIME)).exit_code, 0)
        abi = word(GET_BYTECODE_HASH) + word(0) + word(0) + word(0) + word(192) + word(B) + word(0)
        receipt = self.host.call(A, b"\x0a" + abi)
        self.assertEqual(receipt.exit_code, 0, receipt)
        hash_cbor = dag_cbor.encode(keccak256(RUNTIME))
        expected = word(0) + word(DAG_CBOR) + word(96) + word(len(hash_cbor)) + hash_cbor.ljust(64, b"\x00")
        self.assertEqual(receipt.value, expected)
        # An actor that does not exist: the send fails with NotFound (6), reported as -6.
        abi = abi[:160] + word(999) + word(0)
        receipt = self.host.call(A, b"\x0a" + abi)
        self.assertEqual(receipt.value[:32], (2**256 - 6).to_bytes(32, "big"))

    def test_filecoin_methods_reach_the_contract(self):
        # The contract ignores selector 0x868e10c4 (no operation 0x86) and returns nothing.
        receipt = self.host.send(ORIGIN, A, 1024, dag_cbor.encode([1, 2]))
        self.assertEqual((receipt.exit_code, receipt.data), (0, None))
        self.assertEqual(self.host.send(ORIGIN, A, 1000).exit_code, 22)

    def test_selfdestruct_of_an_older_contract_only_moves_the_balance(self):
        self.assertEqual(self.host.call(A, b"\x01" + word(5) + word(7), value=1000).exit_code, 0)
        beneficiary = b"\xff" + bytes(11) + ORIGIN.to_bytes(8, "big")
        before = self.host.actors[ORIGIN].balance
        self.assertEqual(self.host.call(A, b"\x0b" + beneficiary).exit_code, 0)
        self.assertEqual(self.host.actors[A].balance, 0)
        self.assertEqual(self.host.actors[ORIGIN].balance, before + 1000)
        self.assertIsNone(self.host.evm_state(A)[5])  # EIP-6780: created in an earlier message
        self.host.account(101, b"\x01" + bytes(range(1, 21)))
        receipt = self.host.send(101, A, INVOKE_CONTRACT, dag_cbor.encode(b"\x02" + word(5)))
        self.assertEqual((receipt.exit_code, receipt.value), (0, word(7)))

    def test_selfdestruct_in_the_creating_message_leaves_a_tombstone(self):
        beneficiary = b"\xff" + bytes(11) + ORIGIN.to_bytes(8, "big")
        receipt = self.host.send(DEPLOYER, A, INVOKE_CONTRACT, dag_cbor.encode(b"\x0b" + beneficiary))
        self.assertEqual(receipt.exit_code, 0)
        self.assertEqual(self.host.evm_state(A)[5], [DEPLOYER, 0])
        # Within the message the contract still works; in another it has no code and no storage.
        receipt = self.host.send(DEPLOYER, A, INVOKE_CONTRACT, dag_cbor.encode(b"\x02" + word(0)))
        self.assertEqual(receipt.value, word(0x42))
        receipt = self.host.call(A, b"\x02" + word(0))
        self.assertEqual((receipt.exit_code, receipt.value), (0, b""))
        self.assertIsNone(self.host.send(ORIGIN, A, GET_BYTECODE).value)
        # A constructor that self-destructs leaves no code.
        self.assertEqual(self.host.deploy(B, B_ETH, assemble([push(0), "SELFDESTRUCT"])).exit_code, 0)
        bytecode, _, _, _, _, tombstone = self.host.evm_state(B)
        self.assertEqual((self.host.blocks[bytes(bytecode)][1], tombstone), (b"", [DEPLOYER, 0]))

    def test_get_bytecode(self):
        receipt = self.host.send(ORIGIN, A, GET_BYTECODE)
        self.assertEqual(bytes(receipt.value), bytes(self.host.evm_state(A)[0]))
        receipt = self.host.send(ORIGIN, A, GET_BYTECODE_HASH)
        self.assertEqual(receipt.value, keccak256(RUNTIME))


class Kamt(unittest.TestCase):
    """Many keys through the contract's batch store: the root must be the canonical tree's."""

    def keys(self):
        rng = random.Random(24)
        keys = [word(i) for i in range(40)]                                   # small slots
        base = int.from_bytes(keccak256(word(3)), "big")
        keys += [word((base + i) % 2**256) for i in range(40)]               # a Solidity array
        keys += [rng.randbytes(32) for _ in range(60)]                        # mapping slots
        keys += [word(1 << 255), word((1 << 255) | 1), word(2**256 - 1)]     # deep shared prefixes
        return {k: rng.randbytes(32).lstrip(b"\x00").rjust(32, b"\x01") for k in keys}

    def store(self, host, actor_id, items, chunk=25):
        pairs = list(items.items())
        for i in range(0, len(pairs), chunk):
            data = b"\x09" + b"".join(k + v for k, v in pairs[i:i + chunk])
            self.assertEqual(host.call(actor_id, data).exit_code, 0)

    def test_root_independent_of_order_and_equal_to_the_canonical_tree(self):
        host = EvmHost()
        items = self.keys()
        self.assertEqual(host.deploy(A, A_ETH, initcode(RUNTIME, slot0=0)).exit_code, 0)
        self.assertEqual(host.deploy(B, B_ETH, initcode(RUNTIME, slot0=0)).exit_code, 0)
        self.store(host, A, items)
        shuffled = list(items.items())
        random.Random(7).shuffle(shuffled)
        self.store(host, B, dict(shuffled), chunk=13)
        root_a, root_b = bytes(host.evm_state(A)[2]), bytes(host.evm_state(B)[2])
        self.assertEqual(root_a, root_b)
        self.assertEqual(root_a, kamt_root({}, items))
        self.assertEqual(kamt_items(host.blocks, root_a), items)
        # Delete two thirds (SSTORE 0), in another order: the rest's canonical tree.
        doomed = [k for i, k in enumerate(sorted(items)) if i % 3]
        random.Random(9).shuffle(doomed)
        self.store(host, A, {k: word(0) for k in doomed})
        rest = {k: v for k, v in items.items() if k not in doomed}
        root = bytes(host.evm_state(A)[2])
        self.assertEqual(root, kamt_root({}, rest))
        self.assertEqual(kamt_items(host.blocks, root), rest)
        self.store(host, A, {k: word(0) for k in rest})
        self.assertEqual(bytes(host.evm_state(A)[2]), kamt_root({}, {}))

    def test_random_sets_and_deletes_reduce_to_the_canonical_tree(self):
        """Sets and deletes (SSTORE 0) over a small key range, overwriting and re-inserting."""
        host = EvmHost()
        self.assertEqual(host.deploy(A, A_ETH, initcode(RUNTIME, slot0=0)).exit_code, 0)
        rng = random.Random(1153)
        base = int.from_bytes(keccak256(word(8)), "big")
        pool = [word(i) for i in range(8)] + [word((base + i) % 2**256) for i in range(8)] + [rng.randbytes(32) for _ in range(8)]
        expected = {}
        for batch in range(12):
            ops = []
            for _ in range(25):
                key = rng.choice(pool)
                value = word(0) if rng.random() < 0.4 else rng.randbytes(32).rjust(32, b"\x01")
                ops.append(key + value)
                if value == word(0):
                    expected.pop(key, None)
                else:
                    expected[key] = value
            self.assertEqual(host.call(A, b"\x09" + b"".join(ops)).exit_code, 0)
            root = bytes(host.evm_state(A)[2])
            self.assertEqual(root, kamt_root({}, expected), batch)
        self.assertEqual(kamt_items(host.blocks, root), expected)


@functools.lru_cache(maxsize=None)
def cairn_binary():
    root = os.path.dirname(ACTORS)
    for path in (os.environ.get("CAIRN_BIN", ""), os.path.join(root, ".build/release/cairn"),
                 os.path.join(root, ".build/debug/cairn")):
        if path and os.access(path, os.X_OK):
            # A binary built before `cairn evm deploy` existed is no use here.
            probe = subprocess.run([path, "evm", "deploy", "--help"], capture_output=True)
            return path if probe.returncode == 0 else None
    return None


def assemble_with(extra, program):
    ops = dict(OPS)
    OPS.update(extra)
    try:
        return assemble(program)
    finally:
        OPS.clear()
        OPS.update(ops)


@unittest.skipUnless(cairn_binary(), "no cairn binary (swift build --product cairn, or CAIRN_BIN)")
class CliEndToEnd(unittest.TestCase):
    """The actor on the Swift runtime through `cairn evm` (H2's CLI): CREATE from a contract at
    Ethereum's address, a delegate call, and the precompiles that go through syscalls."""
    FROM = "0x" + "11" * 20

    def cairn(self, *args):
        root = os.path.dirname(ACTORS)  # `cairn actor init` finds actors/wasm from the repository root
        out = subprocess.run([cairn_binary(), *args], check=True, capture_output=True, text=True, cwd=root).stdout
        return json.loads(out) if "--json" in args else out

    def deploy(self, code):
        result = self.cairn("evm", "deploy", self.dir, "--from", self.FROM, "--code", code.hex(), "--json")
        self.assertEqual(result["exit_code"], 0, result)
        return result["eth_address"]

    def call(self, to, data):
        return self.cairn("evm", "call", self.dir, "--from", self.FROM, "--to", to, "--data", "0x" + data.hex(), "--json")

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = os.path.join(self.tmp.name, "chain")
        self.cairn("actor", "init", self.dir)
        self.cairn("evm", "fund", self.dir, self.FROM)

    def tearDown(self):
        self.tmp.cleanup()

    def test_create_delegatecall_and_precompiles(self):
        # A factory: CREATE(calldata), returns (address, EXTCODESIZE(address)).
        factory = self.deploy(initcode(assemble_with({"CREATE": 0xf0, "EXTCODESIZE": 0x3b}, [
            "CALLDATASIZE", push(0), push(0), "CALLDATACOPY", "CALLDATASIZE", push(0), push(0), "CREATE", "DUP1",
            "EXTCODESIZE", push(32), "MSTORE", push(0), "MSTORE", push(64), push(0), "RETURN"])))
        sender = bytes.fromhex(factory[2:])
        for nonce in (1, 2):
            result = self.call(factory, initcode(RUNTIME))
            expected = keccak256(bytes([0xd6, 0x94]) + sender + bytes([nonce]))[12:]
            self.assertEqual(result["return"], "0x" + (bytes(12) + expected + word(len(RUNTIME))).hex())
        child = "0x" + expected.hex()
        contract = self.deploy(initcode(RUNTIME))
        result = self.call(contract, b"\x06" + expected + b"\x01" + word(11) + word(0x5151))
        self.assertEqual(result["return"], "0x" + word(1).hex())
        storage = self.cairn("evm", "storage", self.dir, contract, "--json")["storage"]
        self.assertEqual(storage["0x" + word(11).hex()], "0x" + word(0x5151).hex())
        self.assertNotIn("0x" + word(11).hex(), self.cairn("evm", "storage", self.dir, child, "--json")["storage"])
        # Precompile at calldata[0], input calldata[1:]: returns its output.
        caller = self.deploy(initcode(assemble_with({"STATICCALL": 0xfa}, [
            push(1), "CALLDATASIZE", "SUB", push(1), push(0), "CALLDATACOPY", push(32), push(0), push(1),
            "CALLDATASIZE", "SUB", push(0), push(0), "CALLDATALOAD", push(248), "SHR", "GAS", "STATICCALL", "POP",
            "RETURNDATASIZE", push(0), push(0), "RETURNDATACOPY", "RETURNDATASIZE", push(0), "RETURN"])))
        signed = bytes.fromhex(  # go-ethereum's ecrecover vector
            "456e9aea5e197a1f1af7a3e85a3212fa4049a3ba34c2289b4c860fc0b0c64ef3" + "00" * 31 + "1c"
            "9242685bf161793cc25603c231bc2f568eb630ea16aa137d2664ac8038825608"
            "4f8ae3bd7535248d0bd448298cc2e2071e56992d0774dc340c368ae950852ada")
        self.assertEqual(self.call(caller, b"\x01" + signed)["return"], "0x" + "00" * 12 + "7156526fbd7a3c72969b54f64e42c10fbb768c8a")
        self.assertEqual(self.call(caller, b"\x02abc")["return"], "0x" + hashlib.sha256(b"abc").hexdigest())

    def test_a_call_out_of_its_gas_fails_alone(self):
        # CALL(gas = calldata[20:52], to = calldata[0:20], input 0x02 ‖ word(0)): returns success.
        target = self.deploy(initcode(RUNTIME))
        caller = self.deploy(initcode(assemble_with({"CALL": 0xf1}, [
            push(2), push(0), "MSTORE8", push(32), push(0), push(33), push(0), push(0), push(0), "CALLDATALOAD",
            push(96), "SHR", push(20), "CALLDATALOAD", "CALL", push(0), "MSTORE", push(32), push(0), "RETURN"])))
        for gas, success in ((50_000, 0), (100_000_000, 1)):
            result = self.call(caller, bytes.fromhex(target[2:]) + word(gas))
            self.assertEqual((result["exit_code"], result["return"]), (0, "0x" + word(success).hex()), gas)


if __name__ == "__main__":
    unittest.main()
