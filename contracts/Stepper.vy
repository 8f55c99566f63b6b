#pragma version ^0.4.3
"""
@title The step function of the Cairn task machine over proven leaves
@notice `step` takes the registers and the leaves a one-step proof carries (each keyed by
        tree << 64 | index), runs one step exactly as docs/proofs.md specifies, and returns the
        registers and leaves after it with a bitmap of the leaves the step read or wrote. It
        reverts when the step needs a leaf the proof lacks, and on a float instruction
        (reason "cairn: float"), which this referee does not implement yet.
        The Referee contract calls it; it keeps its working state in transient storage.
"""

import alu

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


@external
def step(regs: uint256[11], entry_keys: DynArray[uint256, MAX_ENTRIES], entry_leaves: DynArray[bytes32, MAX_ENTRIES]) -> (uint256[11], DynArray[bytes32, MAX_ENTRIES], uint256):
    """
    @notice One step over the given registers and leaves (see the contract's notice).
    """
    assert len(entry_keys) == len(entry_leaves)
    self.r = regs
    n: uint256 = len(entry_keys)
    for i: uint256 in range(MAX_ENTRIES):
        if i >= n:
            break
        self.keys[i] = entry_keys[i]
        self.leaves[i] = entry_leaves[i]
    self.count = n
    self.touched = 0
    self.trap = 0
    self.finished = True
    if regs[R_STATUS] == 0:
        self._execute()
        if self.trap != 0:
            self.r[R_STATUS] = 2
            self.r[R_TRAP] = self.trap
            self.r[R_PROGRESS] = 0
            if self.trap == T_OUT_OF_GAS:
                self.r[R_GAS] = 0
        elif self.finished:
            self.r[R_PROGRESS] = 0
        self.r[R_STEPS] = unsafe_add(self.r[R_STEPS], 1) & M64
    out: DynArray[bytes32, MAX_ENTRIES] = []
    for i: uint256 in range(MAX_ENTRIES):
        if i >= n:
            break
        out.append(self.leaves[i])
    return self.r, out, self.touched


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


# MARK: - The step

@internal
def _execute():
    code: uint256 = self._read(CODE, self.r[R_PC])
    ok: bool = False
    op: uint256 = 0
    o: uint256[3] = empty(uint256[3])
    ok, op, o = self._parse(code)
    if not ok or op == 30:
        self._fail(T_UNREACHABLE)
        return
    if self.r[R_PROGRESS] != 0 and not self._is_multi_step(op):
        self._fail(T_UNREACHABLE)
        return
    if self.r[R_PROGRESS] == 0:
        self._pay(self._word(code, 3))
    if self.trap != 0:
        return
    next: uint256 = (self.r[R_PC] + 1) & M32
    if self._is_float(op):
        raise "cairn: float"
    if (op >= 31 and op <= 60) or (op >= 75 and op <= 94):
        x: uint256 = self._slot(o[1])
        y: uint256 = self._slot(o[2])
        val: uint256 = 0
        kind: uint256 = 0
        val, kind = alu.binary(op, x, y)
        if kind != 0:
            self._fail(kind)
        self._set_slot(o[0], val)
    elif (op >= 107 and op <= 119) or op == 134 or op == 139 or op == 140:
        self._set_slot(o[0], alu.unary(op, self._slot(o[1])))
    elif op >= 186 and op <= 223:
        base_op: uint256 = 0
        imm: uint256 = 0
        base_op, imm = alu.immediate_op(op, o[2])
        val: uint256 = 0
        kind: uint256 = 0
        val, kind = alu.binary(base_op, self._slot(o[1]), imm)
        self._set_slot(o[0], val)
    elif op >= 163 and op <= 176:
        self._load(op, o[0], o[1], o[2])
    elif op >= 177 and op <= 185:
        self._store(op, o[0], o[1], o[2])
    elif op >= 224:
        if self._compare_branch(op, o[0], o[1]):
            next = o[2]
    else:
        next = self._control(op, o, next)
    if self.trap == 0 and self.finished and self.r[R_STATUS] == 0:
        self.r[R_PC] = next


