import CairnDispute
import CairnHash
import CairnProof

/// A player of the game: given the referee's public state when it is its turn, its next move,
/// or nil for no answer (its clock then runs out).
public protocol DisputeParty: AnyObject {
    func move(_ referee: Referee) -> Move?
}

extension StateHistory {
    /// This party's commitment of `level` over the steps after `start`.
    func tree(_ config: GameConfig, level: Int, start: UInt64) -> HistoryTree {
        tree(after: start, stride: config.stride(level: level), height: config.heights[level])
    }
}

/// The solver: answers bisections and refinements from its history (honest or a lie).
public final class Solver: DisputeParty {
    let history: StateHistory
    let config: GameConfig
    /// Stops answering after this many moves (nil: never).
    public var stopAfter: Int?
    private var made = 0

    public init(history: StateHistory, config: GameConfig) {
        self.history = history
        self.config = config
    }

    /// The claim this solver makes about `task`, with the final state `final`.
    public func claim(task: TaskIdentity, final: StateOpening) -> Claim {
        let tree = history.tree(config, level: 0, start: 0)
        return Claim(
            task: task, steps: final.steps, gasUsed: task.gasLimit &- final.gas, final: final,
            history: tree.root, finalPath: tree.lastLeafPath(height: tree.height, index: 0))
    }

    public func move(_ referee: Referee) -> Move? {
        if let stopAfter, made >= stopAfter { return nil }
        made += 1
        switch referee.phase {
        case .bisect:
            let tree = history.tree(config, level: referee.level, start: referee.levelStart)
            let k = min(referee.config.degreeLog2, referee.height)
            let childHeight = referee.height - k
            let first = referee.offset >> UInt64(childHeight)
            return .bisect(children: (0..<UInt64(1 << k)).map { tree.node(height: childHeight, index: first + $0) })
        case .refine:
            let tree = history.tree(config, level: referee.level + 1, start: referee.anchorStep)
            return .refine(root: tree.root, leaf: tree.states.last!, path: tree.lastLeafPath(height: tree.height, index: 0))
        default:
            return nil
        }
    }
}

/// How a challenger plays.
public enum ChallengerStrategy: Sendable, Equatable {
    /// Picks the first child that differs from the true history; proves the disputed step.
    case honest
    /// Disputes whatever it is shown: picks a random child; proves the step truthfully (and
    /// so loses against an honest solver).
    case random(seed: UInt64)
    /// Answers `moves` times, then stops.
    case silent(after: Int)
}

/// The challenger: picks the part of the solver's commitment it disputes, and proves the step.
public final class Challenger: DisputeParty {
    let history: TaskHistory
    let config: GameConfig
    let strategy: ChallengerStrategy
    private var random: UInt64
    private var made = 0

    public init(history: TaskHistory, config: GameConfig, strategy: ChallengerStrategy = .honest) {
        self.history = history
        self.config = config
        self.strategy = strategy
        if case .random(let seed) = strategy { random = seed | 1 } else { random = 1 }
    }

    /// Whether an honest challenger disputes `claim`: its commitment differs from the truth.
    public func disputes(_ claim: Claim) -> Bool {
        claim.history != history.tree(config, level: 0, start: 0).root
    }

    public func move(_ referee: Referee) -> Move? {
        if case .silent(let after) = strategy, made >= after { return nil }
        made += 1
        switch referee.phase {
        case .choose: return choose(referee)
        case .step: return .step(proof: history.state(at: referee.anchorStep).prove().encoded())
        default: return nil
        }
    }

    private func choose(_ referee: Referee) -> Move {
        let tree = history.tree(config, level: referee.level, start: referee.levelStart)
        let childHeight = referee.height - referee.children.count.trailingZeroBitCount
        let first = referee.offset >> UInt64(childHeight)
        let mine = (0..<UInt64(referee.children.count)).map { tree.node(height: childHeight, index: first + $0) }
        var index = mine.indices.first { referee.children[$0] != mine[$0] } ?? referee.children.count - 1
        if case .random = strategy {
            random ^= random << 13
            random ^= random >> 7
            random ^= random << 17
            index = Int(random % UInt64(referee.children.count))
        }
        guard index > 0 else { return .choose(index: 0, agreed: nil, path: []) }
        let before = first + UInt64(index - 1)
        let last = ((before + 1) << UInt64(childHeight)) - 1
        return .choose(index: index, agreed: tree.states[Int(last)], path: tree.lastLeafPath(height: childHeight, index: before))
    }
}
