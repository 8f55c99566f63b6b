import CairnHash

/// Why a claim, a move or a recorded game was rejected.
public struct DisputeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Appends the canonical encodings (docs/disputes.md, "Encoding"): fixed-width integers are
/// little-endian, lengths are shortest unsigned LEB128.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ value: UInt8) { bytes.append(value) }

    mutating func u64(_ value: UInt64) {
        for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(8 * i))) }
    }

    mutating func leb(_ value: UInt64) {
        var rest = value
        repeat {
            let low = UInt8(rest & 0x7F)
            rest >>= 7
            bytes.append(rest == 0 ? low : low | 0x80)
        } while rest != 0
    }

    mutating func digest(_ value: Digest) { bytes += value.bytes }

    mutating func digests(_ values: [Digest]) {
        u8(UInt8(values.count))
        for value in values { digest(value) }
    }

    mutating func blob(_ value: [UInt8]) {
        leb(UInt64(value.count))
        bytes += value
    }
}

/// Reads the canonical encodings strictly: truncation, over-long LEB128 and trailing bytes are
/// errors, so every value has exactly one encoding.
struct ByteReader {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { position == bytes.count }

    mutating func take(_ count: Int) throws(DisputeError) -> ArraySlice<UInt8> {
        guard count >= 0, bytes.count - position >= count else { throw DisputeError("truncated") }
        defer { position += count }
        return bytes[position..<position + count]
    }

    mutating func u8() throws(DisputeError) -> UInt8 { try take(1).first! }

    mutating func u64() throws(DisputeError) -> UInt64 {
        var value: UInt64 = 0
        for (i, byte) in try take(8).enumerated() { value |= UInt64(byte) << UInt64(8 * i) }
        return value
    }

    mutating func leb() throws(DisputeError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try u8()
            guard shift < 64, shift < 63 || byte <= 1 else { throw DisputeError("LEB128 too long") }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                guard byte != 0 || shift == 0 else { throw DisputeError("LEB128 not shortest") }
                return value
            }
            shift += 7
        }
    }

    mutating func digest() throws(DisputeError) -> Digest { Digest(bytes: try take(32))! }

    /// A count byte and that many digests, at most `limit`.
    mutating func digests(limit: Int) throws(DisputeError) -> [Digest] {
        let count = Int(try u8())
        guard count <= limit else { throw DisputeError("too many hashes: \(count) > \(limit)") }
        var values: [Digest] = []
        for _ in 0..<count { values.append(try digest()) }
        return values
    }

    mutating func blob(limit: Int) throws(DisputeError) -> [UInt8] {
        let count = try leb()
        guard count <= UInt64(limit) else { throw DisputeError("field too long: \(count) bytes") }
        return Array(try take(Int(count)))
    }

    func expectEnd() throws(DisputeError) {
        guard isAtEnd else { throw DisputeError("\(bytes.count - position) trailing bytes") }
    }
}