@internal
def _compare_branch(op: uint256, lhs: uint256, rhs: uint256) -> bool:
    x: uint256 = self._slot(lhs)
    y: uint256 = 0
    base_op: uint256 = 0
    if op <= 243:
        y = self._slot(rhs)
        base_op = op - 224 + 75
    elif op <= 253:
        y = rhs
        base_op = op - 244 + 75
    else:
        base_op, y = alu.immediate_op(op - 254 + 214, rhs)
    taken: uint256 = 0
    kind: uint256 = 0
    taken, kind = alu.binary(base_op, x, y)
    return taken != 0


@internal
def _load(op: uint256, d: uint256, a: uint256, offset: uint256):
    widths: uint256[14] = [4, 8, 4, 8, 1, 1, 2, 2, 1, 1, 2, 2, 4, 4]
    n: uint256 = widths[op - 163]
    addr: uint256 = self._u32(a) + offset
    if self.trap != 0:
        return
    if addr + n > self._memory_bytes():
        self._fail(T_MEMORY)
        return
    raw: uint256 = self._read_bytes(MEMORY, 0, addr, n)
    val: uint256 = raw
    if op == 167:
        val = self._sign_extend(raw, 8, M32)
    elif op == 169:
        val = self._sign_extend(raw, 16, M32)
    elif op == 171:
        val = self._sign_extend(raw, 8, M64)
    elif op == 173:
        val = self._sign_extend(raw, 16, M64)
    elif op == 175:
        val = self._sign_extend(raw, 32, M64)
    self._set_slot(d, val)


@internal
@pure
def _sign_extend(x: uint256, bits: uint256, mask: uint256) -> uint256:
    if x & (1 << (bits - 1)) != 0:
        return (x | (max_value(uint256) << bits)) & mask
    return x


@internal
def _store(op: uint256, a: uint256, v: uint256, offset: uint256):
    widths: uint256[9] = [4, 8, 4, 8, 1, 2, 1, 2, 4]
    n: uint256 = widths[op - 177]
    addr: uint256 = self._u32(a) + offset
    if self.trap != 0:
        return
    if addr + n > self._memory_bytes():
        self._fail(T_MEMORY)
        return
    val: uint256 = self._slot(v)
    first: uint256 = self._chunk(addr, n)
    self._write_chunk(MEMORY, addr, val, first)
    if first < n:
        self._write_chunk(MEMORY, addr + first, val >> (8 * first), n - first)


# MARK: - Control, calls, globals, memory and table instructions

