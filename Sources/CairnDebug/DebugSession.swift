import CairnMachine
import CairnProgram

/// A breakpoint: where a run stops when it gets there.
public struct Breakpoint: Sendable, Equatable {
    /// Its number, from 1, as `delete` and the listing name it.
    public var number: Int
    /// What the user asked for (`run`, `divide.c:3`, `@107`, `*12`).
    public var spec: String
    /// The program offsets it stops before (empty for a step breakpoint).
    public var pcs: [Int]
    /// The step it stops before, for a step breakpoint.
    public var step: UInt64?
}

/// A stepping debugger's engine: a run of a ``DebugTarget`` stopped before an instruction,
/// moved forwards (step, next, finish, continue to a breakpoint) and backwards (reverse-step,
/// goto a step), with the state at the stop copied out for inspection. The CLI's `cairn debug`
/// prompt and its GDB remote protocol server both drive one of these.
///
/// How it moves: Cairn runs are deterministic, so the state before step N is the same in every
/// run of the target. Each move replays the run from the start in a fresh store with an
/// instruction hook (the traced `switch` loop, docs/debugging.md) that follows the call stack
/// and, at the first step that meets the move's stop condition, copies the state out; the
/// replay then runs on to its end untouched. Going backwards is the same as going forwards:
/// a replay to an earlier step. So every state shown is exact, a move costs one traced run of
/// the program, and nothing in the machine changes (a run without a debugger is as fast as
/// before). There are no intermediate snapshots: the machine cannot be resumed from a copied
/// state outside provable tasks (docs/proofs.md, "Checkpoints").
public final class DebugSession {
    /// The program being debugged.
    public let target: DebugTarget
    /// How the run ends, from the first run at load.
    public let outcome: DebugOutcome
    /// Where the session is.
    public private(set) var position: DebugPosition
    /// The breakpoints, in the order they were set.
    public private(set) var breakpoints: [Breakpoint] = []
    private var nextBreakpoint = 1
    /// Whether the target's runs are metered (states then carry gas).
    public let metered: Bool

    /// Loads `target`: runs it once to its end (for the step count and outcome) and stops
    /// before its first instruction.
    public init(target: DebugTarget) {
        self.target = target
        metered = target.makeStore().schedule != nil
        var finished: DebugOutcome?
        var first: DebugState?
        (first, finished) = Self.replay(target) { step, _ in step == 0 }
        outcome = finished!
        position = first.map { .stopped($0) } ?? .finished(finished!)
    }

    /// The state the session is stopped in, or nil at the end.
    public var state: DebugState? {
        if case .stopped(let state) = position { return state }
        return nil
    }

    // MARK: Moving

    /// Runs one instruction.
    public func step() { move(to: { step, _ in step > self.currentStep }) }

    /// Runs one instruction, or a whole call (stops back in this frame, or in its caller when
    /// the frame returns), or to a breakpoint on the way.
    public func next() {
        let depth = state?.depth ?? 0
        move(to: { step, frames in step > self.currentStep && (frames.count - 1 <= depth || self.hits(step, frames)) })
    }

    /// Runs until the current frame returns (or a breakpoint on the way).
    public func finish() {
        let depth = state?.depth ?? 0
        move(to: { step, frames in step > self.currentStep && (frames.count - 1 < depth || self.hits(step, frames)) })
    }

    /// Runs to the next breakpoint, or to the end.
    public func `continue`() { move(to: { step, frames in step > self.currentStep && self.hits(step, frames) }) }

    /// Goes back one instruction (by replaying to the step before).
    public func reverseStep() {
        guard currentStep > 0 else { return }
        goto(step: currentStep - 1)
    }

    /// Goes back to the last breakpoint hit before the current step (or the start).
    public func reverseContinue() {
        let now = currentStep
        var last: UInt64 = 0
        _ = Self.replay(target) { step, frames in
            if step < now, self.hits(step, frames) { last = step }
            return false
        }
        goto(step: last)
    }

    /// Stops before step `step` (the end when the run has fewer steps), forwards or backwards.
    public func goto(step: UInt64) { move(to: { now, _ in now == step }) }

    /// The step the session is stopped before (the step count at the end).
    public var currentStep: UInt64 {
        switch position {
        case .stopped(let state): state.step
        case .finished(let outcome): outcome.steps
        }
    }

    private func move(to stop: @escaping (UInt64, [DebugFrame]) -> Bool) {
        let (found, finished) = Self.replay(target, until: stop)
        position = found.map { .stopped($0) } ?? .finished(finished ?? outcome)
    }

    /// Whether the run stops before step `step` with `frames` for a breakpoint.
    private func hits(_ step: UInt64, _ frames: [DebugFrame]) -> Bool {
        let pc = frames[frames.count - 1].pc
        return breakpoints.contains { $0.step == step || $0.pcs.contains(pc) }
    }

