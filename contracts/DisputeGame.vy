#pragma version ^0.4.3
"""
@title The bisection game of docs/disputes.md, one game per contract
@notice A solver opens the game with its claim (the CDC1 encoding) and a bond; one challenger
        joins with the same bond. The solver bisects its history, the challenger chooses the
        child it disputes (opening the agreed state before it), the solver refines a leaf into
        the level below, and at one step the challenger posts a one-step proof, which the
        Referee contract checks. Each party has `clock` blocks for the whole game (a chess
        clock); when the party to move lets its time run out, anyone may end the game. The
        winner takes both bonds.
"""

interface Referee:
    def verify(before: bytes32, proof: Bytes[24576]) -> bytes32: nonpayable

MAX_LEVELS: constant(uint256) = 16
MAX_CHILDREN: constant(uint256) = 128
MAX_PATH: constant(uint256) = 40
MAX_CLAIM: constant(uint256) = 551 + 32 * 40

PHASE_OPEN: constant(uint256) = 0
PHASE_BISECT: constant(uint256) = 1
PHASE_CHOOSE: constant(uint256) = 2
PHASE_REFINE: constant(uint256) = 3
PHASE_STEP: constant(uint256) = 4
PHASE_OVER: constant(uint256) = 5

referee: public(immutable(address))

solver: public(address)
challenger: public(address)
claim_hash: public(bytes32)
bond: public(uint256)
levels: public(DynArray[uint256, MAX_LEVELS])
degree_log: public(uint256)
initial_state: public(bytes32)

phase: public(uint256)
level: public(uint256)
height: public(uint256)
node: public(bytes32)
anchor: public(bytes32)
level_start: public(uint256)
offset: public(uint256)
children: public(DynArray[bytes32, MAX_CHILDREN])
remaining: public(uint256[2])
last_time: public(uint256)
winner: public(address)

event Moved:
    mover: uint256
    phase: uint256
    level: uint256
    height: uint256

event GameOver:
    winner: address
    reason: String[16]


@deploy
def __init__(referee_address: address):
    referee = referee_address


# MARK: - Hashes (docs/disputes.md, "History commitments")

@internal
@pure
def _leaf(state: bytes32) -> bytes32:
    return keccak256(concat(b"\x50", state))


@internal
@pure
def _node(left: bytes32, right: bytes32) -> bytes32:
    return keccak256(concat(b"\x51", left, right))


@internal
@pure
def _last_leaf_root(state: bytes32, path: DynArray[bytes32, MAX_PATH]) -> bytes32:
    # Folds leaf(state) as the last leaf of a tree: every sibling is on its left.
    h: bytes32 = self._leaf(state)
    for sibling: bytes32 in path:
        h = self._node(sibling, h)
    return h


@internal
@pure
def _zero_root(tree: uint256, depth: uint256) -> bytes32:
    t: bytes1 = convert(convert(tree, uint8), bytes1)
    h: bytes32 = keccak256(concat(t, b"\x00", empty(bytes32)))
    for i: uint256 in range(48):
        if i >= depth:
            break
        h = keccak256(concat(t, b"\x01", h, h))
    return h


@internal
@pure
def _le(data: Bytes[MAX_CLAIM], at: uint256, n: uint256) -> uint256:
    # The n-byte little-endian integer at `at`.
    v: uint256 = 0
    for i: uint256 in range(8):
        if i >= n:
            break
        v = v | (convert(slice(data, at + i, 1), uint256) << (8 * i))
    return v


@internal
@pure
def _reversed(v: uint256, n: uint256) -> uint256:
    # The low n bytes of v in reverse order, left-aligned in 256 bits.
    out: uint256 = 0
    for i: uint256 in range(8):
        if i >= n:
            break
        out = out | (((v >> (8 * i)) & 255) << (248 - 8 * i))
    return out


@internal
@pure
def _le4(v: uint256) -> Bytes[4]:
    return slice(convert(self._reversed(v, 4), bytes32), 0, 4)


@internal
@pure
def _le8(v: uint256) -> Bytes[8]:
    return slice(convert(self._reversed(v, 8), bytes32), 0, 8)


# MARK: - Opening the game

