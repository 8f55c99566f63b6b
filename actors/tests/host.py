"""A small stand-in for the Cairn actor runtime, in Python over wasmtime, for testing the C SDK
and the actors without the Swift runtime: every syscall of actors/abi/syscalls.json is bound
(from the JSON, so the signatures are the ABI's), with ref-fvm's error numbers for bad input.
It is deliberately simple: no gas schedule (fuel stands in for gas), state snapshots instead of
buffered blockstores. The Swift runtime's tests are the authority; this host checks the actors'
own logic and their data formats (read back with an independent HAMT reader, `hamt_get`).
"""
import copy
import hashlib
import json
import os
import struct

import dag_cbor
import wasmtime
from multiformats import CID

HERE = os.path.dirname(os.path.abspath(__file__))
ACTORS = os.path.dirname(HERE)
with open(os.path.join(ACTORS, "abi", "syscalls.json")) as abi_file:
    ABI = json.load(abi_file)
ERR = {e["name"]: e["value"] for e in ABI["error_numbers"]}

DAG_CBOR, RAW = 0x71, 0x55
SHA2_256, BLAKE2B_256, KECCAK_256 = 0x12, 0xB220, 0x1B
SYS_ILLEGAL_INSTRUCTION, SYS_OUT_OF_GAS, SYS_ILLEGAL_EXIT_CODE = 4, 7, 9
INIT_ID = 1


class SyscallError(Exception):
    def __init__(self, name):
        super().__init__(name)
        self.number = ERR[name]


class Exit(Exception):
    def __init__(self, code, block, message):
        super().__init__(message)
        self.code, self.block, self.message = code, block, message


