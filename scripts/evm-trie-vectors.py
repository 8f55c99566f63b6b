#!/usr/bin/env python3
"""Generates Tests/CairnEVMTests/Fixtures/trie-vectors.json: RLP and Merkle-Patricia trie vectors
from independent implementations (PyPI's rlp 5.0.0 and trie 4.0.0's HexaryTrie), for the Swift
RLP and MerklePatriciaTrie tests (issue 24).

    pip install rlp==5.0.0 trie==4.0.0
    python3 scripts/evm-trie-vectors.py          # rewrites the fixture (fixed seed: reproducible)

Contents:
  rlp_valid:   random nested items (strings of every length class, lists, deep nesting) with
               their encodings.
  rlp_invalid: encodings that rlp.decode(strict=True) rejects (truncations, non-canonical lengths,
               single bytes wrapped, trailing bytes, mutated valid encodings).
  trie_cases:  sequences of operations (set, or remove by an empty value) on a plain or secure
               trie, with the root after every operation.
  trie_bulk:   large tries whose entries the test regenerates from a formula (only the roots are
               stored): see bulk_entries().
"""
import json
import os
import random
import sys

import rlp
from eth_hash.auto import keccak
from trie import HexaryTrie

SEED = 24
OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "CairnEVMTests", "Fixtures", "trie-vectors.json")


def random_string(rng):
    kind = rng.random()
    if kind < 0.15:
        return b""
    if kind < 0.35:
        return bytes([rng.randrange(256)])
    if kind < 0.75:
        return rng.randbytes(rng.randrange(2, 56))
    if kind < 0.97:
        return rng.randbytes(rng.randrange(56, 80))
    return rng.randbytes(rng.randrange(250, 300))


def random_item(rng, depth=0):
    if depth < 5 and rng.random() < 0.35:
        return [random_item(rng, depth + 1) for _ in range(rng.randrange(0, 6))]
    return random_string(rng)


def to_json(item):
    if isinstance(item, (bytes, bytearray)):
        return item.hex()
    return [to_json(x) for x in item]


def rejects(encoded):
    try:
        rlp.decode(encoded, strict=True)
        return False
    except rlp.exceptions.DecodingError:
        return True


def rlp_vectors(rng):
    valid = []
    edge = [b"", b"\x00", b"\x7f", b"\x80", b"\xff", b"a" * 55, b"a" * 56, b"a" * 256,
            [], [[]], [[], [[]]], [b"a" * 60], [b""] * 56]
    items = edge + [random_item(rng) for _ in range(110)]
    for item in items:
        valid.append({"item": to_json(item), "encoded": rlp.encode(item).hex()})
    invalid = []
    hand = [
        "", "81", "8100", "817f", "b800", "b837" + "00" * 55, "b90038" + "00" * 56, "b80101",
        "c1", "c20181", "f800", "f837" + "00" * 55, "f90038" + "00" * 56, "0000", "c000",
        "bf" + "ff" * 8, "ff" + "ff" * 8, "b9ffff", "f9ffff", "c3820100", "c481828384",
    ]
    for h in hand:
        if rejects(bytes.fromhex(h)):
            invalid.append(h)
    while len(invalid) < 120:
        base = bytearray(rlp.encode(random_item(rng)))
        op = rng.randrange(4)
        if op == 0 and len(base) > 1:
            mutated = base[: rng.randrange(len(base))]
        elif op == 1:
            mutated = base + bytes([rng.randrange(256)])
        elif op == 2 and base:
            mutated = bytearray(base)
            mutated[rng.randrange(len(base))] = rng.randrange(256)
        else:
            mutated = bytearray(base)
            mutated[0] = rng.randrange(0xb8, 0x100)
        if rejects(bytes(mutated)):
            invalid.append(bytes(mutated).hex())
        elif bytes(mutated) != bytes(base):
            item = rlp.decode(bytes(mutated), strict=True)
            valid.append({"item": to_json(item), "encoded": bytes(mutated).hex()})
    return valid, invalid


