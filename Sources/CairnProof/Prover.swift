import CairnHash
import CairnVerifier

/// Reads a state without changing it, keeping writes in an overlay and recording which leaves
/// the step touches: the leaves its proof must carry.
struct RecordingAccess: StateAccess {
    let state: TaskState
    var registers: Registers
    var overlay: [Tree: [UInt64: Leaf]] = [:]
    var touched: [Tree: Set<UInt64>] = [:]

    init(_ state: TaskState) {
        self.state = state
        self.registers = state.registers
    }

    mutating func read(_ tree: Tree, _ index: UInt64) -> Leaf {
        touched[tree, default: []].insert(index)
        return overlay[tree]?[index] ?? state.read(tree, index)
    }

    mutating func write(_ tree: Tree, _ index: UInt64, _ leaf: Leaf) {
        touched[tree, default: []].insert(index)
        overlay[tree, default: [:]][index] = leaf
    }
}

extension TaskState {
    /// The proof of the next step from this state (the state does not change).
    public func prove() -> OneStepProof {
        var recorder = RecordingAccess(self)
        try! TaskStep.step(&recorder)
        func witness(_ tree: Tree) -> TreeWitness {
            guard let indices = recorder.touched[tree], !indices.isEmpty else { return .root(root(tree)) }
            return .leaves(proof(tree, indices.sorted()))
        }
        let touchesRest = StateRoots.rest.contains { !(recorder.touched[$0]?.isEmpty ?? true) }
        let rest: RestWitness = touchesRest
            ? .trees(RestTrees(witness))
            : .hash(StateRoots.hashRest(StateRoots.rest.map { root($0) }))
        return OneStepProof(registers: registers, code: witness(.code), slots: witness(.slots), memory: witness(.memory), rest: rest)
    }
}
