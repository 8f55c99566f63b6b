# pragma version 0.4.3
"""
@title Reverter
@notice Fails in every way the contract tests compare: a revert with an Error(string) reason
        (short and longer than a word), without data, with custom data, an arithmetic check, the
        INVALID opcode, and a write undone by the revert that follows it.
"""

value: public(uint256)
passes: public(uint256)


@deploy
def __init__(accept: bool):
    assert accept, "Reverter: constructor refused"
    self.value = 7


@external
def check(x: uint256) -> uint256:
    assert x > 10, "x must be greater than 10"
    self.passes += 1
    return x * 2


@external
def fail_reason():
    raise "always fails"


@external
def fail_long_reason():
    raise "a reason longer than one ABI word, to check the padding of Error(string) data"


@external
def fail_plain(x: uint256):
    assert x == 0


@external
def fail_custom(code: uint256):
    raw_revert(concat(method_id("Custom(uint256,address)"), convert(code, bytes32), convert(msg.sender, bytes32)))


@external
def fail_overflow(x: uint256) -> uint256:
    return x + max_value(uint256)


@external
def fail_invalid():
    raise UNREACHABLE


@external
def write_then_fail(v: uint256):
    self.value = v
    raise "rolled back"