def random_key(rng, alphabet):
    """Keys from a few shared prefixes, so that extensions, branches with values and
    prefix-of-another keys all occur."""
    prefix = rng.choice(alphabet)
    tail = bytes(rng.choice([0x00, 0x01, 0x10, 0x11, 0xab, rng.randrange(256)]) for _ in range(rng.randrange(0, 4)))
    return prefix + tail


def random_value(rng):
    kind = rng.random()
    if kind < 0.1:
        return b""  # a removal
    if kind < 0.3:
        return bytes([rng.randrange(1, 256)])
    if kind < 0.8:
        return rng.randbytes(rng.randrange(2, 20))
    return rng.randbytes(rng.randrange(20, 70))


def trie_cases(rng):
    cases = []
    for index in range(36):
        secure = index % 3 == 2
        alphabet = [b"", b"\x01", b"\x12", b"\x12\x34", b"do", b"dog", b"\xab\xcd\xef"]
        if index >= 33:
            # Long keys: hex-prefix paths of 56 bytes or more take RLP's long string form.
            alphabet = [b"\x5a" * 60, b"\x5a" * 59 + b"\x01", b"\x5a" * 120]
        trie = HexaryTrie({})
        present = []
        ops = []
        for _ in range(rng.randrange(1, 40)):
            if present and rng.random() < 0.2:
                key = rng.choice(present)
                value = b""
            else:
                key = random_key(rng, alphabet) if not secure else rng.randbytes(rng.choice([20, 32]))
                value = random_value(rng)
            trie_key = keccak(key) if secure else key
            if value:
                trie[trie_key] = value
                if key not in present:
                    present.append(key)
            else:
                if trie_key in trie:
                    del trie[trie_key]
                if key in present:
                    present.remove(key)
            ops.append([key.hex(), value.hex(), trie.root_hash.hex()])
        cases.append({"secure": secure, "ops": ops})
    return cases


def bulk_entries(count, key_bytes):
    """Entry i: key = the low key_bytes bytes of (i * 0x9E3779B97F4A7C15 mod 2**64) big-endian,
    padded on the left to key_bytes; value = the RLP of the integer i + 1 (minimal big-endian)."""
    entries = []
    for i in range(count):
        k = (i * 0x9E3779B97F4A7C15) % (1 << 64)
        key = (k % (1 << (8 * min(key_bytes, 8)))).to_bytes(key_bytes, "big")
        entries.append((key, rlp.encode(i + 1)))
    return entries


def trie_bulk():
    bulk = []
    for count, key_bytes, secure in [(1000, 32, True), (1000, 4, False), (3000, 3, False), (5000, 20, True)]:
        trie = HexaryTrie({})
        for key, value in bulk_entries(count, key_bytes):
            trie[keccak(key) if secure else key] = value
        bulk.append({"count": count, "keyBytes": key_bytes, "secure": secure, "root": trie.root_hash.hex()})
    return bulk


def main():
    rng = random.Random(SEED)
    valid, invalid = rlp_vectors(rng)
    data = {
        "generator": "scripts/evm-trie-vectors.py (rlp 5.0.0, trie 4.0.0 HexaryTrie)",
        "rlp_valid": valid,
        "rlp_invalid": invalid,
        "trie_cases": trie_cases(rng),
        "trie_bulk": trie_bulk(),
    }
    text = json.dumps(data, separators=(",", ":"))
    with open(OUT, "w") as f:
        f.write(text)
    print(f"wrote {os.path.normpath(OUT)}: {len(text)} bytes, {len(valid)} valid and {len(invalid)} invalid RLP, "
          f"{len(data['trie_cases'])} trie cases, {len(data['trie_bulk'])} bulk roots", file=sys.stderr)


if __name__ == "__main__":
    main()
