import CairnProgram

/// A metered run that also counts proof steps (docs/proofs.md, "Fast mode").
///
/// Steps are counted the way gas is charged: every control transfer adds the length of the run
/// it enters (`Instance.runSteps`), and instructions that the proof machine splits into several
/// steps (bulk memory and table operations, calls that zero locals, task host calls) add their
/// extra steps once their checks have passed. Metered and unmetered runs compile none of it.
enum Counted: MeteringMode {
    static var isMetered: Bool { true }
    static var countsSteps: Bool { true }
    static var runsThreadedCode: Bool { false }
}

extension MeteringMode {
    static var countsSteps: Bool { false }
}

/// The step counter of a counted run.
struct StepCountingState {
    /// Steps taken, counted to the end of the current run (like prepaid gas).
    var steps: UInt64 = 0
    /// The hook is called before the run passes this step.
    var target: UInt64 = .max
    /// Whether the planted breakpoint is a step breakpoint (else it is where gas runs out).
    var stepBreakpoint = false
    /// Why `steps` is already final for a run that stopped: 1 when gas ran out at the start of
    /// a run, 2 at a gas breakpoint; 0 when not settled yet.
    var settled: UInt8 = 0
    /// Where the last counted run stopped: its next instruction (the one that trapped or could
    /// not be paid, or the final return), frame base and depth.
    var stop = (pc: 0, base: 0, depth: 0)
    /// The outermost frame of a resumed run (its restored frames lie below the current one).
    var resumeFloor: Int? = nil
    /// The highest frame base (a slot index) of a frame that made a call, ran a multi-step
    /// instruction or was paused in, and of the frames a resumed run starts with: see
    /// ``Store/valueSlotsWritten(largestFrame:)``.
    var highestBase = 0
    /// Whether memories created from now on track the pages written (``MemoryInstance/trackWrites()``).
    var tracksMemoryWrites = false
}

/// The step counter and target as the interpreter loop keeps them, in registers; synced with
/// the store's ``StepCountingState`` around calls that leave the loop and around the hook.
struct StepTally {
    var steps: UInt64 = 0
    var target: UInt64 = 0
}

/// Where a counted run is when its hook is called: the exact machine state after ``steps``
/// steps, with the next instruction at ``pc``.
public struct StepPoint: Sendable {
    /// The next instruction.
    public var pc: Int
    /// The current frame's first slot.
    public var base: Int
    /// Call frames below the current one.
    public var depth: Int
    /// Gas left.
    public var gas: UInt64
    /// Steps taken.
    public var steps: UInt64
    /// The machine continues without calling the hook again before this step: the hook must
    /// take every requested step below it from this point itself.
    public var horizon: UInt64
}

/// Called with the state at a ``StepPoint``; returns the next step the run should stop before
/// (at least the point's horizon).
public typealias StepHook = (StepPoint) -> UInt64

/// How many extra proof steps a host call takes, from its store address and argument slots.
public typealias HostStepCount = (Int, UnsafePointer<UInt64>) -> UInt64

extension Store {
    /// Counts steps in the following runs, starting from `steps`, calling `hook` before a run
    /// passes `target`. `hostSteps` gives the extra steps of host calls (zero without it).
    public func countSteps(from steps: UInt64 = 0, target: UInt64, hostSteps: HostStepCount? = nil, hook: @escaping StepHook) {
        let tracks = counting.pointee.tracksMemoryWrites
        counting.pointee = StepCountingState(steps: steps, target: target)
        counting.pointee.tracksMemoryWrites = tracks
        stepHook = hook
        hostStepCount = hostSteps
    }

    /// Stops counting steps and drops the hook (which may hold on to the store: a counted run's
    /// owner calls this when it is done, or the store and the hook keep each other alive).
    public func stopCountingSteps() {
        stepHook = nil
        hostStepCount = nil
    }

    /// Whether the memories of programs instantiated from now on track the pages they write
    /// (``MemoryInstance/trackWrites()``), from their creation on, so that data segments are
    /// tracked too. Only for stores whose programs run counted.
    public var tracksMemoryWrites: Bool {
        get { counting.pointee.tracksMemoryWrites }
        set { counting.pointee.tracksMemoryWrites = newValue }
    }

    /// Steps taken by counted runs so far.
    public var stepsTaken: UInt64 { counting.pointee.steps }

