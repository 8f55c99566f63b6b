import CairnHash
import CairnProgram
import CairnProof
import CairnTask
import CairnVerifier
import CairnWasm

/// How thoroughly each case is checked.
public struct CheckOptions: Sendable {
    /// Steps of the main run proven and verified one by one; later steps are sampled.
    public var maxProvenSteps: UInt64 = 4_000
    /// Intermediate states of the fast runs compared at every step up to this many; sampled after.
    public var maxComparedSteps: UInt64 = 4_000
    /// A case whose stepper does not stop within this many steps is not compared.
    public var maxSteps: UInt64 = 1_000_000
    /// The most gas limits tried per case besides the main one.
    public var maxGasLimits = 24
    /// Whether to run the fast machine's `switch` loop as well as its threaded code.
    public var switchLoop = true
    /// Whether to run the plain metered machine (no step counting) as well.
    public var plainRuns = true
    /// Whether to restore checkpoints into the fast machine (``TaskCheckpoints``) and compare
    /// the states it reaches from them.
    public var checkpoints = true
    /// Sweep mode (``sweep``): a cheaper check per program, for runs of millions of programs.
    public var sweep = false
    /// Whether final states are compared by state hash (as a dispute would) rather than leaf
    /// by leaf (``StateComparison``: as strict, and without hashing).
    public var hashFinalStates = true

    public init() {}

    /// The check of long sweeps: the stepper runs without hashing every step and proves a
    /// sample of steps and always the last one; the fast machine's threaded code (step-counted
    /// and plain) is compared on final states at the case's gas limit and at one more limit drawn
    /// from the interesting ones (``DifferentialChecker/sweepCheck(_:)``). Intermediate states,
    /// the `switch` loop and checkpoint restores are left to the full check.
    public static var sweep: CheckOptions {
        var options = CheckOptions()
        options.sweep = true
        options.switchLoop = false
        options.checkpoints = false
        options.maxGasLimits = 1
        options.hashFinalStates = false
        options.maxSteps = 300_000
        return options
    }
}

/// Runs one case in every execution and reports where they disagree: the fast machine
/// (threaded code and `switch` loop, step-counted through ``TaskRunner`` and plain metered), the
/// stepper, and the verifier on every proven step; at the case's gas limit and at limits around
/// every dynamic charge and trap of its run.
public struct DifferentialChecker: Sendable {
    public var options: CheckOptions

    public init(options: CheckOptions = CheckOptions()) { self.options = options }

    public func check(_ fuzzCase: FuzzCase) -> FuzzStatistics {
        if options.sweep { return sweepCheck(fuzzCase) }
        var stats = FuzzStatistics()
        stats.programs = 1
        let limit = fuzzCase.gasLimit
        let maxProven = options.maxProvenSteps
        let main = Executions.step(
            fuzzCase.task, input: fuzzCase.input, gas: limit, hashes: true, maxSteps: options.maxSteps,
            prove: { $0 < maxProven || $0 % 97 == 0 })
        stats.stepsStepped += main.records.count
        stats.stepsProven += main.provenSteps
        guard main.final.isStopped else { return stats }
        reportProofFailures(fuzzCase, main, stats: &stats)
        compare(fuzzCase, at: limit, stepped: main, targets: intermediateTargets(main), stats: &stats)
        if options.checkpoints { compareCheckpoints(fuzzCase, stepped: main, stats: &stats) }
        for gas in gasLimits(fuzzCase, main) where gas != limit {
            let stepped = Executions.step(fuzzCase.task, input: fuzzCase.input, gas: gas, hashes: false, records: false, maxSteps: options.maxSteps)
            stats.stepsStepped += Int(stepped.final.registers.steps)
            compare(fuzzCase, at: gas, stepped: stepped, targets: [], stats: &stats)
        }
        return stats
    }

