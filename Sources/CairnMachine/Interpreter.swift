import CCairnThreaded
import CairnProgram
import CairnWasm

/// The machine registers that a call or return may change, for the paths that leave the
/// interpreter loop (host calls, calls into other instances).
struct ExecutionState {
    var instance: Instance
    var pc: Int
    var sp: UnsafeMutablePointer<UInt64>
    /// Gas left.
    var gas: UInt64
}

/// Whether a run is metered. The interpreter is specialized for each, so an unmetered run
/// carries no metering code at all (it is the baseline that metering overhead is measured
/// against).
protocol MeteringMode {
    static var isMetered: Bool { get }
    /// Whether the run also counts proof steps (`Counted`, StepCounting.swift).
    static var countsSteps: Bool { get }
    /// Whether the run executes threaded code (ThreadedCode.swift), with the `switch` loop
    /// running only what it hands back. A run without it carries no threaded entry at all.
    static var runsThreadedCode: Bool { get }
    /// Whether the run counts executions per instruction (`Profiled`, ExecutionProfile.swift).
    static var profiles: Bool { get }
    /// Whether the run calls the instruction hook before every instruction (`Traced`,
    /// InstructionTracing.swift).
    static var traces: Bool { get }
}
enum Metered: MeteringMode {
    static var isMetered: Bool { true }
    static var runsThreadedCode: Bool { true }
}
enum Unmetered: MeteringMode {
    static var isMetered: Bool { false }
    static var runsThreadedCode: Bool { true }
}
/// `Base` with every instruction in the `switch` loop (`Store.threadedDispatch` off, or a
/// build without guaranteed tail calls).
enum SwitchOnly<Base: MeteringMode>: MeteringMode {
    static var isMetered: Bool { Base.isMetered }
    static var runsThreadedCode: Bool { false }
}

/// A valid pointer for instances without a memory: every access is out of bounds anyway.
nonisolated(unsafe) private let noMemory = UnsafeMutableRawPointer.allocate(byteCount: 8, alignment: 16)

/// The `switch` loop's registers: what ``Store/execute(_:instance:function:base:)`` keeps while
/// it runs, handed by `inout` to the function of each instruction (`Store.step`, generated, and
/// the `execute…` functions of Interpreter+Control, +Memory and +Table). All of those are
/// inlined, so the registers stay in host registers; a register passed by `inout` to a call
/// that is not inlined would live in memory for the whole loop.
struct SwitchRegisters {
    var instance: Instance
    var code: UnsafePointer<Instruction>
    /// The gas of the run that starts at each instruction (`Instance.runCosts`).
    var runCost: UnsafePointer<UInt64>
    /// The proof steps of the run that starts at each instruction (`Instance.runSteps`).
    var runSteps: UnsafePointer<UInt64>
    var memory: UnsafeMutableRawPointer
    var memorySize: UInt64
    /// The current frame's base.
    var sp: UnsafeMutablePointer<UInt64>
    var pc: Int
    /// Frames in use on the frame stack.
    var depth: Int
    /// Gas left.
    var gas: UInt64
    /// The step counter (counted runs only, StepCounting.swift).
    var tally: StepTally
    /// Why the run stopped: a trap of the loop's own, or an error from a call out of it.
    var trap: TrapKind? = nil
    var failure: Trap? = nil
    /// The depth the run started at: a `return` there ends it.
    let frameFloor: Int
    let frameStack: UnsafeMutablePointer<Frame>
    let maxSlots: Int
    let maxDepth: Int

    init(instance: Instance, sp: UnsafeMutablePointer<UInt64>, pc: Int, depth: Int, gas: UInt64, tally: StepTally,
         frameFloor: Int, frameStack: UnsafeMutablePointer<Frame>, limits: MachineLimits) {
        self.instance = instance
        (code, runCost, memory, memorySize) = Self.registers(of: instance)
        runSteps = UnsafePointer(instance.runSteps.baseAddress!)
        (self.sp, self.pc, self.depth, self.gas, self.tally) = (sp, pc, depth, gas, tally)
        (self.frameFloor, self.frameStack) = (frameFloor, frameStack)
        (maxSlots, maxDepth) = (limits.maxValueSlots, limits.maxCallDepth)
    }

    /// Moves the loop into `instance` (after a call or return across instances).
    @inline(__always)
    mutating func enter<Mode: MeteringMode>(_: Mode.Type, _ instance: Instance) {
        self.instance = instance
        reloadRegisters()
        if Mode.countsSteps { runSteps = UnsafePointer(instance.runSteps.baseAddress!) }
    }

    /// Re-reads the instance's registers: after anything that may have grown its memory.
    @inline(__always)
    mutating func reloadRegisters() {
        (code, runCost, memory, memorySize) = Self.registers(of: instance)
    }

    /// The loop's per-instance registers: code, run costs, memory base and size.
    @inline(__always)
    static func registers(of instance: Instance)
        -> (UnsafePointer<Instruction>, UnsafePointer<UInt64>, UnsafeMutableRawPointer, UInt64)
    {
        (
            UnsafePointer(instance.code.baseAddress!), UnsafePointer(instance.runCosts.baseAddress!),
            instance.memory?.bytes ?? noMemory, UInt64(instance.memory?.byteCount ?? 0)
        )
    }
}

