#pragma version ^0.4.3
"""
@title The one-step referee of the Cairn task machine
@notice verify(before, proof) decodes a one-step proof (docs/proofs.md, "Proofs"), checks
        that its registers and tree roots hash to `before`, runs the step in the Stepper
        contract over the proven leaves, checks that the step touched every leaf the proof
        carries, and returns the state hash after the step. Any invalid proof reverts.
"""

interface Stepper:
    def step(regs: uint256[11], entry_keys: DynArray[uint256, 64], entry_leaves: DynArray[bytes32, 64]) -> (uint256[11], DynArray[bytes32, 64], uint256): nonpayable

MAX_ENTRIES: constant(uint256) = 64
MAX_PROOF: constant(uint256) = 24576
MAX_SIBLINGS: constant(uint256) = 3072
M64: constant(uint256) = 2**64 - 1

stepper: public(immutable(address))

# Per tree (index = tree's domain byte): 0 not given (behind the rest hash), 1 root only,
# 2 leaves; the root; its first entry and entry count; where its siblings start and how many.
t_kind: transient(uint256[11])
t_root: transient(bytes32[11])
t_first: transient(uint256[11])
t_count: transient(uint256[11])
t_sib_at: transient(uint256[11])
t_sib_n: transient(uint256[11])
t_dirty: transient(bool[11])
rest_hash: transient(bytes32)
has_rest_hash: transient(bool)

# The proven leaves of every tree, in proof order, keyed by tree << 64 | index.
e_key: transient(uint256[MAX_ENTRIES])
e_leaf: transient(bytes32[MAX_ENTRIES])
e_n: transient(uint256)

base: transient(uint256)
plen: transient(uint256)
pos: transient(uint256)


@deploy
def __init__(stepper_address: address):
    stepper = stepper_address


# MARK: - Reading the proof (from calldata)

@internal
def _byte() -> uint256:
    p: uint256 = self.pos
    assert p < self.plen, "cairn: proof ends early"
    self.pos = p + 1
    return convert(slice(msg.data, self.base + p, 1), uint256)


@internal
def _bytes32() -> bytes32:
    p: uint256 = self.pos
    assert p + 32 <= self.plen, "cairn: proof ends early"
    self.pos = p + 32
    return convert(slice(msg.data, self.base + p, 32), bytes32)


@internal
def _leb() -> uint256:
    # Unsigned LEB128 in its shortest form, at most 64 bits.
    result: uint256 = 0
    for i: uint256 in range(10):
        b: uint256 = self._byte()
        assert i < 9 or b <= 1, "cairn: LEB128 too long"
        result = result | ((b & 127) << (7 * i))
        if b & 128 == 0:
            assert b != 0 or i == 0, "cairn: non-shortest LEB128"
            return result
    raise "cairn: LEB128 too long"


@internal
@pure
def _bswap(x: uint256, n: uint256) -> uint256:
    # Reverses the low n bytes of x.
    v: uint256 = x & (2**64 - 1)
    v = ((v & 71777214294589695) << 8) | ((v >> 8) & 71777214294589695)
    v = ((v & 281470681808895) << 16) | ((v >> 16) & 281470681808895)
    v = ((v << 32) | (v >> 32)) & (2**64 - 1)
    return v >> (8 * (8 - n))


@internal
def _le(n: uint256) -> uint256:
    p: uint256 = self.pos
    assert p + n <= self.plen, "cairn: proof ends early"
    self.pos = p + n
    return self._bswap(convert(slice(msg.data, self.base + p, 32), uint256) >> (8 * (32 - n)), n)


# MARK: - Hashing

@internal
@pure
def _depth(tree: uint256) -> uint256:
    depths: uint256[11] = [0, 24, 48, 18, 14, 27, 20, 32, 27, 27, 16]
    return depths[tree]


@internal
@pure
def _leaf_hash(tree: uint256, leaf: bytes32) -> bytes32:
    return keccak256(concat(convert(convert(tree, uint8), bytes1), b"\x00", leaf))


@internal
@pure
def _node_hash(tree: uint256, left: bytes32, right: bytes32) -> bytes32:
    return keccak256(concat(convert(convert(tree, uint8), bytes1), b"\x01", left, right))