def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def read_varint(data, i):
    value = shift = 0
    while True:
        if i >= len(data) or shift > 63:
            raise SyscallError("IllegalArgument")
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def keccak256(data):
    """Keccak-256 (Ethereum's padding 0x01), written out: Python's hashlib has only SHA3."""
    rc = [0x1, 0x8082, 0x800000000000808A, 0x8000000080008000, 0x808B, 0x80000001, 0x8000000080008081,
          0x8000000000008009, 0x8A, 0x88, 0x80008009, 0x8000000A, 0x8000808B, 0x800000000000008B,
          0x8000000000008089, 0x8000000000008003, 0x8000000000008002, 0x8000000000000080, 0x800A,
          0x800000008000000A, 0x8000000080008081, 0x8000000000008080, 0x80000001, 0x8000000080008008]
    rot = [[0, 36, 3, 41, 18], [1, 44, 10, 45, 2], [62, 6, 43, 15, 61], [28, 55, 25, 21, 56], [27, 20, 39, 8, 14]]
    mask = (1 << 64) - 1
    rate = 136
    padded = bytearray(data) + b"\x01" + bytes((-len(data) - 1) % rate)
    padded[-1] |= 0x80
    a = [[0] * 5 for _ in range(5)]
    for block in range(0, len(padded), rate):
        for i in range(rate // 8):
            a[i % 5][i // 5] ^= int.from_bytes(padded[block + 8 * i:block + 8 * i + 8], "little")
        for r in range(24):
            c = [a[x][0] ^ a[x][1] ^ a[x][2] ^ a[x][3] ^ a[x][4] for x in range(5)]
            d = [c[(x - 1) % 5] ^ (((c[(x + 1) % 5] << 1) | (c[(x + 1) % 5] >> 63)) & mask) for x in range(5)]
            a = [[a[x][y] ^ d[x] for y in range(5)] for x in range(5)]
            b = [[0] * 5 for _ in range(5)]
            for x in range(5):
                for y in range(5):
                    n = rot[x][y]
                    b[y][(2 * x + 3 * y) % 5] = ((a[x][y] << n) | (a[x][y] >> (64 - n))) & mask if n else a[x][y]
            a = [[b[x][y] ^ ((~b[(x + 1) % 5][y]) & b[(x + 2) % 5][y]) for y in range(5)] for x in range(5)]
            a[0][0] ^= rc[r]
    return b"".join(a[i % 5][i // 5].to_bytes(8, "little") for i in range(4))


def digest(code, data):
    if code == KECCAK_256:
        return keccak256(data)
    if code == SHA2_256:
        return hashlib.sha256(data).digest()
    if code == BLAKE2B_256:
        return hashlib.blake2b(data, digest_size=32).digest()
    return None


def make_cid(codec, data, hash_code=BLAKE2B_256):
    d = digest(hash_code, data)
    return varint(1) + varint(codec) + varint(hash_code) + varint(len(d)) + d


def id_address(actor_id):
    return b"\x00" + varint(actor_id)


def links(value):
    """CIDs inside a decoded DAG-CBOR value."""
    if isinstance(value, CID):
        yield bytes(value)
    elif isinstance(value, list):
        for item in value:
            yield from links(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from links(item)


def hamt_get(blocks, root, key, bit_width=5):
    """An independent reader of Filecoin HAMTs (SHA-256 keys): the value for `key`, or None."""
    h = hashlib.sha256(key).digest()
    bits = int.from_bytes(h, "big")
    node = dag_cbor.decode(blocks[bytes(root)][1])
    depth = 0
    while True:
        bitfield, pointers = node
        slot = (bits >> (256 - (depth + 1) * bit_width)) & ((1 << bit_width) - 1)
        occupied = int.from_bytes(bitfield, "big")
        if not (occupied >> slot) & 1:
            return None
        pointer = pointers[bin(occupied & ((1 << slot) - 1)).count("1")]
        if isinstance(pointer, CID):
            node = dag_cbor.decode(blocks[bytes(pointer)][1])
            depth += 1
            continue
        for k, v in pointer:
            if k == key:
                return v
        return None


def hamt_items(blocks, root):
    """Every (key, value) of a HAMT, checking that buckets are sorted and at most 3 long."""
    out = []
    node = dag_cbor.decode(blocks[bytes(root)][1])
    bitfield, pointers = node
    assert bin(int.from_bytes(bitfield, "big")).count("1") == len(pointers)
    for pointer in pointers:
        if isinstance(pointer, CID):
            out += hamt_items(blocks, pointer)
        else:
            keys = [k for k, _ in pointer]
            assert keys == sorted(keys) and 1 <= len(keys) <= 3
            out += [(k, v) for k, v in pointer]
    return out


def big(value):
    """A Filecoin big integer's bytes."""
    if value == 0:
        return b""
    return b"\x00" + value.to_bytes((value.bit_length() + 7) // 8, "big")


def from_big(data):
    if data == b"":
        return 0
    assert data[0] == 0
    return int.from_bytes(data[1:], "big")


class Actor:
    def __init__(self, code, state, balance=0):
        self.code, self.state, self.balance = code, state, balance


class Receipt:
    def __init__(self, exit_code, data, message):
        self.exit_code, self.data, self.message = exit_code, data, message

    @property
    def value(self):
        return dag_cbor.decode(self.data) if self.data else None

    def __repr__(self):
        return f"Receipt({self.exit_code}, {self.data!r}, {self.message!r})"


class Host:
    # The invocation a send runs; hosts of other actors (test_evm_actor.py) give their own.
    invocation_class = None  # set below, once Invocation is defined

    def __init__(self, wasm_dir=None, fuel=2_000_000_000, memory_limit=64 * 65536):
        self.wasm_dir = wasm_dir or os.path.join(ACTORS, "wasm")
        config = wasmtime.Config()
        config.consume_fuel = True
        self.engine = wasmtime.Engine(config)
        self.fuel, self.memory_limit = fuel, memory_limit
        self.modules, self.codes = {}, {}
        self.blocks = {}
        self.actors = {}
        self.key_addresses = {}
        self.events, self.logs = [], []
        self.syscall_counts, self.opened = {}, []
        self.robust_counter = 0
        self.empty_state = self.put(DAG_CBOR, b"\x80")

    # ---- setup

    def put(self, codec, data):
        cid = make_cid(codec, data)
        self.blocks[cid] = (codec, bytes(data))
        return cid

    def install(self, name):
        with open(os.path.join(self.wasm_dir, name + ".wasm"), "rb") as f:
            data = f.read()
        cid = make_cid(RAW, data, SHA2_256)
        self.codes[cid] = name
        self.modules[name] = wasmtime.Module(self.engine, data)
        return cid

    def create(self, actor_id, name, balance=0):
        code = next((c for c, n in self.codes.items() if n == name), None) or self.install(name)
        self.actors[actor_id] = Actor(code, self.empty_state, balance)
        return actor_id

    def genesis(self):
        """System (0) and init (1), constructed as the runtime would."""
        self.create(0, "system")
        self.create(INIT_ID, "init")
        assert self.send(0, 0, 1).exit_code == 0
        assert self.send(0, INIT_ID, 1, dag_cbor.encode(["cairn-test"])).exit_code == 0

    def account(self, actor_id, pubkey_address, balance=10**20):
        self.create(actor_id, "account", balance)
        self.key_addresses[pubkey_address] = actor_id
        receipt = self.send(0, actor_id, 1, dag_cbor.encode(pubkey_address))
        assert receipt.exit_code == 0, receipt
        return actor_id

    def state(self, actor_id):
        return dag_cbor.decode(self.blocks[self.actors[actor_id].state][1])

    # ---- addresses

    def resolve(self, address):
        if not address:
            raise SyscallError("IllegalArgument")
        protocol, payload = address[0], address[1:]
        if protocol == 0:
            actor_id, end = read_varint(address, 1)
            if end != len(address):
                raise SyscallError("IllegalArgument")
            return actor_id
        if protocol in (1, 2) and len(payload) == 20 or protocol == 3 and len(payload) == 48:
            if address in self.key_addresses:
                return self.key_addresses[address]
            if INIT_ID in self.actors and protocol == 2:
                found = hamt_get(self.blocks, self.state(INIT_ID)[0], address)
                if found is not None:
                    return found
            raise SyscallError("NotFound")
        raise SyscallError("IllegalArgument")

    # ---- messages

    def send(self, caller, to, method, params=None, value=0, read_only=False, depth=0, origin=None):
        """Invokes `to` (an ID or a binary address); state changes are dropped unless exit code 0."""
        receiver = to if isinstance(to, int) else self.resolve(to)
        snapshot = (copy.deepcopy(self.actors), len(self.events))
        try:
            receipt = self._invoke(caller if origin is None else origin, caller, receiver, method, params, value,
                                   read_only, depth)
        except SyscallError:
            self.actors, self.events = snapshot[0], self.events[:snapshot[1]]
            raise
        if receipt.exit_code != 0:
            self.actors, self.events = snapshot[0], self.events[:snapshot[1]]
        return receipt

    def _invoke(self, origin, caller, receiver, method, params, value, read_only, depth):
        if receiver not in self.actors:
            raise SyscallError("NotFound")
        if depth >= 1024:
            raise SyscallError("LimitExceeded")
        if value:
            if read_only:
                raise SyscallError("ReadOnly")
            if self.actors[caller].balance < value:
                raise SyscallError("InsufficientFunds")
            self.actors[caller].balance -= value
            self.actors[receiver].balance += value
        if method == 0:
            return Receipt(0, None, "")
        call = self.invocation_class(self, origin, caller, receiver, method, value, read_only, depth)
        return call.run(params)


class Invocation:
    """One instance of an actor's module with its block handles and reachable set."""

    def __init__(self, host, origin, caller, receiver, method, value, read_only, depth):
        self.host, self.origin, self.caller, self.receiver = host, origin, caller, receiver
        self.method, self.value, self.read_only, self.depth = method, value, read_only, depth
        self.handles = {}
        self.reachable = set()
        actor = host.actors[receiver]
        if actor.state:
            self.reachable.add(actor.state)

    def new_handle(self, codec, data):
        handle = len(self.handles) + 1
        self.handles[handle] = (codec, bytes(data))
        return handle

    def run(self, params):
        host = self.host
        store = wasmtime.Store(host.engine)
        store.set_fuel(host.fuel)
        store.set_limits(memory_size=host.memory_limit)
        linker = wasmtime.Linker(host.engine)
        for module in ABI["modules"]:
            for call in module["syscalls"]:
                self._bind(linker, module["name"], call)
        module = host.modules[host.codes[host.actors[self.receiver].code]]
        handle = self.new_handle(DAG_CBOR, params) if params else 0
        try:
            instance = linker.instantiate(store, module)
            block = instance.exports(store)["invoke"](store, handle)
            code, message = 0, ""
        except Exit as done:
            code, block, message = done.code, done.block, done.message
            if 0 < code < 16:
                code = SYS_ILLEGAL_EXIT_CODE
        except wasmtime.Trap as trap:
            out_of_gas = trap.trap_code == wasmtime.TrapCode.OUT_OF_FUEL
            return Receipt(SYS_OUT_OF_GAS if out_of_gas else SYS_ILLEGAL_INSTRUCTION, None, str(trap.trap_code))
        data = self.handles[block][1] if block else None
        return Receipt(code, data, message)

    # ---- memory

    def _bind(self, linker, module, call):
        params = ([wasmtime.ValType.i32()] if call["result"] is not None else []) + [
            wasmtime.ValType.i32() if p["wasm"] == "i32" else wasmtime.ValType.i64() for p in call["params"]]
        ty = wasmtime.FuncType(params, [wasmtime.ValType.i32()])
        impl = getattr(self, f"sys_{module}_{call['name']}", None)
        result = call["result"]

        def syscall(caller, *args):
            self.caller_ctx = caller
            key = f"{module}.{call['name']}"
            self.host.syscall_counts[key] = self.host.syscall_counts.get(key, 0) + 1
            try:
                if impl is None:
                    raise SyscallError("IllegalOperation")
                if result is None:
                    impl(*args)
                    return 0
                ret, rest = args[0], args[1:]
                self._check(ret, self._result_size(result))
                self._write(ret, self._pack(result, impl(*rest)))
                return 0
            except SyscallError as error:
                return error.number

        linker.define_func(module, call["name"], ty, syscall, access_caller=True)

    def _result_size(self, result):
        if result in ABI["structs"]:
            return ABI["structs"][result]["size"]
        return ABI["scalars"][result]["size"]

    def _pack(self, result, value):
        formats = {"u32": "<I", "i32": "<i", "u64": "<Q"}
        if result in formats:
            return struct.pack(formats[result], value)
        return value  # already packed bytes

    def _memory(self):
        return self.caller_ctx.get("memory")

    def _check(self, ptr, length):
        ptr &= 0xFFFFFFFF
        if ptr + length > self._memory().data_len(self.caller_ctx):
            raise SyscallError("IllegalArgument")
        return ptr

    def _read(self, ptr, length):
        ptr = self._check(ptr, length)
        return bytes(self._memory().read(self.caller_ctx, ptr, ptr + length))

    def _write(self, ptr, data):
        ptr = self._check(ptr, len(data))
        self._memory().write(self.caller_ctx, data, ptr)

    def _read_cid(self, ptr):
        head = self._read(ptr, min(100, self._memory().data_len(self.caller_ctx) - (ptr & 0xFFFFFFFF)))
        version, i = read_varint(head, 0)
        if version != 1:
            raise SyscallError("IllegalArgument")
        _, i = read_varint(head, i)
        _, i = read_varint(head, i)
        size, i = read_varint(head, i)
        if i + size > len(head):
            raise SyscallError("IllegalArgument")
        return head[:i + size]

    def _write_out(self, ptr, capacity, data):
        if len(data) > capacity:
            raise SyscallError("BufferTooSmall")
        self._write(ptr, data)
        return len(data)

    def _handle(self, handle):
        if handle not in self.handles:
            raise SyscallError("InvalidHandle")
        return self.handles[handle]

    def _mutating(self):
        if self.read_only:
            raise SyscallError("ReadOnly")

    # ---- vm, network

    def sys_vm_exit(self, code, block, message_off, message_len):
        try:
            message = self._read(message_off, message_len).decode("utf-8", "replace")
        except SyscallError:
            message = ""
        raise Exit(code, block if block in self.handles else 0, message)

    def sys_vm_message_context(self):
        value = self.value
        return struct.pack("<QQQQQQQQQQ", self.origin, 0, self.caller, self.receiver, self.method,
                           value & (2**64 - 1), value >> 64, 0, 0, 1 if self.read_only else 0)

    def sys_network_context(self):
        return struct.pack("<qQQQQI", 0, 0, 100, 0, 314159, 21)

    def sys_network_tipset_cid(self, epoch, ptr, capacity):
        # The stand-in chain stays at epoch 0: there is no earlier tipset, and no later one.
        raise SyscallError("IllegalArgument")

    # ---- ipld

    def sys_ipld_block_open(self, cid_ptr):
        cid = self._read_cid(cid_ptr)
        if cid not in self.reachable or cid not in self.host.blocks:
            raise SyscallError("NotFound")
        self.host.opened.append(cid)
        codec, data = self.host.blocks[cid]
        if codec == DAG_CBOR:
            self.reachable.update(links(dag_cbor.decode(data)))
        return struct.pack("<QII", codec, self.new_handle(codec, data), len(data))

    def sys_ipld_block_create(self, codec, data_ptr, length):
        data = self._read(data_ptr, length)
        if codec not in (DAG_CBOR, RAW):
            raise SyscallError("IllegalCodec")
        if codec == DAG_CBOR:
            try:
                value = dag_cbor.decode(data)
            except Exception:
                raise SyscallError("Serialization")
            if any(link not in self.reachable for link in links(value)):
                raise SyscallError("NotFound")
        return self.new_handle(codec, data)

    def sys_ipld_block_read(self, handle, offset, obuf, max_len):
        _, data = self._handle(handle)
        chunk = data[offset:offset + max_len]
        self._write(obuf, chunk)
        return len(data) - (offset + max_len)

    def sys_ipld_block_stat(self, handle):
        codec, data = self._handle(handle)
        return struct.pack("<QI", codec, len(data))

    def sys_ipld_block_link(self, handle, hash_fun, hash_len, cid_ptr, cid_max):
        codec, data = self._handle(handle)
        if digest(hash_fun, b"") is None or hash_len != 32:
            raise SyscallError("IllegalCid")
        cid = make_cid(codec, data, hash_fun)
        written = self._write_out(cid_ptr, cid_max, cid)
        self.host.blocks[cid] = (codec, data)
        self.reachable.add(cid)
        return written

    # ---- self

    def sys_self_root(self, cid_ptr, cid_max):
        state = self.host.actors[self.receiver].state
        return self._write_out(cid_ptr, cid_max, state)

    def sys_self_set_root(self, cid_ptr):
        cid = self._read_cid(cid_ptr)
        self._mutating()
        if cid not in self.reachable:
            raise SyscallError("NotFound")
        self.host.actors[self.receiver].state = cid

    def sys_self_current_balance(self):
        balance = self.host.actors[self.receiver].balance
        return struct.pack("<QQ", balance & (2**64 - 1), balance >> 64)

    def sys_self_self_destruct(self, burn):
        self._mutating()
        actor = self.host.actors[self.receiver]
        if actor.balance and not burn:
            raise SyscallError("IllegalOperation")
        del self.host.actors[self.receiver]

    # ---- actor

    def sys_actor_resolve_address(self, ptr, length):
        return self.host.resolve(self._read(ptr, length))

    def sys_actor_lookup_delegated_address(self, actor_id, ptr, capacity):
        if actor_id not in self.host.actors:
            raise SyscallError("NotFound")
        return 0

    def sys_actor_get_actor_code_cid(self, actor_id, ptr, capacity):
        if actor_id not in self.host.actors:
            raise SyscallError("NotFound")
        return self._write_out(ptr, capacity, self.host.actors[actor_id].code)

    def sys_actor_next_actor_address(self, ptr, capacity):
        if self.receiver != INIT_ID:
            raise SyscallError("Forbidden")
        self.host.robust_counter += 1
        seed = b"cairn-test" + varint(self.host.robust_counter)
        address = b"\x02" + hashlib.blake2b(seed, digest_size=20).digest()
        return self._write_out(ptr, capacity, address)

    def sys_actor_create_actor(self, actor_id, code_ptr, delegated_ptr, delegated_len):
        if self.receiver != INIT_ID:
            raise SyscallError("Forbidden")
        self._mutating()
        code = self._read_cid(code_ptr)
        if code not in self.host.codes:
            raise SyscallError("NotFound")
        if actor_id in self.host.actors:
            raise SyscallError("IllegalArgument")
        self.host.actors[actor_id] = Actor(code, self.host.empty_state)

    BUILTIN_TYPES = {"system": 1, "init": 2, "account": 4, "placeholder": 13}

    def sys_actor_get_builtin_actor_type(self, cid_ptr):
        return self.BUILTIN_TYPES.get(self.host.codes.get(self._read_cid(cid_ptr)), 0)

    def sys_actor_get_code_cid_for_type(self, typ, ptr, capacity):
        names = [n for n, t in self.BUILTIN_TYPES.items() if t == typ]
        code = next((c for c, n in self.host.codes.items() if names and n == names[0]), None)
        if code is None:
            raise SyscallError("IllegalArgument")
        return self._write_out(ptr, capacity, code)

    def sys_actor_balance_of(self, actor_id):
        if actor_id not in self.host.actors:
            raise SyscallError("NotFound")
        balance = self.host.actors[actor_id].balance
        return struct.pack("<QQ", balance & (2**64 - 1), balance >> 64)

    # ---- crypto, rand

    def sys_crypto_hash(self, code, data_ptr, data_len, digest_ptr, digest_len):
        data = self._read(data_ptr, data_len)
        d = digest(code, data)
        if d is None:
            raise SyscallError("IllegalArgument")
        out = d[:digest_len]
        self._write(digest_ptr, out)
        return len(out)

    def sys_crypto_verify_signature(self, sig_type, sig_ptr, sig_len, addr_ptr, addr_len, text_ptr, text_len):
        """A stand-in: a signature is "valid" when it equals blake2b-256(address || plaintext)."""
        signature = self._read(sig_ptr, sig_len)
        address = self._read(addr_ptr, addr_len)
        text = self._read(text_ptr, text_len)
        return 0 if signature == hashlib.blake2b(address + text, digest_size=32).digest() else -1

    def sys_rand_get_chain_randomness(self, epoch):
        return hashlib.sha256(b"chain" + struct.pack("<q", epoch)).digest()

    def sys_rand_get_beacon_randomness(self, epoch):
        return hashlib.sha256(b"beacon" + struct.pack("<q", epoch)).digest()

    # ---- event, gas, debug

    def sys_event_emit_event(self, evt_ptr, count, key_ptr, key_len, val_ptr, val_len):
        entries = self._read(evt_ptr, 24 * count)
        keys = self._read(key_ptr, key_len)
        values = self._read(val_ptr, val_len)
        event, k, v = [], 0, 0
        for i in range(count):
            flags, codec, klen, vlen = struct.unpack_from("<QQII", entries, 24 * i)
            if codec != RAW or klen > 31 or k + klen > len(keys) or v + vlen > len(values):
                raise SyscallError("IllegalArgument")
            event.append((flags, keys[k:k + klen].decode(), values[v:v + vlen]))
            k, v = k + klen, v + vlen
        if k != len(keys) or v != len(values):
            raise SyscallError("IllegalArgument")
        self._mutating()
        self.host.events.append((self.receiver, event))

    def sys_gas_charge(self, name_ptr, name_len, amount):
        self._read(name_ptr, name_len)

    def sys_gas_available(self):
        return self.caller_ctx.get_fuel() if hasattr(self.caller_ctx, "get_fuel") else 0

    def sys_debug_enabled(self):
        return 0

    def sys_debug_store_artifact(self, name_ptr, name_len, data_ptr, data_len):
        self._read(name_ptr, name_len)
        self._read(data_ptr, data_len)

    def sys_debug_log(self, ptr, length):
        self.host.logs.append(self._read(ptr, length).decode("utf-8", "replace"))

    # ---- send

    def sys_send_send(self, addr_ptr, addr_len, method, params, value_hi, value_lo, gas_limit, flags):
        address = self._read(addr_ptr, addr_len)
        payload = None
        if params:
            payload = self._handle(params)[1]
        value = (value_hi << 64) | value_lo
        read_only = self.read_only or bool(flags & 1)
        receiver = self.host.resolve(address)
        receipt = self.host.send(self.receiver, receiver, method, payload, value, read_only, self.depth + 1,
                                 origin=self.origin)
        handle = self.new_handle(DAG_CBOR, receipt.data) if receipt.data else 0
        if receipt.data:
            self.reachable.update(links(dag_cbor.decode(receipt.data)))
        size = len(receipt.data) if receipt.data else 0
        return struct.pack("<IIQI", receipt.exit_code, handle, DAG_CBOR, size)


Host.invocation_class = Invocation
