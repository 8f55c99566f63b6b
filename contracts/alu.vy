#pragma version ^0.4.3
"""
@title Integer semantics of the Cairn task machine (a module)
@notice Pure functions on 64-bit slot values, one per opcode of the opcode table
        (docs/program-format.md). i32 operands are the low 32 bits of a slot; i32 results are
        zero-extended. Each returns (val, trap): trap is a TrapKind raw val, 0 for none.
"""

M32: constant(uint256) = 2**32 - 1
M64: constant(uint256) = 2**64 - 1
SIGN32: constant(uint256) = 2**31
SIGN64: constant(uint256) = 2**63
HI32: constant(uint256) = max_value(uint256) - M32
HI64: constant(uint256) = max_value(uint256) - M64

TRAP_DIV_ZERO: constant(uint256) = 4
TRAP_OVERFLOW: constant(uint256) = 5


@internal
@pure
def _signed(x: uint256, sign: uint256, high: uint256) -> int256:
    # x holds a w-bit val; its two's complement reading as int256.
    if x & sign != 0:
        return convert(convert(x | high, bytes32), int256)
    return convert(x, int256)


@internal
@pure
def _bits(v: int256, mask: uint256) -> uint256:
    return convert(convert(v, bytes32), uint256) & mask


@internal
@pure
def _shr_s(a: uint256, k: uint256, sign: uint256, high: uint256, mask: uint256) -> uint256:
    # Arithmetic sh of a w-bit val by k < w: sign-extend to 256 bits, sh, cut.
    if a & sign != 0:
        return ((a | high) >> k) & mask
    return a >> k


@internal
@pure
def _int_binary(a: uint256, b: uint256, k: uint256, width: uint256) -> (uint256, uint256):
    # k: 0 add 1 sub 2 mul 3 div_s 4 div_u 5 rem_s 6 rem_u 7 and 8 or 9 xor 10 shl 11 shr_s
    #    12 shr_u 13 rotl 14 rotr, on width-bit operands a and b (already cut to width).
    mask: uint256 = M32
    sign: uint256 = SIGN32
    high: uint256 = HI32
    if width == 64:
        mask = M64
        sign = SIGN64
        high = HI64
    if k == 0:
        return (a + b) & mask, 0
    if k == 1:
        return unsafe_sub(a, b) & mask, 0
    if k == 2:
        return unsafe_mul(a, b) & mask, 0
    if k == 3 or k == 4 or k == 5 or k == 6:
        if b == 0:
            return 0, TRAP_DIV_ZERO
        if k == 4:
            return a // b, 0
        if k == 6:
            return a % b, 0
        sa: int256 = self._signed(a, sign, high)
        sb: int256 = self._signed(b, sign, high)
        if k == 3:
            if a == sign and b == mask:
                return 0, TRAP_OVERFLOW
            return self._bits(unsafe_div(sa, sb), mask), 0
        if b == mask:
            return 0, 0
        return self._bits(sa % sb, mask), 0
    if k == 7:
        return a & b, 0
    if k == 8:
        return a | b, 0
    if k == 9:
        return a ^ b, 0
    s: uint256 = b & (width - 1)
    if k == 10:
        return (a << s) & mask, 0
    if k == 11:
        return self._shr_s(a, s, sign, high, mask), 0
    if k == 12:
        return a >> s, 0
    if k == 13:
        return ((a << s) | (a >> (width - s))) & mask, 0
    return ((a >> s) | (a << (width - s))) & mask, 0


@internal
@pure
def _compare(a: uint256, b: uint256, k: uint256, sign: uint256) -> uint256:
    # k: 0 eq 1 ne 2 lt_s 3 lt_u 4 gt_s 5 gt_u 6 le_s 7 le_u 8 ge_s 9 ge_u
    x: uint256 = a
    y: uint256 = b
    if k == 2 or k == 4 or k == 6 or k == 8:
        # Flipping the sign bit orders signed values as unsigned ones.
        x = a ^ sign
        y = b ^ sign
    result: bool = False
    if k == 0:
        result = x == y
    elif k == 1:
        result = x != y
    elif k == 2 or k == 3:
        result = x < y
    elif k == 4 or k == 5:
        result = x > y
    elif k == 6 or k == 7:
        result = x <= y
    else:
        result = x >= y
    if result:
        return 1
    return 0


