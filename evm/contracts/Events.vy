# pragma version 0.4.3
"""
@title Events
@notice Emits logs with 0 to 4 topics (events with 0 to 3 indexed fields, raw LOG0 and LOG4),
        with and without data, static and dynamic, in one call and across a reverted sub-call.
"""

event NoIndex:
    a: uint256
    b: Bytes[64]

event OneIndex:
    x: indexed(uint256)
    note: String[64]

event TwoIndex:
    sender: indexed(address)
    id: indexed(bytes32)
    amount: uint256

event ThreeIndex:
    a: indexed(uint256)
    b: indexed(address)
    c: indexed(bool)
    payload: DynArray[uint256, 4]

event OnlyIndexed:
    a: indexed(uint256)

count: public(uint256)


@external
def emit_all(n: uint256, blob: Bytes[64], note: String[64]) -> uint256:
    log NoIndex(a=n, b=blob)
    log OneIndex(x=n, note=note)
    log TwoIndex(sender=msg.sender, id=keccak256(blob), amount=n * 3)
    log ThreeIndex(a=n, b=self, c=n % 2 == 1, payload=[n, n + 1, n + 2])
    log OnlyIndexed(a=n)
    self.count += 5
    return self.count


@external
def emit_raw(t1: bytes32, t2: bytes32, t3: bytes32, t4: bytes32, data: Bytes[100]):
    raw_log([], data)
    raw_log([t1], b"")
    raw_log([t1, t2, t3, t4], data)


@external
def emit_then_revert(n: uint256):
    log OnlyIndexed(a=n)
    raise "logs dropped"


@external
def emit_and_try(n: uint256) -> bool:
    log OnlyIndexed(a=n)
    ok: bool = raw_call(
        self,
        abi_encode(n + 1, method_id=method_id("emit_then_revert(uint256)")),
        revert_on_failure=False,
    )
    log OnlyIndexed(a=n + 2)
    return ok
