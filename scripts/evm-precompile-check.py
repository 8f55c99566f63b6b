#!/usr/bin/env python3
"""Checks the EVM precompiles in C (evm/precompiles, issue 24) against independent Python oracles.

    pip install py_ecc==8.0.0            # bn254 add, mul and pairing
    python3 scripts/evm-precompile-check.py [--quick] [--only NAME,...] [--wasm-bench]

It compiles evm/precompiles/*.c with tests/driver.c natively (the clang beside `swift`, or $CLANG),
checks that every source also compiles freestanding for wasm32 (-nostdlib, -Werror) and that the
wasm code uses no floating point, then feeds the driver random and edge inputs and compares each
output with an oracle:

  ripemd160  hashlib (or pycryptodome)
  modexp     Python's pow(), with EIP-198's parsing written here; gas by EIP-2565's formula
  blake2f    an RFC 7693 compression function written here, itself checked against hashlib.blake2b
  bn254_*    py_ecc's bn128 (validity: coordinates < p, on the curve, G2 in the subgroup)

and the test vectors of the EIPs; then random call data through a driver built with AddressSanitizer
and UndefinedBehaviorSanitizer (every input answered, no report). It ends with `N passed, M failed`.
"""
import argparse
import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
PRE = os.path.join(ROOT, "evm", "precompiles")


def find_clang():
    if os.environ.get("CLANG"):
        return os.environ["CLANG"]
    swift = shutil.which("swift")
    if swift:
        candidate = os.path.join(os.path.dirname(os.path.realpath(swift)), "clang")
        if os.path.exists(candidate):
            return candidate
    return shutil.which("clang") or "clang"


def sources():
    return sorted(os.path.join(PRE, f) for f in os.listdir(PRE) if f.endswith(".c"))


def build_native(clang, work, limb32=False):
    """The driver; `limb32` builds the field multiplication wasm32 uses (32-bit limbs)."""
    exe = os.path.join(work, "driver-limb32" if limb32 else "driver")
    cmd = [clang, "-O2", "-Wall", "-Wextra", "-Werror", "-o", exe, *sources(), os.path.join(PRE, "tests", "driver.c")]
    if limb32:
        cmd.append("-DEVM_PRECOMPILES_LIMB32")
    extra = os.environ.get("EXTRA_SOURCES")
    if extra:
        cmd += extra.split()
    subprocess.run(cmd, check=True)
    return exe


WASM_CFLAGS = ["--target=wasm32", "-O2", "-mcpu=generic", "-nostdlib", "-ffreestanding", "-Wall", "-Wextra", "-Werror"]


def build_wasm_module(clang, objects, work):
    """The precompiles and tests/wasm_support.c (memcpy, memset, a bump evm_alloc) as one module."""
    support = os.path.join(work, "wasm_support.o")
    subprocess.run([clang, *WASM_CFLAGS, "-fno-builtin", "-c", os.path.join(PRE, "tests", "wasm_support.c"), "-o", support],
                   check=True)
    module = os.path.join(work, "precompiles.wasm")
    exports = [f"-Wl,--export=evm_precompile_{name}" for name in
               ("ripemd160", "modexp", "modexp_gas", "bn254_add", "bn254_mul", "bn254_pairing", "blake2f")]
    subprocess.run([clang, "--target=wasm32", "-nostdlib", "-Wl,--no-entry", *exports, *objects, support, "-o", module],
                   check=True)
    return module


def wasm_bench_pairing(module_path, data, calls):
    """CPU time of one pairing call on wasmtime (Cranelift), after a warm-up call."""
    import wasmtime
    store = wasmtime.Store()
    module = wasmtime.Module.from_file(store.engine, module_path)
    instance = wasmtime.Instance(store, module, [])
    exports = instance.exports(store)
    memory, alloc = exports["memory"], exports["evm_alloc"]
    reset, keep = exports["bench_reset"], exports["bench_keep"]
    pairing = exports["evm_precompile_bn254_pairing"]
    at = alloc(store, len(data))
    out = alloc(store, 32)
    memory.write(store, data, at)
    keep(store)
    result = pairing(store, at, len(data), out)  # warm-up
    start = time.process_time()
    for _ in range(calls):
        reset(store)
        result = pairing(store, at, len(data), out)
    elapsed = time.process_time() - start
    return elapsed / calls * 1e6, result, memory.read(store, out, out + 32)[31]


