"""The scenarios: the Vyper contracts of evm/contracts and every solc contract of
../shared/evm-contracts, each deployed and called the way its source invites."""
import hashlib

import rlp
from eth_hash.auto import keccak

from . import abi
from .pyevm_side import sender_key
from .result import FAILURE, REVERT
from .steps import Call, Deploy, Initcode, Ref, Scenario, Sender

S0, S1, S2 = Sender(0), Sender(1), Sender(2)
TRUE = (["bool"], [True])
FALSE = (["bool"], [False])


def uint(n):
    return (["uint256"], [n])


def address_word(ref):
    return (["address"], [ref])


SALT_A = bytes.fromhex("5a" * 32)
SALT_B = (7).to_bytes(32, "big")


def erc20():
    token = Ref("token")
    supply = 10**6
    return Scenario("erc20", "Token.vy: transfer, approve, transferFrom, failures with reasons, events, balances", [
        Deploy("token", "Token", "string,string,uint256", ["Cairn Token", "CRN", supply]),
        Call("name", token, "name()", view=True, returns=(["string"], ["Cairn Token"])),
        Call("symbol", token, "symbol()", view=True, returns=(["string"], ["CRN"])),
        Call("decimals", token, "decimals()", view=True, returns=uint(18)),
        Call("supply", token, "totalSupply()", view=True, returns=uint(supply)),
        Call("t1", token, "transfer(address,uint256)", [S1, 1000], returns=TRUE),
        Call("t2", token, "transfer(address,uint256)", [S2, 250], sender=1, returns=TRUE),
        Call("bal0", token, "balanceOf(address)", [S0], view=True, returns=uint(supply - 1000)),
        Call("bal1", token, "balanceOf(address)", [S1], view=True, returns=uint(750)),
        Call("bal2", token, "balanceOf(address)", [S2], view=True, returns=uint(250)),
        Call("too-much", token, "transfer(address,uint256)", [S0, 10**9], sender=2,
             expect=REVERT, reason="ERC20: transfer amount exceeds balance"),
        Call("to-zero", token, "transfer(address,uint256)", [bytes(20), 1],
             expect=REVERT, reason="ERC20: transfer to the zero address"),
        Call("approve", token, "approve(address,uint256)", [S2, 500], sender=1, returns=TRUE),
        Call("allowance", token, "allowance(address,address)", [S1, S2], view=True, returns=uint(500)),
        Call("from1", token, "transferFrom(address,address,uint256)", [S1, S0, 200], sender=2, returns=TRUE),
        Call("allowance-after", token, "allowance(address,address)", [S1, S2], view=True, returns=uint(300)),
        Call("from-too-much", token, "transferFrom(address,address,uint256)", [S1, S0, 400], sender=2,
             expect=REVERT, reason="ERC20: insufficient allowance"),
        Call("approve-max", token, "approve(address,uint256)", [S1, 2**256 - 1], returns=TRUE),
        Call("from-max", token, "transferFrom(address,address,uint256)", [S0, S2, 5000], sender=1, returns=TRUE),
        Call("burn", token, "burn(uint256)", [100], sender=2),
        Call("supply-after", token, "totalSupply()", view=True, returns=uint(supply - 100)),
        Call("unknown-selector", token, data=bytes.fromhex("deadbeef"), expect=REVERT, returns=b""),
        Call("value-to-nonpayable", token, "transfer(address,uint256)", [S1, 1], value=5, expect=REVERT),
        Call("plain-value", token, value=5, expect=REVERT),
        # S0's nonce is past failed and successful messages: the CREATE address shows it.
        Deploy("token2", "Token", "string,string,uint256", ["Second", "TWO", 77]),
        Call("bal0-token2", Ref("token2"), "balanceOf(address)", [S0], view=True, returns=uint(77)),
    ])