@external
@payable
def open(claim: Bytes[MAX_CLAIM], levels: DynArray[uint256, MAX_LEVELS], degree_log: uint256, clock: uint256, challenger: address):
    """
    @notice The solver's claim under a configuration, with its bond (msg.value). Runs the
            referee's checks before a game (docs/disputes.md, "Claims"); reverts if one fails.
    """
    assert self.phase == PHASE_OPEN and self.solver == empty(address), "game already opened"
    total: uint256 = 0
    for h: uint256 in levels:
        assert h >= 1 and h <= 40, "bad level height"
        total += h
    assert len(levels) >= 1 and total <= 62, "bad levels"
    assert degree_log >= 1 and degree_log <= 7, "bad degree"
    assert slice(claim, 0, 4) == b"CDC1", "not a claim"
    h0: uint256 = convert(slice(claim, 550, 1), uint256)
    assert h0 == levels[0], "claim height is not the top level's"
    assert len(claim) == 551 + 32 * h0, "claim length"
    registers: Bytes[58] = slice(claim, 140, 58)
    n: uint256 = self._le(claim, 124, 8)
    gas_limit: uint256 = self._le(claim, 116, 8)
    gas_used: uint256 = self._le(claim, 132, 8)
    status: uint256 = convert(slice(claim, 140, 1), uint256)
    assert status == 1 or status == 2, "the final state has not stopped"
    assert self._le(claim, 140 + 26, 8) == n and n <= 1 << total, "steps"
    assert gas_used <= gas_limit and self._le(claim, 140 + 18, 8) == gas_limit - gas_used, "gas"
    code_root: bytes32 = extract32(claim, 4)
    program_root: bytes32 = extract32(claim, 36)
    input_root: bytes32 = extract32(claim, 76)
    input_length: uint256 = self._le(claim, 108, 8)
    roots: bytes32[10] = empty(bytes32[10])
    for i: uint256 in range(10):
        roots[i] = extract32(claim, 198 + 32 * i)
    assert roots[0] == code_root and roots[1] == program_root and roots[7] == input_root, "task roots"
    assert self._le(claim, 140 + 42, 8) == input_length, "input length"
    rest: bytes32 = keccak256(concat(b"\x41", roots[1], roots[3], roots[5], roots[6], roots[7], roots[8], roots[9]))
    final: bytes32 = keccak256(concat(b"\x40", registers, roots[0], roots[2], roots[4], rest))
    path: DynArray[bytes32, MAX_PATH] = []
    for i: uint256 in range(MAX_PATH):
        if i >= h0:
            break
        path.append(extract32(claim, 551 + 32 * i))
    history: bytes32 = extract32(claim, 518)
    assert self._last_leaf_root(final, path) == history, "the final state is not the history's last leaf"

    # The initial state: registers zero but pc, gas and inputLength; empty trees but code,
    # program and input.
    initial_registers: Bytes[58] = concat(
        b"\x00\x00", self._le4(self._le(claim, 68, 8)), empty(bytes12),
        self._le8(gas_limit), empty(bytes16), self._le8(input_length), empty(bytes8))
    initial_rest: bytes32 = keccak256(concat(
        b"\x41", program_root, self._zero_root(4, 14), self._zero_root(6, 20), self._zero_root(7, 32),
        input_root, self._zero_root(9, 27), self._zero_root(10, 16)))
    self.initial_state = keccak256(concat(
        b"\x40", initial_registers, code_root, self._zero_root(3, 18), self._zero_root(5, 27), initial_rest))

    self.solver = msg.sender
    self.claim_hash = keccak256(claim)
    self.challenger = challenger
    self.bond = msg.value
    self.levels = levels
    self.degree_log = degree_log
    self.remaining = [clock, clock]
    self.level = 0
    self.height = h0
    self.node = history
    self.anchor = self.initial_state
    self.level_start = 0
    self.offset = 0


@external
@payable
def join():
    """
    @notice The challenger accepts the game with the same bond; the clock starts now.
    """
    assert self.phase == PHASE_OPEN and self.solver != empty(address), "not open"
    assert msg.sender == self.challenger, "not the challenger"
    assert msg.value == self.bond, "the bond"
    self.phase = PHASE_BISECT
    self.last_time = block.number


# MARK: - Moves

@internal
def _tick(mover: uint256):
    # The chess clock: the mover pays the blocks since the last move from its time.
    assert self.phase != PHASE_OVER and self.phase != PHASE_OPEN, "no game in progress"
    who: address = self.solver
    if mover == 1:
        who = self.challenger
    assert msg.sender == who, "not your move"
    elapsed: uint256 = block.number - self.last_time
    assert elapsed <= self.remaining[mover], "out of time"
    self.remaining[mover] -= elapsed
    self.last_time = block.number