def check_wasm(clang, work):
    """Each source compiles freestanding for wasm32; the linked code has no float instruction."""
    objects = []
    for src in sources():
        obj = os.path.join(work, os.path.basename(src) + ".o")
        subprocess.run([clang, *WASM_CFLAGS, "-c", src, "-o", obj], check=True)
        objects.append(obj)
    objdump = os.path.join(os.path.dirname(clang), "llvm-objdump")
    floats = 0
    if os.path.exists(objdump):
        for obj in objects:
            text = subprocess.run([objdump, "-d", obj], capture_output=True, text=True, check=True).stdout
            # (llvm-objdump prints the untyped `select`, opcode 0x1b, as f32.select.)
            floats += sum(1 for line in text.splitlines() if re.search(r"\bf(32|64)\.(?!select\b)", line))
    return objects, floats


class Driver:
    def __init__(self, exe):
        self.proc = subprocess.Popen([exe], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)

    def call(self, name, data):
        self.proc.stdin.write(f"{name} {data.hex()}\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().strip()


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.by_name = {}

    def check(self, name, label, got, expected):
        ok = got == expected
        p, f = self.by_name.get(name, (0, 0))
        self.by_name[name] = (p + ok, f + (not ok))
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            if self.failed <= 30:
                print(f"FAIL {name} {label}: got {got[:140]} expected {expected[:140]}")


def u256(x):
    return x.to_bytes(32, "big")


# ---------------------------------------------------------------- ripemd160

def ripemd160(data):
    try:
        return hashlib.new("ripemd160", data).digest()
    except ValueError:
        from Crypto.Hash import RIPEMD160
        return RIPEMD160.new(data).digest()


def check_ripemd160(driver, tally, rng, quick):
    lengths = list(range(0, 140)) + [rng.randrange(140, 3000) for _ in range(10 if quick else 60)]
    for n in lengths:
        data = rng.randbytes(n)
        tally.check("ripemd160", f"len {n}", driver.call("ripemd160", data), (bytes(12) + ripemd160(data)).hex())


# ---------------------------------------------------------------- modexp (EIP-198 / EIP-2565)

def padded(data, offset, n):
    chunk = data[offset:offset + n] if offset < len(data) else b""
    return chunk + bytes(n - len(chunk))


def modexp_oracle(data):
    blen = int.from_bytes(padded(data, 0, 32), "big")
    elen = int.from_bytes(padded(data, 32, 32), "big")
    mlen = int.from_bytes(padded(data, 64, 32), "big")
    if mlen == 0:
        return ""
    if blen > 2**28 or mlen > 2**28 or elen > 2**40:
        return "ERR"  # the C refuses lengths whose gas no block can pay (EIP-2565)
    b = int.from_bytes(padded(data, 96, blen), "big")
    e = int.from_bytes(padded(data, 96 + blen, elen), "big")
    m = int.from_bytes(padded(data, 96 + blen + elen, mlen), "big")
    return (pow(b, e, m) if m else 0).to_bytes(mlen, "big").hex()


def modexp_gas_oracle(data):
    blen = int.from_bytes(padded(data, 0, 32), "big")
    elen = int.from_bytes(padded(data, 32, 32), "big")
    mlen = int.from_bytes(padded(data, 64, 32), "big")
    words = (max(blen, mlen) + 7) // 8
    complexity = words * words
    head = int.from_bytes(padded(data, 96 + blen, min(elen, 32)), "big") if blen < 2**40 else 0
    index = head.bit_length() - 1 if head else 0
    iterations = index if elen <= 32 else 8 * (elen - 32) + index
    gas = max(200, complexity * max(iterations, 1) // 3)
    return min(gas, 2**64 - 1)


def modexp_input(b, e, m, blen=None, elen=None, mlen=None):
    blen = (b.bit_length() + 7) // 8 if blen is None else blen
    elen = (e.bit_length() + 7) // 8 if elen is None else elen
    mlen = (m.bit_length() + 7) // 8 if mlen is None else mlen
    return u256(blen) + u256(elen) + u256(mlen) + b.to_bytes(blen, "big") + e.to_bytes(elen, "big") + m.to_bytes(mlen, "big")


def modexp_cases(rng, quick):
    p256 = 2**256 - 2**32 - 977
    cases = [
        # EIP-198's examples: Fermat's little theorem (result 1), and a zero base length (result 0).
        bytes.fromhex("0000000000000000000000000000000000000000000000000000000000000001"
                      "0000000000000000000000000000000000000000000000000000000000000020"
                      "0000000000000000000000000000000000000000000000000000000000000020"
                      "03"
                      "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e"
                      "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f"),
        bytes.fromhex("0000000000000000000000000000000000000000000000000000000000000000"
                      "0000000000000000000000000000000000000000000000000000000000000020"
                      "0000000000000000000000000000000000000000000000000000000000000020"
                      "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e"
                      "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f"),
        modexp_input(3, p256 - 2, p256),
        modexp_input(0, 0, 0, 1, 1, 1), modexp_input(0, 0, 5), modexp_input(7, 0, 1), modexp_input(7, 0, 0, 1, 1, 4),
        modexp_input(5, 3, 1, 1, 1, 32), modexp_input(2**300, 1, 2**64 + 1), modexp_input(0, 5, 13),
        modexp_input(12345, 2**64 - 1, 2**256), modexp_input(3, 5, 2**32, mlen=40),
        bytes(96), b"", bytes.fromhex("00" * 31 + "01" + "00" * 31 + "01" + "00" * 31 + "01"),  # padded input
        u256(1) + u256(2**64) + u256(0),  # a huge exponent length with a zero modulus length
        u256(0) + u256(0) + u256(2) + b"\x01\x02",
        u256(1) + u256(40) + u256(2) + b"\x07" + bytes(39) + b"\x01\x00",  # exponent 0 over 40 bytes
        u256(1) + u256(40) + u256(3) + b"\x07" + b"\x01",  # exponent cut short (zero-padded)
    ]
    for _ in range(60 if quick else 400):
        kind = rng.random()
        if kind < 0.4:
            blen, elen, mlen = rng.randrange(0, 40), rng.randrange(0, 40), rng.randrange(0, 40)
        elif kind < 0.8:
            blen, elen, mlen = rng.randrange(0, 130), rng.randrange(0, 40), rng.randrange(1, 130)
        else:
            blen, elen, mlen = rng.randrange(0, 300), rng.randrange(0, 8), rng.randrange(1, 300)
        b, e, m = rng.getrandbits(8 * blen), rng.getrandbits(8 * elen), rng.getrandbits(8 * mlen)
        if rng.random() < 0.2 and mlen:
            m |= 1 << (8 * mlen - 1)  # full-length modulus
        if rng.random() < 0.2 and mlen:
            m &= ~1  # even modulus
        data = modexp_input(b, e, m, blen, elen, mlen)
        if rng.random() < 0.15:
            data = data[: rng.randrange(0, len(data) + 1)]  # truncated: zero-padded
        if rng.random() < 0.1:
            data += rng.randbytes(rng.randrange(1, 40))  # extra bytes are ignored
        cases.append(data)
    return cases


def check_modexp(driver, tally, rng, quick):
    for index, data in enumerate(modexp_cases(rng, quick)):
        tally.check("modexp", f"case {index}", driver.call("modexp", data), modexp_oracle(data))
        tally.check("modexp_gas", f"case {index}", driver.call("modexp_gas", data), str(modexp_gas_oracle(data)))
    for data in [u256(2**255) + u256(1) + u256(1), u256(1) + u256(2**200) + u256(1), u256(1) + u256(1) + u256(2**64),
                 u256(0) + u256(2**255) + u256(0), u256(2**32) + u256(33) + u256(2**32) + b"\xff" * 40]:
        tally.check("modexp_gas", "huge lengths", driver.call("modexp_gas", data), str(modexp_gas_oracle(data)))


# ---------------------------------------------------------------- blake2f (EIP-152, RFC 7693)

M64 = 2**64 - 1
IV = [0x6A09E667F3BCC908, 0xBB67AE8584CAA73B, 0x3C6EF372FE94F82B, 0xA54FF53A5F1D36F1,
      0x510E527FADE682D1, 0x9B05688C2B3E6C1F, 0x1F83D9ABFB41BD6B, 0x5BE0CD19137E2179]
SIGMA = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
    [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
    [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
    [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
    [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
]


def rotr(x, n):
    return ((x >> n) | (x << (64 - n))) & M64


def blake2_compress(rounds, h, m, t, final):
    """RFC 7693 section 3.2's F, with the round count a parameter (EIP-152)."""
    v = list(h) + list(IV)
    v[12] ^= t & M64
    v[13] ^= t >> 64
    if final:
        v[14] ^= M64
    for r in range(rounds):
        s = SIGMA[r % 10]
        for i, (a, b, c, d) in enumerate([(0, 4, 8, 12), (1, 5, 9, 13), (2, 6, 10, 14), (3, 7, 11, 15),
                                          (0, 5, 10, 15), (1, 6, 11, 12), (2, 7, 8, 13), (3, 4, 9, 14)]):
            x, y = m[s[2 * i]], m[s[2 * i + 1]]
            v[a] = (v[a] + v[b] + x) & M64
            v[d] = rotr(v[d] ^ v[a], 32)
            v[c] = (v[c] + v[d]) & M64
            v[b] = rotr(v[b] ^ v[c], 24)
            v[a] = (v[a] + v[b] + y) & M64
            v[d] = rotr(v[d] ^ v[a], 16)
            v[c] = (v[c] + v[d]) & M64
            v[b] = rotr(v[b] ^ v[c], 63)
    return [h[i] ^ v[i] ^ v[i + 8] for i in range(8)]


def blake2b_with_compress(data, outlen=64):
    """BLAKE2b (unkeyed) over the compression function above, to check it against hashlib."""
    h = list(IV)
    h[0] ^= 0x01010000 ^ outlen
    blocks = [data[i:i + 128] for i in range(0, len(data), 128)] or [b""]
    t = 0
    for index, block in enumerate(blocks):
        last = index == len(blocks) - 1
        t += len(block)
        block = block + bytes(128 - len(block))
        m = [int.from_bytes(block[8 * i:8 * i + 8], "little") for i in range(16)]
        h = blake2_compress(12, h, m, t, last)
    return b"".join(x.to_bytes(8, "little") for x in h)[:outlen]


def blake2f_oracle(data):
    if len(data) != 213 or data[212] > 1:
        return "ERR"
    rounds = int.from_bytes(data[0:4], "big")
    h = [int.from_bytes(data[4 + 8 * i:12 + 8 * i], "little") for i in range(8)]
    m = [int.from_bytes(data[68 + 8 * i:76 + 8 * i], "little") for i in range(16)]
    t = int.from_bytes(data[196:212], "little")
    return b"".join(x.to_bytes(8, "little") for x in blake2_compress(rounds, h, m, t, data[212])).hex()


def eip152_vector(rounds, final):
    """EIP-152's vectors 4-7: BLAKE2b-512 of "abc" as one compression (h = IV with the parameter
    block folded in, m = "abc" padded, t = 3), with `rounds` rounds and the final flag."""
    h = list(IV)
    h[0] ^= 0x01010040
    return (rounds.to_bytes(4, "big") + b"".join(x.to_bytes(8, "little") for x in h) + b"abc" + bytes(125)
            + (3).to_bytes(8, "little") + bytes(8) + bytes([final]))


EIP152_VECTORS = [
    (eip152_vector(0, 1), None),
    # Vector 5 is the whole hash: the EIP's output is BLAKE2b-512("abc").
    (eip152_vector(12, 1), hashlib.blake2b(b"abc").hexdigest()),
    (eip152_vector(12, 0), None),
    (eip152_vector(1, 1), None),
]


def check_blake2f(driver, tally, rng, quick):
    for n in [0, 1, 3, 127, 128, 129, 255, 256, 1000]:
        data = rng.randbytes(n)
        tally.check("blake2f-oracle", f"blake2b len {n}", blake2b_with_compress(data).hex(), hashlib.blake2b(data).hexdigest())
    for data, digest in EIP152_VECTORS:
        tally.check("blake2f", "EIP-152", driver.call("blake2f", data), blake2f_oracle(data))
        if digest:
            tally.check("blake2f", "EIP-152 digest", driver.call("blake2f", data), digest)
    bad = [b"", bytes(212), bytes(214), bytes(212) + b"\x02", bytes(212) + b"\xff"]
    for data in bad:
        tally.check("blake2f", f"invalid len {len(data)}", driver.call("blake2f", data), "ERR")
    for _ in range(30 if quick else 200):
        rounds = rng.choice([0, 1, 2, 10, 11, 12, 20, rng.randrange(0, 200)])
        data = rounds.to_bytes(4, "big") + rng.randbytes(208) + bytes([rng.randrange(2)])
        tally.check("blake2f", f"rounds {rounds}", driver.call("blake2f", data), blake2f_oracle(data))


# ---------------------------------------------------------------- bn254 (EIP-196 / EIP-197)

def bn254_module():
    """py_ecc's optimized_bn128 (projective coordinates; the same curve and pairing as bn128)."""
    from py_ecc import optimized_bn128
    return optimized_bn128


def coefficient(c):
    return c if isinstance(c, int) else int(c)


def g1_decode(bn, data):
    """None for infinity, the point (projective, z = 1), or 'ERR'."""
    x, y = int.from_bytes(data[0:32], "big"), int.from_bytes(data[32:64], "big")
    p = bn.field_modulus
    if x >= p or y >= p:
        return "ERR"
    if x == 0 and y == 0:
        return None
    point = (bn.FQ(x), bn.FQ(y), bn.FQ.one())
    return point if bn.is_on_curve(point, bn.b) else "ERR"


def g2_decode(bn, data):
    xi, xr, yi, yr = (int.from_bytes(data[32 * k:32 * k + 32], "big") for k in range(4))
    p = bn.field_modulus
    if max(xi, xr, yi, yr) >= p:
        return "ERR"
    if xi == xr == yi == yr == 0:
        return None
    point = (bn.FQ2([xr, xi]), bn.FQ2([yr, yi]), bn.FQ2.one())
    if not bn.is_on_curve(point, bn.b2):
        return "ERR"
    if not bn.is_inf(bn.multiply(point, bn.curve_order)):
        return "ERR"
    return point


def g1_encode(bn, point):
    if point is None or bn.is_inf(point):
        return bytes(64)
    x, y = bn.normalize(point)
    return u256(coefficient(x.n)) + u256(coefficient(y.n))


def g2_encode(bn, point):
    if point is None or bn.is_inf(point):
        return bytes(128)
    x, y = bn.normalize(point)
    return b"".join(u256(coefficient(c)) for c in (x.coeffs[1], x.coeffs[0], y.coeffs[1], y.coeffs[0]))


def bn_add_oracle(bn, data):
    data = padded(data, 0, 128)
    a, b = g1_decode(bn, data[:64]), g1_decode(bn, data[64:])
    if a == "ERR" or b == "ERR":
        return "ERR"
    if a is None:
        return g1_encode(bn, b).hex()
    if b is None:
        return g1_encode(bn, a).hex()
    return g1_encode(bn, bn.add(a, b)).hex()


def bn_mul_oracle(bn, data):
    data = padded(data, 0, 96)
    a = g1_decode(bn, data[:64])
    if a == "ERR":
        return "ERR"
    k = int.from_bytes(data[64:96], "big")
    return g1_encode(bn, bn.multiply(a, k) if a is not None else None).hex()


def fq2_sqrt(bn, a):
    """A square root in Fp2 (p = 3 mod 4; Adj and Rodriguez-Henriquez, algorithm 9), or None."""
    p = bn.field_modulus
    minus_one = bn.FQ2([p - 1, 0])
    a1 = a ** ((p - 3) // 4)
    alpha = a1 * a1 * a
    a0 = (alpha ** p) * alpha
    if a0 == minus_one:
        return None
    x0 = a1 * a
    if alpha == minus_one:
        return bn.FQ2([0, 1]) * x0
    return ((bn.FQ2.one() + alpha) ** ((p - 1) // 2)) * x0


def random_twist_point(bn, rng):
    """A point on the twist E'(Fp2) outside the order-n subgroup (checked)."""
    p = bn.field_modulus
    while True:
        x = bn.FQ2([rng.randrange(p), rng.randrange(p)])
        y = fq2_sqrt(bn, x ** 3 + bn.b2)
        if y is not None and y * y == x ** 3 + bn.b2:
            point = (x, y, bn.FQ2.one())
            if not bn.is_inf(bn.multiply(point, bn.curve_order)):
                return point


def check_bn254(driver, tally, rng, quick):
    bn = bn254_module()
    p = bn.field_modulus
    n = bn.curve_order
    g1 = g1_encode(bn, bn.G1)

    def random_g1():
        return bn.multiply(bn.G1, rng.randrange(1, n))

    # add
    add_cases = [b"", bytes(128), g1 + bytes(64), bytes(64) + g1, g1 + g1, g1[:40],
                 g1 + g1_encode(bn, bn.neg(bn.G1)), u256(1) + u256(3) + g1, u256(p) + u256(2) + bytes(64),
                 u256(1) + u256(2 + p) + bytes(64), bytes(64) + u256(0) + u256(1), g1 + g1 + b"extra"]
    for _ in range(20 if quick else 150):
        a, b = random_g1(), random_g1()
        kind = rng.random()
        if kind < 0.1:
            b = a
        elif kind < 0.2:
            b = bn.neg(a)
        data = g1_encode(bn, a) + g1_encode(bn, b)
        if rng.random() < 0.15:
            data = bytearray(data)
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)  # off the curve (or >= p)
            data = bytes(data)
        add_cases.append(data)
    for index, data in enumerate(add_cases):
        tally.check("bn254_add", f"case {index}", driver.call("bn254_add", data), bn_add_oracle(bn, data))
    # mul
    mul_cases = [b"", g1 + u256(0), g1 + u256(1), g1 + u256(2), g1 + u256(n), g1 + u256(n - 1), g1 + u256(n + 1),
                 g1 + u256(2**256 - 1), bytes(64) + u256(5), g1[:64], u256(1) + u256(3) + u256(2),
                 u256(p + 1) + u256(2) + u256(2), g1 + u256(7) + b"extra"]
    for _ in range(20 if quick else 150):
        k = rng.choice([rng.getrandbits(256), rng.randrange(n), rng.getrandbits(64), rng.randrange(1, 20)])
        mul_cases.append(g1_encode(bn, random_g1()) + u256(k))
    for index, data in enumerate(mul_cases):
        tally.check("bn254_mul", f"case {index}", driver.call("bn254_mul", data), bn_mul_oracle(bn, data))
    check_pairing(driver, tally, rng, quick, bn)


def pairing_product_is_one(bn, pairs):
    """The EIP-197 check with py_ecc's pairing (pairs of decoded points; None is infinity)."""
    acc = bn.FQ12.one()
    for a, b in pairs:
        if a is None or b is None:
            continue
        acc = acc * bn.pairing(b, a, final_exponentiate=False)
    return bn.final_exponentiate(acc) == bn.FQ12.one()


def pairing_input(bn, pairs):
    return b"".join(g1_encode(bn, a) + g2_encode(bn, b) for a, b in pairs)


def check_pairing(driver, tally, rng, quick, bn):
    n = bn.curve_order
    g1, g2 = bn.G1, bn.G2
    one, zero = u256(1).hex(), u256(0).hex()

    def oracle(data, by_construction):
        if len(data) % 192:
            return "ERR"
        pairs = []
        for k in range(0, len(data), 192):
            a, b = g1_decode(bn, data[k:k + 64]), g2_decode(bn, data[k + 64:k + 192])
            if a == "ERR" or b == "ERR":
                return "ERR"
            pairs.append((a, b))
        if by_construction is not None:
            return one if by_construction else zero
        return one if pairing_product_is_one(bn, pairs) else zero

    cases = []
    # Full py_ecc pairings: e(aG1, bG2) e(-abG1, G2) = 1, and perturbed products that are not 1.
    for _ in range(2 if quick else 6):
        a, b = rng.randrange(1, n), rng.randrange(1, n)
        good = [(bn.multiply(g1, a), bn.multiply(g2, b)), (bn.multiply(g1, n - a * b % n), g2)]
        bad = [(bn.multiply(g1, a), bn.multiply(g2, b)), (bn.multiply(g1, n - a * b % n + 1), g2)]
        cases += [(pairing_input(bn, good), None), (pairing_input(bn, bad), None)]
    cases += [(b"", None), (pairing_input(bn, [(g1, g2)]), None), (pairing_input(bn, [(None, g2)]), None),
              (pairing_input(bn, [(g1, None)]), None), (pairing_input(bn, [(g1, g2), (bn.neg(g1), g2)]), None)]
    # By bilinearity (the product is e(G1, G2)^(sum of a_i b_i)), more pairs at less cost.
    for _ in range(10 if quick else 60):
        count = rng.randrange(1, 5)
        scalars = [(rng.randrange(1, n), rng.randrange(1, n)) for _ in range(count - 1)]
        total = sum(a * b for a, b in scalars) % n
        last_b = rng.randrange(1, n)
        last_a = (-total * pow(last_b, -1, n)) % n if rng.random() < 0.6 else rng.randrange(1, n)
        scalars.append((last_a, last_b))
        pairs = [(bn.multiply(g1, a) if a else None, bn.multiply(g2, b)) for a, b in scalars]
        if rng.random() < 0.2:
            pairs.insert(rng.randrange(len(pairs) + 1), (None, bn.multiply(g2, rng.randrange(1, n))))
        cases.append((pairing_input(bn, pairs), sum(a * b for a, b in scalars) % n == 0))
    # Invalid inputs.
    valid = pairing_input(bn, [(g1, g2)])
    twist = random_twist_point(bn, rng)
    cases += [
        (valid[:191], None), (valid + bytes(1), None), (valid + valid[:100], None),
        (u256(1) + u256(3) + valid[64:], None),                           # G1 off the curve
        (u256(bn.field_modulus) + valid[32:], None),                      # G1 coordinate >= p
        (valid[:64] + u256(bn.field_modulus) + valid[96:], None),         # G2 coordinate >= p
        (valid[:64] + valid[64:160] + u256(1), None),                     # G2 off the curve
        (valid[:64] + g2_encode(bn, twist), None),                        # G2 outside the subgroup
        (bytes(64) + g2_encode(bn, twist), None),                         # ... even against infinity
        (valid + valid[:64] + g2_encode(bn, twist), None),                # ... in a later pair
    ]
    outcomes = {}
    for index, (data, constructed) in enumerate(cases):
        expected = oracle(data, constructed)
        outcomes[expected] = outcomes.get(expected, 0) + 1
        tally.check("bn254_pairing", f"case {index}", driver.call("bn254_pairing", data), expected)
    print(f"pairing cases by expected outcome: one {outcomes.get(one, 0)}, zero {outcomes.get(zero, 0)}, "
          f"invalid {outcomes.get('ERR', 0)}", file=sys.stderr)


# ---------------------------------------------------------------- untrusted input

def check_sanitized(clang, work, tally, rng, quick):
    """Random call data (random lengths, modexp headers with huge lengths, blake2f near misses)
    through a driver built with AddressSanitizer and UndefinedBehaviorSanitizer: every input gets
    an answer and no report. (evm_alloc is never freed by design, so leak checks are off.)"""
    exe = os.path.join(work, "driver-sanitized")
    cmd = [clang, "-O1", "-g", "-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-fuse-ld=lld",
           "-o", exe, *sources(), os.path.join(PRE, "tests", "driver.c")]
    if subprocess.run(cmd, capture_output=True).returncode != 0:
        print("skipped the sanitizer run: no sanitizer runtime", file=sys.stderr)
        return
    names = ["ripemd160", "modexp", "modexp_gas", "bn254_add", "bn254_mul", "bn254_pairing", "blake2f"]
    lines = []
    for _ in range(300 if quick else 3000):
        name = rng.choice(names)
        data = rng.randbytes(rng.choice([0, 1, 31, 32, 63, 64, 95, 96, 127, 128, 191, 192, 193, 213, 384, rng.randrange(0, 700)]))
        if name.startswith("modexp") and rng.random() < 0.7:
            data = (u256(rng.choice([0, 1, 32, 33, rng.randrange(0, 200), 2**32, 2**64 - 1]))
                    + u256(rng.choice([0, 1, 32, 33, rng.randrange(0, 100), 2**40 + 1, 2**255]))
                    + u256(rng.choice([0, 1, 2, 32, rng.randrange(0, 200), 2**28 + 1, 2**255]))
                    + rng.randbytes(rng.randrange(0, 300)))
        if name == "blake2f" and rng.random() < 0.5:
            data = bytes([0, 0, 0, rng.randrange(0, 30)]) + rng.randbytes(208) + bytes([rng.randrange(0, 3)])
        lines.append(f"{name} {data.hex()}\n")
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0")
    run = subprocess.run([exe], input="".join(lines), capture_output=True, text=True, env=env)
    answered = len(run.stdout.splitlines())
    tally.check("sanitized", "random call data", f"{answered} answered, exit {run.returncode}",
                f"{len(lines)} answered, exit 0")
    if run.returncode:
        print(run.stderr[:3000])


# ---------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", default="ripemd160,modexp,blake2f,bn254")
    parser.add_argument("--bench", action="store_true", help="time a 2-pair pairing natively")
    args = parser.parse_args()
    clang = find_clang()
    work = tempfile.mkdtemp()
    tally = Tally()
    try:
        exe = build_native(clang, work)
        objects, floats = check_wasm(clang, work)
        tally.check("wasm32", "no float instructions", str(floats), "0")
        try:
            module = build_wasm_module(clang, objects, work)
            tally.check("wasm32", "links with no library calls", "linked", "linked")
        except subprocess.CalledProcessError:
            module = None
            tally.check("wasm32", "links with no library calls", "link failed", "linked")
        driver = Driver(exe)
        rng = random.Random(24)
        only = args.only.split(",")
        checks = {"ripemd160": check_ripemd160, "modexp": check_modexp, "blake2f": check_blake2f, "bn254": check_bn254}
        for name in only:
            start = time.time()
            checks[name](driver, tally, rng, args.quick)
            print(f"{name}: checked in {time.time() - start:.1f} s", file=sys.stderr)
        if "bn254" in only:
            # The wasm32 field multiplication (32-bit limbs), built natively, on the quick cases.
            limb32 = Driver(build_native(clang, work, limb32=True))
            before = dict(tally.by_name)
            check_bn254(limb32, tally, rng, True)
            for name in ("bn254_add", "bn254_mul", "bn254_pairing"):
                p0, f0 = before.get(name, (0, 0))
                p1, f1 = tally.by_name.pop(name)
                tally.by_name[name] = (p0, f0)
                tally.by_name[name + " (32-bit limbs)"] = (p1 - p0, f1 - f0)
        check_sanitized(clang, work, tally, rng, args.quick)
        if args.bench:
            bn = bn254_module()
            data = pairing_input(bn, [(bn.multiply(bn.G1, 5), bn.multiply(bn.G2, 7)),
                                      (bn.multiply(bn.G1, bn.curve_order - 35), bn.G2)])
            driver.proc.stdin.write(f"bench_pairing {data.hex()} 50\n")
            driver.proc.stdin.flush()
            print("native 2-pair pairing:", driver.proc.stdout.readline().strip())
            us, written, flag = wasm_bench_pairing(module, data, 20)
            print(f"wasm (wasmtime) 2-pair pairing: {us:.0f} us CPU per pairing call (20 calls, returned {written}, result {flag})")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for name, (p, f) in sorted(tally.by_name.items()):
        print(f"  {name}: {p} passed, {f} failed")
    print(f"{tally.passed} passed, {tally.failed} failed")
    sys.exit(1 if tally.failed else 0)


if __name__ == "__main__":
    main()