extension Store {
    /// Runs `function` of `instance`, whose frame starts at stack slot `base` with the arguments
    /// in place, until it returns; its results are then in slots `base..<base + resultCount`.
    ///
    /// The loop keeps pc, frame base, memory and gas in registers (``SwitchRegisters``). Calls
    /// between functions of the same instance stay in the loop; the frame stack is explicit, so
    /// Wasm recursion never grows the native stack.
    ///
    /// Gas: every control transfer charges the straight-line run it enters
    /// (`Instance.runCosts`), so the hot path pays one compare per branch, not per instruction.
    /// A trap refunds what its run had prepaid beyond the trapping instruction; a run that
    /// cannot be paid in full gets a breakpoint where gas runs out. The gas used is therefore
    /// exactly the sum of the costs of the instructions executed (see docs/gas.md).
    func execute<Mode: MeteringMode>(
        _ mode: Mode.Type, instance entryInstance: Instance, function: CompiledFunction, base: Int
    ) throws(Trap) {
        let savedTop = stackTop
        defer { stackTop = savedTop }
        var r = SwitchRegisters(
            instance: entryInstance, sp: stack + base, pc: Int(function.entry), depth: frameCount, gas: gasLimit &- gasUsed,
            // The step counter lives in registers while the loop runs (StepCounting.swift).
            tally: Mode.countsSteps ? loadSteps() : StepTally(),
            frameFloor: Mode.countsSteps ? takeFrameFloor() : frameCount, frameStack: frameStack, limits: limits)
        (r.sp + Int(function.parameterCount)).update(repeating: 0, count: Int(function.localCount - function.parameterCount))
        if Mode.isMetered, !charge(Mode.self, &r.gas, &r.tally, r.runCost[r.pc], r.runSteps[r.pc], at: r.pc, in: r.instance) {
            r.trap = .outOfGas
        }

        // Metered and unmetered runs spend their time in threaded code (ThreadedCode.swift);
        // this loop runs what it hands back: one instruction, then threaded code again.
        let threaded: ThreadedContextPointer? = Mode.runsThreadedCode ? .allocate(capacity: 1) : nil
        if let threaded {
            threaded.initialize(to: ThreadedContext(store: self, instance: r.instance, frameFloor: r.frameFloor, metered: Mode.isMetered))
        }
        defer { threaded?.deallocate() }

        execution: while r.trap == nil {
            if let threaded {
                runThreadedCode(Mode.self, threaded, &r)
                if threaded.pointee.chargeNeeded {
                    guard chargeRun(Mode.self, &r) else { break execution }
                    continue execution
                }
            }
            let instruction = r.code[r.pc]
            if Mode.profiles { r.instance.executionCounts.unsafelyUnwrapped[r.pc] &+= 1 }
            if Mode.traces { traceInstruction(Mode.self, instruction, r) }
            r.pc &+= 1
            guard step(Mode.self, instruction, &r) else { break execution }
        }
        try finish(Mode.self, r)
    }

    /// Keeps the call stack of a run that trapped (``Store/trapFrames``): the frames above the
    /// run's floor are still on the frame stack.
    func recordTrapFrames(_ r: SwitchRegisters) {
        var frames = [(pc: r.pc &- 1, instance: r.instance.index)]
        var depth = r.depth
        while depth > r.frameFloor {
            depth &-= 1
            let frame = r.frameStack[depth]
            frames.append((frame.returnPC &- 1, frame.callerInstance))
        }
        trapFrames = frames
    }

    /// Runs threaded code from the loop's registers until it hands an instruction back, and
    /// takes the registers back.
    @inline(__always)
    func runThreadedCode<Mode: MeteringMode>(_: Mode.Type, _ threaded: ThreadedContextPointer, _ r: inout SwitchRegisters) {
        if threaded.pointee.instance.index != r.instance.index {
            threaded.pointee.instance = ThreadedInstanceRegisters(r.instance, metered: Mode.isMetered, fused: fusedPairs, store: self)
        }
        threaded.pointee.memorySize = r.memorySize
        threaded.pointee.chargeNeeded = false
        // Host code the `switch` loop ran may have added functions to the store.
        threaded.pointee.storeCallees = UnsafePointer(callees.entries)
        threaded.pointee.storeCalleeCount = callees.count
        // The accumulator holds the slot that threaded code reaching `pc` would have left there.
        let accumulatorSlot = threaded.pointee.instance.accumulatorSlots[r.pc]
        let accumulator = accumulatorSlot == 0 ? 0 : r.sp[Int(accumulatorSlot &- 1)]
        cairn_threaded_run(
            r.sp, UnsafeRawPointer(threaded.pointee.instance.code + r.pc).assumingMemoryBound(to: UInt64.self),
            r.memory, r.frameStack + r.depth, r.gas, accumulator, threaded)
        (r.sp, r.pc, r.gas, r.depth) = (threaded.pointee.sp, threaded.pointee.pc, threaded.pointee.gas, threaded.pointee.depth)
    }

    /// The end of a run: removes a planted breakpoint, settles the step count, refunds what the
    /// trapping instruction's run had prepaid, records the gas used and throws the trap.
    func finish<Mode: MeteringMode>(_: Mode.Type, _ r: SwitchRegisters) throws(Trap) {
        var gas = r.gas
        let planted = plantedBreakpoint
        restoreBreakpoint()
        let stopped = r.failure ?? r.trap.map { Trap($0) }
        if Mode.countsSteps {
            storeSteps(r.tally)
            settleSteps(stopped: stopped != nil, pc: r.pc, base: r.sp - stack, depth: r.depth, in: r.instance)
        }
        if Mode.isMetered {
            if stopped?.kind == .outOfGas {
                gas = 0
            } else if stopped != nil, !r.code[r.pc - 1].endsRun {
                // The trapping instruction's run was prepaid to its end (or to the planted
                // breakpoint, when gas covered only part of it): give back the rest.
                gas &+= r.runCost[r.pc] &- (planted.map { r.runCost[$0.index] } ?? 0)
            }
            gasUsed = gasLimit &- gas
        }
        if stopped != nil { recordTrapFrames(r) }
        frameCount = r.frameFloor
        if let stopped { throw stopped }
    }
}
