import CairnIPLD

/// A contract's storage: the KAMT (ref-fvm's `fvm_ipld_kamt`) from 32-byte slot to 32-byte
/// value that the EVM actor keeps under its state's `contract_state`, read by walking its nodes.
///
/// A node is `[bitfield: bytes, pointers: [pointer…]]`; a pointer is `{"v": [[key, value]…]}`
/// (a bucket of entries) or `{"l": [cid, consumed: u32, path: bytes]}` (a link to a child node,
/// with the extension that skips empty levels). Every entry holds its whole key, so listing the
/// entries needs no key paths. Keys and values are U256 as FEVM encodes them: big-endian byte
/// strings, leading zeros stripped (read here as well with their zeros). A bare link or bucket
/// (the HAMT's pointer form) is read too.
public enum EVMStorage {
    /// One storage slot and its value, each 32 bytes big-endian.
    public struct Slot: Hashable, Sendable {
        /// The slot number, 32 bytes big-endian.
        public var key: [UInt8]
        /// Its value, 32 bytes big-endian.
        public var value: [UInt8]

        /// A slot holding `value`.
        public init(key: [UInt8], value: [UInt8]) { (self.key, self.value) = (key, value) }
    }

    /// Every slot with a non-zero value under the KAMT root `root`, sorted by slot.
    public static func slots(root: CID, store: any Blockstore) throws(ActorDataError) -> [Slot] {
        var slots: [Slot] = []
        var pending = [root]
        var visited = 0
        while let cid = pending.popLast() {
            visited += 1
            guard visited <= maxNodes else { throw .shape("KAMT: more than \(maxNodes) nodes") }
            let node: IPLD
            do { node = try store.getIPLD(cid) } catch { throw .ipld(error) }
            let fields = try IPLDRead.tuple(node, count: 2, "KAMT node")
            _ = try IPLDRead.bytes(fields[0], "KAMT bitfield")
            guard case .list(let pointers) = fields[1] else { throw .shape("KAMT node: pointers are not a list") }
            for pointer in pointers {
                try read(pointer, into: &slots, links: &pending)
            }
        }
        return slots.filter { $0.value.contains { $0 != 0 } }.sorted { $0.key.lexicographicallyPrecedes($1.key) }
    }

    /// The most nodes a walk reads (a storage larger than this is not for a command line).
    public static let maxNodes = 1 << 20

    private static func read(_ pointer: IPLD, into slots: inout [Slot], links: inout [CID]) throws(ActorDataError) {
        switch pointer {
        case .map(let tagged) where tagged.count == 1:
            if let bucket = tagged["v"] { try readBucket(bucket, into: &slots) }
            else if case .list(let link)? = tagged["l"], link.count == 3 { links.append(try IPLDRead.link(link[0], "KAMT link")) }
            else { throw .shape("KAMT pointer: expected {\"v\": …} or {\"l\": [cid, consumed, path]}") }
        case .link(let cid):
            links.append(cid)
        case .list:
            try readBucket(pointer, into: &slots)
        default:
            throw .shape("KAMT pointer: unexpected \(pointer.kindName)")
        }
    }

    private static func readBucket(_ bucket: IPLD, into slots: inout [Slot]) throws(ActorDataError) {
        guard case .list(let entries) = bucket else { throw .shape("KAMT bucket: expected a list") }
        for entry in entries {
            let pair = try IPLDRead.tuple(entry, count: 2, "KAMT entry")
            slots.append(Slot(key: try word(pair[0], "slot"), value: try word(pair[1], "value")))
        }
    }

    /// A U256 byte string (at most 32 bytes) as 32 big-endian bytes.
    static func word(_ value: IPLD, _ what: String) throws(ActorDataError) -> [UInt8] {
        let bytes = try IPLDRead.bytes(value, "KAMT \(what)")
        guard bytes.count <= 32 else { throw .shape("KAMT \(what): \(bytes.count) bytes, more than 32") }
        return [UInt8](repeating: 0, count: 32 - bytes.count) + bytes
    }
}