def simplecoin():
    coin = Ref("coin")
    return Scenario("simplecoin", "SimpleCoin (solc): tx.origin credit, sendCoin, Transfer, a refused send", [
        Deploy("coin", "SimpleCoin", sender=1),
        Call("bal1", coin, "getBalance(address)", [S1], view=True, returns=uint(10000)),
        Call("send", coin, "sendCoin(address,uint256)", [S2, 300], sender=1, returns=TRUE),
        Call("send-short", coin, "sendCoin(address,uint256)", [S0, 400], sender=2, returns=FALSE),
        Call("send-back", coin, "sendCoin(address,uint256)", [S1, 100], sender=2, returns=TRUE),
        Call("eth2", coin, "getBalanceInEth(address)", [S2], view=True, returns=uint(400)),
        Call("bal0", coin, "getBalance(address)", [S0], view=True, returns=uint(0)),
    ])


def caller():
    store, call = Ref("store"), Ref("caller")
    return Scenario("caller", "Caller.vy calling Store.vy: returns read back, reverts caught and bubbled, "
                              "a static call refusing a write, value forwarded", [
        Deploy("store", "Store", "uint256", [5], value=1000),
        Deploy("caller", "Caller", sender=1),
        Call("relay", call, "relay_set(address,uint256)", [store, 42], returns=uint(5)),
        Call("read", call, "read(address)", [store], view=True, returns=uint(42)),
        Call("read-tx", call, "read(address)", [store], sender=2, returns=uint(42)),
        Call("relay-twice", call, "relay_twice(address,uint256,uint256)", [store, 1, 2], returns=uint(3)),
        Call("try-fail", call, "try_fail(address,string)", [store, "nope"],
             returns=(["bool", "bytes"], [False, abi.error_string("nope")])),
        Call("bubble", call, "bubble_fail(address,string)", [store, "bubbled up"], expect=REVERT,
             reason="bubbled up"),
        Call("static-write", call, "try_static_write(address,uint256)", [store, 9], returns=FALSE),
        Call("forward", call, "forward(address)", [store], value=777, sender=2, returns=uint(1777)),
        Call("balance", store, "deposit()", view=True, returns=uint(1777)),
        Call("value", store, "value()", view=True, returns=uint(2)),
        Call("writes", store, "writes()", view=True, returns=uint(3)),
        Call("last-writer", store, "last_writer()", view=True, returns=address_word(call)),
        Call("calls", call, "calls()", view=True, returns=uint(3)),
        Call("caught", call, "caught()", view=True, returns=uint(1)),
        Call("direct-fail", store, "fail(string)", ["direct"], expect=REVERT, reason="direct"),
    ])


def masked_id(actor):
    """FEVM's masked ID address of actor `actor`: 0xff, 11 zero bytes, the ID in 8 bytes."""
    return b"\xff" + bytes(11) + actor.to_bytes(8, "big")


def value():
    store, call = Ref("store"), Ref("caller")
    fresh = bytes.fromhex("00000000000000000000000000000000000bee01")
    return Scenario("value", "wei moving: a payable constructor, CALL with value to an account (by address "
                             "and masked ID), to a new address and to a contract refusing it, Vyper's send "
                             "(gas 0 + stipend), a contract made and self-destructed in one transaction (EIP-6780)", [
        Deploy("store", "Store", "uint256", [0], value=5000),
        Deploy("caller", "Caller", sender=1),
        Call("pay-account", store, "pay(address,uint256,uint256)", [S1, 100, 100000], returns=uint(4900)),
        Call("pay-new", store, "pay(address,uint256,uint256)", [fresh, 7, 50000], sender=2, returns=uint(4893)),
        Call("pay-refused", store, "pay(address,uint256,uint256)", [call, 1, 100000], expect=REVERT),
        Call("forward", call, "forward(address)", [store], value=300, returns=uint(5193)),
        Call("send", store, "withdraw(uint256)", [10], sender=2, returns=uint(5183)),
        # a masked ID address: on Cairn the first funded account (f0100); for py-evm a new account. (Not a
        # native actor such as the EAM: FEVM's CALL invokes it and fails, where Ethereum sees no code.)
        Call("pay-masked-100", store, "pay(address,uint256,uint256)", [masked_id(100), 3, 100000],
             returns=uint(5180)),
        Call("killed", call, "make_and_kill(bytes)", [Initcode("Doomed", "uint256", [42])], value=1000,
             names_address=True),
        Call("killed-after", Ref("killed"), "marker()", returns=b""),
        Call("balance", store, "deposit()", view=True, returns=uint(5180)),
    ])


