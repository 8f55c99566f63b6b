/// Why encoded program bytes were refused.
public struct ProgramFormatError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// Byte offset of the problem in the encoding.
    public var offset: Int

    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "invalid program at offset \(offset): \(message)" }
}

/// Reads the bytes of an encoded program, refusing every non-canonical form.
struct ProgramReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    func error(_ message: String) -> ProgramFormatError { ProgramFormatError(message, offset: offset) }

    mutating func byte() throws(ProgramFormatError) -> UInt8 {
        guard offset < bytes.count else { throw error("unexpected end") }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Unsigned LEB128 of at most `bits` bits, in its shortest form only.
    mutating func leb(bits: Int) throws(ProgramFormatError) -> UInt64 {
        let start = offset
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

    mutating func leb32() throws(ProgramFormatError) -> UInt32 { UInt32(try leb(bits: 32)) }
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
        guard value * UInt64(max(minimumSize, 1)) <= UInt64(bytes.count - offset) else {
            throw ProgramFormatError("count \(value) exceeds the remaining input", offset: start)
        }
        return Int(value)
    }

    /// A UTF-8 name; invalid UTF-8 is refused (it would not re-encode to the same bytes).
    mutating func name() throws(ProgramFormatError) -> String {
        let length = try count()
        let slice = bytes[offset..<offset + length]
        var decoded = ""
        var iterator = slice.makeIterator()
        var codec = UTF8()
        decoding: while true {
            switch codec.decode(&iterator) {
            case .scalarValue(let scalar): decoded.unicodeScalars.append(scalar)
            case .emptyInput: break decoding
            case .error: throw error("name is not valid UTF-8")
            }
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
