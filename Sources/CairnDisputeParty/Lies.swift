import CairnDispute
import CairnHash
import CairnProof

/// A history with some state hashes replaced: what a lying solver commits to. A lie is a
/// function of the step alone, so every level of the liar's commitments agrees with the others.
public final class LyingHistory: StateHistory {
    public let base: TaskHistory
    /// The replacement hash after `step` steps, or nil to tell the truth there.
    public let lie: @Sendable (UInt64) -> Digest?
    public let memo = TreeMemo()

    public init(base: TaskHistory, lie: @escaping @Sendable (UInt64) -> Digest?) {
        self.base = base
        self.lie = lie
    }

    public func hashes(after start: UInt64, stride: UInt64, count: Int) -> [Digest] {
        base.hashes(after: start, stride: stride, count: count).enumerated().map { i, hash in
            lie(start + UInt64(i + 1) * stride) ?? hash
        }
    }

    public func state(at step: UInt64) -> TaskState { base.state(at: step) }
}

/// The ways a solver lies (docs/disputes.md, "Adversaries").
public enum Lie: Sendable, Equatable, CustomStringConvertible {
    /// One intermediate state hash, after step K (1 ≤ K), is wrong; the result is right. With
    /// several levels the claim commits only to every σ_0-th state, so unless K is one of those
    /// the claim itself is true (and an honest challenger has nothing to dispute).
    case intermediate(step: UInt64)
    /// Every state hash from step K on is wrong, the final state (and so the output) included:
    /// a solver that computed step K wrong.
    case divergeFrom(step: UInt64)
    /// The output root of the final state is wrong.
    case output
    /// The number of steps is N + delta (delta ≠ 0, N + delta ≥ 1).
    case steps(delta: Int64)
    /// The gas used is off by delta.
    case gas(delta: Int64)

    public var description: String {
        switch self {
        case .intermediate(let step): "a wrong hash after step \(step)"
        case .divergeFrom(let step): "wrong hashes from step \(step) on"
        case .output: "a wrong output"
        case .steps(let delta): "N off by \(delta)"
        case .gas(let delta): "gas off by \(delta)"
        }
    }

    /// The claim a solver telling this lie makes, with the history it then has to defend.
    public func apply(to history: TaskHistory) -> (StateOpening, LyingHistory) {
        var opening = history.finalOpening
        let n = history.steps
        let marker = Keccak256.hash(Array("cairn lie".utf8))
        switch self {
        case .intermediate(let step):
            let fake = Keccak256.hash(marker.bytes + history.hashes(after: step - 1, stride: 1, count: 1)[0].bytes)
            return (opening, LyingHistory(base: history) { $0 == step ? fake : nil })
        case .divergeFrom(let step):
            opening[.output] = Keccak256.hash(marker.bytes + opening[.output].bytes)
            let fakeFinal = opening.stateHash
            return (opening, LyingHistory(base: history) { at in
                guard at >= step else { return nil }
                return at >= n ? fakeFinal : Keccak256.hash(marker.bytes + (0..<8).map { UInt8(truncatingIfNeeded: at >> UInt64(8 * $0)) })
            })
        case .output:
            opening[.output] = Keccak256.hash(marker.bytes + opening[.output].bytes)
        case .steps(let delta):
            opening.steps = n &+ UInt64(bitPattern: delta)
        case .gas(let delta):
            opening.gas = opening.gas &- UInt64(bitPattern: delta)
        }
        // The final state is a lie: from the first step it could differ on, the liar says F'.
        let fake = opening.stateHash
        let from = min(n, opening.steps)
        return (opening, LyingHistory(base: history) { $0 >= from ? fake : nil })
    }
}
