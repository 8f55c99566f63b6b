#pragma version ^0.4.3
"""
@title Control, calls, globals, memory, table and host-call instructions (a module of Stepper.vy)
@notice Every instruction that is not arithmetic, a load or a store: branches, calls and returns
        (frames and local slots), globals, memory.size/grow, table access, the segment drops, and
        the host calls task.input_size, task.input_read and task.output_write; it hands the bulk
        instructions to the bulk module.
"""

import machine
import bulk

uses: machine
uses: bulk


# MARK: - Control, calls, globals, memory and table instructions

@internal
def _control(op: uint256, o: uint256[3], pc_next: uint256) -> uint256:
    next: uint256 = pc_next
    if op == 0:
        machine._fail(machine.T_UNREACHABLE)
    elif op == 1:
        machine._set_slot(o[0], machine._slot(o[1]))
    elif op == 2:
        machine._set_slot(o[0], o[1])
    elif op == 3:
        machine._set_slot(o[0], o[1] | (o[2] << 32))
    elif op == 4:
        if machine._u32(o[2]) == 0:
            machine._set_slot(o[0], machine._slot(o[1]))
    elif op == 5:
        next = o[0]
    elif op == 6:
        if machine._u32(o[0]) != 0:
            next = o[1]
    elif op == 7:
        if machine._u32(o[0]) == 0:
            next = o[1]
    elif op == 8:
        if o[2] == 0:
            machine._fail(machine.T_UNREACHABLE)
            return next
        entry: uint256 = o[1] + min(machine._u32(o[0]), o[2] - 1)
        leaf: uint256 = machine._program(3, entry >> 3, machine.T_UNREACHABLE)
        next = (machine._word(leaf, (entry & 7) >> 1) >> (32 * (entry & 1))) & machine.M32
    elif op == 9:
        record: uint256 = machine._program(1, o[0], machine.T_UNREACHABLE)
        next = self._call(record, o[1], next)
    elif op == 10:
        next = self._call_indirect(o, next)
    elif op == 11:
        if machine.r[machine.R_DEPTH] == 0:
            machine.r[machine.R_STATUS] = 1
            return next
        machine.r[machine.R_DEPTH] -= 1
        frame: uint256 = machine._read(machine.FRAMES, machine.r[machine.R_DEPTH])
        machine._write(machine.FRAMES, machine.r[machine.R_DEPTH], 0)
        if machine.trap == 0:
            next = machine._word(frame, 0) & machine.M32
            machine.r[machine.R_BASE] = machine._word(frame, 1) & machine.M32
    elif op == 12:
        machine._set_slot(o[0], machine._word(machine._read(machine.GLOBALS, o[1]), 0))
    elif op == 13:
        val: uint256 = machine._slot(o[0])
        machine._write(machine.GLOBALS, o[1], machine._leaf_w0(val))
    elif op == 14:
        machine._set_slot(o[0], machine.r[machine.R_PAGES])
    elif op == 15:
        self._memory_grow(o[0], o[1])
    elif op == 16:
        bulk._memory_fill(o[0])
    elif op == 17:
        bulk._memory_copy(o[0])
    elif op == 18:
        bulk._memory_init(o[0], o[1])
    elif op == 19 or op == 27:
        self._drop(op, o[0])
    elif op == 20:
        i: uint256 = machine._u32(o[1])
        if machine.trap == 0 and i >= machine._table_size(o[2]):
            machine._fail(machine.T_TABLE)
        machine._set_slot(o[0], machine._element(o[2], i))
    elif op == 21:
        i: uint256 = machine._u32(o[0])
        if machine.trap == 0 and i >= machine._table_size(o[2]):
            machine._fail(machine.T_TABLE)
        val: uint256 = machine._slot(o[1])
        machine._set_element(o[2], i, val)
    elif op == 22:
        machine._set_slot(o[0], machine._table_size(o[1]))
    elif op == 23:
        bulk._table_grow(o[0], o[1])
    elif op == 24:
        bulk._table_fill(o[0], o[1])
    elif op == 25:
        bulk._table_copy(o[0], o[1], o[2])
    elif op == 26:
        bulk._table_init(o[0], o[1], o[2])
    elif op == 28:
        machine._set_slot(o[0], o[1] + 1)
    elif op == 29:
        machine._set_slot(o[0], convert(machine._slot(o[1]) == 0, uint256))
    else:
        machine._fail(machine.T_UNREACHABLE)
    return next


