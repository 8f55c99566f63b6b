import CairnHash
import CairnVerifier

/// The referee: a pure, deterministic state machine over moves and a clock (docs/disputes.md,
/// "The referee"). It holds what a contract would store (hashes, numbers and deadlines),
/// checks every move, and decides the winner when the dispute reaches one machine step or a
/// party's clock runs out.
///
/// The game is asymmetric, as in Truebit's verification game: the solver's commitment is
/// bisected, the challenger picks the first part it disputes. The invariant: both agree on
/// ``anchor`` (the state hash before the node's first leaf) and the challenger disputes
/// ``node`` (the solver's subtree over the following leaves).
public struct Referee: Sendable {
    /// What the referee is waiting for.
    public enum Phase: Sendable, Equatable {
        case bisect, choose, refine, step
        case finished(winner: Role)
    }

    public let config: GameConfig
    public let claim: Claim
    /// The level being played (0 the top).
    public private(set) var level = 0
    /// Height of the disputed node in its level's tree.
    public private(set) var height: Int
    /// The disputed node: the solver's subtree root.
    public private(set) var node: Digest
    /// The agreed state hash just before the node's first leaf.
    public private(set) var anchor: Digest
    /// The step after which the current level's commitment starts.
    public private(set) var levelStart: UInt64 = 0
    /// Index of the node's first leaf in its level's tree.
    public private(set) var offset: UInt64 = 0
    /// The children of the last bisection, while the challenger chooses.
    public private(set) var children: [Digest] = []
    public private(set) var phase: Phase = .bisect
    /// Time left on each party's clock, by ``Role`` raw value.
    public private(set) var remaining: [UInt64]
    /// The time of the last accepted move (or of the start).
    public private(set) var lastTime: UInt64
    /// Accepted moves so far.
    public private(set) var moves = 0

    /// Starts a game over `claim` at `time`, after the claim's checks (``Claim/check(_:)``).
    public init(config: GameConfig, claim: Claim, at time: UInt64) throws(DisputeError) {
        try claim.check(config)
        self.config = config
        self.claim = claim
        height = config.heights[0]
        node = claim.history
        anchor = claim.task.initialState.stateHash
        remaining = [config.clock, config.clock]
        lastTime = time
    }

    /// Who must move next, or nil when the game is over.
    public var toMove: Role? {
        switch phase {
        case .bisect, .refine: .solver
        case .choose, .step: .challenger
        case .finished: nil
        }
    }

    public var winner: Role? {
        if case .finished(let winner) = phase { return winner }
        return nil
    }

    /// Machine steps per leaf of the current level.
    public var stride: UInt64 { config.stride(level: level) }

    /// The step count of the agreed state ``anchor``.
    public var anchorStep: UInt64 { levelStart + offset * stride }

    /// The party to move's deadline: it loses if it has not moved by then.
    public var deadline: UInt64? { toMove.map { lastTime + remaining[Int($0.rawValue)] } }

    /// Applies `move` by `role` at `time`; on any error nothing changes.
    public mutating func apply(_ move: Move, by role: Role, at time: UInt64) throws(DisputeError) {
        guard let mover = toMove else { throw DisputeError("the game is over") }
        guard role == mover else { throw DisputeError("it is the \(mover)'s move") }
        guard time >= lastTime else { throw DisputeError("time went backwards") }
        guard time - lastTime <= remaining[Int(role.rawValue)] else { throw DisputeError("the \(role)'s clock ran out") }
        var next = self
        try next.perform(move)
        next.remaining[Int(role.rawValue)] -= time - lastTime
        next.lastTime = time
        next.moves += 1
        self = next
    }

    /// Ends the game at `time` if the party to move has let its clock run out.
    public mutating func timeout(at time: UInt64) throws(DisputeError) {
        guard let mover = toMove, let deadline else { throw DisputeError("the game is over") }
        guard time > deadline else { throw DisputeError("the \(mover) still has time until \(deadline)") }
        phase = .finished(winner: mover.other)
    }

    private mutating func perform(_ move: Move) throws(DisputeError) {
        switch (phase, move) {
        case (.bisect, .bisect(let children)): try bisect(children)
        case (.choose, .choose(let index, let agreed, let path)): try choose(index, agreed, path)
        case (.refine, .refine(let root, let leaf, let path)): try refine(root, leaf, path)
        case (.step, .step(let proof)): try step(proof)
        default: throw DisputeError("move not allowed in phase \(phase)")
        }
    }

    /// The children must hash up to the node.
    private mutating func bisect(_ revealed: [Digest]) throws(DisputeError) {
        let k = min(config.degreeLog2, height)
        guard revealed.count == 1 << k else { throw DisputeError("a bisection at height \(height) reveals \(1 << k) children") }
        guard History.root(of: revealed) == node else { throw DisputeError("the children do not hash to the disputed node") }
        children = revealed
        phase = .choose
    }

    /// Narrows to child `index`; for index > 0 the new anchor is proven to be the last leaf of
    /// the child before it (which the challenger thereby accepts).
    private mutating func choose(_ index: Int, _ agreed: Digest?, _ path: [Digest]) throws(DisputeError) {
        let childHeight = height - (children.count.trailingZeroBitCount)
        guard index < children.count else { throw DisputeError("no child \(index)") }
        if index > 0 {
            guard let agreed, path.count == childHeight,
                  History.rootFromLast(History.leaf(agreed), path: path) == children[index - 1]
            else { throw DisputeError("the agreed state is not the last leaf of child \(index - 1)") }
            anchor = agreed
        } else {
            guard agreed == nil, path.isEmpty else { throw DisputeError("child 0 keeps the anchor") }
        }
        node = children[index]
        offset += UInt64(index) << UInt64(childHeight)
        height = childHeight
        children = []
        phase = height > 0 ? .bisect : (level == config.heights.count - 1 ? .step : .refine)
    }

    /// Opens the disputed leaf's state hash and commits to the next level under it; the leaf
    /// must be the new commitment's last leaf, so the two levels agree on where the range ends.
    private mutating func refine(_ root: Digest, _ leaf: Digest, _ path: [Digest]) throws(DisputeError) {
        let nextHeight = config.heights[level + 1]
        guard History.leaf(leaf) == node else { throw DisputeError("not the disputed leaf's state") }
        guard path.count == nextHeight, History.rootFromLast(node, path: path) == root else {
            throw DisputeError("the leaf is not the last leaf of the refined commitment")
        }
        levelStart = anchorStep
        level += 1
        offset = 0
        height = nextHeight
        node = root
        phase = .bisect
    }

    /// One machine step from the anchor: the solver wins if it leads to the disputed leaf.
    private mutating func step(_ proof: [UInt8]) throws(DisputeError) {
        let after: Digest
        do {
            after = try Verifier.verify(before: anchor, proof: proof)
        } catch {
            throw DisputeError("the one-step proof is rejected: \(error)")
        }
        phase = .finished(winner: History.leaf(after) == node ? .solver : .challenger)
    }
}
