#pragma version ^0.4.3
"""
@title The Cairn task machine's working state and its accessors (a module of Stepper.vy)
@notice The registers and the proven leaves in transient storage, the constants of the machine
        (trees, registers, traps, limits), and the reads and writes of leaves, slots, bytes and
        table elements every instruction family uses, plus the decoding of the code leaf. A read or
        write of a leaf the proof does not carry reverts; each one marks the leaf touched.
"""


MAX_ENTRIES: constant(uint256) = 64
M32: constant(uint256) = 2**32 - 1
M64: constant(uint256) = 2**64 - 1

# Trees (docs/proofs.md, "State").
CODE: constant(uint256) = 1
PROGRAM: constant(uint256) = 2
SLOTS: constant(uint256) = 3
FRAMES: constant(uint256) = 4
MEMORY: constant(uint256) = 5
GLOBALS: constant(uint256) = 6
TABLES: constant(uint256) = 7
INPUT: constant(uint256) = 8
OUTPUT: constant(uint256) = 9
AUX: constant(uint256) = 10

# Registers, in their encoded order.
R_STATUS: constant(uint256) = 0
R_TRAP: constant(uint256) = 1
R_PC: constant(uint256) = 2
R_BASE: constant(uint256) = 3
R_DEPTH: constant(uint256) = 4
R_PAGES: constant(uint256) = 5
R_GAS: constant(uint256) = 6
R_STEPS: constant(uint256) = 7
R_PROGRESS: constant(uint256) = 8
R_INLEN: constant(uint256) = 9
R_OUTLEN: constant(uint256) = 10

# TrapKind raw values.
T_UNREACHABLE: constant(uint256) = 1
T_MEMORY: constant(uint256) = 2
T_TABLE: constant(uint256) = 3
T_INDIRECT_TYPE: constant(uint256) = 7
T_UNINITIALIZED: constant(uint256) = 8
T_UNDEFINED: constant(uint256) = 9
T_CALL_STACK: constant(uint256) = 10
T_VALUE_STACK: constant(uint256) = 11
T_OUT_OF_GAS: constant(uint256) = 12
T_HOST: constant(uint256) = 13

# Task limits (TaskLimits / StepModel).
MAX_SLOTS: constant(uint256) = 2**20
MAX_DEPTH: constant(uint256) = 10000
MAX_PAGES: constant(uint256) = 65536
MAX_TABLE_ELEMENTS: constant(uint256) = 10**7
MAX_OUTPUT: constant(uint256) = 2**32
LOCALS_PER_STEP: constant(uint256) = 8
REGION_CAPACITY: constant(uint256) = 2**40

# Operand counts by opcode, two bits each (opcode i at bits 2i of the 512-bit pair).
OPERANDS_LO: constant(uint256) = 77194726158219572973353036438016765071153628979786950617584579646499877267432
OPERANDS_HI: constant(uint256) = 115792089237316195423570985008687907853269984665640564039064053467673992538794

r: transient(uint256[11])
keys: transient(uint256[MAX_ENTRIES])
leaves: transient(bytes32[MAX_ENTRIES])
count: transient(uint256)
touched: transient(uint256)
trap: transient(uint256)
finished: transient(bool)


# MARK: - Leaves

@internal
@pure
def _capacity(tree: uint256) -> uint256:
    depths: uint256[11] = [0, 24, 48, 18, 14, 27, 20, 32, 27, 27, 16]
    return 1 << depths[tree]


@internal
def _fail(kind: uint256):
    # The first trap wins; after it every read, write and payment does nothing.
    if self.trap == 0:
        self.trap = kind


@internal
def _locate(tree: uint256, index: uint256) -> uint256:
    key: uint256 = (tree << 64) | index
    for i: uint256 in range(MAX_ENTRIES):
        if i >= self.count:
            break
        if self.keys[i] == key:
            self.touched = self.touched | (1 << i)
            return i
    raise "cairn: the proof lacks a leaf the step needs"


@internal
def _read(tree: uint256, index: uint256) -> uint256:
    if self.trap != 0:
        return 0
    if index >= self._capacity(tree):
        self._fail(T_UNREACHABLE)
        return 0
    return convert(self.leaves[self._locate(tree, index)], uint256)