def factory_vyper():
    store, maker = Ref("store"), Ref("maker")
    return Scenario("factory-vyper", "Caller.vy making contracts: CREATE and CREATE2 copies, an EIP-1167 proxy "
                                     "(DELEGATECALL), raw_create with a salt, a CREATE2 collision", [
        Deploy("store", "Store", "uint256", [11]),
        Deploy("maker", "Caller"),
        Call("copy", maker, "make_copy(address)", [store], names_address=True),
        Call("copy-set", Ref("copy"), "set(uint256)", [3], returns=uint(0)),
        Call("copy-value", Ref("copy"), "value()", view=True, returns=uint(3)),
        Call("copy2", maker, "make_copy2(address,bytes32)", [store, SALT_A], sender=1, names_address=True),
        Call("copy2-set", Ref("copy2"), "set(uint256)", [4], sender=2, returns=uint(0)),
        Call("proxy", maker, "make_proxy(address)", [store], names_address=True),
        Call("proxy-set", Ref("proxy"), "set(uint256)", [77], returns=uint(0)),
        Call("proxy-value", Ref("proxy"), "value()", view=True, returns=uint(77)),
        Call("store-value", store, "value()", view=True, returns=uint(11)),
        Call("raw", maker, "make_raw(bytes,bytes32)", [Initcode("Store", "uint256", [99]), SALT_B],
             names_address=True),
        Call("raw-value", Ref("raw"), "value()", view=True, returns=uint(99)),
        Call("collision", maker, "make_copy2(address,bytes32)", [store, SALT_A], expect=REVERT),
        Call("child0", maker, "children(uint256)", [0], view=True, returns=address_word(Ref("copy"))),
        Call("child3", maker, "children(uint256)", [3], view=True, returns=address_word(Ref("raw"))),
    ])


def create_address(sender, nonce):
    """Ethereum's CREATE address: keccak(rlp([sender, nonce]))[12:]."""
    return keccak(rlp.encode([sender, nonce]))[12:]


def created_at(ref, nonce):
    """Expected return: the address `ref` creates with `nonce`, as an ABI word."""
    return lambda ctx: abi.encode(["address"], [create_address(ctx.resolve(ref), nonce)])


def create_nonces():
    store, maker = Ref("store"), Ref("maker")
    return Scenario("create-nonces", "CREATE addresses after a failed CREATE that was caught (the nonce is "
                                     "used) and after a transaction that created and then reverted (it is not)", [
        Deploy("store", "Store", "uint256", [1]),
        Deploy("maker", "Caller", sender=1),
        Call("failed-create", maker, "try_make(bytes)", [Initcode("Reverter", "bool", [False])],
             returns=address_word(bytes(20))),
        Call("after-failed", maker, "make_copy(address)", [store], names_address=True, returns=created_at(maker, 2)),
        Call("undone", maker, "make_then_fail(address)", [store], expect=REVERT, reason="undo the create"),
        Call("after-undone", maker, "make_copy(address)", [store], sender=2, names_address=True,
             returns=created_at(maker, 3)),
        Call("ok-create", maker, "try_make(bytes)", [Initcode("Store", "uint256", [8])], names_address=True),
        Call("ok-value", Ref("ok-create"), "value()", view=True, returns=uint(8)),
        Call("children", maker, "children(uint256)", [1], view=True, returns=address_word(Ref("after-undone"))),
    ])


