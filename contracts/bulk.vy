#pragma version ^0.4.3
"""
@title Bulk memory and table instructions (a module of Stepper.vy)
@notice memory.fill/copy/init and table.grow/fill/copy/init, one destination leaf or element per
        step (the progress register counts the units done), as TaskStep+Bulk does.
"""

import machine

uses: machine


# MARK: - Bulk memory (one destination leaf per step)

@internal
def _memory_fill(o: uint256):
    destination: uint256 = machine._u32(o)
    val: uint256 = machine._slot(o + 1) & 255
    n: uint256 = machine._u32(o + 2)
    machine._check_progress(n)
    if machine.trap != 0:
        return
    if machine.r[machine.R_PROGRESS] == 0:
        if destination + n > machine._memory_bytes():
            machine._fail(machine.T_MEMORY)
            return
        machine._pay(machine._bulk_cost(n))
    if n == 0 or machine.trap != 0:
        return
    at: uint256 = destination + machine.r[machine.R_PROGRESS]
    k: uint256 = machine._chunk(at, n - machine.r[machine.R_PROGRESS])
    # k copies of the byte, little-endian.
    data: uint256 = val * (max_value(uint256) // 255)
    machine._write_chunk(machine.MEMORY, at, data, k)
    machine._advance(k, n)


@internal
def _memory_copy(o: uint256):
    destination: uint256 = machine._u32(o)
    source: uint256 = machine._u32(o + 1)
    n: uint256 = machine._u32(o + 2)
    machine._check_progress(n)
    if machine.trap != 0:
        return
    if machine.r[machine.R_PROGRESS] == 0:
        limit: uint256 = machine._memory_bytes()
        if destination + n > limit or source + n > limit:
            machine._fail(machine.T_MEMORY)
            return
        machine._pay(machine._bulk_cost(n))
    if n == 0 or machine.trap != 0:
        return
    left: uint256 = n - machine.r[machine.R_PROGRESS]
    if destination <= source:
        at: uint256 = destination + machine.r[machine.R_PROGRESS]
        k: uint256 = machine._chunk(at, left)
        data: uint256 = machine._read_bytes(machine.MEMORY, 0, source + machine.r[machine.R_PROGRESS], k)
        machine._write_chunk(machine.MEMORY, at, data, k)
        machine._advance(k, n)
    else:
        end: uint256 = destination + left
        k: uint256 = min(left, ((end - 1) & 31) + 1)
        data: uint256 = machine._read_bytes(machine.MEMORY, 0, source + left - k, k)
        machine._write_chunk(machine.MEMORY, end - k, data, k)
        machine._advance(k, n)


@internal
def _memory_init(segment: uint256, o: uint256):
    destination: uint256 = machine._u32(o)
    source: uint256 = machine._u32(o + 1)
    n: uint256 = machine._u32(o + 2)
    length: uint256 = 0
    if not machine._dropped(0, segment):
        length = machine._word(machine._program(5, segment, machine.T_UNREACHABLE), 0)
    machine._check_progress(n)
    if machine.trap != 0:
        return
    if machine.r[machine.R_PROGRESS] == 0:
        if source + n > length or destination + n > machine._memory_bytes():
            machine._fail(machine.T_MEMORY)
            return
        machine._pay(machine._bulk_cost(n))
    if n == 0 or machine.trap != 0:
        return
    at: uint256 = destination + machine.r[machine.R_PROGRESS]
    k: uint256 = machine._chunk(at, n - machine.r[machine.R_PROGRESS])
    base: uint256 = (4 << 40) | (segment << 28)
    data: uint256 = machine._read_bytes(machine.PROGRAM, base, source + machine.r[machine.R_PROGRESS], k)
    machine._write_chunk(machine.MEMORY, at, data, k)
    machine._advance(k, n)


# MARK: - Tables (one element per step)

@internal
def _table_grow(table: uint256, o: uint256):
    val: uint256 = machine._slot(o)
    delta: uint256 = machine._u32(o + 1)
    size: uint256 = machine._table_size(table)
    maximum: uint256 = min(machine._word(machine._program(8, table, machine.T_UNREACHABLE), 0), machine.MAX_TABLE_ELEMENTS)
    if machine.trap != 0:
        return
    if delta > maximum or size > maximum - delta:
        machine._check_progress(0)
        machine._set_slot(o, machine.M32)
        return
    total: uint256 = 0
    if val != 0:
        total = delta
    machine._check_progress(total)
    if machine.r[machine.R_PROGRESS] == 0:
        machine._pay(machine._product(delta, machine._word(machine._program(0, 6, machine.T_UNREACHABLE), 2)))
    if machine.trap != 0:
        return
    if val != 0 and delta > 0:
        machine._set_element(table, size + machine.r[machine.R_PROGRESS], val)
        machine._advance(1, delta)
        if not machine.finished:
            return
    machine._write(machine.AUX, (2 << 12) | table, machine._leaf_w0(size + delta))
    machine._set_slot(o, size)


@internal
def _table_fill(table: uint256, o: uint256):
    start: uint256 = machine._u32(o)
    val: uint256 = machine._slot(o + 1)
    n: uint256 = machine._u32(o + 2)
    machine._check_progress(n)
    if machine.trap != 0:
        return
    if machine.r[machine.R_PROGRESS] == 0:
        size: uint256 = machine._table_size(table)
        if machine.trap != 0:
            return
        if start + n > size:
            machine._fail(machine.T_TABLE)
            return
        machine._pay(machine._product(n, machine._word(machine._program(0, 6, machine.T_UNREACHABLE), 2)))
    if n == 0 or machine.trap != 0:
        return
    machine._set_element(table, start + machine.r[machine.R_PROGRESS], val)
    machine._advance(1, n)


@internal
def _table_copy(destination_table: uint256, source_table: uint256, o: uint256):
    destination: uint256 = machine._u32(o)
    source: uint256 = machine._u32(o + 1)
    n: uint256 = machine._u32(o + 2)
    machine._check_progress(n)
    if machine.trap != 0:
        return
    if machine.r[machine.R_PROGRESS] == 0:
        if destination + n > machine._table_size(destination_table):
            machine._fail(machine.T_TABLE)
            return
        if machine.trap != 0:
            return
        if source + n > machine._table_size(source_table):
            machine._fail(machine.T_TABLE)
            return
        machine._pay(machine._product(n, machine._word(machine._program(0, 6, machine.T_UNREACHABLE), 2)))
    if n == 0 or machine.trap != 0:
        return
    k: uint256 = machine.r[machine.R_PROGRESS]
    if destination_table == source_table and destination > source:
        k = n - 1 - machine.r[machine.R_PROGRESS]
    val: uint256 = machine._element(source_table, source + k)
    machine._set_element(destination_table, destination + k, val)
    machine._advance(1, n)


@internal
def _table_init(table: uint256, segment: uint256, o: uint256):
    destination: uint256 = machine._u32(o)
    source: uint256 = machine._u32(o + 1)
    n: uint256 = machine._u32(o + 2)
    length: uint256 = 0
    if not machine._dropped(1, segment):
        length = machine._word(machine._program(7, segment, machine.T_UNREACHABLE), 0)
    machine._check_progress(n)
    if machine.trap != 0:
        return
    if machine.r[machine.R_PROGRESS] == 0:
        if source + n > length:
            machine._fail(machine.T_TABLE)
            return
        if destination + n > machine._table_size(table):
            machine._fail(machine.T_TABLE)
            return
        machine._pay(machine._product(n, machine._word(machine._program(0, 6, machine.T_UNREACHABLE), 2)))
    if n == 0 or machine.trap != 0:
        return
    item: uint256 = source + machine.r[machine.R_PROGRESS]
    leaf: uint256 = machine._program(6, (segment << 28) | (item >> 2), machine.T_UNREACHABLE)
    machine._set_element(table, destination + machine.r[machine.R_PROGRESS], machine._word(leaf, item & 3))
    machine._advance(1, n)
