import CairnHash

/// Several leaves of one tree with the sibling hashes that connect them to its root.
///
/// A value of this type is always canonical (its initializer checks it): 1 to
/// ``maximumLeaves`` leaves, sorted by index, distinct and within the tree; exactly the
/// siblings ``root()`` consumes, listed in that order (level by level from the leaves up, left
/// to right); and every all-zero subtree given as nil, never as its hash. So one set of leaves
/// has one proof, and one encoding (docs/proofs.md, "Proofs").
public struct MultiProof: Sendable, Equatable {
    public let tree: Tree
    public let indices: [UInt64]
    /// The leaves, in ``indices`` order. The verifier replaces them as a step writes them.
    public internal(set) var leaves: [Leaf]
    public let siblings: [Digest?]

    /// The most leaves of one tree that one proof carries (no step touches more).
    public static let maximumLeaves = 64

    /// A proof, checked to be canonical.
    public init(tree: Tree, indices: [UInt64], leaves: [Leaf], siblings: [Digest?]) throws(ProofError) {
        guard (1...Self.maximumLeaves).contains(indices.count) else { throw ProofError("\(tree) proof with \(indices.count) leaves") }
        guard indices.count == leaves.count else { throw ProofError("\(tree) proof with \(indices.count) indices and \(leaves.count) leaves") }
        let levels = try Self.siblingLevels(tree: tree, indices: indices)
        guard levels.count == siblings.count else {
            throw ProofError("\(tree) proof has \(siblings.count) siblings where its leaves need \(levels.count)")
        }
        for (sibling, level) in zip(siblings, levels) where sibling == ProofHashing.zero(tree, level: level) {
            throw ProofError("\(tree) proof spells out an all-zero subtree")
        }
        self.tree = tree
        self.indices = indices
        self.leaves = leaves
        self.siblings = siblings
    }

    /// The level of every sibling a proof of `indices` needs, in the order ``root()`` consumes
    /// them; rejects indices that are unsorted, repeated or outside the tree.
    static func siblingLevels(tree: Tree, indices: [UInt64]) throws(ProofError) -> [Int] {
        var layer: [UInt64] = []
        layer.reserveCapacity(indices.count)
        for index in indices {
            guard index < tree.capacity else { throw ProofError("\(tree) leaf index \(index) out of range") }
            if let last = layer.last, last >= index { throw ProofError("\(tree) leaf indices not increasing") }
            layer.append(index)
        }
        // The same walk as `fold`, without hashing: a node whose sibling is not computed from
        // the leaves needs a sibling from the proof.
        var levels: [Int] = []
        for level in 0..<tree.depth {
            var upper: [UInt64] = []
            upper.reserveCapacity(layer.count)
            var i = 0
            while i < layer.count {
                let index = layer[i]
                if index & 1 == 0, i + 1 < layer.count, layer[i + 1] == index + 1 {
                    i += 2
                } else {
                    levels.append(level)
                    i += 1
                }
                upper.append(index >> 1)
            }
            layer = upper
        }
        return levels
    }

    /// The root these leaves and siblings give.
    public func root() throws(ProofError) -> Digest {
        var next = 0
        let root = try Self.fold(tree: tree, indices: indices, hashes: leaves.map { ProofHashing.leaf(tree, $0) }) {
            (level, _) throws(ProofError) in
            guard next < siblings.count else { throw ProofError("\(tree) proof is missing siblings") }
            defer { next += 1 }
            return siblings[next] ?? ProofHashing.zero(tree, level: level)
        }
        guard next == siblings.count else { throw ProofError("\(tree) proof has unused siblings") }
        return root
    }

    /// Hashes sorted leaves up to the root, asking `sibling(level, index)` for every node that
    /// is not computed from the leaves themselves, in the canonical order.
    public static func fold(
        tree: Tree, indices: [UInt64], hashes: [Digest],
        sibling: (Int, UInt64) throws(ProofError) -> Digest
    ) throws(ProofError) -> Digest {
        var layer: [(UInt64, Digest)] = []
        layer.reserveCapacity(indices.count)
        for (i, index) in indices.enumerated() {
            guard index < tree.capacity else { throw ProofError("\(tree) leaf index \(index) out of range") }
            if let last = layer.last, last.0 >= index { throw ProofError("\(tree) leaf indices not increasing") }
            layer.append((index, hashes[i]))
        }
        for level in 0..<tree.depth {
            var upper: [(UInt64, Digest)] = []
            upper.reserveCapacity(layer.count)
            var i = 0
            while i < layer.count {
                let (index, hash) = layer[i]
                if index & 1 == 0, i + 1 < layer.count, layer[i + 1].0 == index + 1 {
                    upper.append((index >> 1, ProofHashing.node(tree, hash, layer[i + 1].1)))
                    i += 2
                } else {
                    let other = try sibling(level, index ^ 1)
                    let parent = index & 1 == 0 ? ProofHashing.node(tree, hash, other) : ProofHashing.node(tree, other, hash)
                    upper.append((index >> 1, parent))
                    i += 1
                }
            }
            layer = upper
        }
        return layer[0].1
    }

    /// The leaf at `index`, if the proof carries it.
    public func position(of index: UInt64) -> Int? {
        var low = 0
        var high = indices.count
        while low < high {
            let mid = (low + high) / 2
            if indices[mid] < index { low = mid + 1 } else { high = mid }
        }
        return low < indices.count && indices[low] == index ? low : nil
    }
}