    /// A bound on the value slots counted runs have written since ``countSteps(from:target:hostSteps:hook:)``
    /// (or since ``resume(_:pc:base:frames:gas:steps:)``): every slot written since lies below it,
    /// given the largest frame size of the functions that ran.
    ///
    /// Every write to a slot is within a frame (a frame's size covers its locals, its operand
    /// stack and the results of its calls), and a callee's frame starts inside its caller's. The
    /// highest base of a frame that made a call (or ran a multi-step instruction, or was paused
    /// in) is recorded; a frame that made no call starts below that base plus one frame, so no
    /// write reaches two frames above it. This lets the state export compare the slots a
    /// program can have used instead of all 2^20.
    public func valueSlotsWritten(largestFrame: Int) -> Int {
        min(counting.pointee.highestBase + 2 * largestFrame, limits.maxValueSlots)
    }

    /// Zeroes every value slot, so that slots no run has written read as zero. A new store's
    /// slots are zero already (they are allocated zeroed); this is for reusing a store.
    public func zeroValueStack() {
        stack.update(repeating: 0, count: max(limits.maxValueSlots, 16))
    }

    /// The value slots.
    public var valueSlots: UnsafeBufferPointer<UInt64> {
        UnsafeBufferPointer(start: stack, count: limits.maxValueSlots)
    }

    /// Call frame `index` (0 is the outermost): where it returns and the caller's frame base.
    public func frame(_ index: Int) -> (returnPC: Int, callerBase: Int) {
        (frameStack[index].returnPC, frameStack[index].callerBase)
    }

    @inline(__always)
    func loadSteps() -> StepTally { StepTally(steps: counting.pointee.steps, target: counting.pointee.target) }

    @inline(__always)
    func storeSteps(_ tally: StepTally) {
        counting.pointee.steps = tally.steps
        counting.pointee.target = tally.target
    }

    /// The charge of a run in a counted run: count its steps first, or stop before it with a
    /// step breakpoint when the run would pass the target.
    @inline(__always)
    func charge<Mode: MeteringMode>(
        _: Mode.Type, _ gas: inout UInt64, _ tally: inout StepTally, _ cost: UInt64, _ steps: UInt64, at pc: Int, in instance: Instance
    ) -> Bool {
        guard Mode.countsSteps else { return charge(&gas, cost, at: pc, in: instance) }
        let after = tally.steps &+ steps
        if after <= tally.target, gas >= cost {
            tally.steps = after
            gas &-= cost
            return true
        }
        let (paid, counted) = chargeSlowly(&gas, tally, cost, at: pc, in: instance)
        tally = counted
        return paid
    }

    /// The rare cases of a counted charge, out of line so that the loop stays small: a step
    /// breakpoint, a partial run, or gas running out.
    @inline(never)
    func chargeSlowly(_ gas: inout UInt64, _ tally: StepTally, _ cost: UInt64, at pc: Int, in instance: Instance) -> (Bool, StepTally) {
        // The counter comes and goes by value: an inout into a call that is not inlined would
        // keep it in memory in the loop.
        var tally = tally
        let before = tally.steps
        let after = before &+ instance.runSteps[pc]
        if after > tally.target {
            plantedBreakpoint = (instance, pc, instance.code[pc])
            instance.replaceInstruction(at: pc, with: .breakpoint)
            counting.pointee.stepBreakpoint = true
            return (true, tally)
        }
        tally.steps = after
        if charge(&gas, cost, at: pc, in: instance) { return (true, tally) }
        // Not even the run's first instruction can be paid: running out is one step.
        tally.steps = before &+ 1
        counting.pointee.settled = 1
        return (false, tally)
    }

    /// ``charge(_:_:_:_:at:in:)`` outside the loop, with the counter in the store.
    @inline(__always)
    func charge<Mode: MeteringMode>(_: Mode.Type, _ gas: inout UInt64, _ cost: UInt64, at pc: Int, in instance: Instance) -> Bool {
        guard Mode.countsSteps else { return charge(&gas, cost, at: pc, in: instance) }
        var tally = loadSteps()
        defer { storeSteps(tally) }
        return charge(Mode.self, &gas, &tally, cost, instance.runSteps[pc], at: pc, in: instance)
    }

