#pragma version ^0.4.3
"""
@title The step function of the Cairn task machine over proven leaves
@notice `step` takes the registers and the leaves a one-step proof carries (each keyed by
        tree << 64 | index), runs one step exactly as docs/proofs.md specifies, and returns the
        registers and leaves after it with a bitmap of the leaves the step read or wrote. It
        reverts when the step needs a leaf the proof lacks, and on a float instruction
        (reason "cairn: float") other than the soft-float profile's trapping conversion of a
        NaN (docs/softfloat.md): refereed tasks are lowered with that profile.
        The Referee contract calls it; it keeps its working state in transient storage.
        The instruction families live in modules: machine (state and accessors), alu (integer
        semantics), control (control, calls, globals, memory and tables, host calls) and bulk.
"""

import alu
import machine
import bulk
import control

initializes: machine
initializes: bulk[machine := machine]
initializes: control[machine := machine, bulk := bulk]


@external
def step(regs: uint256[11], entry_keys: DynArray[uint256, machine.MAX_ENTRIES], entry_leaves: DynArray[bytes32, machine.MAX_ENTRIES]) -> (uint256[11], DynArray[bytes32, machine.MAX_ENTRIES], uint256):
    """
    @notice One step over the given registers and leaves (see the contract's notice).
    """
    assert len(entry_keys) == len(entry_leaves)
    machine.r = regs
    n: uint256 = len(entry_keys)
    for i: uint256 in range(machine.MAX_ENTRIES):
        if i >= n:
            break
        machine.keys[i] = entry_keys[i]
        machine.leaves[i] = entry_leaves[i]
    machine.count = n
    machine.touched = 0
    machine.trap = 0
    machine.finished = True
    if regs[machine.R_STATUS] == 0:
        self._execute()
        if machine.trap != 0:
            machine.r[machine.R_STATUS] = 2
            machine.r[machine.R_TRAP] = machine.trap
            machine.r[machine.R_PROGRESS] = 0
            if machine.trap == machine.T_OUT_OF_GAS:
                machine.r[machine.R_GAS] = 0
        elif machine.finished:
            machine.r[machine.R_PROGRESS] = 0
        machine.r[machine.R_STEPS] = unsafe_add(machine.r[machine.R_STEPS], 1) & machine.M64
    out: DynArray[bytes32, machine.MAX_ENTRIES] = []
    for i: uint256 in range(machine.MAX_ENTRIES):
        if i >= n:
            break
        out.append(machine.leaves[i])
    return machine.r, out, machine.touched



# MARK: - The step

# The trap kind of a float-to-integer conversion of NaN (TrapKind.invalidConversionToInteger).
TRAP_INVALID_CONVERSION: constant(uint256) = 6
# An f32's exponent and fraction bits (a NaN has every exponent bit and a non-zero fraction).
F32_EXPONENT: constant(uint256) = 255 << 23
F32_FRACTION: constant(uint256) = (1 << 23) - 1

@internal
def _execute():
    code: uint256 = machine._read(machine.CODE, machine.r[machine.R_PC])
    ok: bool = False
    op: uint256 = 0
    o: uint256[3] = empty(uint256[3])
    ok, op, o = machine._parse(code)
    if not ok or op == 30:
        machine._fail(machine.T_UNREACHABLE)
        return
    if machine.r[machine.R_PROGRESS] != 0 and not machine._is_multi_step(op):
        machine._fail(machine.T_UNREACHABLE)
        return
    if machine.r[machine.R_PROGRESS] == 0:
        machine._pay(machine._word(code, 3))
    if machine.trap != 0:
        return
    next: uint256 = (machine.r[machine.R_PC] + 1) & machine.M32
    if machine._is_float(op):
        self._float(op, o[1])
    elif (op >= 31 and op <= 60) or (op >= 75 and op <= 94):
        x: uint256 = machine._slot(o[1])
        y: uint256 = machine._slot(o[2])
        val: uint256 = 0
        kind: uint256 = 0
        val, kind = alu.binary(op, x, y)
        if kind != 0:
            machine._fail(kind)
        machine._set_slot(o[0], val)
    elif (op >= 107 and op <= 119) or op == 134 or op == 139 or op == 140:
        machine._set_slot(o[0], alu.unary(op, machine._slot(o[1])))
    elif op >= 186 and op <= 223:
        base_op: uint256 = 0
        imm: uint256 = 0
        base_op, imm = alu.immediate_op(op, o[2])
        val: uint256 = 0
        kind: uint256 = 0
        val, kind = alu.binary(base_op, machine._slot(o[1]), imm)
        machine._set_slot(o[0], val)
    elif op >= 163 and op <= 176:
        self._load(op, o[0], o[1], o[2])
    elif op >= 177 and op <= 185:
        self._store(op, o[0], o[1], o[2])
    elif op >= 224:
        if self._compare_branch(op, o[0], o[1]):
            next = o[2]
    else:
        next = control._control(op, o, next)
    if machine.trap == 0 and machine.finished and machine.r[machine.R_STATUS] == 0:
        machine.r[machine.R_PC] = next


@internal
def _float(op: uint256, src: uint256):
    # Refereed tasks are lowered with the soft-float profile (docs/softfloat.md): float arithmetic
    # is integer code, and the one float instruction left is `i32.trunc_f32_s` of a NaN, the
    # library's way to trap "invalid conversion to integer" (kind 6). Its operand is read (the
    # prover's touched set) and the step traps; any other float step is not refereed.
    x: uint256 = machine._slot(src) & machine.M32
    if op == 135 and (x & F32_EXPONENT) == F32_EXPONENT and (x & F32_FRACTION) != 0:
        machine._fail(TRAP_INVALID_CONVERSION)
        return
    raise "cairn: float"


@internal
def _compare_branch(op: uint256, lhs: uint256, rhs: uint256) -> bool:
    x: uint256 = machine._slot(lhs)
    y: uint256 = 0
    base_op: uint256 = 0
    if op <= 243:
        y = machine._slot(rhs)
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
    addr: uint256 = machine._u32(a) + offset
    if machine.trap != 0:
        return
    if addr + n > machine._memory_bytes():
        machine._fail(machine.T_MEMORY)
        return
    raw: uint256 = machine._read_bytes(machine.MEMORY, 0, addr, n)
    val: uint256 = raw
    if op == 167:
        val = self._sign_extend(raw, 8, machine.M32)
    elif op == 169:
        val = self._sign_extend(raw, 16, machine.M32)
    elif op == 171:
        val = self._sign_extend(raw, 8, machine.M64)
    elif op == 173:
        val = self._sign_extend(raw, 16, machine.M64)
    elif op == 175:
        val = self._sign_extend(raw, 32, machine.M64)
    machine._set_slot(d, val)


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
    addr: uint256 = machine._u32(a) + offset
    if machine.trap != 0:
        return
    if addr + n > machine._memory_bytes():
        machine._fail(machine.T_MEMORY)
        return
    val: uint256 = machine._slot(v)
    first: uint256 = machine._chunk(addr, n)
    machine._write_chunk(machine.MEMORY, addr, val, first)
    if first < n:
        machine._write_chunk(machine.MEMORY, addr + first, val >> (8 * first), n - first)
