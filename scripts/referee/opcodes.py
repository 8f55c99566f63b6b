"""Instruction families by opcode (docs/program-format.md, "Opcodes") and the opcode a proof's
step executes."""

FLOAT = "float"


def family(op):
    if op in (0, 5, 6, 7, 8, 11, 4, 30):
        return "control"
    if op in (9, 10):
        return "call"
    if op in (1, 2, 3, 12, 13, 14, 28, 29):
        return "moves/globals"
    if op in (15, 16, 17, 18, 19):
        return "memory.bulk"
    if 20 <= op <= 27:
        return "table"
    if 31 <= op <= 60:
        return "i32/i64 arithmetic" if op not in (41, 42, 43, 44, 45, 56, 57, 58, 59, 60) else "shift/rotate"
    if 61 <= op <= 74 or 95 <= op <= 106 or 120 <= op <= 133:
        return FLOAT
    if 75 <= op <= 94 or op in (107, 108):
        return "compare"
    if op in (109, 110, 111, 114, 115, 116):
        return "clz/ctz/popcnt"
    if op in (112, 113, 117, 118, 119, 134, 139, 140):
        return "conversion"
    if 135 <= op <= 162:
        return FLOAT
    if 163 <= op <= 176:
        return "load"
    if 177 <= op <= 185:
        return "store"
    if 186 <= op <= 223:
        return "immediate"
    return "compare-branch"


# The opcodes the contract implements: every non-float one but 30 (no instruction).
INTEGER_OPCODES = [op for op in range(256) if family(op) != FLOAT and op != 30]


def read_leb(data, at):
    value, shift = 0, 0
    while True:
        b = data[at]
        at += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, at
        shift += 7


def describe(proof):
    """The opcode of the instruction a proof's step executes, from its code leaf; None for a
    stopped state's identity step."""
    status = proof[4]
    at = 4 + 58
    if status != 0 or proof[at] != 1:
        return None
    _, at = read_leb(proof, at + 1)
    _, at = read_leb(proof, at)
    return proof[at + 1]
