import CairnIPLD

/// Filecoin's address alphabet: RFC 4648 base32, lower case only, no padding (CairnIPLD's
/// ``Base32``, with the stricter decoding addresses need).
///
/// Decoding is as strict as ref-fvm's `data_encoding` (upper case, a length no encoder
/// produces, or non-zero trailing bits are errors), so each address has one text form; errors
/// name the offending character's position.
enum AddressBase32 {
    static func encode(_ bytes: [UInt8]) -> String { Base32.encode(bytes) }

    static func decode(_ text: Substring) throws(AddressError) -> [UInt8] {
        var count = 0
        for c in text.utf8 {
            // Lower case only: Base32 would also take upper case.
            guard (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "2")...UInt8(ascii: "7")).contains(c) else {
                throw .base32(position: count)
            }
            count += 1
        }
        // 1, 3 or 6 characters past a whole 8-character group encode no whole byte.
        guard [0, 2, 4, 5, 7].contains(count % 8) else { throw .base32(position: count) }
        // What is left is non-zero bits after the last whole byte, in the last character.
        guard let bytes = Base32.decode(text) else { throw .base32(position: count - 1) }
        return bytes
    }
}