@internal
def _control(op: uint256, o: uint256[3], pc_next: uint256) -> uint256:
    next: uint256 = pc_next
    if op == 0:
        self._fail(T_UNREACHABLE)
    elif op == 1:
        self._set_slot(o[0], self._slot(o[1]))
    elif op == 2:
        self._set_slot(o[0], o[1])
    elif op == 3:
        self._set_slot(o[0], o[1] | (o[2] << 32))
    elif op == 4:
        if self._u32(o[2]) == 0:
            self._set_slot(o[0], self._slot(o[1]))
    elif op == 5:
        next = o[0]
    elif op == 6:
        if self._u32(o[0]) != 0:
            next = o[1]
    elif op == 7:
        if self._u32(o[0]) == 0:
            next = o[1]
    elif op == 8:
        if o[2] == 0:
            self._fail(T_UNREACHABLE)
            return next
        entry: uint256 = o[1] + min(self._u32(o[0]), o[2] - 1)
        leaf: uint256 = self._program(3, entry >> 3, T_UNREACHABLE)
        next = (self._word(leaf, (entry & 7) >> 1) >> (32 * (entry & 1))) & M32
    elif op == 9:
        record: uint256 = self._program(1, o[0], T_UNREACHABLE)
        next = self._call(record, o[1], next)
    elif op == 10:
        next = self._call_indirect(o, next)
    elif op == 11:
        if self.r[R_DEPTH] == 0:
            self.r[R_STATUS] = 1
            return next
        self.r[R_DEPTH] -= 1
        frame: uint256 = self._read(FRAMES, self.r[R_DEPTH])
        self._write(FRAMES, self.r[R_DEPTH], 0)
        if self.trap == 0:
            next = self._word(frame, 0) & M32
            self.r[R_BASE] = self._word(frame, 1) & M32
    elif op == 12:
        self._set_slot(o[0], self._word(self._read(GLOBALS, o[1]), 0))
    elif op == 13:
        val: uint256 = self._slot(o[0])
        self._write(GLOBALS, o[1], self._leaf_w0(val))
    elif op == 14:
        self._set_slot(o[0], self.r[R_PAGES])
    elif op == 15:
        self._memory_grow(o[0], o[1])
    elif op == 16:
        self._memory_fill(o[0])
    elif op == 17:
        self._memory_copy(o[0])
    elif op == 18:
        self._memory_init(o[0], o[1])
    elif op == 19 or op == 27:
        self._drop(op, o[0])
    elif op == 20:
        i: uint256 = self._u32(o[1])
        if self.trap == 0 and i >= self._table_size(o[2]):
            self._fail(T_TABLE)
        self._set_slot(o[0], self._element(o[2], i))
    elif op == 21:
        i: uint256 = self._u32(o[0])
        if self.trap == 0 and i >= self._table_size(o[2]):
            self._fail(T_TABLE)
        val: uint256 = self._slot(o[1])
        self._set_element(o[2], i, val)
    elif op == 22:
        self._set_slot(o[0], self._table_size(o[1]))
    elif op == 23:
        self._table_grow(o[0], o[1])
    elif op == 24:
        self._table_fill(o[0], o[1])
    elif op == 25:
        self._table_copy(o[0], o[1], o[2])
    elif op == 26:
        self._table_init(o[0], o[1], o[2])
    elif op == 28:
        self._set_slot(o[0], o[1] + 1)
    elif op == 29:
        self._set_slot(o[0], convert(self._slot(o[1]) == 0, uint256))
    else:
        self._fail(T_UNREACHABLE)
    return next


@internal
def _drop(op: uint256, segment: uint256):
    # data.drop (19) and elem.drop (27): only a segment that has items is marked.
    if segment >= 4096:
        self._fail(T_UNREACHABLE)
        return
    info: uint256 = 5
    region: uint256 = 0
    if op == 27:
        info = 7
        region = 1
    if self._word(self._program(info, segment, T_UNREACHABLE), 0) > 0:
        self._write(AUX, (region << 12) | segment, self._leaf_w0(1))


@internal
def _call_indirect(o: uint256[3], pc_next: uint256) -> uint256:
    type_leaf: uint256 = self._program(2, o[0], T_UNREACHABLE)
    if self.trap != 0:
        return pc_next
    if self._word(type_leaf, 3) != 1:
        self._fail(T_UNREACHABLE)
        return pc_next
    element: uint256 = self._abs_slot(self.r[R_BASE] + o[2] + self._word(type_leaf, 0)) & M32
    size: uint256 = self._table_size(o[1])
    if self.trap != 0:
        return pc_next
    if element >= size:
        self._fail(T_UNDEFINED)
        return pc_next
    reference: uint256 = self._element(o[1], element)
    if self.trap != 0:
        return pc_next
    if reference == 0:
        self._fail(T_UNINITIALIZED)
        return pc_next
    functions: uint256 = self._word(self._program(0, 0, T_UNREACHABLE), 1)
    if self.trap != 0:
        return pc_next
    if reference - 1 >= functions:
        self._fail(T_INDIRECT_TYPE)
        return pc_next
    record: uint256 = self._program(1, reference - 1, T_INDIRECT_TYPE)
    if self.trap != 0:
        return pc_next
    w3: uint256 = self._word(record, 3)
    if w3 & 255 == 0 or w3 >> 32 != self._word(type_leaf, 2):
        self._fail(T_INDIRECT_TYPE)
        return pc_next
    return self._call(record, o[2], pc_next)


