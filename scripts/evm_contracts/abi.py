"""The small part of the Solidity ABI the scenarios need: selectors, argument encoding (static
words, `bytes`, `string`, dynamic arrays of words) and a few return decoders. Written here so
that the check needs only py-evm, vyper, trie and rlp."""
from eth_hash.auto import keccak


def selector(signature):
    """The 4-byte function selector of a signature such as `transfer(address,uint256)`."""
    return keccak(signature.encode())[:4]


def event_topic(signature):
    """Topic 0 of a non-anonymous event."""
    return keccak(signature.encode())


def split_types(signature):
    """The argument types of `name(t1,t2,...)` (no tuples: the scenarios need none)."""
    inner = signature[signature.index("(") + 1:signature.rindex(")")]
    return [t for t in inner.split(",") if t]


def _word(kind, value):
    if kind == "address":
        if isinstance(value, str):
            value = bytes.fromhex(value.removeprefix("0x"))
        assert len(value) == 20, value
        return bytes(12) + value
    if kind == "bool":
        return int(bool(value)).to_bytes(32, "big")
    if kind.startswith("uint"):
        return int(value).to_bytes(32, "big")
    if kind.startswith("int"):
        return (int(value) % (1 << 256)).to_bytes(32, "big")
    if kind.startswith("bytes"):  # bytes1..bytes32, left-aligned
        if isinstance(value, str):
            value = bytes.fromhex(value.removeprefix("0x"))
        assert len(value) <= 32
        return value.ljust(32, b"\0")
    raise ValueError(f"unsupported static type {kind}")


def _is_dynamic(kind):
    return kind in ("bytes", "string") or kind.endswith("[]")


def _tail(kind, value):
    if kind.endswith("[]"):
        inner = kind[:-2]
        return len(value).to_bytes(32, "big") + b"".join(_word(inner, v) for v in value)
    data = value.encode() if isinstance(value, str) else bytes(value)
    padded = data + bytes(-len(data) % 32)
    return len(data).to_bytes(32, "big") + padded


def encode(types, values):
    """ABI-encodes `values` as the tuple `types` (heads, then the tails of dynamic values)."""
    assert len(types) == len(values), (types, values)
    head_size = 32 * len(types)
    heads, tails = [], b""
    for kind, value in zip(types, values):
        if _is_dynamic(kind):
            heads.append((head_size + len(tails)).to_bytes(32, "big"))
            tails += _tail(kind, value)
        else:
            heads.append(_word(kind, value))
    return b"".join(heads) + tails


def calldata(signature, values):
    return selector(signature) + encode(split_types(signature), values)


def error_string(reason):
    """Revert data of Solidity's and Vyper's `Error(string)`."""
    return calldata("Error(string)", [reason])


def word(data, index=0):
    """The `index`th 32-byte word of return data as an unsigned integer."""
    return int.from_bytes(data[32 * index:32 * index + 32], "big")


def address_at(data, index=0):
    """The address in the `index`th word of return data."""
    return bytes(data[32 * index + 12:32 * index + 32])