@internal
def _finish(winner: address, reason: String[16]):
    self.phase = PHASE_OVER
    self.winner = winner
    log GameOver(winner=winner, reason=reason)
    send(winner, self.balance)


@internal
@view
def _sigma(level: uint256) -> uint256:
    # Machine steps per leaf of `level`: 2 to the sum of the heights below it.
    total: uint256 = 0
    for i: uint256 in range(MAX_LEVELS):
        if i >= len(self.levels):
            break
        if i > level:
            total += self.levels[i]
    return 1 << total


@external
def bisect(children: DynArray[bytes32, MAX_CHILDREN]):
    """
    @notice The solver splits the disputed node into 2^k children, k = min(b, height).
    """
    assert self.phase == PHASE_BISECT, "not a bisection"
    self._tick(0)
    k: uint256 = min(self.degree_log, self.height)
    assert len(children) == 1 << k, "wrong number of children"
    layer: DynArray[bytes32, MAX_CHILDREN] = children
    for _: uint256 in range(7):
        if len(layer) == 1:
            break
        upper: DynArray[bytes32, MAX_CHILDREN] = []
        for i: uint256 in range(MAX_CHILDREN // 2):
            if 2 * i >= len(layer):
                break
            upper.append(self._node(layer[2 * i], layer[2 * i + 1]))
        layer = upper
    assert layer[0] == self.node, "the children do not hash to the node"
    self.children = children
    self.phase = PHASE_CHOOSE
    log Moved(mover=0, phase=PHASE_BISECT, level=self.level, height=self.height)


@external
def choose(j: uint256, agreed: bytes32, path: DynArray[bytes32, MAX_PATH]):
    """
    @notice The challenger disputes child j; for j > 0 it opens the last leaf of child j - 1,
            the state both agree on, with its path in that child.
    """
    assert self.phase == PHASE_CHOOSE, "not a choice"
    self._tick(1)
    k: uint256 = min(self.degree_log, self.height)
    assert j < len(self.children), "no such child"
    if j > 0:
        assert len(path) == self.height - k, "path length"
        assert self._last_leaf_root(agreed, path) == self.children[j - 1], "the agreed state is not that child's last leaf"
        self.anchor = agreed
    else:
        assert len(path) == 0 and agreed == empty(bytes32), "child 0 takes nothing"
    self.node = self.children[j]
    self.height -= k
    self.offset += j * (1 << self.height)
    if self.height > 0:
        self.phase = PHASE_BISECT
    elif self.level + 1 < len(self.levels):
        self.phase = PHASE_REFINE
    else:
        self.phase = PHASE_STEP
    log Moved(mover=1, phase=PHASE_CHOOSE, level=self.level, height=self.height)


@external
def refine(root: bytes32, state: bytes32, path: DynArray[bytes32, MAX_PATH]):
    """
    @notice The solver opens the disputed leaf's state and commits to the level below over
            its steps, ending at that state.
    """
    assert self.phase == PHASE_REFINE, "not a refinement"
    self._tick(0)
    assert self._leaf(state) == self.node, "the state is not the disputed leaf"
    next_height: uint256 = self.levels[self.level + 1]
    assert len(path) == next_height, "path length"
    assert self._last_leaf_root(state, path) == root, "the state is not the last leaf of the commitment"
    self.level_start = self.level_start + self.offset * self._sigma(self.level)
    self.level += 1
    self.offset = 0
    self.height = next_height
    self.node = root
    self.phase = PHASE_BISECT
    log Moved(mover=0, phase=PHASE_REFINE, level=self.level, height=self.height)


@external
def step(proof: Bytes[24576]):
    """
    @notice The challenger proves the one step after the agreed state; the Referee decides.
    """
    assert self.phase == PHASE_STEP, "not at one step"
    self._tick(1)
    after: bytes32 = extcall Referee(referee).verify(self.anchor, proof)
    if self._leaf(after) == self.node:
        self._finish(self.solver, "step")
    else:
        self._finish(self.challenger, "step")


@external
def timeout():
    """
    @notice Ends the game when the party to move has used up its time: it loses.
    """
    assert self.phase != PHASE_OVER and self.phase != PHASE_OPEN, "no game in progress"
    mover: uint256 = 0
    if self.phase == PHASE_CHOOSE or self.phase == PHASE_STEP:
        mover = 1
    assert block.number > self.last_time + self.remaining[mover], "still in time"
    if mover == 0:
        self._finish(self.challenger, "timeout")
    else:
        self._finish(self.solver, "timeout")
