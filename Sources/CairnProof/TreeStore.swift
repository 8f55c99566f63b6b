import CairnHash
import CairnVerifier

/// One Merkle tree of a concrete state: its non-zero leaves and the hashes of its non-zero
/// subtrees, updated incrementally.
///
/// Absent entries are zero (an all-zero leaf, or the all-zero subtree of that height), so a tree
/// costs memory and hashing in proportion to what was written, not to its 2^depth leaves. The
/// bottom ``TreeChunk/height`` levels are kept in dense chunks of 2^height leaves, one per
/// aligned block that holds a non-zero leaf; the few nodes above the chunks are kept by level and
/// index. Writes only mark leaves dirty; ``root()`` rehashes the paths above the dirty leaves.
struct TreeStore: Sendable {
    let tree: Tree
    /// Chunks by index (leaf index >> chunk height).
    private var chunks: [UInt64: TreeChunk] = [:]
    /// `upper[k][index]`: the hash of every non-zero subtree at level `TreeChunk.height + 1 + k`.
    private var upper: [[UInt64: Digest]]
    private var dirty: [UInt64] = []

    init(_ tree: Tree) {
        self.tree = tree
        // Every tree is deeper than a chunk (the shallowest, frames, has 14 levels).
        precondition(tree.depth > TreeChunk.height)
        upper = Array(repeating: [:], count: tree.depth - TreeChunk.height)
    }

    private static let offsetMask = UInt64(TreeChunk.leafCount - 1)

    func leaf(_ index: UInt64) -> Leaf {
        chunks[index >> UInt64(TreeChunk.height)]?.leaves[Int(index & Self.offsetMask)] ?? .zero
    }

    /// The leaves that are not zero, by index.
    var leaves: [UInt64: Leaf] {
        var result: [UInt64: Leaf] = [:]
        for (chunkIndex, chunk) in chunks where chunk.nonZeroCount > 0 {
            for (offset, leaf) in chunk.leaves.enumerated() where leaf != .zero {
                result[chunkIndex << UInt64(TreeChunk.height) | UInt64(offset)] = leaf
            }
        }
        return result
    }

    mutating func set(_ index: UInt64, _ leaf: Leaf) {
        let chunkIndex = index >> UInt64(TreeChunk.height)
        if chunks[chunkIndex] == nil {
            // Writing zero into an all-zero block changes nothing.
            guard leaf != .zero else { return }
            chunks[chunkIndex] = TreeChunk(empty: tree)
        }
        chunks[chunkIndex]!.set(Int(index & Self.offsetMask), leaf)
        dirty.append(index)
    }

    /// The hash of node `index` at `level` (0 = leaves). Call ``root()`` first to flush writes.
    func node(_ level: Int, _ index: UInt64) -> Digest {
        storedNode(level, index) ?? ProofHashing.zero(tree, level: level)
    }

    /// The hash of node `index` at `level` when its subtree is not all zero, else `nil`.
    private func storedNode(_ level: Int, _ index: UInt64) -> Digest? {
        if level > TreeChunk.height { return upper[level - TreeChunk.height - 1][index] }
        let shift = UInt64(TreeChunk.height - level)
        guard let chunk = chunks[index >> shift] else { return nil }
        let hash = chunk.node(level: level, offset: Int(index & ((1 << shift) - 1)))
        // Inside a chunk an all-zero subtree holds the zero hash of its height.
        return hash == ProofHashing.zero(tree, level: level) ? nil : hash
    }

    /// The root, after rehashing what changed since the last call.
    mutating func root() -> Digest {
        if !dirty.isEmpty { flush() }
        return node(tree.depth, 0)
    }

    private mutating func flush() {
        var indices = dirty
        dirty = []
        indices.sort()
        let changedChunks = rehashChunks(indices)
        rehashUpper(changedChunks)
    }

    /// Rehashes the chunks holding the dirty leaves (sorted) and drops those left all zero;
    /// returns the indices of the chunks that changed, sorted.
    private mutating func rehashChunks(_ indices: [UInt64]) -> [UInt64] {
        var changed: [UInt64] = []
        var start = 0
        while start < indices.count {
            let chunkIndex = indices[start] >> UInt64(TreeChunk.height)
            var end = start
            var offsets: [Int] = []
            while end < indices.count, indices[end] >> UInt64(TreeChunk.height) == chunkIndex {
                let offset = Int(indices[end] & Self.offsetMask)
                if offsets.last != offset { offsets.append(offset) }
                end += 1
            }
            if chunks[chunkIndex]!.nonZeroCount == 0 {
                chunks.removeValue(forKey: chunkIndex)
            } else {
                chunks[chunkIndex]!.rehash(tree, offsets)
            }
            changed.append(chunkIndex)
            start = end
        }
        return changed
    }

    /// Rehashes the nodes above the chunks at `changed` (sorted, distinct) up to the root.
    private mutating func rehashUpper(_ changed: [UInt64]) {
        var changed = changed
        for level in (TreeChunk.height + 1)...tree.depth {
            var parents: [UInt64] = []
            parents.reserveCapacity(changed.count)
            for index in changed where parents.last != index >> 1 { parents.append(index >> 1) }
            let slot = level - TreeChunk.height - 1
            let zero = ProofHashing.zero(tree, level: level - 1)
            for parent in parents {
                let left = storedNode(level - 1, parent << 1)
                let right = storedNode(level - 1, parent << 1 | 1)
                if left == nil, right == nil {
                    upper[slot].removeValue(forKey: parent)
                } else {
                    upper[slot][parent] = ProofHashing.node(tree, left ?? zero, right ?? zero)
                }
            }
            changed = parents
        }
    }

    /// A proof of the leaves at `indices` (sorted, distinct) as they are now.
    mutating func proof(_ indices: [UInt64]) -> MultiProof {
        _ = root()
        var siblings: [Digest?] = []
        let hashes = indices.map { ProofHashing.leaf(tree, leaf($0)) }
        _ = try? MultiProof.fold(tree: tree, indices: indices, hashes: hashes) { (level, index) throws(ProofError) in
            let hash = storedNode(level, index)
            siblings.append(hash)
            return hash ?? ProofHashing.zero(tree, level: level)
        }
        // A store's own proof is canonical by construction: its siblings are exactly the nodes
        // the fold asks for, and a node it does not hold is an all-zero subtree.
        return try! MultiProof(tree: tree, indices: indices, leaves: indices.map { leaf($0) }, siblings: siblings)
    }
}
