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
/// snapshots there; a lower level's leaves come from a run restored at the nearest snapshot;
/// the last level's (one step apart) from the stepper.
public final class TaskHistory: StateHistory {
    public let runner: TaskRunner
    /// The state where the run stops.
    public let final: TaskState
    public let finalHash: Digest
    /// Snapshots by increasing step, each running and between instructions.
    private var snapshots: [TaskState]
    /// The hashes the first run visited, by step (the top level's leaves).
    private var visited: [UInt64: Digest] = [:]
    public let memo = TreeMemo()

    /// Runs the task once, hashing the state every `interval` steps (the top level's stride)
    /// and keeping a snapshot about every `snapshotInterval` steps (rounded to a multiple of
    /// `interval`). With an interval of 1 the run visits only the snapshots: the top level is
    /// then stepped, and pausing at every step would cost more than stepping.
    public init(runner: TaskRunner, interval: UInt64, snapshotInterval: UInt64 = 1 << 16) {
        self.runner = runner
        let keepEvery = max(interval, snapshotInterval / interval * interval)
        let visitEvery = interval > 1 ? interval : keepEvery
        var snapshots = [runner.initialState()]
        var visited: [UInt64: Digest] = [:]
        let final = runner.run(
            targets: { previous in (previous ?? 0) + visitEvery },
            visit: { step, state in
                visited[step] = state.stateHash()
                if step % keepEvery == 0, state.registers.status == .running, state.registers.progress == 0 {
                    snapshots.append(state)
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
        var found: [Digest] = []
        found.reserveCapacity(count)
        runner.run(
            from: snapshot(atOrBefore: start),
            targets: { previous in
                let next = previous.map { $0 + stride } ?? start + stride
                return next < self.steps && next <= points.last! ? next : nil
            },
            visit: { _, state in found.append(state.stateHash()) })
        return found + Array(repeating: finalHash, count: count - found.count)
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

    private func snapshot(atOrBefore step: UInt64) -> TaskState {
        var low = 0
        var high = snapshots.count
        while high - low > 1 {
            let mid = (low + high) / 2
            if snapshots[mid].registers.steps <= step { low = mid } else { high = mid }
        }
        return snapshots[low]
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
