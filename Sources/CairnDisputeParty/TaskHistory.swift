import CairnDispute
import CairnHash
import CairnProof
import CairnTask
import CairnVerifier

/// A party's view of a task's history: the state hash after any step, produced in bulk.
public protocol StateHistory: AnyObject {
    /// The state hashes after steps `start + stride`, `start + 2·stride`, …, `count` of them.
    func hashes(after start: UInt64, stride: UInt64, count: Int) -> [Digest]
    /// The state after `step` steps, to prove the next step from.
    func state(at step: UInt64) -> TaskState
    /// The commitments already built from this history.
    var memo: TreeMemo { get }
}

extension StateHistory {
    /// The commitment over the `2^height` states after `start + stride`, … (built once: every
    /// move at a level, and every game over the same history, reuses it).
    public func tree(after start: UInt64, stride: UInt64, height: Int) -> HistoryTree {
        memo.tree(TreeMemo.Key(start: start, stride: stride, height: height)) {
            HistoryTree(states: hashes(after: start, stride: stride, count: 1 << height))
        }
    }
}

/// Commitment trees by range, up to a bound on their total leaves (then it starts afresh).
public final class TreeMemo {
    struct Key: Hashable {
        var start: UInt64
        var stride: UInt64
        var height: Int
    }

    private var trees: [Key: HistoryTree] = [:]
    private var leaves = 0
    let capacity: Int

    public init(capacity: Int = 1 << 21) { self.capacity = capacity }

    func tree(_ key: Key, build: () -> HistoryTree) -> HistoryTree {
        if let tree = trees[key] { return tree }
        let tree = build()
        if leaves + tree.states.count > capacity {
            trees = [:]
            leaves = 0
        }
        trees[key] = tree
        leaves += tree.states.count
        return tree
    }
}

/// The true history of a task, from fast runs (docs/proofs.md, "Checkpoints"), never holding
/// every state hash: one run from the start visits the top level's leaves and keeps
/// snapshots on the way; a lower level's leaves come from a run restored at the nearest
/// snapshot, which keeps snapshots in its turn; the last level's (one step apart) come from the
/// stepper.
///
/// Snapshots bound the work of every answer. The first run keeps at most `maxSnapshots`,
/// thinned as it goes (when full, every other one is dropped and the spacing doubles), so their
/// memory does not grow with the task's length, and a run restored for a lower level starts at
/// most one spacing before its range. Each lower-level run keeps a snapshot where its range
/// starts and at evenly spaced leaves, so the level below it starts from one of them.
public final class TaskHistory: StateHistory {
    public let runner: TaskRunner
    /// The state where the run stops.
    public let final: TaskState
    public let finalHash: Digest
    /// The first run's snapshots by increasing step, each running and between instructions.
    private var snapshots: [TaskState]
    /// Snapshots that lower-level runs kept, by increasing step; cleared when full.
    private var levelSnapshots: [TaskState] = []
    /// The hashes the first run visited, by step (the top level's leaves and the snapshots).
    private var visited: [UInt64: Digest] = [:]
    public let memo = TreeMemo()
    /// How many snapshots one lower-level run keeps (besides its start), and how many such
    /// snapshots are kept in all.
    private static let snapshotsPerLevel = 16
    private static let maxLevelSnapshots = 256

    /// Runs the task once, hashing the state every `interval` steps (the top level's stride)
    /// and keeping snapshots: first every `snapshotInterval` steps (rounded to a multiple of
    /// `interval`; by default at every top-level leaf, or every 2^16 steps with an interval of
    /// 1), thinned to at most `maxSnapshots`. A pause costs the hashing of what the run wrote
    /// since the last one, so snapshots finer than the top level's leaves would cost more than
    /// they save: the lower levels keep their own. With an interval of 1 the run visits only the
    /// snapshots: the top level is then stepped, and pausing at every step would cost more than
    /// stepping.
    public init(runner: TaskRunner, interval: UInt64, snapshotInterval: UInt64? = nil, maxSnapshots: Int = 64) {
        self.runner = runner
        let spacing = snapshotInterval ?? (interval > 1 ? interval : 1 << 16)
        var keepEvery = max(interval, spacing / interval * interval)
        var snapshots = [runner.initialState()]
        var visited: [UInt64: Digest] = [:]
        let limit = max(2, maxSnapshots)
        let final = runner.run(
            targets: { previous in
                // The next top-level leaf or snapshot, whichever comes first.
                let step = previous ?? 0
                let leaf = interval > 1 ? (step / interval + 1) * interval : UInt64.max
                return min(leaf, (step / keepEvery + 1) * keepEvery)
            },
            visit: { step, state in
                visited[step] = state.stateHash()
                guard step % keepEvery == 0, state.registers.status == .running, state.registers.progress == 0 else { return }
                snapshots.append(state)
                if snapshots.count > limit {
                    // Keep the initial state and every snapshot at a multiple of twice the spacing.
                    keepEvery *= 2
                    snapshots = snapshots.filter { $0.registers.steps % keepEvery == 0 }
                }
            })
        self.final = final
        finalHash = final.stateHash()
        self.snapshots = snapshots
        self.visited = visited
    }

