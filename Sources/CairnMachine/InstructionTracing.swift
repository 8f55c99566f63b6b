import CairnProgram

// Instruction traces (`cairn run --trace`, docs/debugging.md): a traced run takes the `switch`
// loop and calls a hook before every instruction with the exact machine state there. Every
// other run compiles none of it (`MeteringMode.traces` is false), so untraced runs are as fast
// as before.

/// A `Base` run in the `switch` loop that calls ``Store/instructionHook`` before every
/// instruction. `Base` may count steps (``Counted``), so that task traces carry proof steps.
enum Traced<Base: MeteringMode>: MeteringMode {
    static var isMetered: Bool { Base.isMetered }
    static var countsSteps: Bool { Base.countsSteps }
    static var runsThreadedCode: Bool { false }
    static var profiles: Bool { false }
    static var traces: Bool { true }
}

extension MeteringMode {
    static var traces: Bool { false }
}

/// The machine state before one instruction of a traced run.
public struct InstructionPoint: Sendable {
    /// The instruction about to run (an offset in the instance's program code).
    public var pc: Int
    /// The current frame's first value slot.
    public var base: Int
    /// Call frames below the current one.
    public var depth: Int
    /// Gas left before the instruction (exact: a run's prepaid gas is given back).
    public var gas: UInt64
    /// Proof steps taken before the instruction, in a step-counted run (else 0).
    public var steps: UInt64
    /// The store index of the running instance.
    public var instance: Int
}

/// Called before every instruction of a traced run. It may read the store (value slots,
/// memory, globals) but must not change it.
public typealias InstructionHook = (InstructionPoint) -> Void

extension Store {
    /// The instance at store index `index` (instances in the order they were created).
    public func instance(at index: Int) -> Instance { instances[index] }

    /// Runs `function` traced: the mode matching the store (unmetered, metered, step-counted).
    func executeTraced(instance: Instance, function: CompiledFunction, base: Int) throws(Trap) {
        if schedule == nil {
            try execute(Traced<Unmetered>.self, instance: instance, function: function, base: base)
        } else if stepHook != nil {
            try execute(Traced<Counted>.self, instance: instance, function: function, base: base)
        } else {
            try execute(Traced<Metered>.self, instance: instance, function: function, base: base)
        }
    }

    /// Calls the instruction hook with the state before the instruction at the loop's `pc`.
    /// A planted breakpoint is not an instruction of the program: it is skipped (a step
    /// breakpoint runs the instruction it replaced next; a gas breakpoint ends the run).
    @inline(never)
    func traceInstruction<Mode: MeteringMode>(_: Mode.Type, _ instruction: Instruction, _ r: SwitchRegisters) {
        if case .breakpoint = instruction { return }
        var gas = r.gas
        if Mode.isMetered {
            // The run was prepaid to its end, or to a planted gas breakpoint after `pc`.
            gas &+= r.runCost[r.pc]
            if let planted = plantedBreakpoint, planted.instance === r.instance, planted.index > r.pc {
                gas &-= r.runCost[planted.index]
            }
        }
        let steps = Mode.countsSteps ? r.tally.steps &- r.runSteps[r.pc] : 0
        let saved = frameCount
        frameCount = r.depth
        instructionHook?(InstructionPoint(
            pc: r.pc, base: r.sp - stack, depth: r.depth, gas: gas, steps: steps, instance: r.instance.index))
        frameCount = saved
    }
}
