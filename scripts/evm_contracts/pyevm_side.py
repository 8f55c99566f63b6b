"""The reference side: each scenario on a fresh py-evm chain (Cancun VM), one block per
transaction, senders funded at genesis like `cairn evm fund` funds them."""
from eth import constants
from eth.chains.base import MiningChain
from eth.db.atomic import AtomicDB
from eth.exceptions import Revert
from eth.vm.forks import CancunVM
from eth_keys import keys
from trie import HexaryTrie
from trie.iter import NodeIterator
import rlp

from .result import FAILURE, REVERT, SUCCESS, Log, StepResult

CHAIN_ID = 314  # signs the transactions; no scenario reads CHAINID
GAS_LIMIT = 10_000_000
GAS_PRICE = 10**10
FUNDING = 10**24  # `cairn evm fund`'s default credit

Chain = MiningChain.configure(__name__="ContractCheckChain", vm_configuration=((0, CancunVM),), chain_id=CHAIN_ID)


def sender_key(index):
    """The private key of sender `index` (0, 1, …); the scenarios only need its address."""
    return keys.PrivateKey((index + 1).to_bytes(32, "big"))


def sender_address(index):
    return sender_key(index).public_key.to_canonical_address()


class PyEVMSide:
    name = "py-evm"

    def __init__(self, senders):
        self.db = AtomicDB()
        genesis = {"coinbase": constants.ZERO_ADDRESS, "difficulty": 0, "gas_limit": 3 * GAS_LIMIT,
                   "timestamp": 1_700_000_000, "extra_data": b"", "nonce": b"\0" * 8}
        accounts = {sender_address(i): {"balance": FUNDING, "nonce": 0, "code": b"", "storage": {}}
                    for i in range(senders)}
        self.chain = Chain.from_genesis(self.db, genesis, accounts)
        self.created = []  # every contract a deploy or a CREATE/CREATE2 made, in order

    def close(self):
        pass

    def _transaction(self, sender, to, data, value, gas_price=GAS_PRICE):
        key = sender_key(sender)
        state = self.chain.get_vm().state
        nonce = state.get_nonce(key.public_key.to_canonical_address())
        tx = self.chain.get_vm().create_unsigned_transaction(
            nonce=nonce, gas_price=gas_price, gas=GAS_LIMIT, to=to, value=value, data=data)
        return tx.as_signed_transaction(key, chain_id=CHAIN_ID)

    def _apply(self, tx):
        _, _, computation = self.chain.apply_transaction(tx)
        self.chain.mine_block()
        return computation

    def deploy(self, sender, initcode, value):
        computation = self._apply(self._transaction(sender, b"", initcode, value))
        result = self._result(computation)
        if result.status == SUCCESS:
            result.address = bytes(computation.msg.storage_address)
            result.output = b""  # the deployed code; Cairn's deploy returns the EAM's answer instead
        return result

    def call(self, sender, to, data, value, view):
        if view:
            # Signed for gas price 0 (the costless state's base fee): py-evm's own
            # costless_execute_transaction reprices a signed transaction, changing its sender.
            tx = self._transaction(sender, to, data, value, gas_price=0)
            head = self.chain.get_canonical_head()
            with self.chain.get_vm(head).in_costless_state() as state:
                computation = state.apply_transaction(tx)
            return self._result(computation, record=False)
        return self._result(self._apply(self._transaction(sender, to, data, value)))

    def _result(self, computation, record=True):
        if computation.is_success:
            if record:
                self._collect_created(computation)
            logs = [Log(bytes(a), [t.to_bytes(32, "big") for t in topics], bytes(d))
                    for a, topics, d in computation.get_log_entries()]
            return StepResult(SUCCESS, bytes(computation.output), logs)
        if isinstance(computation.error, Revert):
            return StepResult(REVERT, bytes(computation.output))
        return StepResult(FAILURE, b"", error=None)

    def _collect_created(self, computation):
        """Contracts made by successful CREATE/CREATE2 anywhere under this transaction."""
        if not computation.is_success:
            return  # nothing under a failed frame survives
        if computation.msg.is_create:
            address = bytes(computation.msg.storage_address)
            if address not in self.created:
                self.created.append(address)
        for child in computation.children:
            self._collect_created(child)

    def storage_root(self, address):
        state = self.chain.get_vm().state
        return bytes(state._account_db._get_storage_root(address))

    def hashed_storage(self, address):
        """{keccak(slot): value} of every non-zero slot, read from the account's storage trie."""
        trie = HexaryTrie(self.db, self.storage_root(address))
        return {bytes(k): rlp.decode(v, sedes=rlp.sedes.big_endian_int) for k, v in NodeIterator(trie).items()}

    def slot(self, address, slot):
        return self.chain.get_vm().state.get_storage(address, slot)

    def code(self, address):
        return bytes(self.chain.get_vm().state.get_code(address))
