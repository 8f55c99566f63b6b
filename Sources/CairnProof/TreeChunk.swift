import CairnHash
import CairnVerifier

/// One aligned block of ``TreeChunk/height``-high subtree of a ``TreeStore``: its leaves and every
/// node hash inside it, kept densely.
///
/// Why dense: a run that writes memory at random touches most leaves of a small working set
/// between two pauses, and a dictionary entry per node (looked up, copied on write after a
/// checkpoint, rehashed as a key) cost more than the Keccak permutations themselves. A chunk is two
/// flat arrays, copied as a whole the first time a checkpointed tree writes into it.
struct TreeChunk: Sendable {
    /// Levels inside a chunk: 2^height leaves; its root is a node at level `height` of the tree.
    static let height = 6
    static let leafCount = 1 << height

    /// The leaves, zero where never written.
    private(set) var leaves: [Leaf]
    /// Node hashes in heap order: position 1 is the chunk's root, the children of position p are
    /// 2p and 2p + 1, and leaf i's hash is at `leafCount + i`. A subtree whose leaves are all
    /// zero holds the tree's zero hash of its height.
    private(set) var hashes: [Digest]
    /// How many leaves are not zero (a chunk with none is dropped by its store).
    private(set) var nonZeroCount = 0

    /// A chunk of zero leaves in `tree`.
    init(empty tree: Tree) {
        leaves = Array(repeating: .zero, count: Self.leafCount)
        var hashes = Array(repeating: ProofHashing.zero(tree, level: 0), count: 2 * Self.leafCount)
        for level in 1...Self.height {
            let zero = ProofHashing.zero(tree, level: level)
            let first = Self.leafCount >> level
            for position in first..<2 * first { hashes[position] = zero }
        }
        self.hashes = hashes
    }

    /// The hash of the chunk's root: the tree's node at level ``height``.
    var root: Digest { hashes[1] }

    /// The hash of the node `offset` of this chunk's nodes at `level` (0 = leaves).
    func node(level: Int, offset: Int) -> Digest { hashes[(Self.leafCount >> level) + offset] }

    /// Stores leaf `offset`; its hashes are brought up to date by ``rehash(_:_:)``.
    mutating func set(_ offset: Int, _ leaf: Leaf) {
        let old = leaves[offset]
        if old == .zero, leaf != .zero { nonZeroCount += 1 }
        if old != .zero, leaf == .zero { nonZeroCount -= 1 }
        leaves[offset] = leaf
    }

    /// Rehashes the paths from the leaves at `offsets` (sorted, distinct) to the chunk's root.
    mutating func rehash(_ tree: Tree, _ offsets: some Sequence<Int>) {
        var changed: [Int] = []
        changed.reserveCapacity(Self.leafCount)
        let zeroLeaf = ProofHashing.zero(tree, level: 0)
        hashes.withUnsafeMutableBufferPointer { hashes in
            for offset in offsets {
                let leaf = leaves[offset]
                hashes[Self.leafCount + offset] = leaf == .zero ? zeroLeaf : ProofHashing.leaf(tree, leaf)
                changed.append(Self.leafCount + offset)
            }
            for level in 1...Self.height {
                let zeroBelow = ProofHashing.zero(tree, level: level - 1)
                let zero = ProofHashing.zero(tree, level: level)
                // Parents of the changed positions, deduplicated in place (each is written at or
                // behind the position it comes from).
                var parents = 0
                for index in changed.indices {
                    let parent = changed[index] >> 1
                    if parents == 0 || changed[parents - 1] != parent {
                        changed[parents] = parent
                        parents += 1
                    }
                }
                changed.removeLast(changed.count - parents)
                for parent in changed {
                    let left = hashes[2 * parent], right = hashes[2 * parent + 1]
                    hashes[parent] = left == zeroBelow && right == zeroBelow
                        ? zero : ProofHashing.node(tree, left, right)
                }
            }
        }
    }
}
