import CairnHash

/// The stateless verifier: from the state hash before a step and the step's proof, the state
/// hash after it, or a rejection. It runs the same step function as the stepper
/// (``TaskStep``) over the leaves the proof carries (``ReplayAccess``).
public enum Verifier {
    /// The state hash after the step `proof` proves, from the state whose hash is `before`.
    ///
    /// Only the canonical proof of the step is accepted: besides decoding strictly, the step
    /// must touch every leaf the proof carries, and the trees behind the rest hash are spelled
    /// out exactly when the step touches one of them. So a step has one proof, byte for byte.
    public static func verify(before: Digest, proof bytes: [UInt8]) throws(ProofError) -> Digest {
        let proof = try OneStepProof(decoding: bytes)
        var access = ReplayAccess(proof)
        guard try access.stateHash() == before else { throw ProofError("the proof is not of the state \(before)") }
        try TaskStep.step(&access)
        try access.checkEverythingCarriedWasTouched()
        return try access.stateHash()
    }
}

/// The state as far as a proof shows it: registers, tree roots, and the proven leaves.
public struct ReplayAccess: StateAccess {
    public var registers: Registers
    /// Each tree's witness by raw value; nil for the trees behind a rest hash.
    var witnesses: [TreeWitness?]
    var restHash: Digest?
    /// Which of each tree's proven leaves the step has read or written, by position.
    var touched: [[Bool]]

    public init(_ proof: OneStepProof) {
        registers = proof.registers
        witnesses = (0..<16).map { Tree(rawValue: UInt8($0)).flatMap(proof.witness) }
        if case .hash(let digest) = proof.rest { restHash = digest }
        touched = witnesses.map { witness in
            guard case .leaves(let leaves)? = witness else { return [] }
            return Array(repeating: false, count: leaves.indices.count)
        }
    }

    func root(_ tree: Tree) throws(ProofError) -> Digest {
        switch witnesses[Int(tree.rawValue)] {
        case .root(let digest): return digest
        case .leaves(let proof): return try proof.root()
        case nil: throw ProofError("the proof lacks the \(tree) tree")
        }
    }

    /// The hash of the state as it is now (before the step, or after it).
    public func stateHash() throws(ProofError) -> Digest {
        let rest: Digest
        if let restHash {
            rest = restHash
        } else {
            var roots: [Digest] = []
            for tree in StateRoots.rest { roots.append(try root(tree)) }
            rest = StateRoots.hashRest(roots)
        }
        return CairnVerifier.stateHash(registers, code: try root(.code), slots: try root(.slots), memory: try root(.memory), rest: rest)
    }

    mutating func locate(_ tree: Tree, _ index: UInt64) throws(ProofError) -> (MultiProof, Int) {
        guard case .leaves(let proof) = witnesses[Int(tree.rawValue)], let position = proof.position(of: index) else {
            throw ProofError("the proof lacks leaf \(index) of the \(tree) tree")
        }
        touched[Int(tree.rawValue)][position] = true
        return (proof, position)
    }

    public mutating func read(_ tree: Tree, _ index: UInt64) throws(ProofError) -> Leaf {
        let (proof, position) = try locate(tree, index)
        return proof.leaves[position]
    }

    public mutating func write(_ tree: Tree, _ index: UInt64, _ leaf: Leaf) throws(ProofError) {
        var (proof, position) = try locate(tree, index)
        proof.leaves[position] = leaf
        witnesses[Int(tree.rawValue)] = .leaves(proof)
    }

    /// Rejects a proof that carries more than its step touched: a leaf the step never read or
    /// wrote, or the rest trees spelled out when the step touched none of them (the prover
    /// gives exactly the touched leaves, so anything else is a reshaped proof).
    func checkEverythingCarriedWasTouched() throws(ProofError) {
        for tree in Tree.allCases {
            guard let carried = witnesses[Int(tree.rawValue)], case .leaves = carried else { continue }
            if let position = touched[Int(tree.rawValue)].firstIndex(of: false) {
                throw ProofError("the proof carries leaf \(position + 1) of the \(tree) tree, which the step does not touch")
            }
        }
        if restHash == nil, !StateRoots.rest.contains(where: { !touched[Int($0.rawValue)].isEmpty }) {
            throw ProofError("the proof spells out the rest trees, which the step does not touch")
        }
    }
}
