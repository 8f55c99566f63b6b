import CairnWasm

/// The canonical byte encoding of values and value lists.
///
/// The encoding is a bijection between value lists and the byte strings that decode:
/// `decode(encode(x)) == x` for every list `x`, and `encode(decode(b)) == b` for every byte
/// string `b` that decodes. Every byte string that is not the canonical encoding of some list
/// is rejected with a ``ValueDecodingError``; nothing is ever accepted "leniently". The full
/// specification, with worked examples, is in `docs/values.md`.
///
/// ## Format
///
/// A list is its element count as an unsigned LEB128 number in its shortest form, followed by
/// each value in order. A value is one tag byte, its `ValueType` byte, then a payload:
///
/// | Tag    | Type        | Payload                                                          |
/// |--------|-------------|------------------------------------------------------------------|
/// | `0x7F` | `i32`       | 4 bytes, little-endian                                           |
/// | `0x7E` | `i64`       | 8 bytes, little-endian                                           |
/// | `0x7D` | `f32`       | 4 bytes, little-endian IEEE 754 bit pattern                      |
/// | `0x7C` | `f64`       | 8 bytes, little-endian IEEE 754 bit pattern                      |
/// | `0x70` | `funcref`   | `0x00` (null), or `0x01` and 8 bytes little-endian address       |
/// | `0x6F` | `externref` | `0x00` (null), or `0x01` and 8 bytes little-endian host value    |
///
/// Numbers are fixed width and floats are carried by bit pattern, so every bit pattern,
/// including every NaN payload and negative zero, round-trips exactly.
public enum ValueEncoding {
    /// The fewest bytes any single value occupies (a null reference: tag and flag).
    public static let minimumValueSize = 2

    // MARK: Encoding

    /// Encodes a list of values: the count, then each value.
    ///
    /// - Precondition: every `funcref` address is non-negative (store addresses always are).
    public static func encode(_ values: [Value]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10 + values.count * 9)
        appendCount(UInt64(values.count), to: &bytes)
        for value in values {
            append(value, to: &bytes)
        }
        return bytes
    }

    /// Encodes a single value: its tag byte and payload, without a count.
    ///
    /// - Precondition: a `funcref` address is non-negative (store addresses always are).
    public static func encode(_ value: Value) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        append(value, to: &bytes)
        return bytes
    }

    /// Appends the encoding of one value (tag and payload) to `bytes`.
    ///
    /// - Precondition: a `funcref` address is non-negative (store addresses always are).
    public static func append(_ value: Value, to bytes: inout [UInt8]) {
        bytes.append(value.type.rawValue)
        switch value {
        case .i32(let v), .f32(let v):
            appendLittleEndian(UInt64(v), byteCount: 4, to: &bytes)
        case .i64(let v), .f64(let v):
            appendLittleEndian(v, byteCount: 8, to: &bytes)
        case .funcref(let address):
            if let address {
                precondition(address >= 0, "funcref address \(address) is negative and has no encoding")
                bytes.append(0x01)
                appendLittleEndian(UInt64(address), byteCount: 8, to: &bytes)
            } else {
                bytes.append(0x00)
            }
        case .externref(let hostValue):
            if let hostValue {
                bytes.append(0x01)
                appendLittleEndian(hostValue, byteCount: 8, to: &bytes)
            } else {
                bytes.append(0x00)
            }
        }
    }

    /// Appends `count` as unsigned LEB128 in its shortest form.
    static func appendCount(_ count: UInt64, to bytes: inout [UInt8]) {
        var rest = count
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    private static func appendLittleEndian(_ v: UInt64, byteCount: Int, to bytes: inout [UInt8]) {
        for i in 0..<byteCount {
            bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i))))
        }
    }

    // MARK: Decoding

    /// Decodes a list of values encoded by ``encode(_:)-([Value])``.
    ///
    /// The whole of `bytes` must be exactly one canonical list: an over-long count, an
    /// unknown tag, a bad null flag, a truncated payload or any trailing byte is an error.
    /// A count larger than the remaining bytes could hold is rejected before anything is
    /// allocated for it.
    public static func decode(_ bytes: [UInt8]) throws(ValueDecodingError) -> [Value] {
        var reader = Reader(bytes: bytes)
        let countOffset = reader.offset
        let count = try reader.readCount()
        let remaining = bytes.count - reader.offset
        // Each value takes at least `minimumValueSize` bytes, so this bounds the allocation
        // by the input's size.
        guard count <= UInt64(remaining / minimumValueSize) else {
            throw ValueDecodingError(.countExceedsInput(count: count, remaining: remaining), at: countOffset)
        }
        var values: [Value] = []
        values.reserveCapacity(Int(count))
        for _ in 0..<Int(count) {
            values.append(try reader.readValue())
        }
        try reader.expectEnd()
        return values
    }

    /// Decodes a single value encoded by ``encode(_:)-(Value)``: a tag and payload, with no
    /// count and no trailing bytes.
    public static func decodeOne(_ bytes: [UInt8]) throws(ValueDecodingError) -> Value {
        var reader = Reader(bytes: bytes)
        let value = try reader.readValue()
        try reader.expectEnd()
        return value
    }

    /// A cursor over the input that reads canonical pieces or throws.
    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func readByte(_ what: StaticString) throws(ValueDecodingError) -> UInt8 {
            guard offset < bytes.count else {
                throw ValueDecodingError(.truncated(expected: what.description), at: offset)
            }
            defer { offset += 1 }
            return bytes[offset]
        }

        /// Reads an unsigned LEB128 number of at most 64 bits, in its shortest form only.
        mutating func readCount() throws(ValueDecodingError) -> UInt64 {
            let start = offset
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let byte = try readByte("list count")
                let low = UInt64(byte & 0x7F)
                if shift == 63 && (byte & 0xFE) != 0 {
                    // The tenth byte may only supply bit 63, and must be the last byte.
                    throw ValueDecodingError(.countTooLarge, at: start)
                }
                result |= low << shift
                if byte & 0x80 == 0 {
                    if byte == 0 && offset - start > 1 {
                        throw ValueDecodingError(.overlongCount, at: start)
                    }
                    return result
                }
                shift += 7
            }
        }

        mutating func readLittleEndian(byteCount: Int, _ what: StaticString) throws(ValueDecodingError) -> UInt64 {
            guard bytes.count - offset >= byteCount else {
                throw ValueDecodingError(.truncated(expected: what.description), at: offset)
            }
            var v: UInt64 = 0
            for i in 0..<byteCount {
                v |= UInt64(bytes[offset + i]) << (8 * UInt64(i))
            }
            offset += byteCount
            return v
        }

        /// Reads a reference's flag: `false` for null, `true` for a non-null payload to follow.
        mutating func readNonNullFlag() throws(ValueDecodingError) -> Bool {
            let flagOffset = offset
            switch try readByte("reference null flag") {
            case 0x00: return false
            case 0x01: return true
            case let other: throw ValueDecodingError(.invalidNullFlag(other), at: flagOffset)
            }
        }

        mutating func readValue() throws(ValueDecodingError) -> Value {
            let tagOffset = offset
            let tag = try readByte("value tag")
            guard let type = ValueType(rawValue: tag) else {
                throw ValueDecodingError(.unknownTag(tag), at: tagOffset)
            }
            switch type {
            case .i32:
                return .i32(UInt32(truncatingIfNeeded: try readLittleEndian(byteCount: 4, "i32 payload")))
            case .i64:
                return .i64(try readLittleEndian(byteCount: 8, "i64 payload"))
            case .f32:
                return .f32(UInt32(truncatingIfNeeded: try readLittleEndian(byteCount: 4, "f32 payload")))
            case .f64:
                return .f64(try readLittleEndian(byteCount: 8, "f64 payload"))
            case .funcref:
                guard try readNonNullFlag() else { return .funcref(nil) }
                let addressOffset = offset
                let raw = try readLittleEndian(byteCount: 8, "funcref address")
                guard raw <= UInt64(Int.max) else {
                    throw ValueDecodingError(.funcrefAddressOutOfRange(raw), at: addressOffset)
                }
                return .funcref(Int(raw))
            case .externref:
                guard try readNonNullFlag() else { return .externref(nil) }
                return .externref(try readLittleEndian(byteCount: 8, "externref value"))
            }
        }

        func expectEnd() throws(ValueDecodingError) {
            guard offset == bytes.count else {
                throw ValueDecodingError(.trailingBytes(count: bytes.count - offset), at: offset)
            }
        }
    }
}

