import CairnHash

/// Several leaves of one tree with the sibling hashes that connect them to its root.
///
/// Leaves are sorted by index, distinct. Siblings are listed in the order ``root(with:)``
/// consumes them: level by level from the leaves up, left to right; a nil sibling is the
/// all-zero subtree of its height (encoded in one byte instead of 32).
public struct MultiProof: Sendable, Equatable {
    public var tree: Tree
    public var indices: [UInt64]
    public var leaves: [Leaf]
    public var siblings: [Digest?]

    public init(tree: Tree, indices: [UInt64], leaves: [Leaf], siblings: [Digest?]) {
        self.tree = tree
        self.indices = indices
        self.leaves = leaves
        self.siblings = siblings
    }

    /// The root these leaves and siblings give; rejects malformed proofs (unsorted or
    /// out-of-range indices, too few or too many siblings).
    public func root() throws(ProofError) -> Digest {
        guard !indices.isEmpty, indices.count == leaves.count else { throw ProofError("\(tree) proof has no leaves") }
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