def factory_solc():
    factory = Ref("factory")
    return Scenario("lifecycle", "Factory and FactoryChild (solc Lifecycle): CREATE, CREATE2, a constructor "
                                 "revert bubbled, a collision, SELFDESTRUCT of an old contract (EIP-6780)", [
        Deploy("factory", "Factory"),
        Call("child", factory, "create(int32)", [5], names_address=True),
        Call("child-value", Ref("child"), "get_value()", view=True, returns=(["int32"], [5])),
        Call("child2", factory, "create2(bytes32,int32)", [SALT_A, 7], sender=1, names_address=True),
        Call("child2-value", Ref("child2"), "get_value()", view=True, returns=(["int32"], [7])),
        Call("negative", factory, "create(int32)", [-1], expect=REVERT, reason="create failed"),
        Call("collision", factory, "create2(bytes32,int32)", [SALT_A, 7], expect=REVERT),
        Call("child3", factory, "create(int32)", [9], names_address=True),
        Call("die-recursive", Ref("child"), "dieRecursive()", sender=2),
        Call("after-recursive", Ref("child"), "get_value()", view=True, returns=(["int32"], [1234])),
        Call("die", Ref("child2"), "die()"),
        Call("after-die", Ref("child2"), "get_value()", view=True, returns=(["int32"], [7])),
    ])


def reverts():
    rev = Ref("reverter")
    return Scenario("reverts", "Reverter.vy: Error(string) reasons, empty and custom revert data, a checked "
                               "overflow, INVALID, out of gas, a constructor refusing, a write undone", [
        Deploy("refused", "Reverter", "bool", [False], expect=REVERT, reason="Reverter: constructor refused"),
        Deploy("reverter", "Reverter", "bool", [True]),
        Call("check-ok", rev, "check(uint256)", [11], returns=uint(22)),
        Call("check-low", rev, "check(uint256)", [3], expect=REVERT, reason="x must be greater than 10"),
        Call("reason", rev, "fail_reason()", expect=REVERT, reason="always fails"),
        Call("long-reason", rev, "fail_long_reason()", expect=REVERT,
             reason="a reason longer than one ABI word, to check the padding of Error(string) data"),
        Call("plain", rev, "fail_plain(uint256)", [1], expect=REVERT, returns=b""),
        Call("custom", rev, "fail_custom(uint256)", [7], sender=1, expect=REVERT,
             returns=lambda ctx: abi.selector("Custom(uint256,address)") + abi.encode(["uint256", "address"],
                                                                                       [7, ctx.resolve(S1)])),
        Call("overflow", rev, "fail_overflow(uint256)", [1], expect=REVERT, returns=b""),
        Call("invalid", rev, "fail_invalid()", expect=FAILURE),
        Call("out-of-gas", rev, "fail_out_of_gas(uint256)", [1000000], sender=2, expect=FAILURE),
        Call("undone", rev, "write_then_fail(uint256)", [99], expect=REVERT, reason="rolled back"),
        Call("value", rev, "value()", view=True, returns=uint(7)),
        Call("passes", rev, "passes()", view=True, returns=uint(1)),
        Call("view-revert", rev, "check(uint256)", [0], view=True, expect=REVERT, reason="x must be greater than 10"),
    ])


def events():
    ev = Ref("events")
    t = [bytes([i]) * 32 for i in (1, 2, 3, 4)]
    return Scenario("events", "Events.vy: logs with 0-4 topics, empty and dynamic data, order across calls, "
                              "logs of reverted frames dropped", [
        Deploy("events", "Events"),
        Call("all", ev, "emit_all(uint256,bytes,string)", [3, b"blob", "a note"], returns=uint(5)),
        Call("all-empty", ev, "emit_all(uint256,bytes,string)", [4, b"", ""], sender=1, returns=uint(10)),
        Call("raw", ev, "emit_raw(bytes32,bytes32,bytes32,bytes32,bytes)", [*t, bytes(range(100))]),
        Call("raw-empty", ev, "emit_raw(bytes32,bytes32,bytes32,bytes32,bytes)", [*t, b""]),
        Call("reverted", ev, "emit_then_revert(uint256)", [1], expect=REVERT, reason="logs dropped"),
        Call("partial", ev, "emit_and_try(uint256)", [10], returns=FALSE),
        Deploy("peer", "Events", sender=2),
        Call("around", ev, "emit_around(address,uint256)", [Ref("peer"), 8], returns=uint(5)),
        Call("view-logs", ev, "emit_all(uint256,bytes,string)", [5, b"x", "y"], view=True, returns=uint(15)),
        Call("count", ev, "count()", view=True, returns=uint(10)),
    ])