@internal
def _call(record: uint256, frame: uint256, pc_next: uint256) -> uint256:
    if self.trap != 0:
        return pc_next
    w3: uint256 = self._word(record, 3)
    kind: uint256 = w3 & 255
    if kind == 2:
        self._host_call((w3 >> 8) & 16777215, frame)
        return pc_next
    if kind != 1:
        self._fail(T_UNREACHABLE)
        return pc_next
    base: uint256 = self.r[R_BASE] + frame
    w1: uint256 = self._word(record, 1)
    w2: uint256 = self._word(record, 2)
    parameters: uint256 = w1 & M32
    locals: uint256 = w2 & M32
    frame_size: uint256 = w2 >> 32
    progress: uint256 = self.r[R_PROGRESS]
    if locals < parameters or (progress != 0 and progress >= locals - parameters):
        self._fail(T_UNREACHABLE)
        return pc_next
    if self.r[R_DEPTH] >= MAX_DEPTH:
        self._fail(T_CALL_STACK)
        return pc_next
    if base + frame_size > MAX_SLOTS:
        self._fail(T_VALUE_STACK)
        return pc_next
    remaining: uint256 = locals - parameters - progress
    n: uint256 = min(remaining, LOCALS_PER_STEP)
    # From the last local down: a call_indirect's element index sits in the first local's
    # slot and must survive until the last part.
    for i: uint256 in range(LOCALS_PER_STEP):
        if i >= n:
            break
        self._set_abs_slot(base + parameters + remaining - 1 - i, 0)
    if remaining > n:
        self.r[R_PROGRESS] = progress + n
        self.finished = False
        return pc_next
    self._write(FRAMES, self.r[R_DEPTH], self._leaf_w0(pc_next) | (self._bswap64(self.r[R_BASE]) << 128))
    if self.trap != 0:
        return pc_next
    self.r[R_DEPTH] += 1
    self.r[R_BASE] = base
    return self._word(record, 0) & M32


@internal
def _memory_grow(d: uint256, delta: uint256):
    pages: uint256 = self._u32(delta)
    maximum: uint256 = min(self._word(self._program(0, 0, T_UNREACHABLE), 0), MAX_PAGES)
    if self.trap != 0:
        return
    if pages <= maximum and self.r[R_PAGES] + pages <= maximum:
        self._pay(self._product(pages, self._word(self._program(0, 6, T_UNREACHABLE), 0)))
        self._set_slot(d, self.r[R_PAGES])
        if self.trap == 0:
            self.r[R_PAGES] += pages
    else:
        self._set_slot(d, M32)


# MARK: - Bulk memory (one destination leaf per step)

