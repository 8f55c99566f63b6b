// Ethereum's Recursive Length Prefix encoding (the Yellow Paper, appendix B).
//
// An item is a byte string or a list of items. A byte string of one byte below 0x80 is itself;
// a string of 0–55 bytes is 0x80+length then the bytes; a longer one is 0xb7+n, the length in n
// big-endian bytes, then the bytes. Lists are the same with 0xc0 / 0xf7 over the concatenated
// encodings of their items. Exactly one encoding is canonical, and the decoder accepts only it:
// state roots and transaction hashes are hashes of encodings, so two encodings of one value would
// be two names for it.

/// An RLP item: a byte string or a list of items.
public enum RLPItem: Hashable, Sendable {
    /// A byte string (possibly empty).
    case bytes([UInt8])
    /// A list of items (possibly empty).
    case list([RLPItem])

    /// The byte string of an unsigned integer: big-endian with no leading zero bytes (0 is empty).
    public static func uint(_ value: UInt64) -> RLPItem { .bytes(RLP.minimalBigEndian(value)) }

    /// The bytes of a string item, or `nil` for a list.
    public var bytesValue: [UInt8]? {
        if case .bytes(let bytes) = self { return bytes }
        return nil
    }

    /// The items of a list, or `nil` for a byte string.
    public var listValue: [RLPItem]? {
        if case .list(let items) = self { return items }
        return nil
    }
}

/// Why bytes are not the canonical RLP encoding of one item.
public enum RLPError: Error, Equatable, Sendable {
    /// The input ends inside an item (its prefix, length or payload), or a list's items overrun it.
    case truncated
    /// Bytes follow the one top-level item.
    case trailingBytes
    /// A length has a non-minimal form: the long form for fewer than 56 bytes, or a length with a
    /// leading zero byte.
    case nonCanonicalLength
    /// A single byte below 0x80 encoded as a one-byte string (0x81 0x00…0x7f) instead of itself.
    case nonCanonicalSingleByte
    /// A length does not fit in memory (more than 8 length bytes or beyond `Int.max`).
    case lengthTooLarge
    /// Lists nest deeper than ``RLP/maximumDepth``.
    case tooDeep
    /// An integer has a leading zero byte (integers are minimal big-endian).
    case nonCanonicalInteger
    /// An integer does not fit the requested width.
    case integerTooLarge
    /// A string was expected where a list is, or the reverse.
    case unexpectedItemKind
}

/// Encoding and decoding of ``RLPItem`` values, and the minimal big-endian integers RLP carries.
public enum RLP {
    /// The deepest list nesting the decoder accepts (untrusted input must not exhaust the stack).
    public static let maximumDepth = 1024

    // MARK: - Encoding

    /// The canonical encoding of an item.
    public static func encode(_ item: RLPItem) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(encodedLength(item))
        encode(item, into: &out)
        return out
    }

    /// Appends the canonical encoding of an item.
    public static func encode(_ item: RLPItem, into out: inout [UInt8]) {
        switch item {
        case .bytes(let bytes):
            encodeString(bytes, into: &out)
        case .list(let items):
            var payload = 0
            for element in items { payload += encodedLength(element) }
            appendHeader(payloadLength: payload, shortBase: 0xc0, into: &out)
            for element in items { encode(element, into: &out) }
        }
    }

    /// Appends the encoding of a byte string.
    public static func encodeString<Bytes: Collection>(_ bytes: Bytes, into out: inout [UInt8])
    where Bytes.Element == UInt8 {
        if bytes.count == 1, let only = bytes.first, only < 0x80 {
            out.append(only)
            return
        }
        appendHeader(payloadLength: bytes.count, shortBase: 0x80, into: &out)
        out.append(contentsOf: bytes)
    }

    /// Appends the header of a list whose items' encodings total `payloadLength` bytes (the caller
    /// appends them): how to encode a list without building its ``RLPItem``.
    public static func appendListHeader(payloadLength: Int, into out: inout [UInt8]) {
        appendHeader(payloadLength: payloadLength, shortBase: 0xc0, into: &out)
    }

    /// Appends the header of a byte string of `payloadLength` bytes, which the caller appends
    /// (a string of one byte below 0x80 must instead be appended alone, as itself).
    static func appendStringHeader(payloadLength: Int, into out: inout [UInt8]) {
        appendHeader(payloadLength: payloadLength, shortBase: 0x80, into: &out)
    }

    /// The length of an item's encoding.
    public static func encodedLength(_ item: RLPItem) -> Int {
        switch item {
        case .bytes(let bytes):
            return encodedStringLength(bytes.count, firstByte: bytes.first)
        case .list(let items):
            var payload = 0
            for element in items { payload += encodedLength(element) }
            return headerLength(payloadLength: payload) + payload
        }
    }

    /// The length of a byte string's encoding, given its length and first byte.
    public static func encodedStringLength(_ count: Int, firstByte: UInt8?) -> Int {
        if count == 1, let first = firstByte, first < 0x80 { return 1 }
        return headerLength(payloadLength: count) + count
    }

    /// The length of a string or list header for a payload of `payloadLength` bytes.
    public static func headerLength(payloadLength: Int) -> Int {
        payloadLength < 56 ? 1 : 1 + byteWidth(UInt64(payloadLength))
    }

    private static func appendHeader(payloadLength: Int, shortBase: UInt8, into out: inout [UInt8]) {
        if payloadLength < 56 {
            out.append(shortBase + UInt8(payloadLength))
            return
        }
        let width = byteWidth(UInt64(payloadLength))
        out.append(shortBase + 55 + UInt8(width))
        appendBigEndian(UInt64(payloadLength), width: width, into: &out)
    }

    // MARK: - Decoding

    /// Decodes bytes that must be exactly one canonical item.
    public static func decode(_ bytes: [UInt8]) throws(RLPError) -> RLPItem {
        try bytes.withUnsafeBufferPointer { (buffer) throws(RLPError) -> RLPItem in
            var reader = RLPReader(buffer)
            let item = try reader.readItem(depth: 0)
            guard reader.position == buffer.count else { throw .trailingBytes }
            return item
        }
    }

    // MARK: - Integers

    /// The minimal big-endian bytes of an integer (empty for 0), as RLP encodes integers.
    public static func minimalBigEndian(_ value: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        appendBigEndian(value, width: byteWidth(value), into: &out)
        return out
    }

    /// A big-endian byte string without its leading zero bytes (a 32-byte word as RLP stores it).
    public static func strippingLeadingZeros<Bytes: Collection>(_ bytes: Bytes) -> [UInt8]
    where Bytes.Element == UInt8 {
        Array(bytes.drop(while: { $0 == 0 }))
    }

    /// The integer a string item holds: minimal big-endian, at most 8 bytes.
    public static func uint64(_ item: RLPItem) throws(RLPError) -> UInt64 {
        guard case .bytes(let bytes) = item else { throw .unexpectedItemKind }
        return try uint64(bigEndian: bytes)
    }

    /// The integer of minimal big-endian bytes (no leading zero byte; empty is 0).
    public static func uint64<Bytes: Collection>(bigEndian bytes: Bytes) throws(RLPError) -> UInt64
    where Bytes.Element == UInt8 {
        if bytes.first == 0 { throw .nonCanonicalInteger }
        guard bytes.count <= 8 else { throw .integerTooLarge }
        var value: UInt64 = 0
        for byte in bytes { value = value << 8 | UInt64(byte) }
        return value
    }

    /// How many bytes the minimal big-endian form of `value` takes (0 for 0).
    static func byteWidth(_ value: UInt64) -> Int {
        (64 - value.leadingZeroBitCount + 7) / 8
    }

    static func appendBigEndian(_ value: UInt64, width: Int, into out: inout [UInt8]) {
        var shift = width * 8
        while shift > 0 {
            shift -= 8
            out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }
}