    func reportProofFailures(_ fuzzCase: FuzzCase, _ run: SteppedRun, stats: inout FuzzStatistics) {
        for failure in run.proofFailures.prefix(3) {
            let pc = run.records[Int(failure.step)].pc
            stats.differences.append(Difference(
                seed: fuzzCase.seed, gasLimit: fuzzCase.gasLimit, check: "verifier at step \(failure.step)",
                detail: "\(failure.message) (pc \(pc): \(instructionText(fuzzCase, pc)))",
                signature: "verifier disagrees with stepper at \(fuzzCase.task.program.code[Int(pc)].mnemonic)"))
        }
    }

    /// Takes checkpoints of the main run and compares the states reached from them (restored
    /// into the fast machine, which resumes from the checkpoint's pc and frames) with the stepper's.
    func compareCheckpoints(_ fuzzCase: FuzzCase, stepped: SteppedRun, stats: inout FuzzStatistics) {
        let total = UInt64(stepped.hashes.count - 1)
        guard total >= 8 else { return }
        let runner = TaskRunner(task: fuzzCase.task, input: fuzzCase.input, gasLimit: fuzzCase.gasLimit)
        let checkpoints = TaskCheckpoints(runner: runner, interval: total / 4)
        guard checkpoints.final.stateHash() == stepped.hashes.last else { return }  // reported by compare
        for step in [total / 3, total / 2 + 1, total * 3 / 4 + 2, total - 1] {
            stats.fastStatesCompared += 1
            guard checkpoints.state(at: step).stateHash() != stepped.hashes[Int(step)] else { continue }
            let pc = stepped.records[Int(step) - 1].pc
            stats.differences.append(Difference(
                seed: fuzzCase.seed, gasLimit: fuzzCase.gasLimit, check: "checkpoint state at step \(step)",
                detail: "state from the checkpoints differs from the stepper's after pc \(pc): \(instructionText(fuzzCase, pc))",
                signature: "checkpoint restore: state after \(fuzzCase.task.program.code[Int(pc)].mnemonic)"))
            return
        }
    }

    /// The steps at which the fast machine's exported state is compared with the stepper's.
    func intermediateTargets(_ run: SteppedRun) -> [UInt64] {
        let total = UInt64(run.hashes.count - 1)
        if total <= options.maxComparedSteps { return Array(0...total) }
        let stride = total / options.maxComparedSteps + 1
        return Array(Swift.stride(from: 0, through: total, by: Int(stride))) + [total]
    }

    /// Compares every fast execution at gas limit `gas` with the stepper's run at that limit.
    /// Compares every fast execution at gas limit `gas` with the stepper's run at that limit.
    /// A run that agrees with the threaded fast run where that one differs from the stepper adds
    /// nothing (the same difference seen twice), so only the threaded run's is reported.
    func compare(_ fuzzCase: FuzzCase, at gas: UInt64, stepped: SteppedRun, targets: [UInt64], stats: inout FuzzStatistics) {
        stats.gasLimitsTried += 1
        let expected = stepped.final
        let same = { (state: TaskState) in StateComparison.same(state, expected, byHash: options.hashFinalStates) }
        var threadedFinal: TaskState?
        for threaded in options.switchLoop ? [true, false] : [true] {
            let name = threaded ? "fast-threaded" : "fast-switch"
            let fast = Executions.fast(fuzzCase.task, input: fuzzCase.input, gas: gas, threaded: threaded, targets: targets)
            stats.fastStatesCompared += fast.visited.count
            let agrees = same(fast.final)
            defer { if threaded { threadedFinal = fast.final } }
            if agrees, let step = targets.first(where: { fast.visited[$0] != stepped.hashes[Int($0)] }) {
                let pc = step > 0 ? stepped.records[Int(step) - 1].pc : expected.registers.pc
                stats.differences.append(Difference(
                    seed: fuzzCase.seed, gasLimit: gas, check: "\(name) state at step \(step)",
                    detail: "exported state differs from the stepper's after pc \(pc): \(instructionText(fuzzCase, pc))",
                    signature: "intermediate state after \(fuzzCase.task.program.code[Int(pc)].mnemonic) (\(name))"))
            } else if !agrees, threaded || threadedFinal.map({ !StateComparison.same(fast.final, $0, byHash: options.hashFinalStates) }) ?? true {
                stats.differences.append(finalDifference(
                    fuzzCase, gas: gas, name: name, stepper: expected, fast: fast.final, threaded: threaded, diagnose: stats.differences.isEmpty))
            }
        }
        guard options.plainRuns else { return }
        let fastOutcome = threadedFinal.map { outcome(of: $0, gas: gas, fuzzCase) }
        let fastDiffered = threadedFinal.map { !same($0) } ?? true
        for (threaded, fused) in options.switchLoop ? [(true, true), (true, false), (false, true)] : [(true, true)] {
            let name = threaded ? (fused ? "plain-threaded" : "plain-unfused") : "plain-switch"
            let plain = Executions.plain(fuzzCase.task, input: fuzzCase.input, gas: gas, threaded: threaded, fused: fused)
            if fastDiffered, plain == fastOutcome { continue }
            if let difference = plainDifference(fuzzCase, gas: gas, name: name, stepper: expected, plain: plain) {
                stats.differences.append(difference)
            }
        }
    }

