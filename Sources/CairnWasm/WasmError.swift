/// A module that Cairn refuses, with the reason and where in the input it was found.
///
/// Every way that untrusted bytes can be wrong ends in one of these, never in a crash.
public struct WasmError: Error, Sendable, CustomStringConvertible {
    /// Which stage refused the module.
    public enum Kind: String, Sendable {
        /// The bytes are not a well-formed binary module (the spec's "malformed").
        case malformed
        /// The module is well formed but fails validation (the spec's "invalid").
        case invalid
        /// The module uses a feature outside Cairn's profile (SIMD, threads, ...).
        case unsupportedFeature
        /// The module exceeds one of Cairn's deterministic implementation limits.
        case limitExceeded
    }

    /// Which stage refused the module.
    public var kind: Kind
    /// What is wrong, for people.
    public var message: String
    /// Byte offset in the module binary, where known.
    public var offset: Int?

    /// An error of `kind` with `message`, found at `offset` in the input if known.
    public init(_ kind: Kind, _ message: String, offset: Int? = nil) {
        self.kind = kind
        self.message = message
        self.offset = offset
    }

    /// `<kind> module at offset 0x..: <message>`.
    public var description: String {
        if let offset {
            return "\(kind.rawValue) module at offset 0x\(String(offset, radix: 16)): \(message)"
        }
        return "\(kind.rawValue) module: \(message)"
    }
}
