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
/// back byte for byte, whatever codec or hash it uses.
public struct CID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The binary form (for CIDv0, the bare multihash).
    public let bytes: [UInt8]
    /// 0 or 1.
    public let version: Int
    /// The content codec (dag-pb for every CIDv0).
    public let codec: UInt64
    /// The multihash of the content.
    public let multihash: Multihash

    /// A CIDv1 from its parts.
    public init(codec: UInt64, multihash: Multihash) {
        var out = Varint.encode(1)
        Varint.write(codec, into: &out)
        out.append(contentsOf: multihash.bytes)
        bytes = out
        version = 1
        self.codec = codec
        self.multihash = multihash
    }

    /// The CIDv1 naming `block` under `codec`, hashed with `hash`.
    public init(codec: Multicodec, hashing block: [UInt8], with hash: HashFunction = .blake2b256) {
        self.init(codec: codec.rawValue, multihash: Multihash(hashing: block, with: hash))
    }

    /// Parses the binary form; rejects trailing bytes.
    public init(bytes: [UInt8]) throws(IPLDError) {
        var offset = 0
        try self.init(reading: bytes, at: &offset)
        guard offset == bytes.count else { throw .invalidCID("\(bytes.count - offset) trailing byte(s)") }
    }

    /// Reads a CID's binary form at `offset`, advancing it.
    public init(reading data: [UInt8], at offset: inout Int) throws(IPLDError) {
        let start = offset
        // A CIDv0 is a bare sha2-256 multihash: its first two bytes are 0x12 0x20.
        if data.count - offset >= 2, data[offset] == 0x12, data[offset + 1] == 0x20 {
            let mh = try Multihash.read(data, at: &offset)
            bytes = Array(data[start..<offset])
            version = 0
            codec = Multicodec.dagPB.rawValue
            multihash = mh
            return
        }
        let v = try Varint.read(data, at: &offset)
        guard v == 1 else { throw .invalidCID("unsupported CID version \(v)") }
        codec = try Varint.read(data, at: &offset)
        multihash = try Multihash.read(data, at: &offset)
        version = 1
        bytes = Array(data[start..<offset])
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

    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
}