/// Why a byte string is not a canonical value encoding, and where the problem starts.
public struct ValueDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public enum Reason: Hashable, Sendable {
        /// The input ended inside the named piece.
        case truncated(expected: String)
        /// The count's LEB128 encoding is longer than its shortest form.
        case overlongCount
        /// The count's LEB128 encoding does not fit in 64 bits.
        case countTooLarge
        /// The count is more than the remaining bytes could hold at two bytes per value.
        case countExceedsInput(count: UInt64, remaining: Int)
        /// The tag byte is not one of the six value-type bytes.
        case unknownTag(UInt8)
        /// A reference's null flag is neither `0x00` nor `0x01`.
        case invalidNullFlag(UInt8)
        /// A function address does not fit in a non-negative `Int`.
        case funcrefAddressOutOfRange(UInt64)
        /// Bytes remain after the encoded list or value.
        case trailingBytes(count: Int)
    }

    /// What is wrong.
    public var reason: Reason
    /// The byte offset in the input at which the offending piece starts.
    public var offset: Int

    /// A failure for `reason` at byte `offset`.
    public init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    /// A message for people, without the offset.
    public var message: String {
        switch reason {
        case .truncated(let what): "input ends inside the \(what)"
        case .overlongCount: "list count is not in its shortest LEB128 form"
        case .countTooLarge: "list count does not fit in 64 bits"
        case .countExceedsInput(let count, let remaining):
            "list count \(count) is more than the remaining \(remaining) bytes can hold"
        case .unknownTag(let tag): "unknown value tag 0x\(hex(tag))"
        case .invalidNullFlag(let flag): "reference null flag 0x\(hex(flag)) is neither 0x00 nor 0x01"
        case .funcrefAddressOutOfRange(let raw): "funcref address \(raw) does not fit in Int"
        case .trailingBytes(let count): "\(count) trailing byte\(count == 1 ? "" : "s") after the encoding"
        }
    }

    /// `invalid value encoding at byte N: <reason>`.
    public var description: String { "invalid value encoding at byte \(offset): \(message)" }
}

private func hex(_ byte: UInt8) -> String {
    let digits: [Character] = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
}
