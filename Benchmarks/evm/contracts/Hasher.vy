# pragma version 0.4.3
# The hashing loop of the EVM benchmark (Benchmarks/evm): `rounds` Keccak-256 of a running
# 32-byte value, the last one kept in storage and returned.

last: public(bytes32)
calls: public(uint256)


@external
def hash_loop(seed: bytes32, rounds: uint256) -> bytes32:
    value: bytes32 = seed
    for i: uint256 in range(rounds, bound=10000):
        value = keccak256(value)
    self.last = value
    self.calls += 1
    return value
