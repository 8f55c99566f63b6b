# pragma version 0.4.3
"""
@title Caller
@notice Calls another contract (Store.vy) in the contract tests: CALL with its return read back,
        STATICCALL, a revert caught (raw_call without revert_on_failure) or bubbled up, a write
        refused in a static call, value forwarded, and contracts made with CREATE and CREATE2
        (copies and EIP-1167 proxies, which reach the copy through DELEGATECALL).
"""

interface Store:
    def set(v: uint256) -> uint256: nonpayable
    def value() -> uint256: view
    def fail(reason: String[64]): nonpayable
    def deposit() -> uint256: payable

event Caught:
    target: indexed(address)
    data: Bytes[256]

event Made:
    child: indexed(address)
    kind: uint256

last_old: public(uint256)
calls: public(uint256)
caught: public(uint256)
children: public(DynArray[address, 8])


@external
def relay_set(target: address, v: uint256) -> uint256:
    old: uint256 = extcall Store(target).set(v)
    self.last_old = old
    self.calls += 1
    return old


@external
@view
def read(target: address) -> uint256:
    return staticcall Store(target).value()


@external
def relay_twice(target: address, a: uint256, b: uint256) -> uint256:
    extcall Store(target).set(a)
    old: uint256 = extcall Store(target).set(b)
    self.calls += 2
    return old + staticcall Store(target).value()


@external
def try_fail(target: address, reason: String[64]) -> (bool, Bytes[256]):
    ok: bool = False
    data: Bytes[256] = b""
    ok, data = raw_call(
        target,
        abi_encode(reason, method_id=method_id("fail(string)")),
        max_outsize=256,
        revert_on_failure=False,
    )
    if not ok:
        self.caught += 1
        log Caught(target=target, data=data)
    return ok, data


@external
def bubble_fail(target: address, reason: String[64]):
    self.calls += 1  # rolled back with the bubbled revert
    extcall Store(target).fail(reason)


@external
def try_static_write(target: address, v: uint256) -> bool:
    ok: bool = raw_call(
        target,
        abi_encode(v, method_id=method_id("set(uint256)")),
        is_static_call=True,
        revert_on_failure=False,
    )
    return ok


@external
@payable
def forward(target: address) -> uint256:
    return extcall Store(target).deposit(value=msg.value)


@external
def make_copy(target: address) -> address:
    child: address = create_copy_of(target)
    self.children.append(child)
    log Made(child=child, kind=1)
    return child


@external
def make_copy2(target: address, salt: bytes32) -> address:
    child: address = create_copy_of(target, salt=salt)
    self.children.append(child)
    log Made(child=child, kind=2)
    return child


@external
def make_proxy(target: address) -> address:
    child: address = create_minimal_proxy_to(target)
    self.children.append(child)
    log Made(child=child, kind=3)
    return child


@external
def make_raw(initcode: Bytes[2048], salt: bytes32) -> address:
    child: address = raw_create(initcode, salt=salt)
    self.children.append(child)
    log Made(child=child, kind=4)
    return child
