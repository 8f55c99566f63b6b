/// Unsigned LEB128 over the whole 64-bit range, as Filecoin writes actor IDs in addresses.
///
/// CairnIPLD's multiformats varint stops at 63 bits (multiformats' limit), but an f0 address
/// may hold any u64 (ref-fvm's `unsigned_varint::encode::u64`: up to 10 bytes). Decoding is
/// strict: the encoding must be minimal (no trailing 0x00 group) and fit in 64 bits.
enum LEB128 {
    /// The minimal encoding of `value`.
    static func encode(_ value: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
        return out
    }

    /// The value at the start of `bytes` and the number of bytes it took, or nil if the bytes
    /// are truncated, over 64 bits or not minimal.
    static func decode<C: Collection<UInt8>>(_ bytes: C) -> (value: UInt64, count: Int)? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        var count = 0
        for byte in bytes {
            count += 1
            let group = UInt64(byte & 0x7f)
            if shift == 63 && group > 1 { return nil }  // The tenth byte may only carry bit 63.
            value |= group << shift
            if byte & 0x80 == 0 {
                if count > 1 && byte == 0 { return nil }  // A last group of zero is not minimal.
                return (value, count)
            }
            shift += 7
            if shift > 63 { return nil }
        }
        return nil
    }
}
