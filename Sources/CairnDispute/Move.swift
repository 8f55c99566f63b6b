import CairnHash

/// The two sides of a game. The solver defends its claim; the challenger disputes it.
public enum Role: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case solver = 0
    case challenger = 1

    public var other: Role { self == .solver ? .challenger : .solver }
    public var description: String { self == .solver ? "solver" : "challenger" }
}

/// One message of the game (docs/disputes.md, "Moves").
public enum Move: Sendable, Equatable {
    /// Solver: the 2^k children of the disputed node (k = min(degreeLog2, its height)).
    case bisect(children: [Digest])
    /// Challenger: the first child it disputes. For index > 0 it opens the state hash at the
    /// last leaf of the child before (which it agrees with) and that leaf's path to the child.
    case choose(index: Int, agreed: Digest?, path: [Digest])
    /// Solver, at one leaf of a level above the last: the commitment of the next level over the
    /// leaf's steps, with the leaf's state hash and its path as that commitment's last leaf.
    case refine(root: Digest, leaf: Digest, path: [Digest])
    /// Challenger, at one leaf of the last level: the one-step proof from the agreed state.
    case step(proof: [UInt8])

    /// The largest one-step proof the referee reads.
    public static let maxProofBytes = 1 << 16

    public var encoded: [UInt8] {
        var writer = ByteWriter()
        switch self {
        case .bisect(let children):
            writer.u8(1)
            writer.digests(children)
        case .choose(let index, let agreed, let path):
            writer.u8(2)
            writer.u8(UInt8(index))
            if let agreed {
                writer.digest(agreed)
                writer.digests(path)
            }
        case .refine(let root, let leaf, let path):
            writer.u8(3)
            writer.digest(root)
            writer.digest(leaf)
            writer.digests(path)
        case .step(let proof):
            writer.u8(4)
            writer.blob(proof)
        }
        return writer.bytes
    }

    public init(decoding bytes: [UInt8]) throws(DisputeError) {
        var reader = ByteReader(bytes)
        switch try reader.u8() {
        case 1:
            self = .bisect(children: try reader.digests(limit: 128))
        case 2:
            let index = Int(try reader.u8())
            if index == 0 {
                self = .choose(index: 0, agreed: nil, path: [])
            } else {
                let agreed = try reader.digest()
                self = .choose(index: index, agreed: agreed, path: try reader.digests(limit: 40))
            }
        case 3:
            let root = try reader.digest()
            let leaf = try reader.digest()
            self = .refine(root: root, leaf: leaf, path: try reader.digests(limit: 40))
        case 4:
            self = .step(proof: try reader.blob(limit: Self.maxProofBytes))
        case let tag:
            throw DisputeError("unknown move \(tag)")
        }
        try reader.expectEnd()
    }
}
