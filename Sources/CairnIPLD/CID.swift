/// The multicodec codes of the content types Cairn names.
public enum Multicodec: UInt64, Sendable, CaseIterable, CustomStringConvertible {
    case raw = 0x55
    case dagPB = 0x70
    case dagCBOR = 0x71
    case dagJSON = 0x0129

    /// The multicodec table's name.
    public var description: String {
        switch self {
        case .raw: "raw"
        case .dagPB: "dag-pb"
        case .dagCBOR: "dag-cbor"
        case .dagJSON: "dag-json"
        }
    }

    /// The codec named `name`, if Cairn knows it.
    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.description == name }) else { return nil }
        self = match
    }
}

/// A content identifier: a version, a content codec and a multihash of the content.
///
/// The binary form is kept as the source of truth so that a CID read from a block is written
/// back byte for byte, whatever codec or hash it uses. It is the only allocation a CID holds:
/// the multihash is cut from it on demand, because decoders make a CID per link and rarely
/// look at its hash.
public struct CID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The binary form (for CIDv0, the bare multihash).
    public let bytes: [UInt8]
    /// The content codec (dag-pb for every CIDv0).
    public let codec: UInt64
    private let versionNumber: UInt8
    /// Where the multihash starts in `bytes` (at most 10: a one-byte version and a varint codec).
    private let multihashStart: UInt8

    /// 0 or 1.
    public var version: Int { Int(versionNumber) }

    /// The multihash of the content.
    public var multihash: Multihash {
        var offset = Int(multihashStart)
        // The initializers parsed these bytes already, so reading them again cannot fail.
        return try! Multihash.read(bytes, at: &offset)
    }

    /// A CIDv1 from its parts.
    public init(codec: UInt64, multihash: Multihash) {
        var out: [UInt8] = []
        out.reserveCapacity(4 + multihash.digest.count)
        Varint.write(1, into: &out)
        Varint.write(codec, into: &out)
        let start = out.count
        Varint.write(multihash.code, into: &out)
        Varint.write(UInt64(multihash.digest.count), into: &out)
        out.append(contentsOf: multihash.digest)
        bytes = out
        versionNumber = 1
        self.codec = codec
        multihashStart = UInt8(start)
    }

    /// The CIDv1 naming `block` under `codec`, hashed with `hash`.
    public init(codec: Multicodec, hashing block: [UInt8], with hash: HashFunction = .blake2b256) {
        self.init(codec: codec.rawValue, multihash: Multihash(hashing: block, with: hash))
    }

    /// Parses the binary form; rejects trailing bytes.
    public init(bytes: [UInt8]) throws(IPLDError) {
        self = try bytes.withUnsafeBufferPointer { (buffer) throws(IPLDError) -> CID in
            try CID(exactly: UnsafeRawBufferPointer(buffer))
        }
    }

    /// Parses a binary form that fills `raw` exactly, copying it once.
    init(exactly raw: UnsafeRawBufferPointer) throws(IPLDError) {
        var offset = 0
        try self.init(reading: raw, at: &offset)
        guard offset == raw.count else { throw .invalidCID("\(raw.count - offset) trailing byte(s)") }
    }

    /// Reads a CID's binary form at `offset`, advancing it.
    public init(reading data: [UInt8], at offset: inout Int) throws(IPLDError) {
        self = try data.withUnsafeBufferPointer { (buffer) throws(IPLDError) -> CID in
            try CID(reading: UnsafeRawBufferPointer(buffer), at: &offset)
        }
    }

    /// Reads a CID's binary form at `offset` of raw bytes, advancing it.
    init(reading data: UnsafeRawBufferPointer, at offset: inout Int) throws(IPLDError) {
        let start = offset
        // A CIDv0 is a bare sha2-256 multihash: its first two bytes are 0x12 0x20.
        if data.count - offset >= 2, data[offset] == 0x12, data[offset + 1] == 0x20 {
            try Self.skipMultihash(data, at: &offset)
            versionNumber = 0
            codec = Multicodec.dagPB.rawValue
            multihashStart = 0
        } else {
            let v = try Varint.read(data, at: &offset)
            guard v == 1 else { throw .invalidCID("unsupported CID version \(v)") }
            codec = try Varint.read(data, at: &offset)
            multihashStart = UInt8(offset - start)
            try Self.skipMultihash(data, at: &offset)
            versionNumber = 1
        }
        bytes = Array(UnsafeRawBufferPointer(rebasing: data[start..<offset]))
    }

    /// Checks a multihash's framing (varint code, varint length, that many digest bytes) and
    /// moves past it.
    private static func skipMultihash(_ data: UnsafeRawBufferPointer, at offset: inout Int) throws(IPLDError) {
        _ = try Varint.read(data, at: &offset)
        let length = try Varint.read(data, at: &offset)
        guard length <= UInt64(data.count - offset) else { throw .unexpectedEnd(context: "multihash digest") }
        offset += Int(length)
    }

    /// Parses the text form: CIDv0 base58 (`Qm...`) or a multibase CIDv1.
    public init(_ text: String) throws(IPLDError) {
        if text.count == 46 && text.hasPrefix("Qm") {
            guard let raw = Base58.decode(text) else { throw .invalidCID("malformed base58 in \(text)") }
            try self.init(bytes: raw)
            return
        }
        let raw = try Multibase.decode(text)
        try self.init(bytes: raw)
        guard version == 1 else { throw .invalidCID("a CIDv0 must be written in bare base58: \(text)") }
    }

    /// The text form: base58btc for CIDv0, base32 for CIDv1.
    public var description: String {
        version == 0 ? Base58.encode(bytes) : Multibase.base32.encode(bytes)
    }

    /// The text form in `base` (CIDv1 only; a CIDv0 is always bare base58).
    public func string(base: Multibase) -> String {
        version == 0 ? Base58.encode(bytes) : base.encode(bytes)
    }

    public static func < (lhs: CID, rhs: CID) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }

    public static func == (lhs: CID, rhs: CID) -> Bool { lhs.bytes == rhs.bytes }

    /// Hashes the binary form in one call (an array's own hashing feeds the hasher a byte at a
    /// time, which was a visible share of an actor message's time in sets of CIDs).
    public func hash(into hasher: inout Hasher) { bytes.withUnsafeBytes { hasher.combine(bytes: $0) } }
}
