import CairnHash

/// The stateless verifier: from the state hash before a step and the step's proof, the state
/// hash after it, or a rejection. It runs the same step function as the stepper
/// (``TaskStep``) over the leaves the proof carries (``ReplayAccess``).
public enum Verifier {
    /// The state hash after the step `proof` proves, from the state whose hash is `before`.
    public static func verify(before: Digest, proof bytes: [UInt8]) throws(ProofError) -> Digest {
        let proof = try OneStepProof(decoding: bytes)
        var access = try ReplayAccess(proof)
        guard try access.stateHash() == before else { throw ProofError("the proof is not of the state \(before)") }
        try TaskStep.step(&access)
        return try access.stateHash()
    }
}

/// The state as far as a proof shows it: registers, tree roots, and the proven leaves.
public struct ReplayAccess: StateAccess {
    public var registers: Registers
    var witnesses: [TreeWitness?]
    var restHash: Digest?

    public init(_ proof: OneStepProof) throws(ProofError) {
        registers = proof.registers
        witnesses = Array(repeating: nil, count: 16)
        guard proof.hot.count == StateRoots.hot.count else { throw ProofError("wrong number of tree witnesses") }
        for (tree, witness) in zip(StateRoots.hot, proof.hot) { witnesses[Int(tree.rawValue)] = witness }
        if let rest = proof.rest {
            guard rest.count == StateRoots.rest.count else { throw ProofError("wrong number of tree witnesses") }
            for (tree, witness) in zip(StateRoots.rest, rest) { witnesses[Int(tree.rawValue)] = witness }
        } else {
            restHash = proof.restHash
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

    func locate(_ tree: Tree, _ index: UInt64) throws(ProofError) -> (MultiProof, Int) {
        guard case .leaves(let proof) = witnesses[Int(tree.rawValue)], let position = proof.position(of: index) else {
            throw ProofError("the proof lacks leaf \(index) of the \(tree) tree")
        }
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
}
