"""The contracts the scenarios deploy: Vyper sources in evm/contracts compiled here with PyPI's
vyper, and the solc-compiled contracts of ../shared/evm-contracts (hex initcode beside its .sol)."""
import os
import subprocess

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
VYPER_DIR = os.path.join(ROOT, "evm", "contracts")
SOLC_DIR = os.path.normpath(os.path.join(ROOT, "..", "shared", "evm-contracts"))

# The solc contracts and the .hex file holding each one's initcode.
SOLC_FILES = {
    "FilecoinFallback": "FilecoinFallback.hex",
    "Factory": "Lifecycle.hex",
    "MCOPYTest": "MCOPYTest.hex",
    "Recursive": "Recursive.hex",
    "TransientStorageTest": "TransientStorageTest.hex",
    "Selfdestruct": "selfdestruct.hex",
    "SimpleCoin": "simplecoin.hex",
}


class ContractError(Exception):
    """A contract that cannot be compiled or read."""


class Contracts:
    """Initcode by contract name, compiled or read once per run."""

    def __init__(self, vyper="vyper"):
        self.vyper = vyper
        self._cache = {}

    def initcode(self, name):
        if name not in self._cache:
            self._cache[name] = self._load(name)
        return self._cache[name]

    def _load(self, name):
        if name in SOLC_FILES:
            path = os.path.join(SOLC_DIR, SOLC_FILES[name])
            if not os.path.exists(path):
                raise ContractError(f"{path} is missing (../shared/evm-contracts, builtin-actors' test contracts)")
            with open(path) as f:
                return bytes.fromhex(f.read().strip().removeprefix("0x"))
        path = os.path.join(VYPER_DIR, name + ".vy")
        if not os.path.exists(path):
            raise ContractError(f"no contract named {name} ({path} or ../shared/evm-contracts)")
        try:
            out = subprocess.run([self.vyper, "-f", "bytecode", path], check=True, capture_output=True, text=True)
        except (OSError, subprocess.CalledProcessError) as e:
            detail = getattr(e, "stderr", "") or str(e)
            raise ContractError(f"vyper could not compile {path}: {detail.strip()}") from e
        return bytes.fromhex(out.stdout.strip().removeprefix("0x"))