@internal
def _write(tree: uint256, index: uint256, leaf: uint256):
    if self.trap != 0:
        return
    if index >= self._capacity(tree):
        self._fail(T_UNREACHABLE)
        return
    self.leaves[self._locate(tree, index)] = convert(leaf, bytes32)


@internal
@pure
def _bswap64(x: uint256) -> uint256:
    v: uint256 = x & M64
    v = ((v & 71777214294589695) << 8) | ((v >> 8) & 71777214294589695)
    v = ((v & 281470681808895) << 16) | ((v >> 16) & 281470681808895)
    return ((v << 32) | (v >> 32)) & M64


@internal
@pure
def _word(leaf: uint256, k: uint256) -> uint256:
    # Word k of a leaf: its bytes 8k..8k+7, little-endian.
    return self._bswap64(leaf >> (64 * (3 - k)))


@internal
@pure
def _with_word(leaf: uint256, k: uint256, val: uint256) -> uint256:
    sh: uint256 = 64 * (3 - k)
    return (leaf & ~(M64 << sh)) | (self._bswap64(val) << sh)


@internal
@pure
def _leaf_w0(val: uint256) -> uint256:
    return self._bswap64(val) << 192


@internal
@pure
def _byte(leaf: uint256, j: uint256) -> uint256:
    return (leaf >> (8 * (31 - j))) & 255


# MARK: - Registers, gas, program data

@internal
def _pay(cost: uint256):
    if self.trap != 0:
        return
    if self.r[R_GAS] < cost:
        self._fail(T_OUT_OF_GAS)
        return
    self.r[R_GAS] = self.r[R_GAS] - cost


@internal
def _program(region: uint256, index: uint256, otherwise: uint256) -> uint256:
    if index >= REGION_CAPACITY:
        self._fail(otherwise)
        return 0
    return self._read(PROGRAM, (region << 40) | index)


@internal
def _bulk_cost(n: uint256) -> uint256:
    per_gas: uint256 = self._word(self._program(0, 6, T_UNREACHABLE), 1)
    if self.trap != 0:
        return 0
    if per_gas == 0:
        self._fail(T_UNREACHABLE)
        return 0
    return n // per_gas + convert(n % per_gas != 0, uint256)


@internal
@pure
def _product(a: uint256, b: uint256) -> uint256:
    return min(a * b, M64)


@internal
def _check_progress(total: uint256):
    p: uint256 = self.r[R_PROGRESS]
    if p != 0 and p >= total:
        self._fail(T_UNREACHABLE)


@internal
def _advance(n: uint256, total: uint256):
    self.r[R_PROGRESS] += n
    if self.r[R_PROGRESS] < total:
        self.finished = False


# MARK: - Slots

@internal
def _abs_slot(index: uint256) -> uint256:
    if self.trap != 0:
        return 0
    if index >= MAX_SLOTS:
        self._fail(T_VALUE_STACK)
        return 0
    return self._word(self._read(SLOTS, index >> 2), index & 3)


@internal
def _set_abs_slot(index: uint256, val: uint256):
    if self.trap != 0:
        return
    if index >= MAX_SLOTS:
        self._fail(T_VALUE_STACK)
        return
    leaf: uint256 = self._read(SLOTS, index >> 2)
    self._write(SLOTS, index >> 2, self._with_word(leaf, index & 3, val))


@internal
def _slot(s: uint256) -> uint256:
    return self._abs_slot(self.r[R_BASE] + s)


@internal
def _u32(s: uint256) -> uint256:
    return self._abs_slot(self.r[R_BASE] + s) & M32


@internal
def _set_slot(s: uint256, val: uint256):
    self._set_abs_slot(self.r[R_BASE] + s, val)


# MARK: - Bytes

@internal
def _memory_bytes() -> uint256:
    return min(self.r[R_PAGES], MAX_PAGES) * 65536


