/// Filecoin's AMT (go-amt-ipld v3 / ref-fvm `fvm_ipld_amt`): a sparse array indexed by u64,
/// stored as DAG-CBOR nodes named by BLAKE2b-256 CIDs.
///
/// A tree of height h has nodes of `2^bitWidth` slots and covers indexes below
/// `width^(h+1)`; it grows a level (the old root becomes child 0) when an index beyond that
/// is set, and shrinks back when deletes leave only child 0. The root block is
/// `[bitWidth, height, count, node]` (v3; the legacy v0 omits the bit width).
public final class AMT {
    /// The largest index an AMT can hold (ref-fvm's `MAX_INDEX`).
    public static let maxIndex: UInt64 = UInt64.max - 1
    /// ref-fvm's default bit width: nodes of 8 slots.
    public static let defaultBitWidth = 3

    /// The root block's layout.
    public enum Version: Sendable {
        /// `[bitWidth, height, count, node]`: every AMT of today's Filecoin state.
        case v3
        /// `[height, count, node]` with bit width 3: legacy (block headers' message lists).
        case v0
    }

    public let bitWidth: Int
    public let version: Version
    public internal(set) var height: Int = 0
    public internal(set) var count: UInt64 = 0
    let store: any Blockstore
    var root: AMTNode

    var width: Int { 1 << bitWidth }

    /// An empty AMT.
    public init(store: any Blockstore, bitWidth: Int = AMT.defaultBitWidth, version: Version = .v3) {
        precondition((1...16).contains(bitWidth), "AMT bit width must be 1...16")
        self.store = store
        self.bitWidth = version == .v0 ? Self.defaultBitWidth : bitWidth
        self.version = version
        root = AMTNode.emptyLeaf(width: 1 << self.bitWidth)
    }

    /// The AMT whose root block is `cid`.
    public init(loading cid: CID, store: any Blockstore, version: Version = .v3) throws(IPLDError) {
        self.store = store
        self.version = version
        guard case .list(let parts) = try store.getIPLD(cid) else { throw .invalidStructure("an AMT root must be a list") }
        let fields = version == .v3 ? parts : [.int(Int64(Self.defaultBitWidth))] + parts
        guard fields.count == 4, case .integer(let bw) = fields[0], case .integer(let h) = fields[1],
              case .integer(let n) = fields[2], let bw = bw.uint64, (1...16).contains(bw),
              let h = h.uint64, h <= 64, let n = n.uint64 else {
            throw .invalidStructure("an AMT root must be [bitWidth, height, count, node] with sane numbers")
        }
        bitWidth = Int(bw)
        height = Int(h)
        count = n
        root = try AMTNode(fields[3], width: 1 << Int(bw))
        if height > 0, case .leaf = root.slots, root.isEmpty { root = AMTNode.emptyLinks(width: width) }
    }

    /// Bytes in a node's bitmap: one per 8 slots, at least one.
    static func bitmapBytes(width: Int) -> Int { max(1, width / 8) }

    /// How many indexes one child of a node at `height` covers: width^height (saturating).
    func nodesForHeight(_ height: Int) -> UInt64 {
        let log2 = bitWidth * height
        return log2 >= 64 ? UInt64.max : 1 << UInt64(log2)
    }

    func checkIndex(_ i: UInt64) throws(IPLDError) {
        guard i <= Self.maxIndex else { throw .invalidStructure("AMT index \(i) out of range (max \(Self.maxIndex))") }
    }

    func load(_ links: inout [AMTLink?], _ slot: Int) throws(IPLDError) -> AMTNode? {
        switch links[slot] {
        case nil: return nil
        case .dirty(let node)?: return node
        case .cid(_, let cache?)?: return cache
        case .cid(let cid, nil)?:
            let node = try AMTNode(store.getIPLD(cid), width: width)
            links[slot] = .cid(cid, cache: node)
            return node
        }
    }

    /// The value at index `i`, if any.
    public func get(_ i: UInt64) throws(IPLDError) -> IPLD? {
        try checkIndex(i)
        guard i < nodesForHeight(height + 1) else { return nil }
        var node = root
        var h = height
        var index = i
        while true {
            switch node.slots {
            case .leaf(let values): return values[Int(index)]
            case .links(var links):
                let span = nodesForHeight(h)
                let slot = Int(index / span)
                guard let child = try load(&links, slot) else { return nil }
                node.slots = .links(links)
                node = child
                index %= span
                h -= 1
            }
        }
    }

    /// Sets index `i` to `value`; returns the previous value.
    @discardableResult
    public func set(_ i: UInt64, _ value: IPLD) throws(IPLDError) -> IPLD? {
        try checkIndex(i)
        while i >= nodesForHeight(height + 1) {
            let grown = AMTNode.emptyLinks(width: width)
            if !root.isEmpty, case .links(var links) = grown.slots {
                links[0] = .dirty(root)
                grown.slots = .links(links)
            }
            root = grown
            height += 1
        }
        let old = try set(root, height, i, value)
        if old == nil { count += 1 }
        return old
    }

    func set(_ node: AMTNode, _ h: Int, _ i: UInt64, _ value: IPLD) throws(IPLDError) -> IPLD? {
        switch node.slots {
        case .leaf(var values):
            let old = values[Int(i)]
            values[Int(i)] = value
            node.slots = .leaf(values)
            return old
        case .links(var links):
            let span = nodesForHeight(h)
            let slot = Int(i / span)
            // Every child on the path becomes dirty, even if the value is unchanged (as ref-fvm).
            let child = try load(&links, slot) ?? (h == 1 ? AMTNode.emptyLeaf(width: width) : AMTNode.emptyLinks(width: width))
            links[slot] = .dirty(child)
            node.slots = .links(links)
            return try set(child, h - 1, i % span, value)
        }
    }
}
