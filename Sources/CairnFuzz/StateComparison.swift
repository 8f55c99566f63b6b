import CairnProof
import CairnVerifier

/// Whether two task states are the same state.
enum StateComparison {
    /// By state hash (what a dispute commits to), or leaf by leaf: the registers and every
    /// non-zero leaf of every tree. Two states with the same leaves have the same hash, and
    /// (Keccak being collision resistant) the converse holds too, so the two are equally strict;
    /// comparing leaves costs no hashing, which is most of a short run's check.
    static func same(_ a: TaskState, _ b: TaskState, byHash: Bool) -> Bool {
        if byHash { return a.stateHash() == b.stateHash() }
        guard a.registers == b.registers else { return false }
        return Tree.allCases.allSatisfy { a.nonZeroLeaves($0) == b.nonZeroLeaves($0) }
    }
}
