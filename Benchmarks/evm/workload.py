"""The EVM benchmark's transactions: two Vyper contracts, compiled with PyPI's vyper, and the
phases every engine runs in the same order from the same sender (Benchmarks/README.md, "EVM")."""

import os
import subprocess

from eth_hash.auto import keccak
import rlp

HERE = os.path.dirname(os.path.abspath(__file__))
CONTRACTS = os.path.join(HERE, "contracts")

SENDER = bytes.fromhex("a0" * 20)
SENDER_BALANCE = 10**24
COINBASE = bytes.fromhex("c0" * 20)
# Gas price and base fee 0: pyrevm's deploy takes no gas price, and no engine's work depends on it.
GAS_PRICE = 0
BLOCK = {"coinbase": COINBASE, "number": 1, "timestamp": 1_700_000_000, "gas_limit": 30_000_000,
         "base_fee": 0, "prev_randao": 0, "chain_id": 1}
TOKEN_SUPPLY = 10**27
HASH_ROUNDS = 100
RECIPIENTS = 64
DEPLOY_GAS = 3_000_000
CALL_GAS = 1_000_000
# Transfers and hashing loops (each) before the timed loops.
WARMUP = 8


def compile_contract(name):
    """The creation bytecode of contracts/NAME.vy (vyper 0.4.3, default optimisation)."""
    out = subprocess.check_output(["vyper", "-f", "bytecode", name + ".vy"], cwd=CONTRACTS).decode().strip()
    return bytes.fromhex(out[2:])


def selector(signature):
    return keccak(signature.encode())[:4]


def word(n):
    return int(n).to_bytes(32, "big")


def address_word(address):
    return bytes(12) + address


def create_address(sender, nonce):
    return keccak(rlp.encode([sender, nonce]))[12:]


def recipient(i):
    return bytes.fromhex("5e") + bytes(15) + (0x1000 + i).to_bytes(4, "big")


def transaction(to, data, gas=CALL_GAS):
    return {"to": to, "data": data, "gas": gas}


def phases(count, warmup=WARMUP):
    """[(name, timed, transactions)]: deploys, a warm-up, `count` ERC-20 transfers, `count`
    hashing loops, and read-back calls (balances, the hasher's last hash and call count)."""
    token = create_address(SENDER, 0)
    hasher = create_address(SENDER, 1)
    deploys = [transaction(None, compile_contract("Token") + word(TOKEN_SUPPLY), DEPLOY_GAS),
               transaction(None, compile_contract("Hasher"), DEPLOY_GAS)]

    def transfer(i):
        return transaction(token, selector("transfer(address,uint256)") + address_word(recipient(i % RECIPIENTS)) + word(1000 + i))

    def hashing(i):
        return transaction(hasher, selector("hash_loop(bytes32,uint256)") + keccak(word(i)) + word(HASH_ROUNDS))

    balance_of = selector("balanceOf(address)")
    queries = [transaction(token, balance_of + address_word(a)) for a in [SENDER] + [recipient(i) for i in range(RECIPIENTS)]]
    queries += [transaction(token, selector("totalSupply()")), transaction(hasher, selector("last()")),
                transaction(hasher, selector("calls()"))]
    warm = [transfer(10**6 + i) for i in range(warmup)] + [hashing(10**6 + i) for i in range(warmup)]
    return [
        ("deploy", False, deploys),
        ("warm-up", False, warm),
        ("erc20-transfer", True, [transfer(i) for i in range(count)]),
        ("keccak-loop", True, [hashing(i) for i in range(count)]),
        ("read-back", False, queries),
    ]
