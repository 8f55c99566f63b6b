import CairnHash
import CairnVerifier

/// One Merkle tree of a concrete state: its non-zero leaves and the hashes of its non-zero
/// subtrees, updated incrementally.
///
/// Absent entries are zero (an all-zero leaf, or the all-zero subtree of that height), so a tree
/// costs memory and hashing in proportion to what was written, not to its 2^depth leaves.
/// Writes only mark leaves dirty; ``root()`` rehashes the paths above the dirty leaves.
struct TreeStore: Sendable {
    let tree: Tree
    private(set) var leaves: [UInt64: Leaf] = [:]
    /// `nodes[level][index]` for every non-zero subtree whose hash is up to date.
    private var nodes: [[UInt64: Digest]]
    private var dirty: [UInt64] = []

    init(_ tree: Tree) {
        self.tree = tree
        nodes = Array(repeating: [:], count: tree.depth + 1)
    }

    func leaf(_ index: UInt64) -> Leaf { leaves[index] ?? .zero }

    mutating func set(_ index: UInt64, _ leaf: Leaf) {
        if leaf == .zero { leaves.removeValue(forKey: index) } else { leaves[index] = leaf }
        dirty.append(index)
    }

    /// The hash of node `index` at `level` (0 = leaves). Call ``root()`` first to flush writes.
    func node(_ level: Int, _ index: UInt64) -> Digest {
        nodes[level][index] ?? ProofHashing.zero(tree, level: level)
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
        var changed: [UInt64] = []
        changed.reserveCapacity(indices.count)
        for index in indices where changed.last != index {
            changed.append(index)
            if let leaf = leaves[index] {
                nodes[0][index] = ProofHashing.leaf(tree, leaf)
            } else {
                nodes[0].removeValue(forKey: index)
            }
        }
        for level in 1...tree.depth {
            var parents: [UInt64] = []
            parents.reserveCapacity(changed.count)
            for index in changed where parents.last != index >> 1 { parents.append(index >> 1) }
            let below = nodes[level - 1]
            for parent in parents {
                let left = below[parent << 1]
                let right = below[parent << 1 | 1]
                if left == nil, right == nil {
                    nodes[level].removeValue(forKey: parent)
                } else {
                    let zero = ProofHashing.zero(tree, level: level - 1)
                    nodes[level][parent] = ProofHashing.node(tree, left ?? zero, right ?? zero)
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
            let hash = nodes[level][index]
            siblings.append(hash)
            return hash ?? ProofHashing.zero(tree, level: level)
        }
        // A store's own proof is canonical by construction: its siblings are exactly the nodes
        // the fold asks for, and a node it does not hold is an all-zero subtree.
        return try! MultiProof(tree: tree, indices: indices, leaves: indices.map { leaf($0) }, siblings: siblings)
    }
}
