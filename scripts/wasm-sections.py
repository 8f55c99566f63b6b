#!/usr/bin/env python3
"""The sections of a binary WebAssembly module, for the example build scripts.

  wasm-sections.py strip FILE         rewrite FILE without its "producers" custom section
  wasm-sections.py diff A B           list the sections in which A and B differ (exit 1 if any)
  wasm-sections.py producers FILE     print the tools the "producers" section names

The "producers" section names the exact build of the compiler (clang's version and its LLVM
commit); two toolchains that generate the same code still write different ones there. The
build scripts strip it, so that the committed .wasm depend only on the code clang generates.
"""
import sys


def leb(data, i):
    result = shift = 0
    while True:
        byte = data[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, i


def sections(data):
    """(label, bytes of the whole section) in order; custom sections are labelled by name."""
    if data[:4] != b"\0asm":
        raise SystemExit("not a binary WebAssembly module")
    names = {1: "type", 2: "import", 3: "function", 4: "table", 5: "memory", 6: "global",
             7: "export", 8: "start", 9: "element", 10: "code", 11: "data", 12: "datacount"}
    out, i = [], 8
    while i < len(data):
        start = i
        sid = data[i]
        size, i = leb(data, i + 1)
        body = data[i:i + size]
        if sid == 0:
            length, j = leb(body, 0)
            label = "custom:" + body[j:j + length].decode("utf-8", "replace")
        else:
            label = names.get(sid, f"section {sid}")
        out.append((label, data[start:i + size]))
        i += size
    return out


def main(argv):
    if len(argv) == 3 and argv[1] == "strip":
        data = open(argv[2], "rb").read()
        kept = b"".join(raw for label, raw in sections(data) if label != "custom:producers")
        open(argv[2], "wb").write(data[:8] + kept)
        return 0
    if len(argv) == 3 and argv[1] == "producers":
        for label, raw in sections(open(argv[2], "rb").read()):
            if label == "custom:producers":
                print("".join(chr(b) if 32 <= b < 127 else " " for b in raw).split("processed-by", 1)[-1].strip())
        return 0
    if len(argv) == 4 and argv[1] == "diff":
        a = sections(open(argv[2], "rb").read())
        b = sections(open(argv[3], "rb").read())
        da, db = dict(a), dict(b)
        labels = [label for label, _ in a] + [label for label, _ in b if label not in da]
        differ = [label for label in labels if da.get(label) != db.get(label)]
        if [label for label, _ in a] != [label for label, _ in b]:
            differ.append("(section order)")
        print(", ".join(differ) if differ else "none")
        return 1 if differ else 0
    print(__doc__, file=sys.stderr)
    return 64


if __name__ == "__main__":
    sys.exit(main(sys.argv))
