/// An integer of the IPLD data model over CBOR's whole range, -2^64 ... 2^64-1.
///
/// CBOR carries a sign and a 64-bit argument, so the range is wider than Int64; keeping the
/// (sign, argument) pair lets every CBOR integer round-trip, as the codec fixtures demand.
public struct IPLDInteger: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// Whether the value is negative.
    public let isNegative: Bool
    /// CBOR's argument: the value itself if non-negative, else -1 - value.
    public let argument: UInt64

    /// The integer whose CBOR form is (major type 1 if `negative`, `argument`).
    public init(negative: Bool, argument: UInt64) {
        isNegative = negative
        self.argument = argument
    }

    /// A signed 64-bit integer.
    public init(_ value: Int64) {
        isNegative = value < 0
        argument = value < 0 ? UInt64(bitPattern: ~value) : UInt64(value)
    }

    /// An unsigned 64-bit integer.
    public init(_ value: UInt64) {
        isNegative = false
        argument = value
    }

    public init(integerLiteral value: Int64) { self.init(value) }

    /// The value as Int64, if it fits.
    public var int64: Int64? {
        if isNegative { return argument <= UInt64(Int64.max) ? ~Int64(argument) : nil }
        return argument <= UInt64(Int64.max) ? Int64(argument) : nil
    }

    /// The value as UInt64, if it is non-negative.
    public var uint64: UInt64? { isNegative ? nil : argument }

    public var description: String {
        guard isNegative else { return String(argument) }
        return argument == .max ? "-18446744073709551616" : "-\(argument + 1)"
    }

    public static func < (a: IPLDInteger, b: IPLDInteger) -> Bool {
        if a.isNegative != b.isNegative { return a.isNegative }
        return a.isNegative ? a.argument > b.argument : a.argument < b.argument
    }
}

/// A value of the IPLD data model.
///
/// Maps have string keys (the only keys DAG-CBOR and DAG-JSON allow); their order is the
/// codec's business, so they are held as a dictionary.
public enum IPLD: Hashable, Sendable {
    case null
    case bool(Bool)
    case integer(IPLDInteger)
    case float(Double)
    case string(String)
    case bytes([UInt8])
    case list([IPLD])
    case map([String: IPLD])
    case link(CID)

    /// An integer value.
    public static func int(_ value: Int64) -> IPLD { .integer(IPLDInteger(value)) }

    /// An unsigned integer value.
    public static func uint(_ value: UInt64) -> IPLD { .integer(IPLDInteger(value)) }

    /// The kind's name, for error messages.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .integer: "integer"
        case .float: "float"
        case .string: "string"
        case .bytes: "bytes"
        case .list: "list"
        case .map: "map"
        case .link: "link"
        }
    }

    /// Every link in this value, depth first in encoding order.
    public var links: [CID] {
        var out: [CID] = []
        collectLinks(into: &out)
        return out
    }

    private func collectLinks(into out: inout [CID]) {
        switch self {
        case .link(let cid): out.append(cid)
        case .list(let items): for item in items { item.collectLinks(into: &out) }
        case .map(let entries):
            for key in entries.keys.sorted(by: DAGCBOR.keyPrecedes) { entries[key]!.collectLinks(into: &out) }
        default: break
        }
    }
}
