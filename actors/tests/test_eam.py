"""The EAM (actors/wasm/eam.wasm), init's Exec4 and the EthAccount on the Python stand-in host:
contracts created at Ethereum's CREATE/CREATE2 addresses (computed here with PyPI's `rlp` and
`eth-hash`, independently of the C), the f410 address mapped by init and given to the actor,
callers the EAM refuses. Runs the EVM actor (actors/wasm/evm.wasm) as the created code.

  python3 -m unittest discover -s actors/tests -p test_eam.py -v
"""
import unittest

import dag_cbor
import rlp
from eth_hash.auto import keccak

from host import DAG_CBOR, INIT_ID, Actor, Receipt, SyscallError, hamt_get
from test_evm_actor import ORIGIN, EvmHost, EvmInvocation

EAM_ID, SENDER_ID = 10, 200
CREATE, CREATE2, CREATE_EXTERNAL, EXEC4, INVOKE_CONTRACT = 2, 3, 4, 3, 3844450837
FORBIDDEN = 18


def f410(eth):
    return b"\x04\x0a" + eth


def create_address(sender, nonce):
    return keccak(rlp.encode([sender, nonce]))[12:]


def create2_address(sender, salt, initcode):
    return keccak(b"\xff" + sender + salt + keccak(initcode))[12:]


def wrap(runtime):
    """Initcode returning `runtime`: CODECOPY it to memory 0 and RETURN it."""
    n = len(runtime)
    return bytes([0x60, n, 0x60, 12, 0x60, 0, 0x39, 0x60, n, 0x60, 0, 0xf3]) + runtime


class EamInvocation(EvmInvocation):
    def sys_actor_create_actor(self, actor_id, code_ptr, delegated_ptr, delegated_len):
        if self.receiver != INIT_ID:
            raise SyscallError("Forbidden")
        code = self._read_cid(code_ptr)
        if code not in self.host.codes:
            raise SyscallError("NotFound")
        existing = self.host.actors.get(actor_id)
        if existing is not None and self.host.codes.get(existing.code) != "placeholder":
            raise SyscallError("Forbidden")
        delegated = self._read(delegated_ptr, delegated_len) if delegated_len else b""
        self.host.actors[actor_id] = Actor(code, self.host.empty_state, existing.balance if existing else 0)
        if delegated:
            self.host.delegated[actor_id] = delegated

    def sys_actor_get_code_cid_for_type(self, typ, ptr, capacity):
        # As the Swift kernel: a code CID the VM hands out is reachable (the EAM links it in Exec4).
        names = [n for n, t in self.BUILTIN_TYPES.items() if t == typ]
        code = next((c for c, n in self.host.codes.items() if names and n == names[0]), None)
        if code is None:
            raise SyscallError("IllegalArgument")
        self.reachable.add(code)
        return self._write_out(ptr, capacity, code)


class EamHost(EvmHost):
    def __init__(self, sender_eth):
        super().__init__()
        self.install("evm")
        self.create(EAM_ID, "eam")
        self.create(SENDER_ID, "ethaccount", balance=10**24)
        self.delegated[SENDER_ID] = f410(sender_eth)
        # The host creates actors 100 and 200 directly: init hands out IDs from 1000.
        address_map, _, name = self.state(INIT_ID)
        self.actors[INIT_ID].state = self.put(DAG_CBOR, dag_cbor.encode([address_map, 1000, name]))

    invocation_class = EamInvocation

    def create_external(self, initcode, sender=SENDER_ID):
        return self.send(sender, EAM_ID, CREATE_EXTERNAL, dag_cbor.encode(initcode), origin=sender)


class EamTest(unittest.TestCase):
    def test_create_external_deploys_at_the_create_address(self):
        sender = bytes.fromhex("1234567890abcdef1234567890abcdef12345678")
        host = EamHost(sender)
        runtime = bytes.fromhex("602a60005260206000f3")  # return 0x2a as a word
        receipt = host.create_external(wrap(runtime))
        self.assertEqual(receipt.exit_code, 0, receipt)
        actor_id, robust, eth = receipt.value
        self.assertEqual(eth, create_address(sender, 0))  # the stand-in host's message nonce is 0
        self.assertEqual(robust[0], 2)
        self.assertEqual(host.delegated[actor_id], f410(eth))
        self.assertEqual(hamt_get(host.blocks, host.state(INIT_ID)[0], f410(eth)), actor_id)
        self.assertEqual(hamt_get(host.blocks, host.state(INIT_ID)[0], robust), actor_id)
        self.assertEqual(host.codes[host.actors[actor_id].code], "evm")
        called = host.send(SENDER_ID, actor_id, INVOKE_CONTRACT, dag_cbor.encode(b""), origin=SENDER_ID)
        self.assertEqual(called.exit_code, 0, called)
        self.assertEqual(called.value, (0x2a).to_bytes(32, "big"))

    def test_builtin_actors_vector(self):
        host = EamHost(bytes(20))
        receipt = host.create_external(b"")
        self.assertEqual(receipt.exit_code, 0, receipt)
        self.assertEqual(receipt.value[2].hex(), "bd770416a3345f91e4b34576cb804a576fa48eb1")

    def test_contract_create_and_create2(self):
        sender = bytes(range(1, 21))
        host = EamHost(sender)
        # CREATE(0, 0, 1) of initcode STOP, then CREATE2 with salt 5; return both addresses.
        runtime = bytes.fromhex("6000600053" + "600160006000f0" + "600052"
                                + "6005600160006000f5" + "602052" + "60406000f3")
        receipt = host.create_external(wrap(runtime))
        self.assertEqual(receipt.exit_code, 0, receipt)
        actor_id, _, eth = receipt.value
        called = host.send(SENDER_ID, actor_id, INVOKE_CONTRACT, dag_cbor.encode(b""), origin=SENDER_ID)
        self.assertEqual(called.exit_code, 0, called)
        out = called.value
        self.assertEqual(out[12:32], create_address(eth, 1))  # contracts start at nonce 1
        self.assertEqual(out[44:64], create2_address(eth, (5).to_bytes(32, "big"), b"\x00"))
        for child in (out[12:32], out[44:64]):
            self.assertIn(f410(child), host.delegated.values())

    def test_refused_callers(self):
        host = EamHost(bytes(range(20)))
        # An f1 account may not CreateExternal, nor Create (not an EVM actor).
        self.assertEqual(host.create_external(b"", sender=ORIGIN).exit_code, FORBIDDEN)
        create = host.send(ORIGIN, EAM_ID, CREATE, dag_cbor.encode([b"", 0]))
        self.assertEqual(create.exit_code, FORBIDDEN)
        # Only the EAM may Exec4.
        code = next(c for c, n in host.codes.items() if n == "evm")
        exec4 = host.send(ORIGIN, INIT_ID, EXEC4, dag_cbor.encode([code, b"", bytes(20)]))
        self.assertEqual(exec4.exit_code, FORBIDDEN)
        # The EthAccount: its constructor is the system actor's; exported methods are accepted.
        self.assertEqual(host.send(ORIGIN, SENDER_ID, 1).exit_code, FORBIDDEN)
        self.assertEqual(host.send(ORIGIN, SENDER_ID, INVOKE_CONTRACT).exit_code, 0)
        self.assertEqual(host.send(ORIGIN, SENDER_ID, 2).exit_code, 22)


if __name__ == "__main__":
    unittest.main()
