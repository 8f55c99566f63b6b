import CairnHash
import CairnIPLD
import Crypto

/// The hash functions the actor runtime's `crypto::hash` syscall offers, by multihash code.
///
/// The codes are the multicodec table's, as ref-fvm's `SupportedHashes` numbers them. (The name
/// differs from CairnIPLD's `HashFunction`, the functions Cairn names blocks with, so that code
/// importing both modules stays unambiguous.)
public enum SupportedHash: UInt64, Sendable, CaseIterable, CustomStringConvertible {
    /// SHA2-256 (FIPS 180-4), through swift-crypto.
    case sha2_256 = 0x12
    /// Keccak-256, Ethereum's (the original Keccak padding, not SHA3-256's).
    case keccak256 = 0x1b
    /// BLAKE2b (RFC 7693) with a 32-byte digest: what Filecoin names blocks and signs with.
    case blake2b256 = 0xb220
    /// BLAKE2b (RFC 7693) with a 64-byte digest.
    case blake2b512 = 0xb240

    /// The function with multihash code `code`; an unknown code throws ``CryptoError/unknownHashCode(_:)``.
    public init(code: UInt64) throws(CryptoError) {
        guard let function = SupportedHash(rawValue: code) else { throw .unknownHashCode(code) }
        self = function
    }

    /// The multicodec table's name (`sha2-256`, `blake2b-256`...).
    public var description: String {
        switch self {
        case .sha2_256: "sha2-256"
        case .keccak256: "keccak-256"
        case .blake2b256: "blake2b-256"
        case .blake2b512: "blake2b-512"
        }
    }

    /// The length of this function's digest in bytes.
    public var digestByteCount: Int {
        switch self {
        case .sha2_256, .keccak256, .blake2b256: 32
        case .blake2b512: 64
        }
    }

    /// The digest of `bytes` (``digestByteCount`` bytes).
    public func digest(_ bytes: [UInt8]) -> [UInt8] {
        switch self {
        case .sha2_256: Array(SHA256.hash(data: bytes))
        case .keccak256: Keccak256.hash(bytes).bytes
        case .blake2b256: BLAKE2b.hash(bytes, digestLength: 32)
        case .blake2b512: BLAKE2b.hash(bytes, digestLength: 64)
        }
    }

    /// The digest of `bytes` under the function with multihash code `code`.
    public static func digest(code: UInt64, _ bytes: [UInt8]) throws(CryptoError) -> [UInt8] {
        try SupportedHash(code: code).digest(bytes)
    }
}
