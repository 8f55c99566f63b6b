extension CAR {
    /// A CARv1 file holding `blocks` under `roots`.
    public static func writeV1(roots: [CID], blocks: [(CID, [UInt8])]) throws(IPLDError) -> [UInt8] {
        let header = try DAGCBOR.encode(.map(["roots": .list(roots.map { .link($0) }), "version": .int(1)]))
        var out = Varint.encode(UInt64(header.count))
        out.append(contentsOf: header)
        for (cid, data) in blocks {
            Varint.write(UInt64(cid.bytes.count + data.count), into: &out)
            out.append(contentsOf: cid.bytes)
            out.append(contentsOf: data)
        }
        return out
    }

    /// A CARv2 file wrapping the CARv1 of `roots` and `blocks`, without an index.
    public static func writeV2(roots: [CID], blocks: [(CID, [UInt8])]) throws(IPLDError) -> [UInt8] {
        let payload = try writeV1(roots: roots, blocks: blocks)
        var out = v2Pragma
        out.append(contentsOf: [UInt8](repeating: 0, count: 16))  // Characteristics: none.
        let dataOffset = UInt64(v2Pragma.count + 40)
        for field in [dataOffset, UInt64(payload.count), 0] {
            for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: field >> UInt64(8 * i))) }
        }
        out.append(contentsOf: payload)
        return out
    }

    /// The blocks of the DAG under `root`, depth first in link order, each once.
    ///
    /// Follows links in DAG-CBOR and DAG-PB blocks; throws `blockNotFound` for a missing block.
    public static func collectDAG(root: CID, from store: any Blockstore) throws(IPLDError) -> [(CID, [UInt8])] {
        var out: [(CID, [UInt8])] = []
        var seen: Set<CID> = []
        var stack = [root]
        while let cid = stack.popLast() {
            guard seen.insert(cid).inserted else { continue }
            // Identity CIDs carry their block inline; exporters still write them as sections.
            let data = cid.multihash.code == HashFunction.identity.rawValue ? cid.multihash.digest : try store.require(cid)
            out.append((cid, data))
            let links = try BufferedBlockstore.links(of: data, codec: cid.codec)
            stack.append(contentsOf: links.reversed())
        }
        return out
    }

    /// Exports the DAG under `root` from `store` as a CAR (v1 or v2).
    public static func export(root: CID, from store: any Blockstore, version: Int = 1) throws(IPLDError) -> [UInt8] {
        let blocks = try collectDAG(root: root, from: store)
        return version == 2 ? try writeV2(roots: [root], blocks: blocks) : try writeV1(roots: [root], blocks: blocks)
    }

    /// Reads and verifies a CAR, stores all its blocks in one `putMany`, and returns its roots.
    @discardableResult
    public static func `import`(_ bytes: [UInt8], into store: any Blockstore, options: ReadOptions = .init()) throws(IPLDError) -> [CID] {
        let car = try read(bytes, options: options)
        try store.putMany(car.blocks.map { ($0.cid, $0.data) })
        return car.roots
    }
}
