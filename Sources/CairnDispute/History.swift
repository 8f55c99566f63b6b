import CairnHash

/// History commitments: binary Merkle trees over state hashes (docs/disputes.md, "History
/// commitments"). The domain bytes are distinct from every state-hash domain (trees use 1…10
/// followed by a kind byte, headers 0x40 and 0x41), so no history node is also a state node.
public enum History {
    /// Domain byte of a history leaf: keccak(0x50, state hash).
    public static let leafDomain: UInt8 = 0x50
    /// Domain byte of a history node: keccak(0x51, left, right).
    public static let nodeDomain: UInt8 = 0x51

    public static func leaf(_ state: Digest) -> Digest {
        var hasher = Keccak256()
        hasher.update(leafDomain)
        hasher.update(state)
        return hasher.finalize()
    }

    public static func node(_ left: Digest, _ right: Digest) -> Digest {
        var hasher = Keccak256()
        hasher.update(nodeDomain)
        hasher.update(left)
        hasher.update(right)
        return hasher.finalize()
    }

    /// The root over `nodes` (a power of two of them), hashed up pairwise.
    public static func root(of nodes: [Digest]) -> Digest {
        precondition(!nodes.isEmpty && nodes.count & (nodes.count - 1) == 0, "not a power of two")
        var layer = nodes
        while layer.count > 1 {
            layer = stride(from: 0, to: layer.count, by: 2).map { node(layer[$0], layer[$0 + 1]) }
        }
        return layer[0]
    }

    /// The root of a subtree from its *last* leaf and that leaf's siblings, bottom up. The
    /// last leaf is a right child at every level, so every sibling is a left one.
    public static func rootFromLast(_ leafHash: Digest, path: [Digest]) -> Digest {
        var current = leafHash
        for sibling in path { current = node(sibling, current) }
        return current
    }

    /// The root from any leaf of a subtree: `index` picks left or right at each level.
    public static func rootFrom(_ leafHash: Digest, index: UInt64, path: [Digest]) -> Digest {
        var current = leafHash
        for (level, sibling) in path.enumerated() {
            current = (index >> UInt64(level)) & 1 == 0 ? node(current, sibling) : node(sibling, current)
        }
        return current
    }
}

/// A whole history tree held in memory: for a party's commitment at one level (at most the
/// level's 2^height leaves), built once per level and reused by every move at that level.
public struct HistoryTree: Sendable {
    /// The state hashes (leaf values).
    public let states: [Digest]
    /// `layers[0]` the leaf hashes, `layers[h]` the nodes of height h; the last is the root.
    public let layers: [[Digest]]

    /// The tree over `states`, a power of two of them (padding is the caller's: repeat the last).
    public init(states: [Digest]) {
        self.states = states
        var layers = [states.map(History.leaf)]
        while layers.last!.count > 1 {
            let below = layers.last!
            layers.append(stride(from: 0, to: below.count, by: 2).map { History.node(below[$0], below[$0 + 1]) })
        }
        self.layers = layers
    }

    public var height: Int { layers.count - 1 }
    public var root: Digest { layers.last![0] }

    /// The node of height `height` whose leaves start at `height`-aligned index `index << height`.
    public func node(height: Int, index: UInt64) -> Digest { layers[height][Int(index)] }

    /// The siblings of the last leaf of node (`height`, `index`) up to that node, bottom up.
    public func lastLeafPath(height: Int, index: UInt64) -> [Digest] {
        let last = ((index + 1) << UInt64(height)) - 1
        return (0..<height).map { level in layers[level][Int((last >> UInt64(level)) - 1)] }
    }

    /// The siblings of leaf `leaf` up to the root, bottom up.
    public func path(leaf: UInt64) -> [Digest] {
        (0..<height).map { level in layers[level][Int((leaf >> UInt64(level)) ^ 1)] }
    }
}
