import CairnHash
import CairnMachine
import CairnProgram
import CairnProof
import CairnVerifier
import CairnWasm

/// Runs a task fast on the machine, with step counting, and produces the exact task state at
/// requested steps (docs/proofs.md, "Fast mode").
///
/// The machine counts steps the way it charges gas and pauses in place at the start of the
/// straight-line run (or the multi-step instruction) that would pass a requested step. There the
/// state is exported into a ``TaskState``; the step itself is reached by the stepper, which takes
/// at most the rest of one run (plus the parts of one multi-step instruction).
public final class TaskRunner {
    public let task: TaskProgram
    public let input: [UInt8]
    public let gasLimit: UInt64
    /// Whether the machine runs threaded code (the default) or only its `switch` loop
    /// (``Store/threadedDispatch``): the results are the same, which the fuzzer checks.
    public var threadedDispatch = true
    /// Makes an instruction hook for the run's store (step traces, docs/debugging.md); the run
    /// then takes the machine's traced `switch` loop. Results, gas and steps are the same.
    public var instructionHook: ((Store) -> InstructionHook)?

    public init(task: TaskProgram, input: [UInt8], gasLimit: UInt64) {
        self.task = task
        self.input = input
        self.gasLimit = gasLimit
    }

    /// The initial state.
    public func initialState() -> TaskState { TaskState(program: task, input: input, gas: gasLimit) }

    /// Runs the task to its end. `targets` gives the steps to visit in increasing order (it is
    /// called with the previous target, nil first, and returns the next, or nil for no more);
    /// `visit` gets each step with the state there (a state it may keep); steps after the last
    /// one are not visited. Returns the final state.
    ///
    /// With `checkpoint` (a state this runner produced, not inside a multi-step instruction),
    /// the machine is restored to it and the run continues from there.
    @discardableResult
    public func run(
        from checkpoint: TaskState? = nil,
        targets next: @escaping (UInt64?) -> UInt64? = { _ in nil },
        visit: @escaping (UInt64, TaskState) -> Void = { _, _ in }
    ) -> TaskState {
        let store = Store(limits: .taskMachine, schedule: task.schedule)
        defer { store.stopCountingSteps() }
        store.gasLimit = gasLimit
        store.threadedDispatch = threadedDispatch
        store.instructionHook = instructionHook?(store)
        // The export compares only the memory pages written since it last ran.
        store.tracksMemoryWrites = true
        let exporter = StateExporter(task: task, initial: checkpoint?.copy() ?? initialState())
        let output = TaskOutput(checkpoint?.output ?? [])
        var target = next(nil)
        var instance: Instance?

        // Host functions, one per import in import order, so store address = function index.
        var imports = Imports()
        let input = self.input
        let schedule = task.schedule
        for host in task.hostFunctions {
            let address = store.addHostFunction(type: host.type) { (caller, arguments) throws(Trap) -> [Value] in
                try host.call(caller, arguments.map(\.slotBits), input: input, output: output, schedule: schedule)
            }
            imports.define(module: "task", name: host.name, .function(address))
        }
        let hosts = task.hostFunctions
        let hostSteps: HostStepCount = { address, arguments in
            switch hosts[address] {
            case .inputSize: return 0
            case .inputRead:
                let count = Self.inputCount(offset: arguments[0] & 0xFFFF_FFFF, length: arguments[2] & 0xFFFF_FFFF, inputLength: UInt64(input.count))
                return Self.extraLeafSteps(arguments[1] & 0xFFFF_FFFF, count)
            case .outputWrite:
                return Self.extraLeafSteps(UInt64(output.bytes.count), arguments[1] & 0xFFFF_FFFF)
            }
        }

        let hook: StepHook = { point in
            // The instance exists once instantiation runs its entrypoint (the whole task).
            var registers = Registers()
            registers.pc = UInt32(point.pc)
            registers.base = UInt32(point.base)
            registers.depth = UInt32(point.depth)
            registers.gas = point.gas
            registers.steps = point.steps
            registers.memoryPages = UInt32(store.latestInstance?.memory?.pageCount ?? 0)
            registers.inputLength = UInt64(input.count)
            registers.outputLength = UInt64(output.bytes.count)
            exporter.export(store: store, instance: store.latestInstance!, registers: registers, output: output.bytes)
            // Reach every requested step before the horizon with the stepper, from a copy.
            while let t = target, t < point.horizon {
                if t == point.steps {
                    visit(t, exporter.snapshot())
                } else {
                    let copy = exporter.snapshot()
                    copy.run(toStep: t)
                    // The horizon counts the steps a host call prepaid; the run may stop
                    // (trap) before them, and then t and every later target is never reached.
                    guard copy.registers.steps == t else {
                        target = nil
                        break
                    }
                    visit(t, copy)
                }
                target = next(t)
            }
            return target ?? .max
        }
        var status = MachineStatus.halted
        var trap: TrapKind?
        if let checkpoint {
            guard checkpoint.registers.status == .running, checkpoint.registers.progress == 0 else {
                // Nothing to run: the checkpoint is final (or must be stepped, not run).
                let state = checkpoint.copy()
                while let t = target, t <= state.registers.steps || !state.isStopped {
                    state.run(toStep: t)
                    visit(t, state.copy())
                    target = next(t)
                }
                return state
            }
            // An instance whose entrypoint has not run (no gas), then the checkpoint put into it.
            store.gasLimit = 0
            _ = try? store.instantiate(task.program, imports: imports)
            store.gasLimit = gasLimit
            let restored = store.latestInstance!
            restore(checkpoint, into: restored, store: store)
            exporter.prime(
                slots: checkpoint.nonZeroLeaves(.slots), memory: checkpoint.nonZeroLeaves(.memory),
                into: restored.memory, depth: Int(checkpoint.registers.depth),
                outputCount: output.bytes.count)
            store.countSteps(from: checkpoint.registers.steps, target: target ?? .max, hostSteps: hostSteps, hook: hook)
            let r = checkpoint.registers
            let frames = (0..<UInt64(r.depth)).map { i in
                let leaf = checkpoint.read(.frames, i)
                return (returnPC: Int(leaf.w0), callerBase: Int(leaf.w1))
            }
            do {
                try store.resume(restored, pc: Int(r.pc), base: Int(r.base), frames: frames, gas: r.gas, steps: r.steps)
            } catch {
                status = .trapped
                trap = error.kind
            }
        } else {
            store.countSteps(target: target ?? .max, hostSteps: hostSteps, hook: hook)
            do {
                instance = try store.instantiate(task.program, imports: imports)
            } catch {
                switch error {
                case .trap(let t):
                    status = .trapped
                    trap = t.kind
                case .unlinkable(let message), .limitExceeded(let message):
                    // Task programs are checked when made; a failure here is a bug.
                    fatalError("task instantiation failed: \(message)")
                }
            }
        }
        _ = instance
        // The final state.
        let stop = store.stopPoint
        var registers = Registers()
        registers.status = status
        registers.trap = trap?.rawValue ?? 0
        registers.pc = UInt32(stop.pc)
        registers.base = UInt32(stop.base)
        registers.depth = UInt32(stop.depth)
        registers.gas = store.gasLimit &- store.gasUsed
        registers.steps = store.stepsTaken
        registers.memoryPages = UInt32(store.latestInstance?.memory?.pageCount ?? 0)
        registers.inputLength = UInt64(input.count)
        registers.outputLength = UInt64(output.bytes.count)
        exporter.export(store: store, instance: store.latestInstance!, registers: registers, output: output.bytes)
        // Requested steps up to the last one see the final state; later ones are not visited.
        while let t = target, t <= registers.steps {
            visit(t, exporter.snapshot())
            target = next(t)
        }
        return exporter.state
    }

