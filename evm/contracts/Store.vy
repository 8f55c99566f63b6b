# pragma version 0.4.3
"""
@title Store
@notice The callee of Caller.vy in the contract tests: a value to set and read, a failure with
        a caller-chosen reason, and a payable deposit and a withdrawal in wei.
"""

event Stored:
    who: indexed(address)
    old: uint256
    new: uint256

value: public(uint256)
writes: public(uint256)
last_writer: public(address)


@deploy
@payable
def __init__(initial: uint256):
    self.value = initial


@external
def set(v: uint256) -> uint256:
    old: uint256 = self.value
    self.value = v
    self.writes += 1
    self.last_writer = msg.sender
    log Stored(who=msg.sender, old=old, new=v)
    return old


@external
def fail(reason: String[64]):
    self.writes += 1000  # rolled back with the revert
    raise reason


@external
@payable
def deposit() -> uint256:
    return self.balance


@external
def withdraw(amount: uint256) -> uint256:
    send(msg.sender, amount)
    return self.balance
