/// Why encoded program bytes were refused.
public struct ProgramFormatError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, for people.
    public var message: String
    /// Byte offset of the problem in the encoding.
    public var offset: Int

    /// An error with `message` at byte `offset` of the encoding.
    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    /// `invalid program at offset N: <message>`.
    public var description: String { "invalid program at offset \(offset): \(message)" }
}

/// Reads the bytes of an encoded program, refusing every non-canonical form.
///
/// It reads through a pointer rather than an array: decoding reads every byte of a program
/// once, and array indexing through an `inout` struct reloads and bounds-checks the array on
/// each byte. A reader is only valid inside the `withUnsafeBufferPointer` call that made it
/// (see ``Program/init(decoding:limits:)``), and every read checks `offset` against `end`.
struct ProgramReader {
    let base: UnsafePointer<UInt8>
    /// The number of bytes.
    let end: Int
    var offset = 0

    init(_ buffer: UnsafeBufferPointer<UInt8>) {
        // A dangling pointer for an empty buffer is never dereferenced: every read checks `end`.
        self.base = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
        self.end = buffer.count
    }

    var isAtEnd: Bool { offset == end }

    func error(_ message: String) -> ProgramFormatError { ProgramFormatError(message, offset: offset) }

    @inline(__always)
    mutating func byte() throws(ProgramFormatError) -> UInt8 {
        guard offset < end else { throw error("unexpected end") }
        defer { offset += 1 }
        return base[offset]
    }

    /// The next `length` bytes, which the caller has checked are there.
    func bytes(at start: Int, count length: Int) -> [UInt8] {
        Array(UnsafeBufferPointer(start: base + start, count: length))
    }

    /// Unsigned LEB128 of at most `bits` bits, in its shortest form only.
    @inline(__always)
    mutating func leb(bits: Int) throws(ProgramFormatError) -> UInt64 {
        // Most operands (slots, small indices) fit in one byte, which is always in shortest form.
        if offset < end {
            let first = base[offset]
            if first < 0x80 {
                offset += 1
                return UInt64(first)
            }
        }
        return try longLEB(bits: bits)
    }

    /// The general case of ``leb(bits:)``, kept out of line so that the one-byte case inlines small.
    @inline(never)
    mutating func longLEB(bits: Int) throws(ProgramFormatError) -> UInt64 {
        let start = offset
        // Two bytes (branch targets, larger constants) are next most common; the second byte
        // must not be 0, or the integer would fit in one.
        if offset + 1 < end, base[offset] >= 0x80, base[offset + 1] != 0, base[offset + 1] < 0x80, bits >= 14 {
            offset += 2
            return UInt64(base[start] & 0x7F) | UInt64(base[start + 1]) << 7
        }
        var result: UInt64 = 0
        var shift = 0
        while true {
            let byte = try self.byte()
            let payload = UInt64(byte & 0x7F)
            guard shift < bits, shift + 7 <= bits || payload >> UInt64(bits - shift) == 0 else {
                throw ProgramFormatError("integer too large", offset: start)
            }
            result |= payload << UInt64(shift)
            shift += 7
            if byte & 0x80 == 0 {
                guard byte != 0 || offset - start == 1 else { throw ProgramFormatError("integer not in shortest form", offset: start) }
                return result
            }
        }
    }

    @inline(__always)
    mutating func leb32() throws(ProgramFormatError) -> UInt32 { UInt32(truncatingIfNeeded: try leb(bits: 32)) }
    mutating func leb64() throws(ProgramFormatError) -> UInt64 { try leb(bits: 64) }

    mutating func fixed32() throws(ProgramFormatError) -> UInt32 {
        var value: UInt32 = 0
        for shift in stride(from: 0, to: 32, by: 8) { value |= UInt32(try byte()) << UInt32(shift) }
        return value
    }

    mutating func fixed64() throws(ProgramFormatError) -> UInt64 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 8) { value |= UInt64(try byte()) << UInt64(shift) }
        return value
    }

    /// A count of items that each take at least `minimumSize` bytes; refused before anything
    /// is allocated when the rest of the input could not hold them.
    mutating func count(minimumSize: Int = 1) throws(ProgramFormatError) -> Int {
        let start = offset
        let value = try leb(bits: 32)
        guard value * UInt64(max(minimumSize, 1)) <= UInt64(end - offset) else {
            throw ProgramFormatError("count \(value) exceeds the remaining input", offset: start)
        }
        return Int(value)
    }

    /// A UTF-8 name; invalid UTF-8 is refused (it would not re-encode to the same bytes).
    mutating func name() throws(ProgramFormatError) -> String {
        let length = try count()
        guard let decoded = String(validating: UnsafeBufferPointer(start: base + offset, count: length), as: UTF8.self) else {
            throw error("name is not valid UTF-8")
        }
        offset += length
        return decoded
    }

    mutating func flag() throws(ProgramFormatError) -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: offset -= 1; throw error("flag must be 0 or 1")
        }
    }
}
