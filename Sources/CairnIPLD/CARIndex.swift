/// A CARv2 index: digests mapped to section offsets in the payload.
///
/// Two formats are read: IndexSorted (0x0400: buckets by entry width of sorted
/// `digest || offset`) and MultihashIndexSorted (0x0401: IndexSorted per multihash code).
public struct CARIndex: Sendable {
    /// The index's multicodec (0x0400 or 0x0401).
    public let codec: UInt64
    /// Every (multihash code or nil, digest, payload offset) entry.
    public let entries: [(code: UInt64?, digest: [UInt8], offset: UInt64)]

    /// Parses an index (as in a `.carindex` file, or the tail of a CARv2).
    public static func parse(_ bytes: [UInt8]) throws(IPLDError) -> CARIndex {
        var offset = 0
        let codec = try Varint.read(bytes, at: &offset)
        var entries: [(code: UInt64?, digest: [UInt8], offset: UInt64)] = []
        var reader = LittleEndianReader(bytes: bytes, offset: offset)
        switch codec {
        case 0x0400:
            try readSorted(&reader, code: nil, into: &entries)
        case 0x0401:
            let groups = try reader.u32()
            for _ in 0..<groups { try readSorted(&reader, code: try reader.u64(), into: &entries) }
        default:
            throw .invalidCAR("unsupported CAR index codec 0x\(String(codec, radix: 16))")
        }
        guard reader.offset == bytes.count else { throw .invalidCAR("\(bytes.count - reader.offset) trailing bytes after the index") }
        return CARIndex(codec: codec, entries: entries)
    }

    static func readSorted(_ r: inout LittleEndianReader, code: UInt64?, into out: inout [(code: UInt64?, digest: [UInt8], offset: UInt64)]) throws(IPLDError) {
        let buckets = try r.u32()
        for _ in 0..<buckets {
            let width = Int(try r.u32())
            let size = try r.u64()
            guard width > 8, size % UInt64(width) == 0, size <= UInt64(r.bytes.count - r.offset) else {
                throw .invalidCAR("CAR index bucket of width \(width) and size \(size) is malformed")
            }
            for _ in 0..<Int(size) / width {
                let digest = try r.take(width - 8)
                out.append((code, digest, try r.u64()))
            }
        }
    }

    /// Checks that every entry points at a section whose CID has that digest.
    public func verify(against blocks: [CARBlock]) throws(IPLDError) {
        var byOffset: [UInt64: CARBlock] = [:]
        for b in blocks { byOffset[UInt64(b.sectionOffset)] = b }
        for e in entries {
            guard let block = byOffset[e.offset], block.cid.multihash.digest == e.digest,
                  e.code == nil || e.code == block.cid.multihash.code else {
                throw .invalidCAR("index entry for digest \(Base16.encode(e.digest)) points at offset \(e.offset), which holds no such block")
            }
        }
    }
}

/// Little-endian fixed-width reads with bounds checks.
struct LittleEndianReader {
    let bytes: [UInt8]
    var offset: Int

    mutating func take(_ n: Int) throws(IPLDError) -> [UInt8] {
        guard n >= 0, n <= bytes.count - offset else { throw .unexpectedEnd(context: "CAR index") }
        defer { offset += n }
        return Array(bytes[offset..<offset + n])
    }

    mutating func u32() throws(IPLDError) -> UInt32 {
        try take(4).reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    mutating func u64() throws(IPLDError) -> UInt64 {
        try take(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }
}
