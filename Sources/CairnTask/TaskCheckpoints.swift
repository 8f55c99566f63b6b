import CairnProof
import CairnVerifier

/// Snapshots of a task's state every so many steps, so that a later request for the state at
/// step j (to prove it, or to answer a bisection query) restores the nearest snapshot at or
/// before j into the fast machine and runs from there, instead of running from the start.
public final class TaskCheckpoints {
    public let runner: TaskRunner
    /// The snapshots, by increasing step; the first is the initial state.
    public private(set) var states: [TaskState]
    /// The final state of the run.
    public private(set) var final: TaskState

    /// Runs the task once, keeping a snapshot about every `interval` steps.
    public init(runner: TaskRunner, interval: UInt64) {
        precondition(interval > 0, "checkpoint interval must be positive")
        self.runner = runner
        var states = [runner.initialState()]
        self.final = runner.run(
            targets: { previous in (previous ?? 0) + interval },
            visit: { _, state in
                // A snapshot must lie between instructions: finish a split one by stepping.
                while state.registers.progress != 0 { state.step() }
                if state.registers.status == .running { states.append(state) }
            })
        self.states = states
    }

    /// The state after `step` steps (the final state if the run stops before).
    public func state(at step: UInt64) -> TaskState {
        if step >= final.registers.steps { return final.copy() }
        var low = 0
        var high = states.count
        while high - low > 1 {
            let mid = (low + high) / 2
            if states[mid].registers.steps <= step { low = mid } else { high = mid }
        }
        var result: TaskState?
        runner.run(from: states[low], targets: { previous in previous == nil ? step : nil }, visit: { _, state in result = state })
        return result!
    }
}
