"""The contracts on revm (pyrevm): compiling, deploying, calling, ABI encoding."""

import functools
import os
import subprocess

import pyrevm
from Crypto.Hash import keccak

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CONTRACTS = os.path.join(ROOT, "contracts")
DEPLOYER = "0x" + "11" * 20


def keccak256(data):
    h = keccak.new(digest_bits=256)
    h.update(data)
    return h.digest()


def selector(signature):
    return keccak256(signature.encode())[:4]


@functools.lru_cache(maxsize=None)
def compile_contract(name, fmt="bytecode"):
    out = subprocess.check_output(["vyper", "-f", fmt, name], cwd=CONTRACTS).decode().strip()
    return bytes.fromhex(out[2:])


def intrinsic_gas(data):
    return 21000 + sum(16 if b else 4 for b in data)


def revert_text(error):
    """The revert reason of a failed call, as text (empty when there is none)."""
    hex_part = str(error).split("output: 0x")[-1].rstrip(" })")
    try:
        return bytes.fromhex(hex_part or "00").decode("latin-1")
    except ValueError:
        return str(error)


class Referee:
    """The deployed Stepper and Referee on one EVM, and verify(before, proof) with its gas."""

    SELECTOR = selector("verify(bytes32,bytes)")

    def __init__(self):
        self.evm = pyrevm.EVM()
        self.evm.set_balance(DEPLOYER, 10**30)
        self.sizes = {name: len(compile_contract(name, "bytecode_runtime"))
                      for name in ("Stepper.vy", "Referee.vy", "DisputeGame.vy", "Claims.vy")}
        self.stepper = self.evm.deploy(DEPLOYER, compile_contract("Stepper.vy"))
        self.address = self.evm.deploy(DEPLOYER, compile_contract("Referee.vy") + address_word(self.stepper))

    @staticmethod
    def calldata(before, proof):
        padding = bytes((-len(proof)) % 32)
        return Referee.SELECTOR + before + (64).to_bytes(32, "big") + len(proof).to_bytes(32, "big") + proof + padding

    def verify(self, before, proof):
        """(after-hash or None, revert reason or None, execution gas without the intrinsic gas)."""
        data = self.calldata(before, proof)
        try:
            out = self.evm.message_call(DEPLOYER, self.address, data)
        except RuntimeError as error:
            used = self.evm.result.gas_used if self.evm.result else 0
            return None, revert_text(error), used - intrinsic_gas(data)
        return bytes(out), None, self.evm.result.gas_used - intrinsic_gas(data)


def address_word(address):
    return bytes(12) + bytes.fromhex(address[2:])


def abi_encode(types, values):
    """A minimal ABI encoder for the argument types the game contract takes."""
    def word(n):
        return int(n).to_bytes(32, "big")
    heads, tails = [], b""
    dynamic_size = 32 * len(types)
    for kind, value in zip(types, values):
        if kind == "uint256":
            heads.append(word(value))
        elif kind == "bytes32":
            heads.append(bytes(value))
        elif kind == "address":
            heads.append(address_word(value))
        else:
            if kind == "bytes":
                data = word(len(value)) + bytes(value) + bytes((-len(value)) % 32)
            elif kind == "uint256[]":
                data = word(len(value)) + b"".join(word(v) for v in value)
            elif kind == "bytes32[]":
                data = word(len(value)) + b"".join(bytes(v) for v in value)
            else:
                raise ValueError(kind)
            heads.append(word(dynamic_size + len(tails)))
            tails += data
    return b"".join(heads) + tails
