import Foundation

/// Reads `Decodable` values out of IPLD.
struct IPLDValueDecoder: Decoder {
    let value: IPLD
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func mismatch(_ expected: String) -> DecodingError {
        .typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: "expected \(expected), found \(value.kindName)"))
    }

    func unbox<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == IPLD.self { return value as! T }
        if T.self == CID.self { guard case .link(let c) = value else { throw mismatch("a link") }; return c as! T }
        if T.self == [UInt8].self { guard case .bytes(let b) = value else { throw mismatch("bytes") }; return b as! T }
        if T.self == Data.self { guard case .bytes(let b) = value else { throw mismatch("bytes") }; return Data(b) as! T }
        if let primitive = try unboxPrimitive(type) { return primitive }
        return try T(from: self)
    }

    func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        guard case .integer(let i) = value else { throw mismatch("an integer") }
        let v: I? = i.isNegative ? i.int64.flatMap { I(exactly: $0) } : I(exactly: i.argument)
        guard let v else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "\(i) does not fit in \(I.self)"))
        }
        return v
    }

    func unboxPrimitive<T>(_ type: T.Type) throws -> T? {
        switch type {
        case is Bool.Type: guard case .bool(let b) = value else { throw mismatch("a bool") }; return (b as! T)
        case is String.Type: guard case .string(let s) = value else { throw mismatch("a string") }; return (s as! T)
        case is Double.Type: guard case .float(let d) = value else { throw mismatch("a float") }; return (d as! T)
        case is Float.Type: guard case .float(let d) = value else { throw mismatch("a float") }; return (Float(d) as! T)
        case is Int.Type: return (try integer(Int.self) as! T)
        case is Int8.Type: return (try integer(Int8.self) as! T)
        case is Int16.Type: return (try integer(Int16.self) as! T)
        case is Int32.Type: return (try integer(Int32.self) as! T)
        case is Int64.Type: return (try integer(Int64.self) as! T)
        case is UInt.Type: return (try integer(UInt.self) as! T)
        case is UInt8.Type: return (try integer(UInt8.self) as! T)
        case is UInt16.Type: return (try integer(UInt16.self) as! T)
        case is UInt32.Type: return (try integer(UInt32.self) as! T)
        case is UInt64.Type: return (try integer(UInt64.self) as! T)
        default: return nil
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        switch value {
        case .map(let m): return KeyedDecodingContainer(MapKeyedDecoding<Key>(map: m, codingPath: codingPath))
        case .list(let l): return KeyedDecodingContainer(TupleKeyedDecoding<Key>(items: l, codingPath: codingPath))
        default: throw mismatch("a map or a tuple list")
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .list(let l) = value else { throw mismatch("a list") }
        return ListDecoding(items: l, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleDecoding(decoder: self) }
}

struct MapKeyedDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let map: [String: IPLD]
    let codingPath: [any CodingKey]
    var allKeys: [Key] { map.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { map[key.stringValue] != nil }

    func child(_ key: Key) throws -> IPLDValueDecoder {
        guard let v = map[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no field \"\(key.stringValue)\""))
        }
        return IPLDValueDecoder(value: v, codingPath: codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool { map[key.stringValue] == nil || map[key.stringValue] == .null }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).unbox(type) }
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try child(key).unkeyedContainer() }
    func superDecoder() throws -> any Decoder { IPLDValueDecoder(value: .map(map), codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
}

/// A tuple struct read field by field in declaration order (the order synthesized `init(from:)` uses).
final class TupleKeyedDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let items: [IPLD]
    let codingPath: [any CodingKey]
    var cursor = 0
    var allKeys: [Key] { [] }

    init(items: [IPLD], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    func contains(_ key: Key) -> Bool { cursor < items.count }

    func next(_ key: Key) throws -> IPLDValueDecoder {
        guard cursor < items.count else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "tuple has only \(items.count) fields"))
        }
        defer { cursor += 1 }
        return IPLDValueDecoder(value: items[cursor], codingPath: codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard cursor < items.count, items[cursor] == .null else { return false }
        cursor += 1
        return true
    }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try next(key).unbox(type) }
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try next(key).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try next(key).unkeyedContainer() }
    func superDecoder() throws -> any Decoder { IPLDValueDecoder(value: .list(items), codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder { try next(key) }
}

struct ListDecoding: UnkeyedDecodingContainer {
    let items: [IPLD]
    let codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    init(items: [IPLD], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    mutating func next() throws -> IPLDValueDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "list has only \(items.count) items"))
        }
        defer { currentIndex += 1 }
        return IPLDValueDecoder(value: items[currentIndex], codingPath: codingPath)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().unbox(type) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}

struct SingleDecoding: SingleValueDecodingContainer {
    let decoder: IPLDValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    func decodeNil() -> Bool { decoder.value == .null }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.unbox(type) }
}
