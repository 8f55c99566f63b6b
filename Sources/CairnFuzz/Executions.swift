import CairnHash
import CairnMachine
import CairnProgram
import CairnProof
import CairnTask
import CairnVerifier
import CairnWasm

/// The run of a task by the stepper, one step at a time, with what each step left behind.
struct SteppedRun {
    /// The state hash after each number of steps (index 0: the initial state); empty unless
    /// hashes were asked for.
    var hashes: [Digest] = []
    /// Per step taken: the pc, progress and gas before it, and the gas after it.
    var records: [StepRecord] = []
    var final: TaskState
    /// Steps whose proof the verifier rejected or whose verified hash is not the stepper's.
    var proofFailures: [(step: UInt64, message: String)] = []
    var provenSteps = 0
}

struct StepRecord {
    var pc: UInt32
    var progress: UInt64
    var gasBefore: UInt64
    var gasAfter: UInt64
    var trapped: Bool
}

/// The final outcome of a run of the plain metered machine (no step counting).
struct PlainOutcome: Equatable {
    var trap: UInt8
    var gasUsed: UInt64
    var output: [UInt8]
    var memory: [UInt8]
    var globals: [UInt64]
}

/// The three executions of a task, and the fast machine's plain metered run.
enum Executions {
    /// Steps `task` to its end (or `maxSteps`). Proves the steps for which `prove` says so and
    /// checks each proof with the verifier against the stepper's next hash.
    static func step(
        _ task: TaskProgram, input: [UInt8], gas: UInt64, hashes: Bool, records: Bool = true, maxSteps: UInt64,
        proveLast: Bool = false, prove: (UInt64) -> Bool = { _ in false }
    ) -> SteppedRun {
        let state = TaskState(program: task, input: input, gas: gas)
        var run = SteppedRun(final: state)
        var hash = hashes ? state.stateHash() : Digest.zeroForFuzz
        if hashes { run.hashes.append(hash) }
        // Checkpoints (copy-on-write copies) from which the last step is reached again and proven.
        var checkpoint: TaskState?
        while !state.isStopped, state.registers.steps < maxSteps {
            if proveLast, state.registers.steps % checkpointInterval == 0 { checkpoint = state.copy() }
            let before = state.registers
            let step = before.steps
            let proof = prove(step) ? state.prove().encoded() : nil
            // Without a hash per step, a proven step hashes its own before-state.
            let previous = hashes ? hash : (proof != nil ? state.stateHash() : nil)
            state.step()
            if hashes || proof != nil { hash = state.stateHash() }
            if hashes { run.hashes.append(hash) }
            if let proof {
                run.provenSteps += 1
                if let failure = verifyFailure(proof, before: previous, expected: hash) { run.proofFailures.append((step, failure)) }
            }
            if records {
                run.records.append(StepRecord(
                    pc: before.pc, progress: before.progress, gasBefore: before.gas, gasAfter: state.registers.gas,
                    trapped: state.registers.status == .trapped))
            }
        }
        if let checkpoint, state.isStopped { proveLastStep(from: checkpoint, final: state, run: &run) }
        return run
    }

    /// Steps between the checkpoints of a run that proves its last step.
    static let checkpointInterval: UInt64 = 256

    /// Reaches the state before the step that stopped the run from `checkpoint`, proves that
    /// step and checks the proof against the final state: the step that trapped or ran out of gas.
    static func proveLastStep(from checkpoint: TaskState, final: TaskState, run: inout SteppedRun) {
        let last = final.registers.steps - 1
        guard checkpoint.registers.steps <= last else { return }
        checkpoint.run(toStep: last)
        let before = checkpoint.stateHash()
        let proof = checkpoint.prove().encoded()
        run.provenSteps += 1
        if let failure = verifyFailure(proof, before: before, expected: final.stateHash()) { run.proofFailures.append((last, failure)) }
    }

    /// Why the verifier does not turn `proof` into `expected`, or nil if it does.
    static func verifyFailure(_ proof: [UInt8], before: Digest?, expected: Digest) -> String? {
        guard let before else { return "no hash before the step" }
        do {
            let after = try Verifier.verify(before: before, proof: proof)
            return after == expected ? nil : "verifier's hash after the step \(after) is not the stepper's \(expected)"
        } catch {
            return "verifier rejected the proof: \(error)"
        }
    }

    /// Runs `task` on the fast machine with step counting, visiting `targets` (increasing).
    static func fast(
        _ task: TaskProgram, input: [UInt8], gas: UInt64, threaded: Bool, targets: [UInt64]
    ) -> (final: TaskState, visited: [UInt64: Digest]) {
        let runner = TaskRunner(task: task, input: input, gasLimit: gas)
        runner.threadedDispatch = threaded
        var remaining = targets[...]
        var visited: [UInt64: Digest] = [:]
        let final = runner.run(targets: { _ in remaining.popFirst() }, visit: { step, state in visited[step] = state.stateHash() })
        return (final, visited)
    }

    /// Runs `task` on the plain metered machine (as an embedder would, without step counting),
    /// with the task's host functions.
    static func plain(_ task: TaskProgram, input: [UInt8], gas: UInt64, threaded: Bool, fused: Bool = true) -> PlainOutcome {
        let store = Store(limits: MachineLimits(), schedule: task.schedule)
        store.gasLimit = gas
        store.threadedDispatch = threaded
        store.fusedPairs = fused
        let output = TaskOutput()
        var imports = Imports()
        for host in task.hostFunctions {
            let address = store.addHostFunction(type: host.type) { caller, arguments throws(Trap) in
                try host.call(caller, arguments.map(\.slotBits), input: input, output: output, schedule: task.schedule)
            }
            imports.define(module: "task", name: host.name, .function(address))
        }
        var trap: UInt8 = 0
        do {
            _ = try store.instantiate(task.program, imports: imports)
        } catch {
            switch error {
            case .trap(let t): trap = t.kind.rawValue
            case .unlinkable(let message), .limitExceeded(let message): trap = 0xFF; output.bytes = Array(message.utf8)
            }
        }
        let instance = store.latestInstance
        let memory = instance?.memory.map { $0.read(offset: 0, count: $0.byteCount) ?? [] } ?? []
        let globals = (0..<(instance?.globalCount ?? 0)).map { instance!.globalBits($0) }
        return PlainOutcome(trap: trap, gasUsed: store.gasUsed, output: output.bytes, memory: memory, globals: globals)
    }

    /// The memory of a task state as bytes (`memoryPages` pages).
    static func memoryBytes(_ state: TaskState) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: Int(state.registers.memoryPages) * 65536)
        for (index, leaf) in state.nonZeroLeaves(.memory) where Int(index) * 32 < bytes.count {
            for k in 0..<32 { bytes[Int(index) * 32 + k] = leaf[byte: k] }
        }
        return bytes
    }
}

extension Digest {
    /// A placeholder for runs that do not hash.
    static var zeroForFuzz: Digest { Keccak256.hash([]) }
}