    /// The steps the task takes.
    public var steps: UInt64 { final.registers.steps }

    public func hashes(after start: UInt64, stride: UInt64, count: Int) -> [Digest] {
        let points = (1...UInt64(count)).map { start + $0 * stride }
        if stride > 1, points.allSatisfy({ visited[$0] != nil || $0 >= steps }) {
            return points.map { $0 >= steps ? finalHash : visited[$0]! }
        }
        if stride == 1 { return stepped(after: start, count: count) }
        let from = snapshot(atOrBefore: start)
        // Keep the state where the range starts, and every `keep`-th leaf's, for the level below.
        let keep = UInt64(max(1, count / Self.snapshotsPerLevel)) * stride
        var kept: [TaskState] = []
        var found: [Digest] = []
        found.reserveCapacity(count)
        runner.run(
            from: from,
            targets: { previous in
                let next: UInt64
                if let previous { next = previous < start ? start + stride : previous + stride } else {
                    next = from.registers.steps < start ? start : start + stride
                }
                return next < self.steps && next <= points.last! ? next : nil
            },
            visit: { step, state in
                if step > start { found.append(state.stateHash()) }
                if (step - start) % keep == 0, state.registers.status == .running, state.registers.progress == 0 {
                    kept.append(state)
                }
            })
        keepSnapshots(kept)
        return found + Array(repeating: finalHash, count: count - found.count)
    }

    /// Adds a lower-level run's snapshots (by increasing step) to the ones kept.
    private func keepSnapshots(_ kept: [TaskState]) {
        guard !kept.isEmpty else { return }
        if levelSnapshots.count + kept.count > Self.maxLevelSnapshots { levelSnapshots = [] }
        levelSnapshots = (levelSnapshots + kept).sorted { $0.registers.steps < $1.registers.steps }
    }

    /// Hashes one step apart, from the stepper: each step rehashes only what it wrote.
    private func stepped(after start: UInt64, count: Int) -> [Digest] {
        let state = self.state(at: start)
        var found: [Digest] = []
        found.reserveCapacity(count)
        while found.count < count, !state.isStopped {
            state.step()
            found.append(state.stateHash())
        }
        return found + Array(repeating: finalHash, count: count - found.count)
    }

    public func state(at step: UInt64) -> TaskState {
        if step >= steps { return final.copy() }
        let from = snapshot(atOrBefore: step)
        if from.registers.steps == step { return from.copy() }
        var result: TaskState?
        runner.run(from: from, targets: { $0 == nil ? step : nil }, visit: { _, state in result = state })
        return result!
    }

    /// The latest snapshot at or before `step`, of the first run's or a lower level's.
    private func snapshot(atOrBefore step: UInt64) -> TaskState {
        let first = Self.latest(in: snapshots, atOrBefore: step)!
        guard let level = Self.latest(in: levelSnapshots, atOrBefore: step) else { return first }
        return level.registers.steps > first.registers.steps ? level : first
    }

    private static func latest(in sorted: [TaskState], atOrBefore step: UInt64) -> TaskState? {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid].registers.steps <= step { low = mid + 1 } else { high = mid }
        }
        return low > 0 ? sorted[low - 1] : nil
    }

    /// The opening of the final state: its registers and roots.
    public var finalOpening: StateOpening {
        StateOpening(registers: final.registers.encoded, roots: Tree.allCases.map { final.root($0) })
    }

    /// The task as a claim names it.
    public var identity: TaskIdentity {
        let initial = runner.initialState()
        return TaskIdentity(
            codeRoot: initial.root(.code), programRoot: initial.root(.program), entry: initial.registers.pc,
            inputRoot: initial.root(.input), inputLength: UInt64(runner.input.count), gasLimit: runner.gasLimit)
    }
}
