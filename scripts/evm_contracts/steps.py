"""The scenario language: a scenario is a list of deploys and calls from numbered senders; an
argument may name an earlier result (`Ref`) or a sender (`Sender`), resolved on each side from
that side's own results, so that a wrong address on one side shows up where it is used too."""
from dataclasses import dataclass, field

from . import abi
from .result import SUCCESS


@dataclass(frozen=True)
class Ref:
    """The address a `Deploy` created, or the address in word 0 of a `Call`'s return."""
    label: str


@dataclass(frozen=True)
class Sender:
    index: int


@dataclass
class Deploy:
    label: str
    contract: str
    ctor: str = ""          # constructor argument types, e.g. "string,string,uint256"
    args: list = field(default_factory=list)
    sender: int = 0
    value: int = 0
    expect: str = SUCCESS
    reason: str | None = None   # expected Error(string) revert reason


@dataclass
class Call:
    label: str
    to: object              # Ref, Sender or 20 bytes
    sig: str = ""           # function signature; empty: `data` is the whole calldata
    args: list = field(default_factory=list)
    data: bytes = b""
    sender: int = 0
    value: int = 0
    view: bool = False      # a read-only call: applied, not committed, no nonce used
    expect: str = SUCCESS
    returns: object = None  # expected return data: bytes, (types, values) to ABI-encode, or f(Context)
    reason: str | None = None   # expected Error(string) revert reason
    names_address: bool = False  # word 0 of the return is an address later steps use by label


@dataclass
class Initcode:
    """A contract's initcode (with constructor arguments) as an argument, e.g. for raw_create."""
    contract: str
    ctor: str = ""
    args: list = field(default_factory=list)


@dataclass
class Scenario:
    name: str
    summary: str
    steps: list
    senders: int = 3


class Context:
    """One side's view of a running scenario: labels to addresses, senders to addresses."""

    def __init__(self, contracts, sender_address):
        self.contracts = contracts
        self.sender_address = sender_address
        self.labels = {}

    def resolve(self, value):
        if isinstance(value, Ref):
            if value.label not in self.labels:
                raise LookupError(f"{value.label} has no address on this side (its step failed)")
            return self.labels[value.label]
        if isinstance(value, Sender):
            return self.sender_address(value.index)
        if isinstance(value, Initcode):
            return self.initcode(value.contract, value.ctor, value.args)
        if isinstance(value, (list, tuple)):
            return type(value)(self.resolve(v) for v in value)
        return value

    def initcode(self, contract, ctor, args):
        types = [t for t in ctor.split(",") if t]
        return self.contracts.initcode(contract) + abi.encode(types, self.resolve(list(args)))

    def calldata(self, step):
        if not step.sig:
            return step.data
        return abi.calldata(step.sig, self.resolve(list(step.args)))

    def expected_return(self, step):
        if step.reason is not None:
            return abi.error_string(step.reason)
        if step.returns is None:
            return None
        if isinstance(step.returns, bytes):
            return step.returns
        if callable(step.returns):
            return step.returns(self)
        types, values = step.returns
        return abi.encode(types, self.resolve(list(values)))
