#!/usr/bin/env python3
"""Checks the soft-float library module (docs/softfloat.md, "The library module"):

  check.py softfloat.wasm [--swift OUT.swift]

- no imports; every function body uses only locals, constants, integer instructions, control and
  calls to the module's own functions (no memory, no globals, no tables, no call_indirect, no
  block type that names a type): the lowering appends the bodies to a program unchanged;
- no float instruction, except the trap sequence `i32.const 0x7FC00000; f32.reinterpret_i32;
  i32.trunc_f32_s`, exactly once in the whole module;
- no float in any function type or local;
- an export (a function) for each name of EXPORTS below.

With --swift, also writes the Swift source that embeds the module (hex in a string literal,
decoded once) into the lowering.
"""
import importlib.util
import os
import sys

# The Wasm binary reading the actors' checker already has (actors/tools/wasm-check.py): its
# error type, LEB128 and section split, and the float value types.
_spec = importlib.util.spec_from_file_location(
    "wasm_check", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "actors", "tools", "wasm-check.py"))
_wasm_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_wasm_check)
Bad, leb, sections, FLOAT_TYPES = _wasm_check.Bad, _wasm_check.leb, _wasm_check.sections, _wasm_check.FLOAT_TYPES

EXPORTS = """
f32_add f32_sub f32_mul f32_div f32_sqrt f32_min f32_max f32_ceil f32_floor f32_trunc f32_nearest
f32_abs f32_neg f32_copysign f64_add f64_sub f64_mul f64_div f64_sqrt f64_min f64_max f64_ceil
f64_floor f64_trunc f64_nearest f64_abs f64_neg f64_copysign f32_eq f32_ne f32_lt f32_gt f32_le
f32_ge f64_eq f64_ne f64_lt f64_gt f64_le f64_ge i32_trunc_f32_s i32_trunc_f32_u i32_trunc_f64_s
i32_trunc_f64_u i64_trunc_f32_s i64_trunc_f32_u i64_trunc_f64_s i64_trunc_f64_u
i32_trunc_sat_f32_s i32_trunc_sat_f32_u i32_trunc_sat_f64_s i32_trunc_sat_f64_u
i64_trunc_sat_f32_s i64_trunc_sat_f32_u i64_trunc_sat_f64_s i64_trunc_sat_f64_u
f32_convert_i32_s f32_convert_i32_u f32_convert_i64_s f32_convert_i64_u f64_convert_i32_s
f64_convert_i32_u f64_convert_i64_s f64_convert_i64_u f32_demote_f64 f64_promote_f32
""".split()

TRAP = bytes([0x41, 0x80, 0x80, 0x80, 0xFE, 0x07, 0xBE, 0xA8])
# Integer instructions without immediates: eqz/comparisons, arithmetic, wrap/extend, the sign
# extensions; 0xBC..0xBF are reinterpretations (float), 0xA7 wrap, 0xAC/0xAD extends.
INTEGER_PLAIN = set(range(0x45, 0x5B)) | set(range(0x67, 0x8B)) | {0xA7, 0xAC, 0xAD} | set(range(0xC0, 0xC5))


def walk(code, function_count):
    """Checks one body; returns how many trap sequences it holds."""
    i = 0
    groups, i = leb(code, i)
    for _ in range(groups):
        _, i = leb(code, i)
        if code[i] in FLOAT_TYPES:
            raise Bad("float local")
        i += 1
    traps = 0
    while i < len(code):
        start = i
        op = code[i]
        i += 1
        if op in (0x02, 0x03, 0x04):
            if code[i] not in (0x40, 0x7F, 0x7E):
                raise Bad(f"block type 0x{code[i]:02x}")
            i += 1
        elif op in (0x0C, 0x0D, 0x20, 0x21, 0x22):
            _, i = leb(code, i)
        elif op == 0x10:
            target, i = leb(code, i)
            if target >= function_count:
                raise Bad(f"call to function {target}")
        elif op == 0x0E:
            n, i = leb(code, i)
            for _ in range(n + 1):
                _, i = leb(code, i)
        elif op == 0x41:
            if code[start:start + len(TRAP)] == TRAP:
                traps += 1
                i = start + len(TRAP)
                continue
            _, i = leb(code, i, signed=True)
        elif op == 0x42:
            _, i = leb(code, i, signed=True)
        elif op in (0x00, 0x01, 0x05, 0x0B, 0x0F, 0x1A, 0x1B) or op in INTEGER_PLAIN:
            pass
        else:
            raise Bad(f"instruction 0x{op:02x} at byte {start}")
    return traps


def check(data):
    types, function_types, bodies, exports = [], [], [], {}
    for sid, body in sections(data):
        if sid == 1:
            n, i = leb(body, 0)
            for _ in range(n):
                pn, i = leb(body, i + 1)
                params = body[i:i + pn]
                i += pn
                rn, i = leb(body, i)
                results = body[i:i + rn]
                i += rn
                if any(t in FLOAT_TYPES for t in params + results):
                    raise Bad("float in a function type")
                types.append((params, results))
        elif sid == 2:
            n, _ = leb(body, 0)
            if n:
                raise Bad("imports")
        elif sid == 3:
            n, i = leb(body, 0)
            for _ in range(n):
                t, i = leb(body, i)
                function_types.append(t)
        elif sid == 7:
            n, i = leb(body, 0)
            for _ in range(n):
                length, i = leb(body, i)
                name = body[i:i + length].decode()
                i += length
                kind = body[i]
                index, i = leb(body, i + 1)
                exports[name] = (kind, index)
        elif sid == 10:
            n, i = leb(body, 0)
            for _ in range(n):
                size, i = leb(body, i)
                bodies.append(body[i:i + size])
                i += size
    traps = sum(walk(body, len(function_types)) for body in bodies)
    if traps != 1:
        raise Bad(f"{traps} trap sequences (want exactly 1)")
    for name in EXPORTS:
        if exports.get(name, (None,))[0] != 0:
            raise Bad(f"no function export {name}")
    return len(bodies)


SWIFT = """// Generated by scripts/build-softfloat.sh from softfloat/softfloat.wasm. Do not edit.

extension SoftFloatLibrary {{
    /// The bytes of softfloat/softfloat.wasm ({size} bytes), in hexadecimal.
    static let moduleHex: StaticString = "{hex}"
}}
"""


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 64
    data = open(argv[1], "rb").read()
    try:
        count = check(data)
    except (Bad, IndexError) as error:
        print(f"{argv[1]}: {error}", file=sys.stderr)
        return 1
    print(f"checked {argv[1]}: {count} functions, {len(EXPORTS)} exports, {len(data)} bytes, no float instruction but the trap")
    if len(argv) == 4 and argv[2] == "--swift":
        with open(argv[3], "w") as out:
            out.write(SWIFT.format(size=len(data), hex=data.hex()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