def filecoin_fallback():
    fb = Ref("fallback")
    sig = "handle_filecoin_method(uint64,uint64,bytes)"
    answer = ["uint32", "uint64", "bytes"]
    return Scenario("filecoin-fallback", "FilecoinFallback (solc): handle_filecoin_method called with its ABI", [
        Deploy("fallback", "FilecoinFallback"),
        Call("m1024", fb, sig, [1024, 0, b""], returns=(answer, [0, 0, b""])),
        Call("m1025", fb, sig, [1025, 0, b""], returns=(answer, [0, 0x51, b"foobar"])),
        Call("m1026", fb, sig, [1026, 0, b""], view=True, returns=(answer, [42, 0, b""])),
        Call("m1027", fb, sig, [1027, 0x51, b"\x80"], returns=(answer, [42, 0x51, b"foobar"])),
        Call("m1028", fb, sig, [1028, 0, b""], expect=REVERT, returns=b""),
        Call("codec-mismatch", fb, sig, [1024, 0x51, b""], expect=REVERT, returns=b""),
    ])


def recursive():
    rec = Ref("recursive")
    return Scenario("recursive", "Recursive (solc): a contract re-entering itself through CALL", [
        Deploy("recursive", "Recursive"),
        Call("recurse-first", rec, "recurse()", view=True, returns=(["uint32"], [2])),
        Call("enter", rec, "enter()", returns=(["uint32"], [0])),
        Call("enter-again", rec, "enter()", returns=(["uint32"], [1])),
        Call("recurse", rec, "recurse()", returns=(["uint32"], [3])),
    ])


def mcopy():
    mc = Ref("mcopy")
    cases = [b"", b"\x01", bytes(range(32)), bytes(range(33)), bytes(range(100)) * 3, bytes(range(256)) * 16]
    steps = [Deploy("mcopy", "MCOPYTest")]
    for i, data in enumerate(cases):
        steps.append(Call(f"copy{len(data)}", mc, "optimizedCopy(bytes)", [data], view=i % 2 == 0,
                          sender=i % 3, returns=(["bytes"], [data])))
    return Scenario("mcopy", "MCOPYTest (solc): MCOPY of 0 to 4096 bytes", steps)


def transient():
    ts, other = Ref("ts"), Ref("other")
    return Scenario("transient-storage", "TransientStorageTest (solc): TSTORE/TLOAD in the constructor, "
                                         "cleared between messages, per contract, across re-entry", [
        Deploy("ts", "TransientStorageTest"),
        Call("run", ts, "runTests()", returns=FALSE),
        Call("cleared", ts, "testLifecycleValidationSubsequentTransaction()"),
        Call("is-cleared", ts, "isStorageCleared(uint256)", [3], view=True, returns=TRUE),
        Deploy("other", "TransientStorageTest", sender=1),
        Call("nested", ts, "testNestedContracts(address)", [other], returns=TRUE),
        Call("reentry", ts, "testReentry(address)", [other], sender=2, returns=TRUE),
        Call("other-read", other, "readTransientData(uint256)", [4], returns=uint(0)),
        Call("other-write", other, "writeTransientData(uint256,uint256)", [4, 5]),
        Call("other-read-after", other, "readTransientData(uint256)", [4], returns=uint(0)),
    ])