@internal
def _drop(op: uint256, segment: uint256):
    # data.drop (19) and elem.drop (27): only a segment that has items is marked.
    if segment >= 4096:
        machine._fail(machine.T_UNREACHABLE)
        return
    info: uint256 = 5
    region: uint256 = 0
    if op == 27:
        info = 7
        region = 1
    if machine._word(machine._program(info, segment, machine.T_UNREACHABLE), 0) > 0:
        machine._write(machine.AUX, (region << 12) | segment, machine._leaf_w0(1))


@internal
def _call_indirect(o: uint256[3], pc_next: uint256) -> uint256:
    type_leaf: uint256 = machine._program(2, o[0], machine.T_UNREACHABLE)
    if machine.trap != 0:
        return pc_next
    if machine._word(type_leaf, 3) != 1:
        machine._fail(machine.T_UNREACHABLE)
        return pc_next
    element: uint256 = machine._abs_slot(machine.r[machine.R_BASE] + o[2] + machine._word(type_leaf, 0)) & machine.M32
    size: uint256 = machine._table_size(o[1])
    if machine.trap != 0:
        return pc_next
    if element >= size:
        machine._fail(machine.T_UNDEFINED)
        return pc_next
    reference: uint256 = machine._element(o[1], element)
    if machine.trap != 0:
        return pc_next
    if reference == 0:
        machine._fail(machine.T_UNINITIALIZED)
        return pc_next
    functions: uint256 = machine._word(machine._program(0, 0, machine.T_UNREACHABLE), 1)
    if machine.trap != 0:
        return pc_next
    if reference - 1 >= functions:
        machine._fail(machine.T_INDIRECT_TYPE)
        return pc_next
    record: uint256 = machine._program(1, reference - 1, machine.T_INDIRECT_TYPE)
    if machine.trap != 0:
        return pc_next
    w3: uint256 = machine._word(record, 3)
    if w3 & 255 == 0 or w3 >> 32 != machine._word(type_leaf, 2):
        machine._fail(machine.T_INDIRECT_TYPE)
        return pc_next
    return self._call(record, o[2], pc_next)


@internal
def _call(record: uint256, frame: uint256, pc_next: uint256) -> uint256:
    if machine.trap != 0:
        return pc_next
    w3: uint256 = machine._word(record, 3)
    kind: uint256 = w3 & 255
    if kind == 2:
        self._host_call((w3 >> 8) & 16777215, frame)
        return pc_next
    if kind != 1:
        machine._fail(machine.T_UNREACHABLE)
        return pc_next
    base: uint256 = machine.r[machine.R_BASE] + frame
    w1: uint256 = machine._word(record, 1)
    w2: uint256 = machine._word(record, 2)
    parameters: uint256 = w1 & machine.M32
    locals: uint256 = w2 & machine.M32
    frame_size: uint256 = w2 >> 32
    progress: uint256 = machine.r[machine.R_PROGRESS]
    if locals < parameters or (progress != 0 and progress >= locals - parameters):
        machine._fail(machine.T_UNREACHABLE)
        return pc_next
    if machine.r[machine.R_DEPTH] >= machine.MAX_DEPTH:
        machine._fail(machine.T_CALL_STACK)
        return pc_next
    if base + frame_size > machine.MAX_SLOTS:
        machine._fail(machine.T_VALUE_STACK)
        return pc_next
    remaining: uint256 = locals - parameters - progress
    n: uint256 = min(remaining, machine.LOCALS_PER_STEP)
    # From the last local down: a call_indirect's element index sits in the first local's
    # slot and must survive until the last part.
    for i: uint256 in range(machine.LOCALS_PER_STEP):
        if i >= n:
            break
        machine._set_abs_slot(base + parameters + remaining - 1 - i, 0)
    if remaining > n:
        machine.r[machine.R_PROGRESS] = progress + n
        machine.finished = False
        return pc_next
    machine._write(machine.FRAMES, machine.r[machine.R_DEPTH], machine._leaf_w0(pc_next) | (machine._bswap64(machine.r[machine.R_BASE]) << 128))
    if machine.trap != 0:
        return pc_next
    machine.r[machine.R_DEPTH] += 1
    machine.r[machine.R_BASE] = base
    return machine._word(record, 0) & machine.M32


