#!/usr/bin/env python3
"""Checks `cairn debug --gdb-port` with a scripted GDB remote protocol client.

Usage: scripts/gdb-remote-check.py [CAIRN]   (default: .build/debug/cairn)

Starts `cairn debug` on Tests/CairnDebugTests/Fixtures/divide-dwarf5.wasm (run(2), which calls
average(10, 2) and divide(10, 2)) as a server on a free port, then, as LLDB would: sets a
breakpoint at the first address of divide.c line 3 (taken from llvm-dwarfdump's listing of the
fixture, divide-dwarf5.lines.txt, plus the code section's start, found by reading the module's
sections here: an independent route from the line to the address), continues, and checks the
stop pc, the call stack, divide's arguments (Wasm locals 0 and 1), the stack pointer global,
the bytes at the stack pointer (average's C stack frame) and the exit status W05 (run(2) returns 5).
Exits 0 when every check passes, 1 otherwise.
"""
import os
import re
import socket
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests", "CairnDebugTests", "Fixtures")
CODE_SPACE = 1 << 62
failures = 0


def check(what, ok, detail=""):
    global failures
    print(("ok   " if ok else "FAIL ") + what + ("" if ok else f": {detail}"))
    if not ok:
        failures += 1


def leb128(data, at):
    value, shift = 0, 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def code_section_start(module):
    """The module offset where the code section's contents start (DWARF addresses count from it)."""
    at = 8
    while at < len(module):
        section_id = module[at]
        size, contents = leb128(module, at + 1)
        if section_id == 10:
            return contents
        at = contents + size
    raise SystemExit("no code section")


def line_address(listing, line):
    """The first address llvm-dwarfdump lists for `line`."""
    for row in listing.splitlines():
        fields = row.split()
        if fields and fields[0].startswith("0x") and int(fields[1]) == line and "end_sequence" not in row:
            return int(fields[0], 16)
    raise SystemExit(f"no row for line {line}")


class Client:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.buffer = b""
        self.acks = True

    def ask(self, packet):
        body = packet.encode()
        self.sock.sendall(b"$" + body + b"#" + b"%02x" % (sum(body) % 256))
        while True:
            match = re.search(rb"\$([^#]*)#([0-9a-f]{2})", self.buffer)
            if match:
                break
            chunk = self.sock.recv(65536)
            if not chunk:
                raise SystemExit(f"the server closed the connection after {packet}")
            self.buffer += chunk
        prefix = self.buffer[: match.start()]
        if self.acks:
            check(f"ack of {packet}", prefix.startswith(b"+"), repr(prefix))
        reply, checksum = match.group(1), int(match.group(2), 16)
        check(f"checksum of the reply to {packet}", sum(reply) % 256 == checksum)
        self.buffer = self.buffer[match.end():]
        if self.acks:
            self.sock.sendall(b"+")
        return reply.decode()


def little_endian(value, size=8):
    return value.to_bytes(size, "little").hex()


def main():
    cairn = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "debug", "cairn")
    wasm = os.path.join(FIXTURES, "divide-dwarf5.wasm")
    module = open(wasm, "rb").read()
    listing = open(os.path.join(FIXTURES, "divide-dwarf5.lines.txt")).read()
    address = CODE_SPACE | (code_section_start(module) + line_address(listing, 3))

    server = subprocess.Popen(
        [cairn, "debug", wasm, "--invoke", "run", "2", "--gas", "100000", "--gdb-port", "0"],
        stderr=subprocess.PIPE, text=True)
    try:
        announced = server.stderr.readline()
        port = int(re.search(r"127\.0\.0\.1:(\d+)", announced).group(1))
        client = Client(port)
        check("qSupported", "PacketSize=" in client.ask("qSupported:multiprocess+;xmlRegisters=i386"))
        check("Z0 at divide.c:3", client.ask(f"Z0,{address:x},1") == "OK")
        stop = client.ask("c")
        check("stops at the breakpoint", stop.endswith("reason:breakpoint;") and f"thread-pcs:{address:016x};" in stop, stop)
        check("p0 is the pc", client.ask("p0") == little_endian(address))
        stack = client.ask("qWasmCallStack:1")
        check("three frames, divide first", len(stack) == 48 and stack[:16] == little_endian(address), stack)
        callers = [int.from_bytes(bytes.fromhex(stack[i:i + 16]), "little") for i in (16, 32)]
        check("callers in the code space", all(CODE_SPACE < pc < CODE_SPACE + len(module) for pc in callers), stack)
        check("local 0 (a) is 10", client.ask("qWasmLocal:0;0") == "0a000000")
        check("local 1 (b) is 2", client.ask("qWasmLocal:0;1") == "02000000")
        check("average's local 1 (count) is 2", client.ask("qWasmLocal:1;1") == "02000000")
        client.ask("QStartNoAckMode")
        client.acks = False
        stack_pointer = int.from_bytes(bytes.fromhex(client.ask("qWasmGlobal:0;0")), "little")
        check("the stack pointer is in memory", 0 < stack_pointer < 1 << 20, hex(stack_pointer))
        frame = client.ask(f"m{stack_pointer:x},10")
        check("average's C stack frame holds total and count", "0a000000" in frame and "02000000" in frame, frame)
        check("the module image", client.ask(f"m{CODE_SPACE:x},4") == "0061736d")
        check("z0", client.ask(f"z0,{address:x},1") == "OK")
        check("run(2) returns 5", client.ask("c") == "W05")
        client.sock.sendall(b"$k#6b")
        check("the server exits", server.wait(timeout=30) == 0)
    finally:
        if server.poll() is None:
            server.kill()
    print("all checks passed" if failures == 0 else f"{failures} check(s) failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