@internal
@pure
def binary(op: uint256, x: uint256, y: uint256) -> (uint256, uint256):
    """
    @notice An integer binary opcode (31..60, 75..94) on slot values x and y.
    """
    if op >= 31 and op <= 45:
        return self._int_binary(x & M32, y & M32, op - 31, 32)
    if op >= 46 and op <= 60:
        return self._int_binary(x & M64, y & M64, op - 46, 64)
    if op >= 75 and op <= 84:
        return self._compare(x & M32, y & M32, op - 75, SIGN32), 0
    if op >= 85 and op <= 94:
        return self._compare(x & M64, y & M64, op - 85, SIGN64), 0
    raise "cairn: not an integer binary opcode"


@internal
@pure
def _clz(x: uint256, width: uint256) -> uint256:
    n: uint256 = 0
    for i: uint256 in range(64):
        if i >= width:
            break
        if (x >> (width - 1 - i)) & 1 != 0:
            break
        n += 1
    return n


@internal
@pure
def _ctz(x: uint256, width: uint256) -> uint256:
    n: uint256 = 0
    for i: uint256 in range(64):
        if i >= width:
            break
        if (x >> i) & 1 != 0:
            break
        n += 1
    return n


@internal
@pure
def _popcnt(x: uint256) -> uint256:
    n: uint256 = 0
    v: uint256 = x
    for i: uint256 in range(64):
        if v == 0:
            break
        n += v & 1
        v = v >> 1
    return n


@internal
@pure
def _extend(x: uint256, bits: uint256, mask: uint256) -> uint256:
    # Sign-extends the low `bits` bits of x to the width `mask` covers.
    low: uint256 = x & ((1 << bits) - 1)
    if low & (1 << (bits - 1)) != 0:
        return (low | (max_value(uint256) << bits)) & mask
    return low


@internal
@pure
def unary(op: uint256, x: uint256) -> uint256:
    """
    @notice An integer unary opcode (107..119, 134, 139, 140) on slot val x.
    """
    a: uint256 = x & M32
    b: uint256 = x & M64
    if op == 107:
        return convert(a == 0, uint256)
    if op == 108:
        return convert(b == 0, uint256)
    if op == 109:
        return self._clz(a, 32)
    if op == 110:
        return self._ctz(a, 32)
    if op == 111:
        return self._popcnt(a)
    if op == 112:
        return self._extend(a, 8, M32)
    if op == 113:
        return self._extend(a, 16, M32)
    if op == 114:
        return self._clz(b, 64)
    if op == 115:
        return self._ctz(b, 64)
    if op == 116:
        return self._popcnt(b)
    if op == 117:
        return self._extend(b, 8, M64)
    if op == 118:
        return self._extend(b, 16, M64)
    if op == 119 or op == 139:
        return self._extend(b, 32, M64)
    if op == 134 or op == 140:
        return a
    raise "cairn: not an integer unary opcode"


@internal
@pure
def immediate_op(op: uint256, imm: uint256) -> (uint256, uint256):
    """
    @notice For an opcode with an immediate (186..223): the binary opcode it applies and the
            immediate as its right operand (i64 immediates are sign-extended from 32 bits).
    """
    i32ops: DynArray[uint256, 19] = [31, 33, 38, 39, 40, 41, 42, 43, 44, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84]
    i64ops: DynArray[uint256, 19] = [46, 48, 53, 54, 55, 56, 57, 58, 59, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94]
    if op >= 186 and op <= 204:
        return i32ops[op - 186], imm & M32
    return i64ops[op - 205], self._extend(imm, 32, M64)
