/// Base16 (lower-case hexadecimal).
public enum Base16 {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Lower-case hex of `bytes`.
    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of a hex string (either case), or nil.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// RFC 4648 base32 without padding, lower case (multibase `b`) or upper case (`B`).
public enum Base32 {
    private static let lower = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    /// Lower-case base32 of `bytes`, unpadded.
    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bits = 0
        for b in bytes {
            buffer = (buffer << 8) | UInt32(b)
            bits += 8
            while bits >= 5 {
                out.append(lower[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { out.append(lower[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of unpadded base32 text (either case), or nil if it is malformed.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for c in text.utf8 {
            let v: UInt8
            switch c {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): v = c - UInt8(ascii: "a")
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): v = c - UInt8(ascii: "A")
            case UInt8(ascii: "2")...UInt8(ascii: "7"): v = c - UInt8(ascii: "2") + 26
            default: return nil
            }
            buffer = (buffer << 5) | UInt32(v)
            bits += 5
            if bits >= 8 {
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits - 8)))
                bits -= 8
            }
        }
        // Leftover bits must be padding zeros, and fewer than a whole character's worth.
        guard bits < 5, buffer & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        return out
    }
}

/// Bitcoin's base58 alphabet (multibase `z`, and CIDv0's text form).
public enum Base58 {
    private static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)
    private static let table: [Int8] = {
        var t = [Int8](repeating: -1, count: 256)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = Int8(i) }
        return t
    }()

    /// Base58btc text of `bytes`.
    public static func encode(_ bytes: [UInt8]) -> String {
        let zeros = bytes.prefix(while: { $0 == 0 }).count
        var digits: [UInt8] = []  // Little-endian base-58 digits.
        for b in bytes[zeros...] {
            var carry = Int(b)
            for i in 0..<digits.count {
                carry += Int(digits[i]) << 8
                digits[i] = UInt8(carry % 58)
                carry /= 58
            }
            while carry > 0 { digits.append(UInt8(carry % 58)); carry /= 58 }
        }
        let out = [UInt8](repeating: alphabet[0], count: zeros) + digits.reversed().map { alphabet[Int($0)] }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of base58btc text, or nil if a character is outside the alphabet.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let chars = Array(text.utf8)
        let zeros = chars.prefix(while: { $0 == alphabet[0] }).count
        var bytes: [UInt8] = []  // Little-endian base-256 digits.
        for c in chars[zeros...] {
            let v = table[Int(c)]
            guard v >= 0 else { return nil }
            var carry = Int(v)
            for i in 0..<bytes.count {
                carry += Int(bytes[i]) * 58
                bytes[i] = UInt8(carry & 0xff)
                carry >>= 8
            }
            while carry > 0 { bytes.append(UInt8(carry & 0xff)); carry >>= 8 }
        }
        return [UInt8](repeating: 0, count: zeros) + bytes.reversed()
    }
}

/// The multibase prefixes Cairn reads and writes.
public enum Multibase: Sendable {
    case base32, base58btc, base16

    /// `bytes` in this base with its multibase prefix.
    public func encode(_ bytes: [UInt8]) -> String {
        switch self {
        case .base32: "b" + Base32.encode(bytes)
        case .base58btc: "z" + Base58.encode(bytes)
        case .base16: "f" + Base16.encode(bytes)
        }
    }

    /// Decodes multibase text (prefixes `b`, `B`, `z`, `f`, `F`).
    public static func decode(_ text: String) throws(IPLDError) -> [UInt8] {
        guard let prefix = text.first else { throw .invalidCID("empty multibase string") }
        let body = text.dropFirst()
        let decoded: [UInt8]?
        switch prefix {
        case "b", "B": decoded = Base32.decode(body)
        case "z": decoded = Base58.decode(body)
        case "f", "F": decoded = Base16.decode(body)
        default: throw .invalidCID("unsupported multibase prefix '\(prefix)'")
        }
        guard let decoded else { throw .invalidCID("malformed multibase text after prefix '\(prefix)'") }
        return decoded
    }
}
