/// A block read from a CAR file: its CID, bytes, and the offset of its section in the payload.
public struct CARBlock: Sendable {
    public let cid: CID
    public let data: [UInt8]
    /// Offset of the section (its length varint) from the start of the CARv1 payload.
    public let sectionOffset: Int
}

/// A parsed CAR file (v1, or v2 wrapping a v1 payload and an optional index).
public struct CARFile: Sendable {
    /// 1 or 2.
    public let version: Int
    /// The header's root CIDs.
    public let roots: [CID]
    /// Every block, in file order, each checked against its CID.
    public let blocks: [CARBlock]
    /// The CARv2 index, if the file has one (already checked against the blocks).
    public let index: CARIndex?
}

/// Reading and writing CAR (content-addressed archive) files.
///
/// A CARv1 is a varint-framed DAG-CBOR header `{roots, version: 1}` followed by sections
/// `varint(len) || CID || block`. A CARv2 is an 11-byte pragma, a 40-byte header (characteristics,
/// data offset and size, index offset, little-endian), the v1 payload, and an optional index.
/// Reading verifies every block against its CID, so a CAR that reads is a CAR whose blocks are
/// what their names say.
public enum CAR {
    /// The CARv2 pragma: a v1-style header `{version: 2}`.
    static let v2Pragma: [UInt8] = [0x0a, 0xa1, 0x67, 0x76, 0x65, 0x72, 0x73, 0x69, 0x6f, 0x6e, 0x02]
    /// Headers larger than this are refused (go-car's default limit is 32 MiB).
    public static let maxHeaderBytes = 32 << 20

    /// Options for lenient reading of files that real tools produce.
    public struct ReadOptions: Sendable {
        /// Treat a zero-length section as the end of the data (Lotus once padded CARs with zeros).
        public var zeroLengthSectionAsEOF = false
        public init(zeroLengthSectionAsEOF: Bool = false) { self.zeroLengthSectionAsEOF = zeroLengthSectionAsEOF }
    }

    /// Parses and verifies a CAR file (v1 or v2).
    public static func read(_ bytes: [UInt8], options: ReadOptions = .init()) throws(IPLDError) -> CARFile {
        if bytes.starts(with: v2Pragma) { return try readV2(bytes, options: options) }
        var offset = 0
        let (version, roots) = try readHeader(bytes, &offset)
        guard version == 1 else { throw .invalidCAR("unsupported CAR version \(version)") }
        let blocks = try readSections(bytes[...], from: offset, options: options)
        return CARFile(version: 1, roots: roots, blocks: blocks, index: nil)
    }

    static func readV2(_ bytes: [UInt8], options: ReadOptions) throws(IPLDError) -> CARFile {
        let h = v2Pragma.count
        guard bytes.count >= h + 40 else { throw .invalidCAR("CARv2 header truncated") }
        func u64(_ at: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << UInt64(8 * $1) } }
        let (dataOffset, dataSize, indexOffset) = (u64(h + 16), u64(h + 24), u64(h + 32))
        guard dataOffset >= UInt64(h + 40), dataOffset <= UInt64(bytes.count),
              dataSize <= UInt64(bytes.count) - dataOffset else {
            throw .invalidCAR("CARv2 data offset \(dataOffset) and size \(dataSize) fall outside the file (\(bytes.count) bytes)")
        }
        let payload = Array(bytes[Int(dataOffset)..<Int(dataOffset + dataSize)])
        var offset = 0
        let (version, roots) = try readHeader(payload, &offset)
        guard version == 1 else { throw .invalidCAR("CARv2 payload has version \(version), expected 1") }
        let blocks = try readSections(payload[...], from: offset, options: options)
        var index: CARIndex? = nil
        if indexOffset != 0 {
            guard indexOffset >= dataOffset + dataSize, indexOffset < UInt64(bytes.count) else {
                throw .invalidCAR("CARv2 index offset \(indexOffset) is outside the file or overlaps the data")
            }
            let parsed = try CARIndex.parse(Array(bytes[Int(indexOffset)...]))
            try parsed.verify(against: blocks)
            index = parsed
        }
        return CARFile(version: 2, roots: roots, blocks: blocks, index: index)
    }

    /// Reads the varint-framed DAG-CBOR header; returns its version and roots.
    static func readHeader(_ bytes: [UInt8], _ offset: inout Int) throws(IPLDError) -> (Int, [CID]) {
        let length = try Varint.read(bytes, at: &offset)
        guard length > 0 else { throw .invalidCAR("zero-length header") }
        guard length <= UInt64(min(maxHeaderBytes, bytes.count - offset)) else {
            throw .invalidCAR("header length \(length) exceeds the \(bytes.count - offset) bytes left")
        }
        let header = try DAGCBOR.decode(Array(bytes[offset..<offset + Int(length)]))
        offset += Int(length)
        guard case .map(let fields) = header, case .integer(let v)? = fields["version"], let version = v.int64 else {
            throw .invalidCAR("header is not a map with an integer version")
        }
        guard version == 1 else { return (Int(clamping: version), []) }
        guard case .list(let rootValues)? = fields["roots"] else { throw .invalidCAR("CARv1 header has no roots list") }
        let roots = try rootValues.map { (v) throws(IPLDError) -> CID in
            guard case .link(let cid) = v else { throw .invalidCAR("a root is not a CID") }
            return cid
        }
        return (1, roots)
    }

    /// Reads and verifies every section from `start` to the end of `payload`.
    static func readSections(_ payload: ArraySlice<UInt8>, from start: Int, options: ReadOptions) throws(IPLDError) -> [CARBlock] {
        let bytes = Array(payload)
        var offset = start
        var blocks: [CARBlock] = []
        while offset < bytes.count {
            let sectionOffset = offset
            let length = try Varint.read(bytes, at: &offset)
            if length == 0 {
                if options.zeroLengthSectionAsEOF { break }
                throw .invalidCAR("zero-length section at offset \(sectionOffset)")
            }
            guard length <= UInt64(bytes.count - offset) else {
                throw .invalidCAR("section at offset \(sectionOffset) declares \(length) bytes, \(bytes.count - offset) remain")
            }
            let end = offset + Int(length)
            let section = Array(bytes[offset..<end])
            var cursor = 0
            let cid: CID
            do { cid = try CID(reading: section, at: &cursor) } catch {
                throw .invalidCAR("section at offset \(sectionOffset): \(error)")
            }
            let data = Array(section[cursor...])
            do { try cid.multihash.verify(data) } catch {
                throw .invalidCAR("block \(cid) at offset \(sectionOffset) does not match its CID: \(error)")
            }
            blocks.append(CARBlock(cid: cid, data: data, sectionOffset: sectionOffset))
            offset = end
        }
        return blocks
    }
}
