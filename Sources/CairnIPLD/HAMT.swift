import Crypto

/// Filecoin's HAMT (go-hamt-ipld v3 / ref-fvm `fvm_ipld_hamt`): a map from byte keys to IPLD
/// values, stored as DAG-CBOR nodes named by BLAKE2b-256 CIDs.
///
/// Each node consumes `bitWidth` bits of the key's hash (most significant first) to choose a
/// slot; a slot holds a bucket of up to `bucketSize` entries sorted by key, or a link to a
/// child node. When a bucket overflows, it becomes a child holding its entries one level down;
/// deletes collapse children back into buckets, so the same set of entries always has the same
/// shape and the same root CID, whatever the order of operations.
public final class HAMT {
    /// How keys are hashed to find their slots.
    public enum KeyHash: Sendable {
        /// SHA-256 of the key bytes: Filecoin's HAMTs.
        case sha256
        /// The key's first 32 bytes, zero padded: the KAMT of EVM storage, whose keys are already hashes.
        case identity

        func digest(_ key: [UInt8]) -> [UInt8] {
            switch self {
            case .sha256: Array(SHA256.hash(data: key))
            case .identity: Array(key.prefix(32)) + [UInt8](repeating: 0, count: max(0, 32 - key.count))
            }
        }
    }

    /// A HAMT's parameters; Filecoin's default is bit width 8 (the actors map uses 5), buckets of 3.
    public struct Config: Sendable {
        public var bitWidth: Int
        public var bucketSize: Int
        public var keyHash: KeyHash

        public init(bitWidth: Int = 8, bucketSize: Int = 3, keyHash: KeyHash = .sha256) {
            self.bitWidth = bitWidth
            self.bucketSize = bucketSize
            self.keyHash = keyHash
        }
    }

    public let config: Config
    let store: any Blockstore
    var root: HAMTNode

    /// An empty HAMT over `store`.
    public init(store: any Blockstore, config: Config = Config()) {
        precondition((1...8).contains(config.bitWidth), "HAMT bit width must be 1...8")
        self.store = store
        self.config = config
        root = HAMTNode()
    }

    /// The HAMT whose root node is `root` in `store`.
    public init(loading root: CID, store: any Blockstore, config: Config = Config()) throws(IPLDError) {
        precondition((1...8).contains(config.bitWidth), "HAMT bit width must be 1...8")
        self.store = store
        self.config = config
        self.root = try HAMTNode(store.getIPLD(root))
    }

    func hashBits(_ key: [UInt8]) -> HashBits { HashBits(digest: config.keyHash.digest(key), consumed: 0) }

    /// The node behind a link, loaded once and cached.
    func load(_ pointers: inout [HAMTPointer], _ index: Int) throws(IPLDError) -> HAMTNode {
        switch pointers[index] {
        case .dirty(let node): return node
        case .link(_, let cache?): return cache
        case .link(let cid, nil):
            let node = try HAMTNode(store.getIPLD(cid))
            pointers[index] = .link(cid, cache: node)
            return node
        case .values: preconditionFailure("not a child")
        }
    }

    /// The value stored under `key`, if any.
    public func get(_ key: [UInt8]) throws(IPLDError) -> IPLD? {
        var bits = hashBits(key)
        var node = root
        while true {
            let slot = try bits.next(config.bitWidth)
            guard node.bitfield.test(slot) else { return nil }
            let index = node.bitfield.rank(slot)
            if case .values(let entries) = node.pointers[index] {
                return entries.first(where: { $0.key == key })?.value
            }
            node = try load(&node.pointers, index)
        }
    }

    /// Stores `value` under `key`; returns the previous value.
    @discardableResult
    public func set(_ key: [UInt8], _ value: IPLD) throws(IPLDError) -> IPLD? {
        var bits = hashBits(key)
        return try modify(root, &bits, key, value, overwrite: true).old
    }

    /// Stores `value` under `key` only if the key is absent; returns whether it stored.
    @discardableResult
    public func setIfAbsent(_ key: [UInt8], _ value: IPLD) throws(IPLDError) -> Bool {
        var bits = hashBits(key)
        return try modify(root, &bits, key, value, overwrite: false).modified
    }

