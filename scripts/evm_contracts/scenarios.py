"""The scenarios: the Vyper contracts of evm/contracts and every solc contract of
../shared/evm-contracts, each deployed and called the way its source invites."""
from . import abi
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
                              "a static call refusing a write, value forwarded and sent", [
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
        Call("withdraw", store, "withdraw(uint256)", [100], sender=2, returns=uint(1677)),
        Call("value", store, "value()", view=True, returns=uint(2)),
        Call("writes", store, "writes()", view=True, returns=uint(3)),
        Call("last-writer", store, "last_writer()", view=True, returns=address_word(call)),
        Call("calls", call, "calls()", view=True, returns=uint(3)),
        Call("caught", call, "caught()", view=True, returns=uint(1)),
        Call("direct-fail", store, "fail(string)", ["direct"], expect=REVERT, reason="direct"),
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
                               "overflow, INVALID, a constructor refusing, a write undone", [
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
    cases = [b"", b"\x01", bytes(range(32)), bytes(range(33)), bytes(range(100)) * 3]
    steps = [Deploy("mcopy", "MCOPYTest")]
    for i, data in enumerate(cases):
        steps.append(Call(f"copy{len(data)}", mc, "optimizedCopy(bytes)", [data], view=i % 2 == 0,
                          sender=i % 3, returns=(["bytes"], [data])))
    return Scenario("mcopy", "MCOPYTest (solc): MCOPY of 0 to 300 bytes", steps)


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


def selfdestruct():
    sd = Ref("selfdestruct")
    return Scenario("selfdestruct", "Selfdestruct (solc): SELFDESTRUCT to a masked ID address in a later "
                                    "message leaves the contract (EIP-6780)", [
        Deploy("selfdestruct", "Selfdestruct"),
        Call("one", sd, "one()", view=True, returns=uint(1)),
        Call("die", sd, "die()"),
        Call("one-after", sd, "one()", returns=uint(1)),
    ])


def all_scenarios():
    return [erc20(), simplecoin(), caller(), factory_vyper(), factory_solc(), reverts(), events(),
            filecoin_fallback(), recursive(), mcopy(), transient(), selfdestruct()]
