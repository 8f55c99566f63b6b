import CairnIPLD

/// The `ipld` operations: blocks opened from the store, created, read, linked.
extension Kernel {
    /// The largest block an actor may create or open (ref-fvm's `MAX_BLOCK_SIZE`, 1 MiB).
    static let maxBlockSize = 1 << 20

    /// The CBOR codec (0x51).
    static let cborCodec: UInt64 = 0x51

    /// Codecs blocks may have: DAG-CBOR, CBOR and raw (ref-fvm's allowed codecs).
    static let allowedCodecs: Set<UInt64> = [0x71, 0x51, 0x55]

    /// Opens the block `cid` from the store; returns its handle and the block.
    func blockOpen(_ cid: CID) throws(SyscallFailure) -> (handle: UInt32, block: Block) {
        guard Self.allowedCodecs.contains(cid.codec) else { throw ErrorNumber.illegalCodec.failure }
        guard reachable.contains(cid) else { throw ErrorNumber.notFound.failure }
        try charge(profile.blockOpen.flat)
        let data: [UInt8]?
        do { data = try machine.store.get(cid) } catch { throw .fatal("blockstore: \(error)") }
        guard let data else { throw ErrorNumber.notFound.failure }
        guard data.count <= Self.maxBlockSize else { throw ErrorNumber.limitExceeded.failure }
        try charge(profile.blockOpenPrice(size: data.count) - profile.blockOpen.flat)
        let block = Block(codec: cid.codec, data: data)
        addLinks(of: block)
        return (try blocks.put(block), block)
    }

    /// Creates a block of `data` under `codec`; returns its handle. DAG-CBOR must decode, and
    /// every CID it links to must be reachable (`notFound` otherwise), so an actor cannot
    /// make its state point at blocks it has never seen.
    func blockCreate(codec: UInt64, data: [UInt8]) throws(SyscallFailure) -> UInt32 {
        guard Self.allowedCodecs.contains(codec) else { throw ErrorNumber.illegalCodec.failure }
        guard data.count <= Self.maxBlockSize else { throw ErrorNumber.limitExceeded.failure }
        try charge(profile.blockCreatePrice(size: data.count))
        if codec == Multicodec.dagCBOR.rawValue {
            guard let value = try? DAGCBOR.decode(data) else { throw ErrorNumber.serialization.failure }
            guard value.links.allSatisfy(reachable.contains) else { throw ErrorNumber.notFound.failure }
        } else if codec == Self.cborCodec {
            // Plain CBOR is not validated, but its links (tag 42) become reachable when the block
            // is opened, so they must be reachable now.
            guard let links = try? DAGCBOR.scanLinks(data) else { throw ErrorNumber.serialization.failure }
            guard links.allSatisfy(reachable.contains) else { throw ErrorNumber.notFound.failure }
        }
        return try blocks.put(Block(codec: codec, data: data))
    }

    /// Up to `length` bytes of block `handle` from `offset`, and the block's size minus
    /// `offset + length`: 0 when the buffer was just filled, positive when bytes are left,
    /// negative when the buffer was longer than the rest (an offset past the end reads nothing
    /// and is no error, as in ref-fvm).
    func blockRead(_ handle: UInt32, offset: UInt32, length: UInt32) throws(SyscallFailure) -> (bytes: ArraySlice<UInt8>, remaining: Int32) {
        let block = try blocks.get(handle)
        let start = min(Int(offset), block.data.count)
        let count = min(block.data.count - start, Int(length))
        try charge(profile.blockReadPrice(size: count))
        let remaining = Int64(block.data.count) - Int64(offset) - Int64(length)
        return (block.data[start..<start + count], Int32(clamping: remaining))
    }

    /// The codec and size of block `handle`.
    func blockStat(_ handle: UInt32) throws(SyscallFailure) -> Block {
        try blocks.get(handle)
    }

    /// Stores block `handle` under its CID (BLAKE2b-256, the only hash links may use, with a
    /// 32-byte digest: anything else is `illegalCid`) and returns the CID.
    func blockLink(_ handle: UInt32, hashFunction: UInt64, hashLength: UInt32) throws(SyscallFailure) -> CID {
        let block = try blocks.get(handle)
        guard hashFunction == HashFunction.blake2b256.rawValue, hashLength == 32 else {
            throw ErrorNumber.illegalCid.failure
        }
        try charge(profile.blockLinkPrice(size: block.data.count))
        let cid = CID(codec: block.codec, multihash: Multihash(hashing: block.data, with: .blake2b256))
        do { try machine.store.put(cid, block.data) } catch { throw .fatal("blockstore: \(error)") }
        reachable.insert(cid)
        return cid
    }
}