def transient_vyper():
    tr = Ref("transient")
    return Scenario("transient-vyper", "Transient.vy: EIP-1153 storage across re-entry, undone by a reverted "
                                       "sub-call, cleared between transactions; @nonreentrant's lock", [
        Deploy("transient", "Transient"),
        Call("probe", tr, "probe()", returns=(["uint256", "uint256", "bool"], [1, 2, False])),
        Call("peek", tr, "peek()", view=True, returns=uint(0)),
        Call("bump", tr, "bump()", sender=1, returns=uint(1)),
        Call("bump-again", tr, "bump()", returns=uint(1)),
        Call("guarded", tr, "guarded(bool)", [False], returns=uint(103)),
        Call("reentered", tr, "guarded(bool)", [True], sender=2, expect=REVERT),
        Call("guarded-after", tr, "guarded(bool)", [False], returns=uint(104)),
        Call("persisted", tr, "persisted()", view=True, returns=uint(104)),
    ])


def selfdestruct():
    sd = Ref("selfdestruct")
    return Scenario("selfdestruct", "Selfdestruct (solc): SELFDESTRUCT to a masked ID address in a later "
                                    "message leaves the contract (EIP-6780)", [
        Deploy("selfdestruct", "Selfdestruct"),
        Call("one", sd, "one()", view=True, returns=uint(1)),
        Call("die", sd, "die()"),
        Call("one-after", sd, "one()", returns=uint(1)),
    ])


def slots():
    sl = Ref("slots")
    return Scenario("slots", "Slots.vy: hundreds of slots (hashed and adjacent), slots cleared to zero, "
                             "13 nested calls into itself, a revert through 6 levels", [
        Deploy("slots", "Slots"),
        Call("fill", sl, "fill(uint256,uint256,uint256)", [0, 100, 7], returns=uint(100)),
        Call("fill-far", sl, "fill(uint256,uint256,uint256)", [2**255 + 5, 60, 9], sender=1, returns=uint(160)),
        Call("clear", sl, "clear(uint256,uint256)", [10, 30]),
        Call("push", sl, "push_many(uint256,uint256)", [100, 5], returns=uint(100)),
        Call("pop", sl, "pop_many(uint256)", [40], sender=2, returns=uint(60)),
        Call("push-more", sl, "push_many(uint256,uint256)", [20, 1000], returns=uint(80)),
        Call("down", sl, "down(uint256)", [12], returns=uint(12)),
        Call("down-fail", sl, "down_then_fail(uint256)", [5], expect=REVERT, reason="bottom"),
        Call("filled", sl, "filled()", view=True, returns=uint(130)),
        Call("cleared", sl, "data(uint256)", [15], view=True, returns=uint(0)),
        Call("kept", sl, "data(uint256)", [40], view=True,
             returns=uint(int.from_bytes(keccak(abi.encode(["uint256", "uint256"], [7, 40])), "big"))),
    ])


def _signature(message):
    digest = keccak(message)
    sig = sender_key(0).sign_msg_hash(digest)
    return digest, 27 + sig.v, sig.r.to_bytes(32, "big"), sig.s.to_bytes(32, "big")


