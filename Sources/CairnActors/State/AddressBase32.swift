/// Filecoin's address alphabet: RFC 4648 base32, lower case only, no padding.
///
/// Decoding is as strict as ref-fvm's `data_encoding` (upper case, a length no encoder
/// produces, or non-zero trailing bits are errors), so each address has one text form.
enum AddressBase32 {
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bits = 0
        for b in bytes {
            buffer = (buffer << 8) | UInt32(b)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: Substring) throws(AddressError) -> [UInt8] {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        var position = 0
        for c in text.utf8 {
            let v: UInt8
            switch c {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): v = c - UInt8(ascii: "a")
            case UInt8(ascii: "2")...UInt8(ascii: "7"): v = c - UInt8(ascii: "2") + 26
            default: throw .base32(position: position)
            }
            buffer = ((buffer << 5) | UInt32(v)) & 0xffff
            bits += 5
            if bits >= 8 {
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits - 8)))
                bits -= 8
            }
            position += 1
        }
        // 1, 3 or 6 characters past a whole 8-character group encode no whole byte.
        guard [0, 2, 4, 5, 7].contains(position % 8) else { throw .base32(position: position) }
        guard buffer & ((1 << UInt32(bits)) - 1) == 0 else { throw .base32(position: position - 1) }
        return out
    }
}