@internal
def _fold(tree: uint256) -> bytes32:
    # The root of a tree from its proven leaves and the siblings the proof lists for it, in
    # the canonical order: level by level from the leaves, left to right; a node whose
    # sibling is also known is paired with it. Checks the sibling count and that no all-zero
    # subtree is spelled out.
    first: uint256 = self.t_first[tree]
    n: uint256 = self.t_count[tree]
    indices: DynArray[uint256, MAX_ENTRIES] = []
    hashes: DynArray[bytes32, MAX_ENTRIES] = []
    for i: uint256 in range(MAX_ENTRIES):
        if i >= n:
            break
        indices.append(self.e_key[first + i] & M64)
        hashes.append(self._leaf_hash(tree, self.e_leaf[first + i]))
    self.pos = self.t_sib_at[tree]
    used: uint256 = 0
    siblings: uint256 = self.t_sib_n[tree]
    zero: bytes32 = self._leaf_hash(tree, empty(bytes32))
    depth: uint256 = self._depth(tree)
    for level: uint256 in range(48):
        if level >= depth:
            break
        m: uint256 = 0
        i: uint256 = 0
        for _: uint256 in range(MAX_ENTRIES):
            if i >= n:
                break
            index: uint256 = indices[i]
            h: bytes32 = hashes[i]
            parent: bytes32 = empty(bytes32)
            if index & 1 == 0 and i + 1 < n and indices[i + 1] == index + 1:
                parent = self._node_hash(tree, h, hashes[i + 1])
                i += 2
            else:
                assert used < siblings, "cairn: too few siblings"
                used += 1
                tag: uint256 = self._byte()
                other: bytes32 = zero
                if tag == 1:
                    other = self._bytes32()
                    assert other != zero, "cairn: a zero subtree spelled out"
                else:
                    assert tag == 0, "cairn: unknown sibling tag"
                if index & 1 == 0:
                    parent = self._node_hash(tree, h, other)
                else:
                    parent = self._node_hash(tree, other, h)
                i += 1
            indices[m] = index >> 1
            hashes[m] = parent
            m += 1
        n = m
        zero = self._node_hash(tree, zero, zero)
    assert used == siblings, "cairn: unused siblings"
    return hashes[0]


@internal
def _root(tree: uint256) -> bytes32:
    # A proven tree's root is folded when first asked for and again after the step changed
    # one of its leaves (t_dirty); otherwise the stored root serves.
    if self.t_kind[tree] == 2 and self.t_dirty[tree]:
        self.t_root[tree] = self._fold(tree)
        self.t_dirty[tree] = False
    return self.t_root[tree]


@internal
def _state_hash(regs: uint256[11]) -> bytes32:
    rest: bytes32 = self.rest_hash
    if not self.has_rest_hash:
        rest = keccak256(concat(
            b"\x41",
            self._root(2), self._root(4), self._root(6),
            self._root(7), self._root(8), self._root(9),
            self._root(10)))
    # The registers, 58 bytes little-endian: status, trap, pc, base, depth, memoryPages (1, 1,
    # 4, 4, 4, 4) then gas, steps, progress, inputLength, outputLength (8 each).
    head: uint256 = (regs[0] << 248) | (regs[1] << 240)
    head = head | (self._bswap(regs[2], 4) << 208) | (self._bswap(regs[3], 4) << 176)
    head = head | (self._bswap(regs[4], 4) << 144) | (self._bswap(regs[5], 4) << 112)
    head = head | (self._bswap(regs[6], 8) << 48) | (self._bswap(regs[7], 8) >> 16)
    tail: uint256 = ((self._bswap(regs[7], 8) & 65535) << 240) | (self._bswap(regs[8], 8) << 176)
    tail = tail | (self._bswap(regs[9], 8) << 112) | (self._bswap(regs[10], 8) << 48)
    return keccak256(concat(
        b"\x40", convert(head, bytes32), slice(convert(tail, bytes32), 0, 26),
        self._root(1), self._root(3), self._root(5), rest))


# MARK: - Decoding

