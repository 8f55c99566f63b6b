/// Unsigned LEB128 varints as multiformats uses them: at most 9 bytes (63 bits) and minimal.
public enum Varint {
    /// Multiformats caps varints at 9 bytes so that every value fits in 63 bits.
    public static let maxBytes = 9

    /// Appends the minimal encoding of `value` to `out`.
    public static func write(_ value: UInt64, into out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    /// The minimal encoding of `value`.
    public static func encode(_ value: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        write(value, into: &out)
        return out
    }

    /// Reads a varint at `offset`, advancing it; rejects overlong, non-minimal and truncated input.
    public static func read(_ bytes: [UInt8], at offset: inout Int) throws(IPLDError) -> UInt64 {
        try bytes.withUnsafeBufferPointer { (buffer) throws(IPLDError) -> UInt64 in
            try read(UnsafeRawBufferPointer(buffer), at: &offset)
        }
    }

    /// The same over raw bytes, so that decoders reading from a buffer copy nothing.
    @inline(__always)
    static func read(_ bytes: UnsafeRawBufferPointer, at offset: inout Int) throws(IPLDError) -> UInt64 {
        // One byte is the common case (CID versions, codecs, digest lengths).
        if offset < bytes.count, bytes[offset] < 0x80 {
            defer { offset += 1 }
            return UInt64(bytes[offset])
        }
        return try readLong(bytes, at: &offset)
    }

    static func readLong(_ bytes: UnsafeRawBufferPointer, at offset: inout Int) throws(IPLDError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        var index = offset
        while true {
            guard index < bytes.count else { throw .unexpectedEnd(context: "varint") }
            guard index - offset < maxBytes else { throw .invalidVarint("longer than \(maxBytes) bytes") }
            let byte = bytes[index]
            index += 1
            value |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 {
                // A final zero byte after the first adds nothing: the encoding was not minimal.
                if byte == 0 && index - offset > 1 { throw .invalidVarint("not minimally encoded") }
                offset = index
                return value
            }
            shift += 7
        }
    }
}