    /// Runs `target` from the start, copying the state out before the first step that meets
    /// `stop`; returns it (nil if none did) and how the run ended.
    static func replay(_ target: DebugTarget, until stop: @escaping (UInt64, [DebugFrame]) -> Bool) -> (DebugState?, DebugOutcome?) {
        let store = target.makeStore()
        var frames: [DebugFrame] = []
        var step: UInt64 = 0
        var found: DebugState?
        store.instructionHook = { point in
            defer { step &+= 1 }
            guard found == nil else { return }
            let frame = DebugFrame(pc: point.pc, base: point.base, instance: point.instance)
            if point.depth < frames.count {
                frames.removeLast(frames.count - point.depth - 1)
                frames[point.depth] = frame
            } else {
                // A call from the host (or from a host function) starts at depth 0 again;
                // frames it skips are host frames, shown as their callers' pcs.
                while frames.count < point.depth { frames.append(frames.last ?? frame) }
                frames.append(frame)
            }
            if stop(step, frames) { found = capture(target, store, point, step: step, frames: frames) }
        }
        var results: [Value]?
        var trap: String?
        do {
            results = try target.launch(store)
        } catch let error as InstantiationError {
            if case .trap(let inner) = error { trap = inner.description } else { trap = error.description }
        } catch {
            trap = "\(error)"
        }
        store.instructionHook = nil
        let outcome = DebugOutcome(steps: step, results: results, trap: trap, gasLeft: store.gasLimit &- store.gasUsed)
        return (found, outcome)
    }

    /// The state of `store` before the instruction at `point`.
    static func capture(_ target: DebugTarget, _ store: Store, _ point: InstructionPoint, step: UInt64, frames: [DebugFrame]) -> DebugState {
        let instance = store.instance(at: point.instance)
        let function = target.info.places.function(at: point.pc)
        let end = min(point.base + Int(target.compiled(function.index).frameSize), store.valueSlots.count)
        let globals = (0..<instance.globalCount).map { instance.globalBits($0) }
        let memory = instance.memory.flatMap { $0.read(offset: 0, count: $0.byteCount) } ?? []
        return DebugState(
            step: step, gas: point.gas, frames: frames, slots: Array(store.valueSlots[0..<end]), globals: globals,
            memory: memory)
    }

    // MARK: Breakpoints

    /// Sets a breakpoint at `spec`: a function name, `FILE:LINE`, `@STEP` or `*PC`.
    /// Returns it, or throws when nothing matches.
    @discardableResult
    public func setBreakpoint(_ spec: String) throws(DebugError) -> Breakpoint {
        var breakpoint = Breakpoint(number: nextBreakpoint, spec: spec, pcs: [], step: nil)
        if spec.hasPrefix("@") {
            guard let step = UInt64(spec.dropFirst()) else { throw DebugError("not a step number: \(spec)") }
            breakpoint.step = step
        } else if spec.hasPrefix("*") {
            guard let pc = Int(spec.dropFirst()), pc >= 0, pc < target.program.code.count else {
                throw DebugError("not a program offset: \(spec)")
            }
            breakpoint.pcs = [pc]
        } else if let colon = spec.lastIndex(of: ":"), let line = UInt64(spec[spec.index(after: colon)...]) {
            breakpoint.pcs = try SourceBreakpoints(target.info).pcs(file: String(spec[..<colon]), line: line)
        } else {
            guard let pc = functionEntry(named: spec) else { throw DebugError("no function named \(spec)") }
            breakpoint.pcs = [pc]
        }
        nextBreakpoint += 1
        breakpoints.append(breakpoint)
        return breakpoint
    }

    /// Deletes breakpoint `number` (all of them for nil); false when there is no such one.
    @discardableResult
    public func deleteBreakpoint(_ number: Int?) -> Bool {
        guard let number else {
            breakpoints.removeAll()
            return true
        }
        guard let index = breakpoints.firstIndex(where: { $0.number == number }) else { return false }
        breakpoints.remove(at: index)
        return true
    }

    /// Sets a breakpoint at program offset `pc` (the GDB server's `Z0`), unless one is there.
    public func setBreakpoint(pc: Int) {
        guard !breakpoints.contains(where: { $0.pcs == [pc] }) else { return }
        _ = try? setBreakpoint("*\(pc)")
    }

    /// Deletes the breakpoints at program offset `pc` (the GDB server's `z0`).
    public func deleteBreakpoints(pc: Int) {
        breakpoints.removeAll { $0.pcs == [pc] }
    }

    /// The entry of the function called `name` (any of its names).
    func functionEntry(named name: String) -> Int? {
        for (position, function) in target.program.functions.enumerated() {
            let entry = Int(function.entry)
            if target.info.places.function(at: entry).names.contains(name), target.info.places.function(at: entry).index == target.program.importedFunctionCount + position {
                return entry
            }
        }
        return nil
    }
}

/// A debugger request that cannot be met: a breakpoint that matches nothing, a bad address.
public struct DebugError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