    /// A step breakpoint at `pc`, the start of a run not yet charged: the state is exact.
    @inline(never)
    func stepBreakpointReached(_ tally: StepTally, pc: Int, sp: UnsafeMutablePointer<UInt64>, depth: Int, instance: Instance, gas: UInt64) -> StepTally {
        // By value, not inout: an inout passed to a call that is not inlined would keep the
        // loop's counter in memory.
        restoreBreakpoint()
        counting.pointee.stepBreakpoint = false
        storeSteps(tally)
        callHook(StepPoint(pc: pc, base: sp - stack, depth: depth, gas: gas, steps: tally.steps, horizon: tally.steps &+ instance.runSteps[pc]))
        return loadSteps()
    }

    /// Gas ran out at the breakpoint at `index`: the instructions before it ran, then one step.
    @inline(never)
    func gasBreakpointReached(_ tally: StepTally, at index: Int, in instance: Instance) -> StepTally {
        counting.pointee.settled = 2
        return StepTally(steps: tally.steps &- instance.runSteps[index] &+ 1, target: tally.target)
    }

    /// Before the instruction at `before` takes `extra` steps beyond its own: calls the hook if
    /// the run would pass the target, with the state before that instruction (its run's
    /// prepaid gas and steps given back). With `done`, counts the extra steps at once.
    @inline(__always)
    func countSteps(
        _ tally: inout StepTally, _ extra: UInt64, before pc: Int, sp: UnsafeMutablePointer<UInt64>, depth: Int,
        instance: Instance, gas: UInt64, done: Bool
    ) {
        // Every call passes here with its caller's frame base (ValueSlots written).
        if sp - stack > counting.pointee.highestBase { counting.pointee.highestBase = sp - stack }
        if tally.steps &+ extra > tally.target {
            storeSteps(tally)
            hookBefore(extra, before: pc, sp: sp, depth: depth, instance: instance, gas: gas)
            tally = loadSteps()
        }
        if done { tally.steps &+= extra }
    }

    /// ``countSteps(_:_:before:sp:depth:instance:gas:done:)`` outside the loop.
    func countSteps(_ extra: UInt64, before pc: Int, sp: UnsafeMutablePointer<UInt64>, depth: Int, instance: Instance, gas: UInt64, done: Bool) {
        var tally = loadSteps()
        countSteps(&tally, extra, before: pc, sp: sp, depth: depth, instance: instance, gas: gas, done: done)
        storeSteps(tally)
    }

    @inline(never)
    func hookBefore(_ extra: UInt64, before pc: Int, sp: UnsafeMutablePointer<UInt64>, depth: Int, instance: Instance, gas: UInt64) {
        let steps = counting.pointee.steps
        var prepaid = instance.runCosts[pc]
        if let planted = plantedBreakpoint, planted.instance === instance, planted.index > pc {
            prepaid &-= instance.runCosts[planted.index]
        }
        callHook(StepPoint(
            pc: pc, base: sp - stack, depth: depth, gas: gas &+ prepaid,
            steps: steps &- instance.runSteps[pc], horizon: steps &+ extra))
    }

    func callHook(_ point: StepPoint) {
        counting.pointee.highestBase = max(counting.pointee.highestBase, point.base)
        let saved = frameCount
        frameCount = point.depth
        let next = stepHook?(point) ?? .max
        frameCount = saved
        counting.pointee.target = max(next, point.horizon)
    }

    /// The final step count of a run that stopped: a trap in the middle of a run gives back the
    /// steps prepaid beyond the trapping instruction.
    func settleSteps(stopped: Bool, pc: Int, base: Int, depth: Int, in instance: Instance) {
        let settled = counting.pointee.settled
        counting.pointee.settled = 0
        counting.pointee.stop = (settled == 1 ? pc : pc - 1, base, depth)
        guard stopped, settled == 0, pc > 0, !instance.code[pc - 1].endsRun else { return }
        counting.pointee.steps &-= instance.runSteps[pc]
    }

    /// Where the last counted run stopped: the instruction that trapped, could not be paid, or
    /// returned last; the frame base and depth there.
    public var stopPoint: (pc: Int, base: Int, depth: Int) { counting.pointee.stop }

    /// Extra steps of a call: the callee's declared locals are zeroed (``StepModel``).
    @inline(__always)
    func callSteps(_ function: CompiledFunction) -> UInt64 {
        StepModel.callSteps(locals: UInt64(function.localCount &- function.parameterCount))
    }

    /// Extra steps of a bulk memory operation on `count` bytes from `address` (``StepModel``).
    @inline(__always)
    func leafSteps(_ address: UInt64, _ count: UInt64) -> UInt64 { StepModel.leafSteps(address: address, count: count) }

