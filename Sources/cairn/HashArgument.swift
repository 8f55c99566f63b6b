import ArgumentParser
import Cairn

/// Hex hashes on the command line (`--before`): read strictly, and when they cannot be read,
/// say exactly what is wrong, since a hash is copied by hand or by script from another output.
enum HashArgument {
    /// The hash `text` spells: 64 hex digits (either case), with or without a `0x` prefix.
    /// Throws a `ValidationError` naming `option` and what is wrong: the length (and whether a
    /// prefix was counted), or the first character that is not a hex digit and its position.
    static func parse(_ text: String, option: String) throws -> Digest {
        let scalars = Array(text.unicodeScalars)
        let prefixed = text.hasPrefix("0x") || text.hasPrefix("0X")
        let digits = prefixed ? Array(scalars.dropFirst(2)) : scalars
        let expected = 2 * Digest.byteCount
        if let bad = digits.firstIndex(where: { !$0.properties.isASCIIHexDigit }) {
            let position = bad + (prefixed ? 2 : 0) + 1
            throw ValidationError(
                "\(option) must be \(expected) hex digits (0-9, a-f; a 0x prefix is allowed): character \(position), "
                    + "\(NameText.quoted(String(digits[bad]))), is not a hex digit")
        }
        guard digits.count == expected else {
            throw ValidationError(
                "\(option) must be \(expected) hex digits (a 0x prefix is allowed), not \(digits.count)")
        }
        guard let digest = Digest(hex: text) else { throw ValidationError("\(option) is not a hash") }
        return digest
    }
}