    /// What a plain run would report for the run that ended in `state`.
    func outcome(of state: TaskState, gas: UInt64, _ fuzzCase: FuzzCase) -> PlainOutcome {
        let r = state.registers
        return PlainOutcome(
            trap: r.status == .trapped ? r.trap : 0, gasUsed: gas - r.gas, output: state.output,
            memory: Executions.memoryBytes(state),
            globals: fuzzCase.program.globals.indices.map { state.read(.globals, UInt64($0)).w0 })
    }

    func plainDifference(_ fuzzCase: FuzzCase, gas: UInt64, name: String, stepper: TaskState, plain: PlainOutcome) -> Difference? {
        let r = stepper.registers
        let expected = outcome(of: stepper, gas: gas, fuzzCase)
        guard plain != expected else { return nil }
        var what: [String] = []
        var fields: [String] = []
        func note(_ field: String, _ text: String) {
            fields.append(field)
            what.append(text)
        }
        if plain.trap != expected.trap { note("trap", "trap \(trapName(plain.trap)) vs stepper's \(trapName(expected.trap))") }
        if plain.gasUsed != expected.gasUsed { note("gas", "gas used \(plain.gasUsed) vs \(expected.gasUsed)") }
        if plain.output != expected.output { note("output", "output \(plain.output.count) bytes vs \(expected.output.count)") }
        if plain.memory != expected.memory { note("memory", "memory (\(plain.memory.count) vs \(expected.memory.count) bytes)") }
        if plain.globals != expected.globals { note("globals", "globals") }
        let at = r.status == .trapped ? " at \(fuzzCase.task.program.code[Int(r.pc)].mnemonic)" : ""
        return Difference(
            seed: fuzzCase.seed, gasLimit: gas, check: "\(name) final outcome",
            detail: what.joined(separator: ", ") + " (stepper \(registersText(r, fuzzCase)))",
            signature: "\(name): \(trapName(plain.trap)) vs stepper \(trapName(expected.trap))\(at) [\(fields.joined(separator: ","))]")
    }

