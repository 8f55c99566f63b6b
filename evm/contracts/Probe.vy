# pragma version 0.4.3
"""
@title Probe
@notice Precompiles and introspection through contract code for the contract tests: sha256,
        ecrecover, ripemd160, identity, modexp, bn254 add and mul, blake2f, keccak256, and the
        code size, code hash and contract-ness of other addresses.
"""

last_hash: public(bytes32)


@external
def hash_sha256(data: Bytes[256]) -> bytes32:
    h: bytes32 = sha256(data)
    self.last_hash = h
    return h


@external
@view
def hash_keccak(data: Bytes[256]) -> bytes32:
    return keccak256(data)


@external
@view
def recover(digest: bytes32, v: uint8, r: bytes32, s: bytes32) -> address:
    return ecrecover(digest, v, r, s)


@external
@view
def precompile(target: address, data: Bytes[512]) -> (bool, Bytes[512]):
    ok: bool = False
    out: Bytes[512] = b""
    ok, out = raw_call(target, data, max_outsize=512, is_static_call=True, revert_on_failure=False)
    return ok, out


@external
@view
def bn_add(a: uint256[2], b: uint256[2]) -> uint256[2]:
    return ecadd(a, b)


@external
@view
def bn_mul(a: uint256[2], k: uint256) -> uint256[2]:
    return ecmul(a, k)


@external
@view
def inspect(target: address) -> (uint256, bytes32, bool):
    return target.codesize, target.codehash, target.is_contract


@external
@view
def whoami() -> (address, address, address, uint256):
    return self, msg.sender, tx.origin, self.balance
