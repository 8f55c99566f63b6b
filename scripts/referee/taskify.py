"""Library modules made into tasks: a Wasm module gets an exported `run () -> ()` that calls
some of its exported functions with integer arguments and drops their results, the CLI's
counterpart of the Swift tests' `TaskProgram(program, calls:)`. The new function is appended,
so no index of the module changes. Modules with imports (the task ABI allows only `task.*`),
or whose exports take other than i32/i64 parameters, give no task.

Also splits a spec-suite script (.wast) into its modules and their `assert_return` calls.
"""

import wasmtime

I32, I64 = 0x7F, 0x7E
# Section ids in the order a module must have them (the data count section, 12, before code).
ORDER = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 10, 11]


class NotATask(Exception):
    pass


def leb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def sleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if (n == 0 and not b & 0x40) or (n == -1 and b & 0x40):
            out.append(b)
            return bytes(out)
        out.append(b | 0x80)


class Cursor:
    def __init__(self, data, at=0):
        self.data, self.at = data, at

    def byte(self):
        b = self.data[self.at]
        self.at += 1
        return b

    def u(self):
        value, shift = 0, 0
        while True:
            b = self.byte()
            value |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                return value

    def name(self):
        n = self.u()
        self.at += n
        return self.data[self.at - n:self.at]


def sections(wasm):
    if wasm[:8] != b"\0asm\x01\0\0\0":
        raise NotATask("not a Wasm module")
    c, out = Cursor(wasm, 8), []
    while c.at < len(wasm):
        sid = c.byte()
        size = c.u()
        out.append((sid, wasm[c.at:c.at + size]))
        c.at += size
    return out


def vector(items):
    return leb(len(items)) + b"".join(items)


def function_types(types_section):
    c, out = Cursor(types_section), []
    for _ in range(c.u()):
        if c.byte() != 0x60:
            raise NotATask("a non-function type")
        params = [c.byte() for _ in range(c.u())]
        results = [c.byte() for _ in range(c.u())]
        out.append((params, results))
    return out


def exports_of(section):
    c, out = Cursor(section), []
    for _ in range(c.u()):
        name = c.name()
        kind = c.byte()
        out.append((name, kind, c.u()))
    return out


def taskify(wasm, calls):
    """`wasm` with a `run` export calling `calls`, a list of (export name, [integer args]); calls
    to missing exports or with non-integer parameters are left out. Returns (bytes, calls kept)."""
    parts = dict(sections(wasm))
    if parts.get(2) and Cursor(parts[2]).u() > 0:
        raise NotATask("the module has imports")
    types = function_types(parts.get(1, b"\0"))
    functions = [Cursor(parts.get(3, b"\0"))]
    c = functions[0]
    function_type = [c.u() for _ in range(c.u())]
    exports = exports_of(parts.get(7, b"\0"))
    by_name = {name.decode(): index for name, kind, index in exports if kind == 0}
    body, kept = bytearray(), []
    for name, args in calls:
        index = by_name.get(name)
        if index is None:
            continue
        params, results = types[function_type[index]]
        if len(params) != len(args) or any(p not in (I32, I64) for p in params):
            continue
        for p, a in zip(params, args):
            body += (b"\x41" if p == I32 else b"\x42") + sleb(wrap(a, 32 if p == I32 else 64))
        body += b"\x10" + leb(index) + b"\x1a" * len(results)
        kept.append((name, args))
    if not kept:
        raise NotATask("no call to make")
    body += b"\x0b"
    run_type = len(types)
    new_types = parts.get(1, b"\0")
    new_types = leb(len(types) + 1) + new_types[len(leb(len(types))):] + b"\x60\x00\x00"
    run_index = len(function_type)
    new_functions = vector([leb(t) for t in function_type + [run_type]])
    kept_exports = [(n, k, i) for n, k, i in exports if n != b"run"]
    new_exports = vector([leb(len(n)) + n + bytes([k]) + leb(i) for n, k, i in kept_exports + [(b"run", 0, run_index)]])
    code = Cursor(parts.get(10, b"\0"))
    count = code.u()
    entry = b"\x00" + bytes(body)
    new_code = leb(count + 1) + parts.get(10, b"\0")[code.at:] + leb(len(entry)) + entry
    parts.update({1: new_types, 3: new_functions, 7: new_exports, 10: new_code})
    out = bytearray(b"\0asm\x01\0\0\0")  # custom sections (names, producers) are dropped
    for sid in ORDER[1:]:
        if sid in parts:
            out += bytes([sid]) + leb(len(parts[sid])) + parts[sid]
    return bytes(out), kept


def wrap(value, bits):
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


# MARK: - Spec-suite scripts

def forms(text):
    """The top-level s-expressions of a .wast script, as text."""
    out, depth, start, i, n = [], 0, None, 0, len(text)
    while i < n:
        ch = text[i]
        if ch == ";" and text.startswith(";;", i):
            i = text.find("\n", i)
            i = n if i < 0 else i
            continue
        if ch == "(" and text.startswith("(;", i):
            level, i = 1, i + 2
            while i < n and level:
                if text.startswith("(;", i):
                    level, i = level + 1, i + 2
                elif text.startswith(";)", i):
                    level, i = level - 1, i + 2
                else:
                    i += 1
            continue
        if ch == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                out.append(text[start:i + 1])
        i += 1
    return out


def spec_modules(text, limit_calls=200):
    """[(module bytes, [(export, [integer args])])] for the text modules of a .wast script whose
    assert_return calls take only integer constants (quoted and binary modules are skipped)."""
    out, current = [], None
    for form in forms(text):
        head = form[1:].split(None, 1)[0] if len(form) > 1 else ""
        if head == "module":
            if " binary" in form[:80] or " quote" in form[:80] or form.startswith("(module definition"):
                current = None
                continue
            try:
                wasm = wasmtime.wat2wasm(form)
            except Exception:
                current = None
                continue
            current = (bytes(wasm), [])
            out.append(current)
        elif head == "assert_return" and current is not None and len(current[1]) < limit_calls:
            call = parse_invoke(form)
            if call is not None:
                current[1].append(call)
    return [m for m in out if m[1]]


def parse_invoke(form):
    inner = form[len("(assert_return"):].strip()
    if not inner.startswith("(invoke"):
        return None
    tokens = inner.replace("(", " ( ").replace(")", " ) ").split()
    # ( invoke "name" ( i32.const N ) ... )
    if len(tokens) < 3 or not tokens[2].startswith('"') or not tokens[2].endswith('"') or len(tokens[2]) < 2:
        return None
    name, args, i = tokens[2][1:-1], [], 3
    while i < len(tokens) and tokens[i] == "(":
        if i + 3 >= len(tokens) or tokens[i + 1] not in ("i32.const", "i64.const") or tokens[i + 3] != ")":
            break
        try:
            args.append(int(tokens[i + 2].replace("_", ""), 0))
        except ValueError:
            return None
        i += 4
    if tokens[i] != ")":
        return None  # a non-integer argument, or the end of the invoke is elsewhere
    return name, args