def precompiles():
    pr = Ref("probe")
    digest, v, r, s = _signature(b"cairn contract tests")
    pc = "precompile(address,bytes)"
    ok = ["bool", "bytes"]
    modexp = abi.encode(["uint256"] * 3, [1, 1, 1]) + b"\x03\x05\x07"
    blake2f = (12).to_bytes(4, "big") + bytes(range(64)) + bytes(range(128)) + (3).to_bytes(16, "little") + b"\x01"
    g1 = [1, 2]
    two_g1 = (["uint256[2]"], [[0x030644E72E131A029B85045B68181585D97816A916871CA8D3C208C16D87CFD3,
                                0x15ED738C0E0A7C92E7845F96B2AE9C0A68A6A449E3538FC7FF3EBF7A5A18A2C4]])  # 2·G1
    return Scenario("precompiles", "Probe.vy: sha256, keccak256, ecrecover (good and bad signatures), "
                                   "identity, ripemd160, modexp, bn254 add/mul/pairing, blake2f from a contract", [
        Deploy("probe", "Probe"),
        Call("sha256", pr, "hash_sha256(bytes)", [b"abc"], returns=(["bytes32"], [hashlib.sha256(b"abc").digest()])),
        Call("sha256-empty", pr, "hash_sha256(bytes)", [b""], sender=1,
             returns=(["bytes32"], [hashlib.sha256(b"").digest()])),
        Call("keccak", pr, "hash_keccak(bytes)", [b"cairn"], view=True, returns=(["bytes32"], [keccak(b"cairn")])),
        Call("recover", pr, "recover(bytes32,uint8,bytes32,bytes32)", [digest, v, r, s], returns=address_word(S0)),
        Call("recover-bad-v", pr, "recover(bytes32,uint8,bytes32,bytes32)", [digest, 29, r, s], view=True,
             returns=address_word(bytes(20))),
        Call("recover-zero-r", pr, "recover(bytes32,uint8,bytes32,bytes32)", [digest, v, bytes(32), s], view=True,
             returns=address_word(bytes(20))),
        Call("identity", pr, pc, [bytes(19) + b"\x04", b"echo this"], view=True, returns=(ok, [True, b"echo this"])),
        Call("ripemd160", pr, pc, [bytes(19) + b"\x03", b"abc"], view=True,
             returns=(ok, [True, bytes(12) + hashlib.new("ripemd160", b"abc").digest()])),
        Call("sha256-raw", pr, pc, [bytes(19) + b"\x02", b"abc"], view=True,
             returns=(ok, [True, hashlib.sha256(b"abc").digest()])),
        Call("modexp", pr, pc, [bytes(19) + b"\x05", modexp], returns=(ok, [True, b"\x05"])),
        Call("bn-add", pr, "bn_add(uint256[2],uint256[2])", [g1, g1], view=True, returns=two_g1),
        Call("bn-mul", pr, "bn_mul(uint256[2],uint256)", [g1, 2], view=True, returns=two_g1),
        Call("pairing-empty", pr, pc, [bytes(19) + b"\x08", b""], view=True,
             returns=(ok, [True, (1).to_bytes(32, "big")])),
        Call("blake2f", pr, pc, [bytes(19) + b"\x09", blake2f], view=True),
        Call("blake2f-bad", pr, pc, [bytes(19) + b"\x09", blake2f[:-1]], view=True, returns=(ok, [False, b""])),
        Call("last-hash", pr, "last_hash()", view=True, returns=(["bytes32"], [hashlib.sha256(b"").digest()])),
    ])


def introspection():
    pr = Ref("probe")
    return Scenario("introspection", "Probe.vy: EXTCODESIZE/EXTCODEHASH of a contract, an account and nothing; "
                                     "ADDRESS, CALLER, ORIGIN, SELFBALANCE", [
        Deploy("probe", "Probe", sender=2),
        Deploy("other", "Store", "uint256", [1]),
        Call("contract", pr, "inspect(address)", [Ref("other")], view=True),
        Call("self", pr, "inspect(address)", [pr], sender=1),
        Call("account", pr, "inspect(address)", [S1], view=True),
        Call("nothing", pr, "inspect(address)", [bytes.fromhex("00000000000000000000000000000000deadbeef")],
             view=True, returns=(["uint256", "bytes32", "bool"], [0, bytes(32), False])),
        Call("whoami", pr, "whoami()", sender=1,
             returns=(["address", "address", "address", "uint256"], [pr, S1, S1, 0])),
    ])


def all_scenarios():
    return [erc20(), simplecoin(), caller(), value(), factory_vyper(), create_nonces(), factory_solc(),
            reverts(), events(), filecoin_fallback(), recursive(), mcopy(), transient(), transient_vyper(),
            selfdestruct(), slots(), precompiles(), introspection()]
