# pragma version 0.4.3
"""
@title Transient
@notice Transient storage (EIP-1153) from Vyper for the contract tests: a value kept across
        re-entry within a transaction, undone by a reverted sub-call, gone in the next transaction;
        and Vyper's @nonreentrant lock, which lives in transient storage under Cancun.
"""

interface Self:
    def bump() -> uint256: nonpayable
    def guarded(reenter: bool) -> uint256: nonpayable

counter: transient(uint256)
persisted: public(uint256)


@external
def bump() -> uint256:
    self.counter += 1
    return self.counter


@external
def set_then_fail(v: uint256):
    self.counter = v
    raise "transient write undone"


@external
def probe() -> (uint256, uint256, bool):
    self.counter = 1
    ok: bool = raw_call(
        self, abi_encode(convert(99, uint256), method_id=method_id("set_then_fail(uint256)")), revert_on_failure=False
    )
    after_fail: uint256 = self.counter
    bumped: uint256 = extcall Self(self).bump()
    self.persisted = after_fail * 100 + bumped
    return after_fail, bumped, ok


@external
@view
def peek() -> uint256:
    return self.counter


@external
@nonreentrant
def guarded(reenter: bool) -> uint256:
    self.persisted += 1
    if reenter:
        return extcall Self(self).guarded(False)
    return self.persisted
