#!/usr/bin/env python3
"""CairnIPLD's benchmark beside libipld (Rust, through Python) on the same blocks.

Runs `cairn-ipld-tool bench` (release build), which prints DAG-CBOR encode/decode throughput
and HAMT insert/flush/lookup rates at 10^3, 10^5, 10^6 entries in memory and in SQLite, and
writes its DAG-CBOR corpus as a CAR; then times libipld (and the pure-Python dag-cbor, for
scale) decoding and re-encoding the very same blocks. A measurement, not a test: it prints.

Usage: python3 scripts/ipld-bench.py --tool .build/release/cairn-ipld-tool [--quick]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

try:
    import dag_cbor
    import libipld
except ImportError as e:
    print(f"skipping: Python oracle missing ({e}); pip install -r scripts/requirements.txt")
    sys.exit(0)


def best_of(n, fn):
    best = float("inf")
    for _ in range(n):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def varint(buf, at):
    value, shift = 0, 0
    while True:
        byte = buf[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7


def car_block_bytes(car):
    """The raw bytes of every block of a CARv1 with CIDv1 blocks (libipld's decode_car gives
    decoded values, and the benchmark needs the bytes)."""
    length, at = varint(car, 0)
    at += length
    blocks = []
    while at < len(car):
        length, at = varint(car, at)
        end = at + length
        _, p = varint(car, at)  # CID version
        _, p = varint(car, p)  # codec
        _, p = varint(car, p)  # multihash code
        size, p = varint(car, p)
        blocks.append(car[p + size:end])
        at = end
    return blocks


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus.car")
        cmd = [args.tool, "bench", "--corpus", corpus] + (["--quick"] if args.quick else [])
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        cairn = {line.split()[0]: (float(line.split()[1]), line.split()[2]) for line in out.splitlines()}
        with open(corpus, "rb") as f:
            datas = car_block_bytes(f.read())
    total = sum(len(d) for d in datas)
    values = [libipld.decode_dag_cbor(d) for d in datas]
    lib_dec = best_of(3, lambda: [libipld.decode_dag_cbor(d) for d in datas])
    lib_enc = best_of(3, lambda: [libipld.encode_dag_cbor(v) for v in values])
    py_values = [dag_cbor.decode(d) for d in datas]
    py_dec = best_of(1, lambda: [dag_cbor.decode(d) for d in datas])
    py_enc = best_of(1, lambda: [dag_cbor.encode(v) for v in py_values])

    print(f"DAG-CBOR corpus: {len(datas)} blocks, {total / 1e6:.2f} MB (the same bytes for all three)")
    print(f"{'':28}{'Cairn':>12}{'libipld':>12}{'dag-cbor(py)':>14}{'Cairn/libipld':>15}")
    for name, key, lib, py in (("decode MB/s", "dagcbor.decode", lib_dec, py_dec),
                               ("encode MB/s", "dagcbor.encode", lib_enc, py_enc)):
        c = cairn[key][0]
        print(f"{name:28}{c:12.1f}{total / lib / 1e6:12.1f}{total / py / 1e6:14.1f}{c / (total / lib / 1e6):15.2f}")
    print(f"{'CID blake2b-256 MB/s':28}{cairn['cid.blake2b256'][0]:12.1f}")
    print()
    print("HAMT (bit width 5, keys 'key-i', integer values); libipld has no HAMT:")
    for key, (value, unit) in cairn.items():
        if key.startswith("hamt."):
            print(f"  {key:36}{value:14.0f} {unit}")


if __name__ == "__main__":
    main()
