import Foundation

/// A struct whose `Codable` form is a list of its fields in declaration order (Filecoin's
/// `serde_tuple`), not a map. Conform a type to this marker to get the tuple encoding.
public protocol IPLDTupleCodable: Codable {}

/// `Codable` to and from IPLD values and DAG-CBOR bytes.
///
/// `[UInt8]` and `Data` become bytes, `CID` a link, `IPLD` itself; optionals encode as null;
/// structs are maps unless they conform to `IPLDTupleCodable`.
public enum IPLDCoder {
    /// The IPLD form of `value`.
    public static func encode<T: Encodable>(_ value: T) throws -> IPLD {
        try IPLDValueEncoder.box(value, codingPath: [])
    }

    /// The DAG-CBOR bytes of `value`.
    public static func encodeDAGCBOR<T: Encodable>(_ value: T) throws -> [UInt8] {
        try DAGCBOR.encode(encode(value))
    }

    /// A `T` from its IPLD form.
    public static func decode<T: Decodable>(_ type: T.Type, from value: IPLD) throws -> T {
        try IPLDValueDecoder(value: value, codingPath: []).unbox(type)
    }

    /// A `T` from DAG-CBOR bytes (strictly decoded).
    public static func decodeDAGCBOR<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try decode(type, from: DAGCBOR.decode(bytes))
    }
}

/// Builds IPLD from `Encodable` values; containers write back into shared boxes.
final class IPLDValueEncoder: Encoder {
    final class Box { var value: IPLD = .null }
    let codingPath: [any CodingKey]
    let userInfo: [CodingUserInfoKey: Any] = [:]
    let box = Box()
    let tuple: Bool

    init(codingPath: [any CodingKey], tuple: Bool) {
        self.codingPath = codingPath
        self.tuple = tuple
    }

    static func box<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> IPLD {
        // Exact type checks: `as? [UInt8]` would also match any empty array.
        if T.self == [UInt8].self { return .bytes(value as! [UInt8]) }
        switch value {
        case let v as IPLD: return v
        case let v as CID: return .link(v)
        case let v as Data: return .bytes([UInt8](v))
        default:
            let encoder = IPLDValueEncoder(codingPath: codingPath, tuple: value is any IPLDTupleCodable)
            try value.encode(to: encoder)
            return encoder.box.value
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if tuple {
            box.value = .list([])
            return KeyedEncodingContainer(TupleKeyedEncoding<Key>(box: box, codingPath: codingPath))
        }
        box.value = .map([:])
        return KeyedEncodingContainer(MapKeyedEncoding<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        box.value = .list([])
        return ListEncoding(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleEncoding(box: box, codingPath: codingPath) }
}

/// Encodes a primitive or nested value to IPLD.
func ipldPrimitive<T: Encodable>(_ value: T, _ path: [any CodingKey]) throws -> IPLD {
    switch value {
    case let v as Bool: return .bool(v)
    case let v as String: return .string(v)
    case let v as Double: return .float(v)
    case let v as Float: return .float(Double(v))
    case let v as Int: return .int(Int64(v))
    case let v as Int8: return .int(Int64(v))
    case let v as Int16: return .int(Int64(v))
    case let v as Int32: return .int(Int64(v))
    case let v as Int64: return .int(v)
    case let v as UInt: return .uint(UInt64(v))
    case let v as UInt8: return .uint(UInt64(v))
    case let v as UInt16: return .uint(UInt64(v))
    case let v as UInt32: return .uint(UInt64(v))
    case let v as UInt64: return .uint(v)
    default: return try IPLDValueEncoder.box(value, codingPath: path)
    }
}

struct MapKeyedEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: IPLDValueEncoder.Box
    let codingPath: [any CodingKey]

    func set(_ key: Key, _ value: IPLD) {
        guard case .map(var m) = box.value else { return }
        box.value = .null  // Drops the box's reference so the dictionary is mutated in place.
        m[key.stringValue] = value
        box.value = .map(m)
    }

    mutating func encodeNil(forKey key: Key) throws { set(key, .null) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { set(key, try ipldPrimitive(value, codingPath + [key])) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        preconditionFailure("nested containers are not supported by IPLDCoder; encode a nested value instead")
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        preconditionFailure("nested containers are not supported by IPLDCoder; encode a nested value instead")
    }
    mutating func superEncoder() -> any Encoder { preconditionFailure("superEncoder is not supported by IPLDCoder") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { preconditionFailure("superEncoder is not supported by IPLDCoder") }
}

struct TupleKeyedEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: IPLDValueEncoder.Box
    let codingPath: [any CodingKey]

    func append(_ value: IPLD) {
        guard case .list(var l) = box.value else { return }
        box.value = .null  // Drops the box's reference so the array grows in place.
        l.append(value)
        box.value = .list(l)
    }

    mutating func encodeNil(forKey key: Key) throws { append(.null) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { append(try ipldPrimitive(value, codingPath + [key])) }
    // Synthesized conformances skip nil optionals with encodeIfPresent; a tuple needs the slot.
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { append(.null) }
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        preconditionFailure("nested containers are not supported by IPLDCoder; encode a nested value instead")
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        preconditionFailure("nested containers are not supported by IPLDCoder; encode a nested value instead")
    }
    mutating func superEncoder() -> any Encoder { preconditionFailure("superEncoder is not supported by IPLDCoder") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { preconditionFailure("superEncoder is not supported by IPLDCoder") }
}

struct ListEncoding: UnkeyedEncodingContainer {
    let box: IPLDValueEncoder.Box
    let codingPath: [any CodingKey]
    var count: Int { if case .list(let l) = box.value { l.count } else { 0 } }

    func append(_ value: IPLD) {
        guard case .list(var l) = box.value else { return }
        box.value = .null  // Drops the box's reference so the array grows in place.
        l.append(value)
        box.value = .list(l)
    }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { append(try ipldPrimitive(value, codingPath)) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        preconditionFailure("nested containers are not supported by IPLDCoder; encode a nested value instead")
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        preconditionFailure("nested containers are not supported by IPLDCoder; encode a nested value instead")
    }
    mutating func superEncoder() -> any Encoder { preconditionFailure("superEncoder is not supported by IPLDCoder") }
}

struct SingleEncoding: SingleValueEncodingContainer {
    let box: IPLDValueEncoder.Box
    let codingPath: [any CodingKey]
    mutating func encodeNil() throws { box.value = .null }
    mutating func encode<T: Encodable>(_ value: T) throws { box.value = try ipldPrimitive(value, codingPath) }
}

/// A CID is a link under `IPLDCoder`, and its text form under other coders (e.g. JSON).
extension CID: Codable {
    public init(from decoder: any Decoder) throws {
        if let d = decoder as? IPLDValueDecoder { self = try d.unbox(CID.self); return }
        self = try CID(decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// An IPLD value is itself under `IPLDCoder`, and its DAG-JSON text under other coders.
extension IPLD: Codable {
    public init(from decoder: any Decoder) throws {
        if let d = decoder as? IPLDValueDecoder { self = d.value; return }
        self = try DAGJSON.decode(Array(decoder.singleValueContainer().decode(String.self).utf8))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(String(decoding: try DAGJSON.encode(self), as: UTF8.self))
    }
}