    /// Extra steps of a table operation on `count` elements (``StepModel``).
    @inline(__always)
    func elementSteps(_ count: UInt64) -> UInt64 { StepModel.elementSteps(count) }

    func hostCallSteps(_ address: Int, _ arguments: UnsafeMutablePointer<UInt64>) -> UInt64 {
        hostStepCount?(address, UnsafePointer(arguments)) ?? 0
    }
}

extension Instance {
    /// The bits of global `index` (index space, imports first).
    public func globalBits(_ index: Int) -> UInt64 { globalCells[index].pointee }

    /// The number of globals.
    public var globalCount: Int { globals.count }

    /// The elements of table `index` as slot bits (store address + 1, or 0).
    public func tableElements(_ index: Int) -> [UInt64] { tables[index].elements }

    /// Whether data segment `index` now holds no bytes (dropped, or empty from the start).
    public func isDataSegmentEmpty(_ index: Int) -> Bool { dataSegments[index].isEmpty }

    /// Whether element segment `index` now holds no items.
    public func isElementSegmentEmpty(_ index: Int) -> Bool { elementSegments[index].isEmpty }
}

extension Caller {
    /// Charges `gas` from the running program's gas (a host function's work that depends on
    /// its arguments); running out traps with `outOfGas`.
    public func charge(_ gas: UInt64) throws(Trap) {
        guard store.schedule != nil else { return }
        guard store.gasLimit &- store.gasUsed >= gas else {
            store.gasUsed = store.gasLimit
            throw Trap(.outOfGas)
        }
        store.gasUsed &+= gas
    }
}

extension Store {
    /// The most recently created instance (during instantiation, the one being instantiated).
    public var latestInstance: Instance? { instances.last }
}

extension Store {
    /// The frame floor of a counted run: the resumed run's, once, else the current depth.
    func takeFrameFloor() -> Int {
        defer { counting.pointee.resumeFloor = nil }
        return counting.pointee.resumeFloor ?? frameCount
    }

    /// Continues a counted run of `instance` from a restored state: the next instruction `pc`,
    /// the current frame at slot `base`, the frames below it, `gas` left and `steps` taken. The
    /// value slots, memory, globals and tables must already hold the state (see
    /// ``setValueSlot(_:_:)`` and the `Instance` restore methods). Returns when the outermost
    /// frame returns; throws the trap that stops the run.
    public func resume(
        _ instance: Instance, pc: Int, base: Int, frames: [(returnPC: Int, callerBase: Int)], gas: UInt64, steps: UInt64
    ) throws(Trap) {
        guard frames.count <= limits.maxCallDepth else { throw Trap(.callStackExhausted) }
        for (i, frame) in frames.enumerated() {
            frameStack[i] = Frame(returnPC: frame.returnPC, callerBase: frame.callerBase, callerInstance: instance.index)
        }
        frameCount = frames.count
        gasUsed = gasLimit &- min(gas, gasLimit)
        counting.pointee.steps = steps
        counting.pointee.resumeFloor = 0
        counting.pointee.highestBase = frames.reduce(base) { max($0, $1.callerBase) }
        // A function with no parameters or locals whose code starts at `pc`: nothing is zeroed.
        let entry = CompiledFunction(entry: UInt32(pc), typeIndex: 0, parameterCount: 0, resultCount: 0, localCount: 0, frameSize: 0)
        defer { frameCount = 0 }
        if instructionHook != nil {
            try execute(Traced<Counted>.self, instance: instance, function: entry, base: base)
        } else {
            try execute(Counted.self, instance: instance, function: entry, base: base)
        }
    }

    /// Sets value slot `index` (restoring a state).
    public func setValueSlot(_ index: Int, _ bits: UInt64) { stack[index] = bits }
}

extension Instance {
    /// Sets global `index` (restoring a state).
    public func setGlobalBits(_ index: Int, _ bits: UInt64) { globalCells[index].pointee = bits }

    /// Replaces the elements of table `index` (restoring a state).
    public func setTableElements(_ index: Int, _ elements: [UInt64]) { tables[index].elements = elements }

    /// Drops data segment `index` (restoring a state).
    public func dropDataSegment(_ index: Int) { dataSegments[index] = [] }

    /// Drops element segment `index` (restoring a state).
    public func dropElementSegment(_ index: Int) { elementSegments[index] = [] }
}
