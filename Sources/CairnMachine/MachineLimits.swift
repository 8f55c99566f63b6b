import CairnProgram

/// Deterministic resource limits of a machine. Exceeding one is a trap (or a failed grow),
/// never a native crash, and the same on every host.
public struct MachineLimits: Hashable, Sendable {
    /// The deepest call stack, in frames; deeper calls trap with `callStackExhausted`.
    public var maxCallDepth: Int = 10_000
    /// Value slots (8 bytes each) shared by all frames; more traps with `valueStackExhausted`.
    /// The slots are reserved, not touched, so unused ones cost no memory.
    public var maxValueSlots: Int = 1 << 20
    /// The most pages (64 KiB) a memory may grow to, whatever its declared maximum.
    public var maxMemoryPages: UInt64 = 65536
    /// The most elements a table may grow to, whatever its declared maximum.
    public var maxTableElements: UInt64 = 10_000_000

    /// The default limits.
    public init() {}
}

extension MachineLimits {
    /// The task machine's limits (`StepModel`): what a fast run of a task must use so that it
    /// traps where the proof machine does.
    public static var taskMachine: MachineLimits {
        var limits = MachineLimits()
        limits.maxCallDepth = Int(StepModel.maxCallDepth)
        limits.maxValueSlots = Int(StepModel.maxSlots)
        limits.maxMemoryPages = StepModel.maxMemoryPages
        limits.maxTableElements = StepModel.maxTableElements
        return limits
    }
}
