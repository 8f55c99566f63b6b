import CairnIPLD

/// Why actor data (an address, amount, actor record, message, receipt, state root...) could
/// not be read or written: every decoder of untrusted bytes in `State/` throws this.
public enum ActorDataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An address that does not parse.
    case address(AddressError)
    /// A token amount whose bytes are malformed or whose value is too large to encode.
    case tokenAmount(String)
    /// Well-formed DAG-CBOR of the wrong shape (wrong kind, wrong tuple length, integer out of range).
    case shape(String)
    /// The IPLD layer failed: malformed DAG-CBOR, a missing block, a storage error.
    case ipld(IPLDError)
    /// A state tree operation that cannot proceed (unresolvable address, unbalanced transactions...).
    case stateTree(String)

    public var description: String {
        switch self {
        case .address(let e): "address: \(e)"
        case .tokenAmount(let m): "token amount: \(m)"
        case .shape(let m): "malformed data: \(m)"
        case .ipld(let e): "\(e)"
        case .stateTree(let m): "state tree: \(m)"
        }
    }
}

/// Small readers for tuple-shaped DAG-CBOR, each throwing `ActorDataError.shape`.
enum IPLDRead {
    static func tuple(_ value: IPLD, count: Int, _ what: String) throws(ActorDataError) -> [IPLD] {
        guard case .list(let items) = value else { throw .shape("\(what): expected a list, got \(value.kindName)") }
        guard items.count == count else { throw .shape("\(what): expected \(count) fields, got \(items.count)") }
        return items
    }

    static func uint64(_ value: IPLD, _ what: String) throws(ActorDataError) -> UInt64 {
        guard case .integer(let i) = value, let v = i.uint64 else { throw .shape("\(what): expected an unsigned integer") }
        return v
    }

    static func bytes(_ value: IPLD, _ what: String) throws(ActorDataError) -> [UInt8] {
        guard case .bytes(let b) = value else { throw .shape("\(what): expected bytes, got \(value.kindName)") }
        return b
    }

    static func string(_ value: IPLD, _ what: String) throws(ActorDataError) -> String {
        guard case .string(let s) = value else { throw .shape("\(what): expected a string, got \(value.kindName)") }
        return s
    }

    static func link(_ value: IPLD, _ what: String) throws(ActorDataError) -> CID {
        guard case .link(let c) = value else { throw .shape("\(what): expected a link, got \(value.kindName)") }
        return c
    }

    static func optionalLink(_ value: IPLD, _ what: String) throws(ActorDataError) -> CID? {
        if value == .null { return nil }
        return try link(value, what)
    }

    /// Decodes DAG-CBOR bytes, wrapping codec errors.
    static func decode(_ bytes: [UInt8]) throws(ActorDataError) -> IPLD {
        do { return try DAGCBOR.decode(bytes) } catch { throw .ipld(error) }
    }

    /// Encodes a value as DAG-CBOR, wrapping codec errors.
    static func encode(_ value: IPLD) throws(ActorDataError) -> [UInt8] {
        do { return try DAGCBOR.encode(value) } catch { throw .ipld(error) }
    }
}