    /// Puts `state` (running, between instructions) into a fresh instance of the task program.
    func restore(_ state: TaskState, into instance: Instance, store: Store) {
        if let memory = instance.memory {
            _ = memory.grow(by: UInt64(state.registers.memoryPages) - memory.pageCount, limit: TaskLimits.maxMemoryPages)
            for (index, leaf) in state.nonZeroLeaves(.memory) { memory.write(offset: Int(index) * 32, leaf.bytes) }
        }
        for (index, leaf) in state.nonZeroLeaves(.slots) {
            for k in 0..<4 { store.setValueSlot(Int(index) * 4 + k, leaf[word: k]) }
        }
        for g in 0..<instance.globalCount { instance.setGlobalBits(g, state.read(.globals, UInt64(g)).w0) }
        for t in 0..<task.program.tables.count {
            let size = state.read(.aux, AuxRegion.tableSize.leaf(UInt64(t))).w0
            instance.setTableElements(t, (0..<size).map { state.read(.tables, UInt64(t) << 24 | $0).w0 })
        }
        for s in task.program.data.indices where state.read(.aux, AuxRegion.droppedData.leaf(UInt64(s))).w0 != 0 {
            instance.dropDataSegment(s)
        }
        for s in task.program.elements.indices where state.read(.aux, AuxRegion.droppedElements.leaf(UInt64(s))).w0 != 0 {
            instance.dropElementSegment(s)
        }
    }

    static func inputCount(offset: UInt64, length: UInt64, inputLength: UInt64) -> UInt64 {
        min(length, inputLength > offset ? inputLength - offset : 0)
    }

    static func extraLeafSteps(_ address: UInt64, _ count: UInt64) -> UInt64 {
        StepModel.leafSteps(address: address, count: count)
    }
}
