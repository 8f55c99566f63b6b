/// A store of blocks named by their CIDs: the one seam between IPLD structures and storage.
///
/// Stores do not check that a CID names its block (`putBlock` computes the CID itself, and
/// the CAR reader verifies); callers that put raw pairs are trusted.
public protocol Blockstore: AnyObject {
    /// The block named `cid`, or nil if the store does not hold it.
    func get(_ cid: CID) throws(IPLDError) -> [UInt8]?
    /// Whether the store holds `cid`.
    func has(_ cid: CID) throws(IPLDError) -> Bool
    /// Stores blocks atomically: after a crash either all of them are present or none.
    func putMany(_ blocks: [(CID, [UInt8])]) throws(IPLDError)
}

extension Blockstore {
    /// Stores one block.
    public func put(_ cid: CID, _ block: [UInt8]) throws(IPLDError) {
        try putMany([(cid, block)])
    }

    /// Stores `block` under the CIDv1 it hashes to, and returns that CID.
    @discardableResult
    public func putBlock(_ block: [UInt8], codec: Multicodec, hash: HashFunction = .blake2b256) throws(IPLDError) -> CID {
        let cid = CID(codec: codec, hashing: block, with: hash)
        try put(cid, block)
        return cid
    }

    /// Encodes `value` as DAG-CBOR, stores it and returns its CID (BLAKE2b-256 by default, as Filecoin).
    @discardableResult
    public func putIPLD(_ value: IPLD, hash: HashFunction = .blake2b256) throws(IPLDError) -> CID {
        try putBlock(try DAGCBOR.encode(value), codec: .dagCBOR, hash: hash)
    }

    /// The block named `cid`, or `IPLDError.blockNotFound`.
    public func require(_ cid: CID) throws(IPLDError) -> [UInt8] {
        guard let block = try get(cid) else { throw .blockNotFound(cid.description) }
        return block
    }

    /// The DAG-CBOR block named `cid`, decoded.
    public func getIPLD(_ cid: CID) throws(IPLDError) -> IPLD {
        try DAGCBOR.decode(try require(cid))
    }
}

/// Blocks in a dictionary: for tests, scratch state and the buffered store's write buffer.
public final class MemoryBlockstore: Blockstore {
    /// Every block held, by CID.
    public private(set) var blocks: [CID: [UInt8]] = [:]

    public init() {}

    public func get(_ cid: CID) throws(IPLDError) -> [UInt8]? { blocks[cid] }

    public func has(_ cid: CID) throws(IPLDError) -> Bool { blocks[cid] != nil }

    public func putMany(_ blocks: [(CID, [UInt8])]) throws(IPLDError) {
        for (cid, block) in blocks { self.blocks[cid] = block }
    }

    /// The number of blocks held.
    public var count: Int { blocks.count }

    /// Drops every block.
    public func removeAll() { blocks.removeAll() }
}
