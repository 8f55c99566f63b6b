import CairnHash

/// The hashes of the state commitment. Every hash starts with a one-byte domain (the tree's raw
/// value, or a header domain) and a one-byte kind, so leaves, inner nodes, headers and trees
/// never collide with each other (see docs/proofs.md).
public enum ProofHashing {
    /// Kind byte of a leaf hash.
    static let leafKind: UInt8 = 0
    /// Kind byte of an inner node hash.
    static let nodeKind: UInt8 = 1
    /// Domain of the state header hash.
    public static let stateDomain: UInt8 = 0x40
    /// Domain of the hash of the less often touched roots.
    public static let restDomain: UInt8 = 0x41

    /// keccak(tree, 0, leaf bytes).
    public static func leaf(_ tree: Tree, _ leaf: Leaf) -> Digest {
        withUnsafeTemporaryAllocation(byteCount: 34, alignment: 8) { buffer in
            buffer[0] = tree.rawValue
            buffer[1] = 0
            for i in 0..<4 {
                (buffer.baseAddress! + 2 + 8 * i).storeBytes(of: leaf[word: i].littleEndian, as: UInt64.self)
            }
            return Keccak256.hash(UnsafeRawBufferPointer(buffer))
        }
    }

    /// keccak(tree, 1, left, right).
    public static func node(_ tree: Tree, _ left: Digest, _ right: Digest) -> Digest {
        withUnsafeTemporaryAllocation(byteCount: 66, alignment: 8) { buffer in
            buffer[0] = tree.rawValue
            buffer[1] = 1
            left.withUnsafeBytes { (buffer.baseAddress! + 2).copyMemory(from: $0.baseAddress!, byteCount: 32) }
            right.withUnsafeBytes { (buffer.baseAddress! + 34).copyMemory(from: $0.baseAddress!, byteCount: 32) }
            return Keccak256.hash(UnsafeRawBufferPointer(buffer))
        }
    }

    /// `zeroHashes[tree][level]`: the root of an all-zero subtree of height `level` in `tree`.
    public static let zeroHashes: [[Digest]] = {
        var all = [[Digest]](repeating: [], count: 16)
        for tree in Tree.allCases {
            var level = [leaf(tree, .zero)]
            for _ in 0..<tree.depth { level.append(node(tree, level.last!, level.last!)) }
            all[Int(tree.rawValue)] = level
        }
        return all
    }()

    /// The root of an all-zero subtree of height `level` in `tree`.
    public static func zero(_ tree: Tree, level: Int) -> Digest { zeroHashes[Int(tree.rawValue)][level] }
}