@internal
def _read_bytes(tree: uint256, base: uint256, offset: uint256, n: uint256) -> uint256:
    # n <= 32 bytes from byte `offset` of a byte tree whose byte 0 is in leaf `base`, as a
    # little-endian number.
    val: uint256 = 0
    leaf: uint256 = 0
    for k: uint256 in range(32):
        if k >= n:
            break
        position: uint256 = offset + k
        if k == 0 or position & 31 == 0:
            leaf = self._read(tree, base + (position >> 5))
        val = val | (self._byte(leaf, position & 31) << (8 * k))
    return val


@internal
def _write_chunk(tree: uint256, offset: uint256, data: uint256, n: uint256):
    # Writes n bytes (little-endian in data) that lie within the leaf of byte `offset`.
    leaf: uint256 = self._read(tree, offset >> 5)
    start: uint256 = offset & 31
    for k: uint256 in range(32):
        if k >= n:
            break
        sh: uint256 = 8 * (31 - start - k)
        leaf = (leaf & ~(255 << sh)) | (((data >> (8 * k)) & 255) << sh)
    self._write(tree, offset >> 5, leaf)


@internal
@pure
def _chunk(at: uint256, remaining: uint256) -> uint256:
    return min(remaining, 32 - (at & 31))


# MARK: - Tables

@internal
def _table_size(table: uint256) -> uint256:
    if table >= 256:
        self._fail(T_TABLE)
        return 0
    return self._word(self._read(AUX, (2 << 12) | table), 0)


@internal
def _table_leaf(table: uint256, element: uint256) -> uint256:
    if table >= 256 or element >= 2**24:
        self._fail(T_TABLE)
        return 0
    return (table << 24) | element


@internal
def _element(table: uint256, index: uint256) -> uint256:
    leaf_index: uint256 = self._table_leaf(table, index)
    return self._word(self._read(TABLES, leaf_index), 0)


@internal
def _set_element(table: uint256, index: uint256, val: uint256):
    leaf_index: uint256 = self._table_leaf(table, index)
    self._write(TABLES, leaf_index, self._leaf_w0(val))


@internal
def _dropped(region: uint256, segment: uint256) -> bool:
    if segment >= 4096:
        self._fail(T_UNREACHABLE)
        return False
    return self._word(self._read(AUX, (region << 12) | segment), 0) != 0


# MARK: - Decoding the code leaf

@internal
@pure
def _operand_count(op: uint256) -> uint256:
    if op < 128:
        return (OPERANDS_LO >> (2 * op)) & 3
    return (OPERANDS_HI >> (2 * (op - 128))) & 3


@internal
@pure
def _parse(leaf: uint256) -> (bool, uint256, uint256[3]):
    # The instruction of a code leaf: byte 0 its length, then opcode and shortest-LEB128 u32
    # operands filling exactly that length. (False, ...) if the leaf holds none.
    operands: uint256[3] = empty(uint256[3])
    length: uint256 = self._byte(leaf, 0)
    if length < 1 or length > 16:
        return False, 0, operands
    op: uint256 = self._byte(leaf, 1)
    position: uint256 = 2
    for i: uint256 in range(3):
        if i >= self._operand_count(op):
            break
        val: uint256 = 0
        sh: uint256 = 0
        for j: uint256 in range(5):
            if position > length:
                return False, 0, operands
            b: uint256 = self._byte(leaf, position)
            position += 1
            val = val | ((b & 127) << sh)
            if b & 128 == 0:
                if b == 0 and j > 0:
                    return False, 0, operands
                break
            if j == 4:
                return False, 0, operands
            sh += 7
        if val > M32:
            return False, 0, operands
        operands[i] = val
    if position != length + 1:
        return False, 0, operands
    return True, op, operands


@internal
@pure
def _is_multi_step(op: uint256) -> bool:
    return op == 9 or op == 10 or op == 16 or op == 17 or op == 18 or (op >= 23 and op <= 26)


@internal
@pure
def _is_float(op: uint256) -> bool:
    if (op >= 61 and op <= 74) or (op >= 95 and op <= 106) or (op >= 120 and op <= 133):
        return True
    if (op >= 135 and op <= 138) or (op >= 141 and op <= 162):
        return True
    return False
