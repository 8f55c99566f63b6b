/// Every way IPLD input can be malformed, as a typed error with a readable message.
///
/// Decoders never trap on hostile bytes: each check that can fail throws one of these.
public enum IPLDError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input ended before a complete item was read.
    case unexpectedEnd(context: String)
    /// Bytes were left over after a complete item.
    case trailingBytes(count: Int)
    /// A varint was longer than needed, or did not fit in 64 bits.
    case invalidVarint(String)
    /// The input is valid CBOR but not canonical DAG-CBOR (or otherwise outside the data model).
    case nonCanonical(String)
    /// A CBOR feature DAG-CBOR forbids (indefinite lengths, undefined, tags other than 42...).
    case unsupported(String)
    /// A CID, multihash or multibase string that does not parse.
    case invalidCID(String)
    /// A multihash whose digest does not match the bytes it names.
    case hashMismatch(expected: String, actual: String)
    /// An unknown multicodec or multihash code.
    case unknownCode(String)
    /// A DAG-JSON document that is not valid or not canonical.
    case invalidJSON(String)
    /// A block a structure needed is not in the store.
    case blockNotFound(String)
    /// A HAMT, AMT or other structure whose shape is invalid.
    case invalidStructure(String)
    /// A value that could not be converted to or from a Swift type.
    case typeMismatch(String)
    /// A CAR file whose framing is invalid.
    case invalidCAR(String)
    /// A failure of the underlying storage.
    case storage(String)

    public var description: String {
        switch self {
        case .unexpectedEnd(let c): "unexpected end of input while reading \(c)"
        case .trailingBytes(let n): "\(n) trailing byte(s) after the end of the item"
        case .invalidVarint(let m): "invalid varint: \(m)"
        case .nonCanonical(let m): "non-canonical encoding: \(m)"
        case .unsupported(let m): "unsupported: \(m)"
        case .invalidCID(let m): "invalid CID: \(m)"
        case .hashMismatch(let e, let a): "hash mismatch: expected \(e), got \(a)"
        case .unknownCode(let m): "unknown code: \(m)"
        case .invalidJSON(let m): "invalid DAG-JSON: \(m)"
        case .blockNotFound(let c): "block not found: \(c)"
        case .invalidStructure(let m): "invalid structure: \(m)"
        case .typeMismatch(let m): "type mismatch: \(m)"
        case .invalidCAR(let m): "invalid CAR: \(m)"
        case .storage(let m): "storage error: \(m)"
        }
    }
}