@internal
def _memory_grow(d: uint256, delta: uint256):
    pages: uint256 = machine._u32(delta)
    maximum: uint256 = min(machine._word(machine._program(0, 0, machine.T_UNREACHABLE), 0), machine.MAX_PAGES)
    if machine.trap != 0:
        return
    if pages <= maximum and machine.r[machine.R_PAGES] + pages <= maximum:
        machine._pay(machine._product(pages, machine._word(machine._program(0, 6, machine.T_UNREACHABLE), 0)))
        machine._set_slot(d, machine.r[machine.R_PAGES])
        if machine.trap == 0:
            machine.r[machine.R_PAGES] += pages
    else:
        machine._set_slot(d, machine.M32)


# MARK: - Host calls (task.input_size, task.input_read, task.output_write)

@internal
def _host_call(host: uint256, frame: uint256):
    if host > 2:
        machine._fail(machine.T_UNREACHABLE)
        return
    base: uint256 = machine.r[machine.R_BASE] + frame
    width: uint256 = host + 1
    if host == 1:
        width = 3
    elif host == 2:
        width = 2
    if base + width > machine.MAX_SLOTS:
        machine._fail(machine.T_VALUE_STACK)
        return
    if machine.r[machine.R_PROGRESS] == 0:
        machine._pay(machine._word(machine._program(0, 6, machine.T_UNREACHABLE), 3))
    if machine.trap != 0:
        return
    if host == 0:
        machine._check_progress(0)
        machine._set_abs_slot(base, machine.r[machine.R_INLEN])
    elif host == 1:
        self._input_read(base)
    else:
        self._output_write(base)


@internal
def _input_read(base: uint256):
    offset: uint256 = machine._abs_slot(base) & machine.M32
    pointer: uint256 = machine._abs_slot(base + 1) & machine.M32
    length: uint256 = machine._abs_slot(base + 2) & machine.M32
    available: uint256 = 0
    if machine.r[machine.R_INLEN] > offset:
        available = machine.r[machine.R_INLEN] - offset
    n: uint256 = min(length, available)
    machine._check_progress(n)
    if machine.trap != 0:
        return
    if machine.r[machine.R_PROGRESS] == 0:
        if pointer + n > machine._memory_bytes():
            machine._fail(machine.T_MEMORY)
            return
        machine._pay(machine._bulk_cost(n))
    if machine.trap != 0:
        return
    if n > 0:
        at: uint256 = pointer + machine.r[machine.R_PROGRESS]
        k: uint256 = machine._chunk(at, n - machine.r[machine.R_PROGRESS])
        data: uint256 = machine._read_bytes(machine.INPUT, 0, offset + machine.r[machine.R_PROGRESS], k)
        machine._write_chunk(machine.MEMORY, at, data, k)
        machine._advance(k, n)
        if not machine.finished:
            return
    machine._set_abs_slot(base, n)


@internal
def _output_write(base: uint256):
    pointer: uint256 = machine._abs_slot(base) & machine.M32
    length: uint256 = machine._abs_slot(base + 1) & machine.M32
    machine._check_progress(length)
    if machine.trap != 0:
        return
    if machine.r[machine.R_OUTLEN] > machine.MAX_OUTPUT:
        machine._fail(machine.T_HOST)
        return
    if machine.r[machine.R_PROGRESS] == 0:
        if pointer + length > machine._memory_bytes():
            machine._fail(machine.T_MEMORY)
            return
        if machine.r[machine.R_OUTLEN] + length > machine.MAX_OUTPUT:
            machine._fail(machine.T_HOST)
            return
        machine._pay(machine._bulk_cost(length))
    if length == 0 or machine.trap != 0:
        return
    k: uint256 = machine._chunk(machine.r[machine.R_OUTLEN], length - machine.r[machine.R_PROGRESS])
    data: uint256 = machine._read_bytes(machine.MEMORY, 0, pointer + machine.r[machine.R_PROGRESS], k)
    machine._write_chunk(machine.OUTPUT, machine.r[machine.R_OUTLEN], data, k)
    machine.r[machine.R_OUTLEN] += k
    machine._advance(k, length)
