/// Keeps writes in memory over a base store, and writes through only what a new root reaches.
///
/// This is how an execution's state is committed: every write of the execution lands in the
/// buffer, and on success `flush(root:)` copies to the base the blocks reachable from the new
/// state root (in one atomic `putMany`) and drops the rest. A failed execution calls
/// `discard()`, and the base store never sees any of its writes. Like ref-fvm's buffered
/// blockstore, the walk follows links in DAG-CBOR blocks and stops at blocks not in the buffer
/// (those are already in the base).
public final class BufferedBlockstore: Blockstore {
    /// The store flushed blocks go to.
    public let base: any Blockstore
    private let buffer = MemoryBlockstore()

    public init(base: any Blockstore) { self.base = base }

    public func get(_ cid: CID) throws(IPLDError) -> [UInt8]? {
        if let block = try buffer.get(cid) { return block }
        return try base.get(cid)
    }

    public func has(_ cid: CID) throws(IPLDError) -> Bool {
        if try buffer.has(cid) { return true }
        return try base.has(cid)
    }

    public func putMany(_ blocks: [(CID, [UInt8])]) throws(IPLDError) {
        try buffer.putMany(blocks)
    }

    /// The number of blocks waiting in the buffer.
    public var bufferedCount: Int { buffer.count }

    /// Writes the buffered blocks reachable from `root` to the base store in one atomic batch,
    /// then empties the buffer. Returns how many blocks were written.
    @discardableResult
    public func flush(root: CID) throws(IPLDError) -> Int {
        var reachable: [(CID, [UInt8])] = []
        var seen: Set<CID> = []
        var stack = [root]
        while let cid = stack.popLast() {
            guard seen.insert(cid).inserted, let block = buffer.blocks[cid] else { continue }
            reachable.append((cid, block))
            stack.append(contentsOf: try Self.links(of: block, codec: cid.codec))
        }
        try base.putMany(reachable)
        buffer.removeAll()
        return reachable.count
    }

    /// Drops every buffered write (a failed execution).
    public func discard() { buffer.removeAll() }

    /// The links inside a block (DAG-CBOR and DAG-PB; raw blocks have none).
    static func links(of block: [UInt8], codec: UInt64) throws(IPLDError) -> [CID] {
        switch codec {
        case Multicodec.dagCBOR.rawValue: try DAGCBOR.scanLinks(block)
        case Multicodec.raw.rawValue: []
        case Multicodec.dagPB.rawValue: try DAGPB.links(block)
        default: throw .unknownCode("cannot follow links in blocks of codec 0x\(String(codec, radix: 16))")
        }
    }
}