@internal
def _memory_fill(o: uint256):
    destination: uint256 = self._u32(o)
    val: uint256 = self._slot(o + 1) & 255
    n: uint256 = self._u32(o + 2)
    self._check_progress(n)
    if self.trap != 0:
        return
    if self.r[R_PROGRESS] == 0:
        if destination + n > self._memory_bytes():
            self._fail(T_MEMORY)
            return
        self._pay(self._bulk_cost(n))
    if n == 0 or self.trap != 0:
        return
    at: uint256 = destination + self.r[R_PROGRESS]
    k: uint256 = self._chunk(at, n - self.r[R_PROGRESS])
    # k copies of the byte, little-endian.
    data: uint256 = val * (max_value(uint256) // 255)
    self._write_chunk(MEMORY, at, data, k)
    self._advance(k, n)


@internal
def _memory_copy(o: uint256):
    destination: uint256 = self._u32(o)
    source: uint256 = self._u32(o + 1)
    n: uint256 = self._u32(o + 2)
    self._check_progress(n)
    if self.trap != 0:
        return
    if self.r[R_PROGRESS] == 0:
        limit: uint256 = self._memory_bytes()
        if destination + n > limit or source + n > limit:
            self._fail(T_MEMORY)
            return
        self._pay(self._bulk_cost(n))
    if n == 0 or self.trap != 0:
        return
    left: uint256 = n - self.r[R_PROGRESS]
    if destination <= source:
        at: uint256 = destination + self.r[R_PROGRESS]
        k: uint256 = self._chunk(at, left)
        data: uint256 = self._read_bytes(MEMORY, 0, source + self.r[R_PROGRESS], k)
        self._write_chunk(MEMORY, at, data, k)
        self._advance(k, n)
    else:
        end: uint256 = destination + left
        k: uint256 = min(left, ((end - 1) & 31) + 1)
        data: uint256 = self._read_bytes(MEMORY, 0, source + left - k, k)
        self._write_chunk(MEMORY, end - k, data, k)
        self._advance(k, n)


@internal
def _memory_init(segment: uint256, o: uint256):
    destination: uint256 = self._u32(o)
    source: uint256 = self._u32(o + 1)
    n: uint256 = self._u32(o + 2)
    length: uint256 = 0
    if not self._dropped(0, segment):
        length = self._word(self._program(5, segment, T_UNREACHABLE), 0)
    self._check_progress(n)
    if self.trap != 0:
        return
    if self.r[R_PROGRESS] == 0:
        if source + n > length or destination + n > self._memory_bytes():
            self._fail(T_MEMORY)
            return
        self._pay(self._bulk_cost(n))
    if n == 0 or self.trap != 0:
        return
    at: uint256 = destination + self.r[R_PROGRESS]
    k: uint256 = self._chunk(at, n - self.r[R_PROGRESS])
    base: uint256 = (4 << 40) | (segment << 28)
    data: uint256 = self._read_bytes(PROGRAM, base, source + self.r[R_PROGRESS], k)
    self._write_chunk(MEMORY, at, data, k)
    self._advance(k, n)


# MARK: - Tables (one element per step)

@internal
def _table_grow(table: uint256, o: uint256):
    val: uint256 = self._slot(o)
    delta: uint256 = self._u32(o + 1)
    size: uint256 = self._table_size(table)
    maximum: uint256 = min(self._word(self._program(8, table, T_UNREACHABLE), 0), MAX_TABLE_ELEMENTS)
    if self.trap != 0:
        return
    if delta > maximum or size > maximum - delta:
        self._check_progress(0)
        self._set_slot(o, M32)
        return
    total: uint256 = 0
    if val != 0:
        total = delta
    self._check_progress(total)
    if self.r[R_PROGRESS] == 0:
        self._pay(self._product(delta, self._word(self._program(0, 6, T_UNREACHABLE), 2)))
    if self.trap != 0:
        return
    if val != 0 and delta > 0:
        self._set_element(table, size + self.r[R_PROGRESS], val)
        self._advance(1, delta)
        if not self.finished:
            return
    self._write(AUX, (2 << 12) | table, self._leaf_w0(size + delta))
    self._set_slot(o, size)


@internal
def _table_fill(table: uint256, o: uint256):
    start: uint256 = self._u32(o)
    val: uint256 = self._slot(o + 1)
    n: uint256 = self._u32(o + 2)
    self._check_progress(n)
    if self.trap != 0:
        return
    if self.r[R_PROGRESS] == 0:
        size: uint256 = self._table_size(table)
        if self.trap != 0:
            return
        if start + n > size:
            self._fail(T_TABLE)
            return
        self._pay(self._product(n, self._word(self._program(0, 6, T_UNREACHABLE), 2)))
    if n == 0 or self.trap != 0:
        return
    self._set_element(table, start + self.r[R_PROGRESS], val)
    self._advance(1, n)


@internal
def _table_copy(destination_table: uint256, source_table: uint256, o: uint256):
    destination: uint256 = self._u32(o)
    source: uint256 = self._u32(o + 1)
    n: uint256 = self._u32(o + 2)
    self._check_progress(n)
    if self.trap != 0:
        return
    if self.r[R_PROGRESS] == 0:
        if destination + n > self._table_size(destination_table):
            self._fail(T_TABLE)
            return
        if self.trap != 0:
            return
        if source + n > self._table_size(source_table):
            self._fail(T_TABLE)
            return
        self._pay(self._product(n, self._word(self._program(0, 6, T_UNREACHABLE), 2)))
    if n == 0 or self.trap != 0:
        return
    k: uint256 = self.r[R_PROGRESS]
    if destination_table == source_table and destination > source:
        k = n - 1 - self.r[R_PROGRESS]
    val: uint256 = self._element(source_table, source + k)
    self._set_element(destination_table, destination + k, val)
    self._advance(1, n)


@internal
def _table_init(table: uint256, segment: uint256, o: uint256):
    destination: uint256 = self._u32(o)
    source: uint256 = self._u32(o + 1)
    n: uint256 = self._u32(o + 2)
    length: uint256 = 0
    if not self._dropped(1, segment):
        length = self._word(self._program(7, segment, T_UNREACHABLE), 0)
    self._check_progress(n)
    if self.trap != 0:
        return
    if self.r[R_PROGRESS] == 0:
        if source + n > length:
            self._fail(T_TABLE)
            return
        if destination + n > self._table_size(table):
            self._fail(T_TABLE)
            return
        self._pay(self._product(n, self._word(self._program(0, 6, T_UNREACHABLE), 2)))
    if n == 0 or self.trap != 0:
        return
    item: uint256 = source + self.r[R_PROGRESS]
    leaf: uint256 = self._program(6, (segment << 28) | (item >> 2), T_UNREACHABLE)
    self._set_element(table, destination + self.r[R_PROGRESS], self._word(leaf, item & 3))
    self._advance(1, n)


# MARK: - Host calls (task.input_size, task.input_read, task.output_write)

@internal
def _host_call(host: uint256, frame: uint256):
    if host > 2:
        self._fail(T_UNREACHABLE)
        return
    base: uint256 = self.r[R_BASE] + frame
    width: uint256 = host + 1
    if host == 1:
        width = 3
    elif host == 2:
        width = 2
    if base + width > MAX_SLOTS:
        self._fail(T_VALUE_STACK)
        return
    if self.r[R_PROGRESS] == 0:
        self._pay(self._word(self._program(0, 6, T_UNREACHABLE), 3))
    if self.trap != 0:
        return
    if host == 0:
        self._check_progress(0)
        self._set_abs_slot(base, self.r[R_INLEN])
    elif host == 1:
        self._input_read(base)
    else:
        self._output_write(base)


@internal
def _input_read(base: uint256):
    offset: uint256 = self._abs_slot(base) & M32
    pointer: uint256 = self._abs_slot(base + 1) & M32
    length: uint256 = self._abs_slot(base + 2) & M32
    available: uint256 = 0
    if self.r[R_INLEN] > offset:
        available = self.r[R_INLEN] - offset
    n: uint256 = min(length, available)
    self._check_progress(n)
    if self.trap != 0:
        return
    if self.r[R_PROGRESS] == 0:
        if pointer + n > self._memory_bytes():
            self._fail(T_MEMORY)
            return
        self._pay(self._bulk_cost(n))
    if self.trap != 0:
        return
    if n > 0:
        at: uint256 = pointer + self.r[R_PROGRESS]
        k: uint256 = self._chunk(at, n - self.r[R_PROGRESS])
        data: uint256 = self._read_bytes(INPUT, 0, offset + self.r[R_PROGRESS], k)
        self._write_chunk(MEMORY, at, data, k)
        self._advance(k, n)
        if not self.finished:
            return
    self._set_abs_slot(base, n)


@internal
def _output_write(base: uint256):
    pointer: uint256 = self._abs_slot(base) & M32
    length: uint256 = self._abs_slot(base + 1) & M32
    self._check_progress(length)
    if self.trap != 0:
        return
    if self.r[R_OUTLEN] > MAX_OUTPUT:
        self._fail(T_HOST)
        return
    if self.r[R_PROGRESS] == 0:
        if pointer + length > self._memory_bytes():
            self._fail(T_MEMORY)
            return
        if self.r[R_OUTLEN] + length > MAX_OUTPUT:
            self._fail(T_HOST)
            return
        self._pay(self._bulk_cost(length))
    if length == 0 or self.trap != 0:
        return
    k: uint256 = self._chunk(self.r[R_OUTLEN], length - self.r[R_PROGRESS])
    data: uint256 = self._read_bytes(MEMORY, 0, pointer + self.r[R_PROGRESS], k)
    self._write_chunk(OUTPUT, self.r[R_OUTLEN], data, k)
    self.r[R_OUTLEN] += k
    self._advance(k, length)