@internal
def _witness(tree: uint256):
    tag: uint256 = self._byte()
    if tag == 0:
        self.t_kind[tree] = 1
        self.t_root[tree] = self._bytes32()
        return
    assert tag == 1, "cairn: unknown witness tag"
    n: uint256 = self._leb()
    assert n >= 1 and n <= 64, "cairn: bad leaf count"
    first: uint256 = self.e_n
    assert first + n <= MAX_ENTRIES, "cairn: too many leaves"
    self.t_kind[tree] = 2
    self.t_dirty[tree] = True
    self.t_first[tree] = first
    self.t_count[tree] = n
    capacity: uint256 = 1 << self._depth(tree)
    previous: uint256 = 0
    for i: uint256 in range(64):
        if i >= n:
            break
        index: uint256 = self._leb()
        assert index < capacity, "cairn: leaf index out of range"
        assert i == 0 or index > previous, "cairn: leaf indices not increasing"
        previous = index
        self.e_key[first + i] = (tree << 64) | index
        self.e_leaf[first + i] = self._bytes32()
    self.e_n = first + n
    m: uint256 = self._leb()
    assert m <= n * self._depth(tree), "cairn: too many siblings"
    self.t_sib_at[tree] = self.pos
    self.t_sib_n[tree] = m
    for j: uint256 in range(MAX_SIBLINGS):
        if j >= m:
            break
        if self._byte() == 1:
            self.pos += 32
    assert self.pos <= self.plen, "cairn: proof ends early"



@external
def verify(before: bytes32, proof: Bytes[MAX_PROOF]) -> bytes32:
    """
    @notice The state hash after the step `proof` proves from the state whose hash is
            `before`; reverts unless the proof is the canonical proof of that step.
    """
    self.base = convert(slice(msg.data, 36, 32), uint256) + 4 + 32
    self.plen = len(proof)
    self.pos = 0
    assert slice(proof, 0, 4) == b"CSP1", "cairn: not a one-step proof"
    self.pos = 4
    regs: uint256[11] = empty(uint256[11])
    widths: uint256[11] = [1, 1, 4, 4, 4, 4, 8, 8, 8, 8, 8]
    for i: uint256 in range(11):
        regs[i] = self._le(widths[i])
    assert regs[0] <= 2, "cairn: unknown machine status"
    for t: uint256 in range(11):
        self.t_kind[t] = 0
    self.e_n = 0
    self._witness(1)
    self._witness(3)
    self._witness(5)
    rest_tag: uint256 = self._byte()
    if rest_tag == 0:
        self.has_rest_hash = True
        self.rest_hash = self._bytes32()
    else:
        assert rest_tag == 1, "cairn: unknown rest tag"
        self.has_rest_hash = False
        any_leaves: bool = False
        for t: uint256 in [2, 4, 6, 7, 8, 9, 10]:
            self._witness(t)
            if self.t_kind[t] == 2:
                any_leaves = True
        assert any_leaves, "cairn: the rest trees spelled out but not touched"
    assert self.pos == self.plen, "cairn: trailing bytes after the proof"
    assert self._state_hash(regs) == before, "cairn: the proof is not of this state"

    keys: DynArray[uint256, MAX_ENTRIES] = []
    leaves: DynArray[bytes32, MAX_ENTRIES] = []
    for i: uint256 in range(MAX_ENTRIES):
        if i >= self.e_n:
            break
        keys.append(self.e_key[i])
        leaves.append(self.e_leaf[i])
    after: uint256[11] = empty(uint256[11])
    new_leaves: DynArray[bytes32, MAX_ENTRIES] = []
    touched: uint256 = 0
    after, new_leaves, touched = extcall Stepper(stepper).step(regs, keys, leaves)
    assert len(new_leaves) == len(leaves)
    assert touched == (1 << len(leaves)) - 1, "cairn: the proof carries a leaf the step does not touch"
    for i: uint256 in range(MAX_ENTRIES):
        if i >= len(leaves):
            break
        if new_leaves[i] != leaves[i]:
            self.e_leaf[i] = new_leaves[i]
            self.t_dirty[keys[i] >> 64] = True
    return self._state_hash(after)
