import CairnMachine
import CairnProgram

/// One call frame of a stopped run, as the debugger shows it.
public struct DebugFrame: Sendable, Equatable {
    /// The frame's current instruction (a caller's is its call instruction).
    public var pc: Int
    /// The frame's first value slot in the store's value stack.
    public var base: Int
    /// The store index of the instance the frame runs in.
    public var instance: Int
}

/// The machine state of a run stopped before an instruction: everything the debugger can
/// show, copied out of the store (the run itself goes on to its end; see ``DebugSession``).
public struct DebugState: Sendable, Equatable {
    /// Instructions executed before this one (the step trace's `step`).
    public var step: UInt64
    /// Gas left before the instruction (metered runs; else the unlimited value).
    public var gas: UInt64
    /// The call frames, outermost first; the last is the current frame.
    public var frames: [DebugFrame]
    /// The value slots from 0 to the end of the current frame.
    public var slots: [UInt64]
    /// The global values (raw bits), in the global index space of the current instance.
    public var globals: [UInt64]
    /// The current instance's linear memory (empty without one).
    public var memory: [UInt8]

    /// The current frame.
    public var current: DebugFrame { frames[frames.count - 1] }
    /// The instruction about to run.
    public var pc: Int { current.pc }
    /// Call frames below the current one (0: the function called from the host).
    public var depth: Int { frames.count - 1 }
}

/// How a run ended.
public struct DebugOutcome: Sendable, Equatable {
    /// Instructions executed in all.
    public var steps: UInt64
    /// The results, when it returned.
    public var results: [Value]?
    /// The trap's message, when it trapped (out of gas included).
    public var trap: String?
    /// Gas left at the end (metered runs).
    public var gasLeft: UInt64
}

/// Where a debugging session is: stopped before an instruction, or at the end of the run.
public enum DebugPosition: Sendable, Equatable {
    case stopped(DebugState)
    case finished(DebugOutcome)
}