    /// Inserts into `node`; `modified` tells the parent whether its child became dirty.
    func modify(_ node: HAMTNode, _ bits: inout HashBits, _ key: [UInt8], _ value: IPLD,
                overwrite: Bool) throws(IPLDError) -> (old: IPLD?, modified: Bool) {
        let slot = try bits.next(config.bitWidth)
        let index = node.bitfield.rank(slot)
        guard node.bitfield.test(slot) else {
            node.bitfield.set(slot)
            node.pointers.insert(.values([HAMTEntry(key: key, value: value)]), at: index)
            return (nil, true)
        }
        guard case .values(var entries) = node.pointers[index] else {
            let child = try load(&node.pointers, index)
            let result = try modify(child, &bits, key, value, overwrite: overwrite)
            if result.modified { node.pointers[index] = .dirty(child) }
            return result
        }
        if let i = entries.firstIndex(where: { $0.key == key }) {
            guard overwrite else { return (nil, false) }
            let old = entries[i].value
            entries[i].value = value
            node.pointers[index] = .values(entries)
            return (old, old != value)
        }
        if entries.count >= config.bucketSize {
            node.pointers[index] = .dirty(try split(entries, adding: key, value, consumed: bits))
            return (nil, true)
        }
        let at = entries.firstIndex(where: { $0.key.lexicographicallyPrecedes(key) == false }) ?? entries.count
        entries.insert(HAMTEntry(key: key, value: value), at: at)
        node.pointers[index] = .values(entries)
        return (nil, true)
    }

    /// A full bucket becomes a child node holding its entries and the new one, one level down.
    func split(_ entries: [HAMTEntry], adding key: [UInt8], _ value: IPLD, consumed: HashBits) throws(IPLDError) -> HAMTNode {
        let child = HAMTNode()
        var bits = consumed
        _ = try modify(child, &bits, key, value, overwrite: true)
        for entry in entries {
            var entryBits = HashBits(digest: config.keyHash.digest(entry.key), consumed: consumed.consumed)
            _ = try modify(child, &entryBits, entry.key, entry.value, overwrite: true)
        }
        return child
    }

    /// Visits every entry in the HAMT's order (slot order, then key order within a bucket).
    public func forEach(_ body: ([UInt8], IPLD) throws -> Void) throws {
        try visit(root, body)
    }

    func visit(_ node: HAMTNode, _ body: ([UInt8], IPLD) throws -> Void) throws {
        for index in node.pointers.indices {
            if case .values(let entries) = node.pointers[index] {
                for entry in entries { try body(entry.key, entry.value) }
            } else {
                try visit(try load(&node.pointers, index), body)
            }
        }
    }

    /// Every entry, in iteration order.
    public func entries() throws -> [([UInt8], IPLD)] {
        var out: [([UInt8], IPLD)] = []
        try forEach { out.append(($0, $1)) }
        return out
    }

    /// Writes every changed node to the store (in one `putMany`) and returns the root's CID.
    @discardableResult
    public func flush() throws(IPLDError) -> CID {
        var pending: [(CID, [UInt8])] = []
        try flush(root, into: &pending)
        let bytes = try DAGCBOR.encode(root.ipld())
        let cid = CID(codec: .dagCBOR, hashing: bytes, with: .blake2b256)
        pending.append((cid, bytes))
        try store.putMany(pending)
        return cid
    }

    func flush(_ node: HAMTNode, into pending: inout [(CID, [UInt8])]) throws(IPLDError) {
        for index in node.pointers.indices {
            guard case .dirty(let child) = node.pointers[index] else { continue }
            try flush(child, into: &pending)
            let bytes = try DAGCBOR.encode(child.ipld())
            let cid = CID(codec: .dagCBOR, hashing: bytes, with: .blake2b256)
            pending.append((cid, bytes))
            node.pointers[index] = .link(cid, cache: child)
        }
    }
}
