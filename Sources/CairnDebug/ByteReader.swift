/// Why debugging information could not be read: it is untrusted input, so a malformed section
/// is an error, never a crash.
public struct DebugInfoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong.
    public var message: String
    /// Where (a byte offset in the section or module read).
    public var offset: Int

    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(message) at byte \(offset)" }
}

/// Little-endian reads from a byte array with bounds checks (DWARF and Wasm sections).
struct ByteReader {
    let bytes: [UInt8]
    var offset: Int
    let end: Int

    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.offset = start
        self.end = min(end ?? bytes.count, bytes.count)
    }

    var isAtEnd: Bool { offset >= end }

    func error(_ message: String) -> DebugInfoError { DebugInfoError(message, offset: offset) }

    mutating func byte() throws(DebugInfoError) -> UInt8 {
        guard offset < end else { throw error("unexpected end") }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// An unsigned little-endian integer of `count` bytes (at most 8).
    mutating func fixed(_ count: Int) throws(DebugInfoError) -> UInt64 {
        guard count <= 8, end - offset >= count else { throw error("unexpected end") }
        var value: UInt64 = 0
        for k in 0..<count { value |= UInt64(bytes[offset + k]) << (8 * UInt64(k)) }
        offset += count
        return value
    }

    mutating func uleb() throws(DebugInfoError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            if shift < 64 { value |= UInt64(b & 0x7F) << shift }
            if b & 0x80 == 0 { return value }
            shift += 7
            guard shift < 70 else { throw error("LEB128 too long") }
        }
    }

    mutating func sleb() throws(DebugInfoError) -> Int64 {
        var value: Int64 = 0
        var shift: Int64 = 0
        var b: UInt8
        repeat {
            b = try byte()
            if shift < 64 { value |= Int64(b & 0x7F) << shift }
            shift += 7
            guard shift < 70 else { throw error("LEB128 too long") }
        } while b & 0x80 != 0
        if shift < 64, b & 0x40 != 0 { value |= -1 << shift }
        return value
    }

    /// A NUL-terminated string.
    mutating func cString() throws(DebugInfoError) -> String {
        guard let nul = bytes[offset..<end].firstIndex(of: 0) else { throw error("unterminated string") }
        defer { offset = nul + 1 }
        return String(decoding: bytes[offset..<nul], as: UTF8.self)
    }

    mutating func skip(_ count: Int) throws(DebugInfoError) {
        guard count >= 0, end - offset >= count else { throw error("unexpected end") }
        offset += count
    }

    /// The NUL-terminated string at `offset` of `bytes` (string sections).
    static func string(in bytes: [UInt8], at offset: Int) throws(DebugInfoError) -> String {
        guard offset >= 0, offset <= bytes.count else { throw DebugInfoError("string offset out of range", offset: offset) }
        var reader = ByteReader(bytes, from: offset)
        return try reader.cString()
    }
}