/// A cursor over untrusted bytes that reads canonical items; every bound is checked before use.
struct RLPReader {
    let buffer: UnsafeBufferPointer<UInt8>
    var position = 0

    init(_ buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }

    /// Reads one item starting at `position` and leaves `position` just after it.
    mutating func readItem(depth: Int) throws(RLPError) -> RLPItem {
        let (isList, payloadStart, payloadLength) = try readHeader()
        let end = payloadStart + payloadLength
        if !isList {
            position = end
            return .bytes(Array(buffer[payloadStart..<end]))
        }
        guard depth < RLP.maximumDepth else { throw .tooDeep }
        var items: [RLPItem] = []
        while position < end {
            items.append(try readItem(depth: depth + 1))
            // An item claiming more bytes than its list holds is a truncation of that list.
            guard position <= end else { throw .truncated }
        }
        return .list(items)
    }

    /// Reads a prefix (and its length bytes): whether it opens a list, where the payload starts,
    /// and how long it is. Checks that the payload lies within the buffer.
    mutating func readHeader() throws(RLPError) -> (isList: Bool, start: Int, length: Int) {
        guard position < buffer.count else { throw .truncated }
        let prefix = buffer[position]
        let remaining = buffer.count - position - 1
        switch prefix {
        case 0x00...0x7f:
            // The byte is its own payload.
            let start = position
            position += 1
            return (false, start, 1)
        case 0x80...0xb7:
            let length = Int(prefix - 0x80)
            guard length <= remaining else { throw .truncated }
            if length == 1, buffer[position + 1] < 0x80 { throw .nonCanonicalSingleByte }
            position += 1
            return (false, position, length)
        case 0xb8...0xbf:
            let (start, length) = try readLongLength(width: Int(prefix - 0xb7))
            return (false, start, length)
        case 0xc0...0xf7:
            let length = Int(prefix - 0xc0)
            guard length <= remaining else { throw .truncated }
            position += 1
            return (true, position, length)
        default:
            let (start, length) = try readLongLength(width: Int(prefix - 0xf7))
            return (true, start, length)
        }
    }

    /// Reads the `width` length bytes after a long-form prefix, checks that the length is minimal
    /// and that its payload fits; returns where the payload starts and its length.
    private mutating func readLongLength(width: Int) throws(RLPError) -> (start: Int, length: Int) {
        let lengthStart = position + 1
        guard width <= buffer.count - lengthStart else { throw .truncated }
        if buffer[lengthStart] == 0 { throw .nonCanonicalLength }
        guard width <= 8 else { throw .lengthTooLarge }
        var length: UInt64 = 0
        for index in lengthStart..<(lengthStart + width) { length = length << 8 | UInt64(buffer[index]) }
        guard length >= 56 else { throw .nonCanonicalLength }
        guard length <= UInt64(Int.max) else { throw .lengthTooLarge }
        let start = lengthStart + width
        guard Int(length) <= buffer.count - start else { throw .truncated }
        position = start
        return (start, Int(length))
    }
}
