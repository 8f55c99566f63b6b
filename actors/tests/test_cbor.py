"""The C SDK's DAG-CBOR reader and writer, compiled to Wasm and driven from Python, against
Python's dag-cbor (an independent implementation): the writer's bytes must be dag-cbor's, the
reader must accept every canonical encoding whole and must never read out of bounds (a trap)
on corrupted input."""
import os
import random
import shutil
import subprocess
import tempfile
import unittest

import dag_cbor
import wasmtime
from multiformats import CID

from host import ACTORS, big


def build():
    swift = shutil.which("swift")
    if swift is None:
        return None
    clang = os.path.join(os.path.dirname(os.path.realpath(swift)), "clang")
    work = tempfile.mkdtemp()
    out = os.path.join(work, "cbor.wasm")
    sdk = os.path.join(ACTORS, "sdk")
    subprocess.run([clang, "--target=wasm32", "-O2", "-mcpu=generic", "-nostdlib", "-ffreestanding", "-Wall",
                    "-Wextra", "-Werror", "-Wl,--no-entry", "-I", os.path.join(sdk, "include"),
                    os.path.join(sdk, "src", "cbor.c"), os.path.join(sdk, "src", "mem.c"),
                    os.path.join(ACTORS, "tests", "cbor_harness.c"), "-o", out], check=True)
    with open(out, "rb") as f:
        data = f.read()
    shutil.rmtree(work)
    return data


def random_value(rng, depth=0):
    kinds = ["int", "neg", "bytes", "text", "bool", "null", "cid"] + (["list", "map"] if depth < 4 else [])
    kind = rng.choice(kinds)
    if kind == "int":
        return rng.choice([rng.randrange(24), rng.randrange(256), rng.randrange(1 << 16), rng.randrange(1 << 32),
                           rng.randrange(1 << 64)])
    if kind == "neg":
        return -rng.randrange(1, 1 << rng.choice([5, 8, 16, 32, 63]))
    if kind == "bytes":
        return bytes(rng.randrange(256) for _ in range(rng.randrange(40)))
    if kind == "text":
        return "".join(rng.choice("abcdé漢") for _ in range(rng.randrange(30)))
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "null":
        return None
    if kind == "cid":
        return CID("base32", 1, "dag-cbor", ("sha2-256", bytes(rng.randrange(256) for _ in range(32))))
    if kind == "list":
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(6))]
    return {"k%d" % rng.randrange(100): random_value(rng, depth + 1) for _ in range(rng.randrange(6))}


class CBOR(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.wasm = build()

    def setUp(self):
        if self.wasm is None:
            self.skipTest("no swift toolchain (its clang builds the harness)")
        engine = wasmtime.Engine()
        self.store = wasmtime.Store(engine)
        self.instance = wasmtime.Instance(self.store, wasmtime.Module(engine, self.wasm), [])
        self.exports = self.instance.exports(self.store)
        self.memory = self.exports["memory"]

    def put(self, data):
        ptr = self.exports["alloc"](self.store, len(data))
        self.memory.write(self.store, data, ptr)
        return ptr, len(data)

    def output(self):
        ptr = self.exports["out_ptr"](self.store)
        return bytes(self.memory.read(self.store, ptr, ptr + self.exports["out_len"](self.store)))

    def test_writer_matches_dag_cbor(self):
        self.exports["sample"](self.store)
        expected = dag_cbor.encode([
            [0, 23, 24, 255, 256, 65535, 65536, 4294967295, 4294967296, 2**64 - 1],
            [-1, -24, -25, -256, -257, -2**63],
            {"a": True, "bb": False},
            b"\x00\x01\x02",
            "text with more than twenty-three bytes",
            None,
            CID.decode(bytes([0x01, 0x55, 0x00, 0x02, 0xab, 0xcd])),
            [big(0), big(1), big(2**64), big(2**128 - 1)],
        ])
        self.assertEqual(self.output(), expected)

    def test_reader_accepts_every_canonical_encoding_whole(self):
        rng = random.Random(22)
        for _ in range(1500):
            data = dag_cbor.encode(random_value(rng))
            self.assertEqual(self.exports["skip_all"](self.store, *self.put(data)), 1, data.hex())
            self.assertEqual(self.exports["skip_all"](self.store, *self.put(data + b"\x00")), 0)
            if len(data) > 1:
                self.assertEqual(self.exports["skip_all"](self.store, *self.put(data[:-1])), 0, data.hex())

    def test_reader_survives_corruption(self):
        rng = random.Random(7)
        for _ in range(3000):
            data = bytearray(dag_cbor.encode(random_value(rng)))
            for _ in range(rng.randrange(1, 4)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            self.exports["skip_all"](self.store, *self.put(bytes(data)))  # a trap would raise
        for _ in range(2000):
            noise = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 24)))
            self.exports["skip_all"](self.store, *self.put(noise))

    def test_reader_rejects_what_dag_cbor_forbids(self):
        # Non-shortest heads, indefinite lengths, a break, 16- and 32-bit floats, undefined, tag 0.
        for data in ["1817", "190017", "1a00000017", "1b0000000000000017", "5800", "9800", "5f40ff", "9fff",
                     "ff", "f97e00", "fa7fc00000", "f7", "c074323031332d30332d32315432303a30343a30305a"]:
            self.assertEqual(self.exports["skip_all"](self.store, *self.put(bytes.fromhex(data))), 0, data)

    def test_token_and_int_round_trips(self):
        for value in [0, 1, 255, 256, 2**64 - 1, 2**64, 2**128 - 1]:
            encoded = dag_cbor.encode(big(value))
            self.assertEqual(self.exports["token_roundtrip"](self.store, *self.put(encoded)), 1)
            self.assertEqual(self.output(), encoded)
        for bad in [dag_cbor.encode(b"\x01\x05"), dag_cbor.encode(b"\x00\x00\x05"), dag_cbor.encode(big(2**128)),
                    dag_cbor.encode(b"\x00"), dag_cbor.encode(5)]:
            self.assertEqual(self.exports["token_roundtrip"](self.store, *self.put(bad)), 0, bad.hex())
        for value in [0, 23, -1, -24, -25, 2**63 - 1, -2**63]:
            encoded = dag_cbor.encode(value)
            self.assertEqual(self.exports["int_roundtrip"](self.store, *self.put(encoded)), 1)
            self.assertEqual(self.output(), encoded)
        self.assertEqual(self.exports["int_roundtrip"](self.store, *self.put(dag_cbor.encode(2**63))), 0)


if __name__ == "__main__":
    unittest.main()