    func finalDifference(
        _ fuzzCase: FuzzCase, gas: UInt64, name: String, stepper: TaskState, fast: TaskState, threaded: Bool, diagnose: Bool
    ) -> Difference {
        // Finding the first differing step pauses the fast machine at every step: only for the
        // first difference of a case, and short runs.
        let steps = max(stepper.registers.steps, fast.registers.steps)
        let divergence = diagnose && steps <= 20_000 ? firstDivergence(fuzzCase, gas: gas, threaded: threaded, steps: steps) : nil
        var detail = "fast \(registersText(fast.registers, fuzzCase)); stepper \(registersText(stepper.registers, fuzzCase))"
        if let divergence {
            detail += "; first different state after step \(divergence.step - 1), pc \(divergence.pc): \(instructionText(fuzzCase, divergence.pc))"
        }
        // The class: where the fast machine stopped and what the stepper did instead (not
        // where the stepper stopped, which is wherever the rest of the program ran out).
        let fastStop = fast.registers.status == .running ? "" : " at \(fuzzCase.task.program.code[Int(fast.registers.pc)].mnemonic)"
        let same = fast.registers.status == stepper.registers.status && fast.registers.trap == stepper.registers.trap
        let divergedAt = divergence.map { " (first diverged after \(fuzzCase.task.program.code[Int($0.pc)].mnemonic))" } ?? ""
        return Difference(
            seed: fuzzCase.seed, gasLimit: gas, check: "\(name) final state", detail: detail,
            signature: same && fast.registers.pc == stepper.registers.pc
                ? "\(name): same stop\(fastStop), different state\(divergedAt)"
                : "\(name): \(statusName(fast.registers))\(fastStop), stepper \(statusName(stepper.registers))")
    }

    /// The first step after which the fast machine's state differs from the stepper's, and the
    /// pc of the instruction that step executed.
    func firstDivergence(_ fuzzCase: FuzzCase, gas: UInt64, threaded: Bool, steps: UInt64) -> (step: UInt64, pc: UInt32)? {
        let stepped = Executions.step(fuzzCase.task, input: fuzzCase.input, gas: gas, hashes: true, maxSteps: steps + 1)
        let fast = Executions.fast(fuzzCase.task, input: fuzzCase.input, gas: gas, threaded: threaded, targets: Array(0...steps))
        for step in 1...max(steps, 1) where Int(step) < stepped.hashes.count && fast.visited[step] != stepped.hashes[Int(step)] {
            return (step, stepped.records[Int(step) - 1].pc)
        }
        return nil
    }

    /// Gas limits to rerun the case at: none, one, all it used and one less or more, and just
    /// below, at and above the gas consumed at every step that paid a dynamic charge or trapped.
    func gasLimits(_ fuzzCase: FuzzCase, _ run: SteppedRun, most: Int? = nil) -> [UInt64] {
        let most = most ?? options.maxGasLimits
        let limit = fuzzCase.gasLimit
        let used = limit - run.final.registers.gas
        var limits: [UInt64] = [0, 1, used, used &- 1, used + 1, used / 2]
        var points: [UInt64] = []
        let schedule = fuzzCase.task.schedule
        for record in run.records where record.progress == 0 {
            let cost = schedule.cost(of: fuzzCase.task.program.code[Int(record.pc)])
            let before = limit - record.gasBefore
            let after = limit - record.gasAfter
            if record.gasBefore - record.gasAfter > cost || record.trapped {
                points += [before + cost - 1, before + cost, after &- 1, after, after + 1]
            }
        }
        points = Array(Set(points)).sorted()
        // At most `most` limits in all: a bound below the six fixed ones leaves no room for
        // points (it used to let every point through).
        let room = max(most - limits.count, 0)
        if points.count > room {
            points = (0..<room).map { points[$0 * points.count / room] }
        }
        limits += points
        var seen = Set<UInt64>()
        return limits.filter { $0 <= limit + 1 && seen.insert($0).inserted }
    }

    func instructionText(_ fuzzCase: FuzzCase, _ pc: UInt32) -> String {
        let instruction = fuzzCase.task.program.code[Int(pc)]
        return "\(instruction.mnemonic) \(instruction.operandText)"
    }

    func registersText(_ r: Registers, _ fuzzCase: FuzzCase) -> String {
        "\(statusName(r)) pc \(r.pc) gas \(r.gas) steps \(r.steps) depth \(r.depth) pages \(r.memoryPages) output \(r.outputLength)"
    }

    func statusName(_ r: Registers) -> String {
        switch r.status {
        case .running: "running"
        case .halted: "halted"
        case .trapped: "trapped(\(trapName(r.trap)))"
        }
    }

    func trapName(_ raw: UInt8) -> String {
        if raw == 0 { return "none" }
        return TrapKind(rawValue: raw).map { "\($0)" } ?? "trap \(raw)"
    }
}
