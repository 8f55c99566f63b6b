# pragma version 0.4.3
"""
@title Slots
@notice Storage in bulk for the contract tests: many hashed slots (a mapping), runs of adjacent
        slots (a dynamic array, whose keys share long prefixes in FEVM's KAMT), slots cleared back
        to zero (deleted from the KAMT), and a chain of calls into itself, one slot per level.
"""

interface Self:
    def down(n: uint256) -> uint256: nonpayable
    def down_then_fail(n: uint256) -> uint256: nonpayable

data: public(HashMap[uint256, uint256])
items: public(DynArray[uint256, 256])
depth_seen: public(HashMap[uint256, address])
filled: public(uint256)


@external
def fill(start: uint256, count: uint256, seed: uint256) -> uint256:
    for i: uint256 in range(count, bound=128):
        self.data[start + i] = convert(keccak256(abi_encode(seed, start + i)), uint256)
    self.filled += count
    return self.filled


@external
def clear(start: uint256, count: uint256):
    for i: uint256 in range(count, bound=128):
        self.data[start + i] = 0
    self.filled -= count


@external
def push_many(count: uint256, base: uint256) -> uint256:
    for i: uint256 in range(count, bound=128):
        self.items.append(base + i)
    return len(self.items)


@external
def pop_many(count: uint256) -> uint256:
    for i: uint256 in range(count, bound=128):
        self.items.pop()
    return len(self.items)


@external
def down(n: uint256) -> uint256:
    self.depth_seen[n] = msg.sender
    if n == 0:
        return 0
    return extcall Self(self).down(n - 1) + 1


@external
def down_then_fail(n: uint256) -> uint256:
    self.depth_seen[n + 1000] = msg.sender
    if n == 0:
        raise "bottom"
    return extcall Self(self).down_then_fail(n - 1) + 1
