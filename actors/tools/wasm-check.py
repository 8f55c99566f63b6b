#!/usr/bin/env python3
"""Checks a built actor module: it must decode, import only syscalls of actors/abi/syscalls.json
with their exact signatures, export `invoke: (i32) -> i32` and `memory`, and contain no
floating-point instruction (Cairn's no-floats deployment profile).

  wasm-check.py ABI_JSON FILE...   exit 1 and name the problem if any module fails

The instruction walk covers what clang emits for -mcpu=generic (MVP, sign extension,
saturating truncation, bulk memory, reference types, multi-value).
"""
import json
import sys

# Opcodes of f32/f64 instructions: loads/stores, constants, comparisons, arithmetic, and every
# conversion that takes or gives a float (0xA8-0xBF except the integer-only 0xAC and 0xAD).
FLOAT_OPS = {0x2A, 0x2B, 0x38, 0x39, 0x43, 0x44} | set(range(0x5B, 0x67)) | set(range(0x8B, 0xA7)) \
    | (set(range(0xA8, 0xC0)) - {0xAC, 0xAD})
FLOAT_TYPES = {0x7D, 0x7C}  # f32, f64 value types


class Bad(Exception):
    pass


def leb(data, i, signed=False):
    result = shift = 0
    while True:
        if i >= len(data):
            raise Bad("truncated LEB128")
        byte = data[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            if signed and byte & 0x40:
                result -= 1 << shift
            return result, i


def name(data, i):
    n, i = leb(data, i)
    return data[i:i + n].decode(), i + n


def value_types(data, i):
    n, i = leb(data, i)
    types = list(data[i:i + n])
    return types, i + n


def sections(data):
    if data[:8] != b"\0asm\x01\0\0\0":
        raise Bad("not a Wasm 1 binary module")
    i, out = 8, []
    while i < len(data):
        sid = data[i]
        size, j = leb(data, i + 1)
        out.append((sid, data[j:j + size]))
        i = j + size
    return out


def block_type(code, i):
    if code[i] in (0x40, 0x7F, 0x7E, 0x7D, 0x7C, 0x7B, 0x70, 0x6F):
        if code[i] in FLOAT_TYPES:
            raise Bad("float block type")
        return i + 1
    _, i = leb(code, i, signed=True)
    return i


def walk_body(code):
    """Walks one function body's instructions; raises Bad on any float opcode."""
    i = 0
    groups, i = leb(code, i)
    for _ in range(groups):
        _, i = leb(code, i)
        if code[i] in FLOAT_TYPES:
            raise Bad("float local")
        i += 1
    while i < len(code):
        op = code[i]
        i += 1
        if op in FLOAT_OPS:
            raise Bad(f"float instruction 0x{op:02x}")
        if op in (0x02, 0x03, 0x04):
            i = block_type(code, i)
        elif op in (0x0C, 0x0D, 0x10, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0xD2):
            _, i = leb(code, i)
        elif op == 0x0E:
            n, i = leb(code, i)
            for _ in range(n + 1):
                _, i = leb(code, i)
        elif op == 0x11:
            _, i = leb(code, i)
            _, i = leb(code, i)
        elif op == 0x1C:
            n, i = leb(code, i)
            if any(t in FLOAT_TYPES for t in code[i:i + n]):
                raise Bad("float select")
            i += n
        elif 0x28 <= op <= 0x3E:
            _, i = leb(code, i)
            _, i = leb(code, i)
        elif op in (0x3F, 0x40):
            i += 1
        elif op == 0x41:
            _, i = leb(code, i, signed=True)
        elif op == 0x42:
            _, i = leb(code, i, signed=True)
        elif op == 0xD0:
            i += 1
        elif op == 0xFC:
            sub, i = leb(code, i)
            if sub <= 7:
                raise Bad(f"float instruction 0xfc {sub}")
            if sub in (8,):
                _, i = leb(code, i)
                i += 1
            elif sub in (9, 13, 15, 16, 17):
                _, i = leb(code, i)
            elif sub in (10, 14):
                _, i = leb(code, i)
                _, i = leb(code, i)
            elif sub == 11:
                i += 1
            elif sub == 12:
                _, i = leb(code, i)
                _, i = leb(code, i)
            else:
                raise Bad(f"unknown 0xfc {sub}")
        elif op == 0xFD:
            raise Bad("SIMD instruction")
        elif op in (0x00, 0x01, 0x05, 0x0B, 0x0F, 0x1A, 0x1B, 0xD1) or 0x45 <= op <= 0xC4:
            pass
        else:
            raise Bad(f"unknown opcode 0x{op:02x}")


def expected_imports(abi):
    out = {}
    for module in abi["modules"]:
        for call in module["syscalls"]:
            params = ([0x7F] if call["result"] is not None else []) + \
                [0x7F if p["wasm"] == "i32" else 0x7E for p in call["params"]]
            out[(module["name"], call["name"])] = (params, [0x7F])
    return out


def check(path, abi):
    data = open(path, "rb").read()
    types, imports, exports, bodies = [], [], {}, []
    for sid, body in sections(data):
        if sid == 1:
            n, i = leb(body, 0)
            for _ in range(n):
                if body[i] != 0x60:
                    raise Bad("bad function type")
                params, i = value_types(body, i + 1)
                results, i = value_types(body, i)
                types.append((params, results))
                if any(t in FLOAT_TYPES for t in params + results):
                    raise Bad("float in a function type")
        elif sid == 2:
            n, i = leb(body, 0)
            for _ in range(n):
                module, i = name(body, i)
                field, i = name(body, i)
                kind = body[i]
                i += 1
                if kind != 0:
                    raise Bad(f"import {module}.{field} is not a function")
                index, i = leb(body, i)
                imports.append((module, field, types[index]))
        elif sid == 7:
            n, i = leb(body, 0)
            for _ in range(n):
                field, i = name(body, i)
                kind = body[i]
                index, i = leb(body, i + 1)
                exports[field] = (kind, index)
        elif sid == 6 and (0x7D in body or 0x7C in body):
            # Globals: only flag a float global type (first byte of each entry).
            n, i = leb(body, 0)
            for _ in range(n):
                if body[i] in FLOAT_TYPES:
                    raise Bad("float global")
                i += 2
                while body[i] != 0x0B:
                    i += 1
                i += 1
        elif sid == 10:
            n, i = leb(body, 0)
            for _ in range(n):
                size, i = leb(body, i)
                bodies.append(body[i:i + size])
                i += size
    allowed = expected_imports(abi)
    for module, field, signature in imports:
        if (module, field) not in allowed:
            raise Bad(f"imports {module}.{field}, which is not a syscall")
        if tuple(map(list, allowed[(module, field)])) != tuple(map(list, signature)):
            raise Bad(f"imports {module}.{field} with the wrong signature")
    if exports.get("memory", (None,))[0] != 2:
        raise Bad("does not export its memory as `memory`")
    if exports.get("invoke", (None,))[0] != 0:
        raise Bad("does not export `invoke`")
    invoke_type = types[_function_type_index(data, exports["invoke"][1], len(imports))]
    if invoke_type != ([0x7F], [0x7F]):
        raise Bad("`invoke` is not (i32) -> i32")
    for body in bodies:
        walk_body(body)


def _function_type_index(data, function_index, import_count):
    for sid, body in sections(data):
        if sid == 2:
            n, i = leb(body, 0)
            for k in range(n):
                _, i = name(body, i)
                _, i = name(body, i)
                index, i = leb(body, i + 1)
                if k == function_index:
                    return index
        if sid == 3:
            n, i = leb(body, 0)
            for k in range(n):
                index, i = leb(body, i)
                if k + import_count == function_index:
                    return index
    raise Bad("no type for `invoke`")


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 64
    abi = json.load(open(argv[1]))
    failed = 0
    for path in argv[2:]:
        try:
            check(path, abi)
        except (Bad, IndexError) as error:
            print(f"{path}: {error}", file=sys.stderr)
            failed = 1
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv))
