import CairnHash
import Crypto

/// The hash functions Cairn can compute, with their multicodec codes.
public enum HashFunction: UInt64, Sendable, CaseIterable, CustomStringConvertible {
    case identity = 0x00
    case sha2_256 = 0x12
    case keccak256 = 0x1b
    case blake2b256 = 0xb220

    /// The multicodec table's name (`sha2-256`, `blake2b-256`...).
    public var description: String {
        switch self {
        case .identity: "identity"
        case .sha2_256: "sha2-256"
        case .keccak256: "keccak-256"
        case .blake2b256: "blake2b-256"
        }
    }

    /// The function named `name` in the multicodec table, if Cairn computes it.
    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.description == name }) else { return nil }
        self = match
    }

    /// The digest of `bytes`.
    public func digest(_ bytes: [UInt8]) -> [UInt8] {
        switch self {
        case .identity: bytes
        case .sha2_256: Array(SHA256.hash(data: bytes))
        case .keccak256: bytes.withUnsafeBytes { Keccak256.hash($0).bytes }
        case .blake2b256: BLAKE2b.hash(bytes, digestLength: 32)
        }
    }
}

/// A self-describing hash: a hash function code, a digest length and the digest.
public struct Multihash: Hashable, Sendable {
    /// The multicodec code of the hash function (known to Cairn or not).
    public let code: UInt64
    /// The digest bytes.
    public let digest: [UInt8]

    /// A multihash from its parts.
    public init(code: UInt64, digest: [UInt8]) {
        self.code = code
        self.digest = digest
    }

    /// The multihash of `bytes` under `function`.
    public init(hashing bytes: [UInt8], with function: HashFunction) {
        self.init(code: function.rawValue, digest: function.digest(bytes))
    }

    /// The binary form: varint code, varint length, digest.
    public var bytes: [UInt8] {
        var out = Varint.encode(code)
        Varint.write(UInt64(digest.count), into: &out)
        out.append(contentsOf: digest)
        return out
    }

    /// Reads a multihash at `offset`, advancing it.
    public static func read(_ bytes: [UInt8], at offset: inout Int) throws(IPLDError) -> Multihash {
        let code = try Varint.read(bytes, at: &offset)
        let length = try Varint.read(bytes, at: &offset)
        guard length <= UInt64(bytes.count - offset) else { throw .unexpectedEnd(context: "multihash digest") }
        let end = offset + Int(length)
        defer { offset = end }
        return Multihash(code: code, digest: Array(bytes[offset..<end]))
    }

    /// Whether this multihash names `data`; unknown hash functions cannot be checked and throw.
    public func verify(_ data: [UInt8]) throws(IPLDError) {
        guard let function = HashFunction(rawValue: code) else {
            throw .unknownCode("hash function 0x\(String(code, radix: 16)) cannot be verified")
        }
        let actual = function.digest(data)
        // A shorter digest is a truncated hash; multiformats allows that for the known functions.
        guard digest.count <= actual.count, Array(actual.prefix(digest.count)) == digest else {
            throw .hashMismatch(expected: Base16.encode(digest), actual: Base16.encode(actual))
        }
    }
}
