/// The step model of the task machine: the constants that decide how many proof steps an
/// instruction takes and what the task machine's fixed limits are.
///
/// Both the fast machine (which counts steps while it runs, CairnMachine's `StepCounting`) and
/// the proof machine (CairnVerifier's `TaskStep`, which takes them one at a time) read these, so
/// that the two cannot count differently. docs/proofs.md, "Steps", specifies them.
public enum StepModel {
    /// Bytes in one leaf of the memory, input and output trees: a bulk memory operation moves the
    /// bytes of one destination leaf per step.
    public static let leafBytes: UInt64 = 32
    /// log2 of ``leafBytes``.
    public static let leafShift: UInt64 = 5
    /// Declared locals a call zeroes per step.
    public static let localsPerStep: UInt64 = 8
    /// Table elements a table operation writes per step.
    public static let elementsPerStep: UInt64 = 1

    /// Value slots of the task machine (the slots tree holds exactly this many).
    public static let maxSlots: UInt64 = 1 << 20
    /// Call frames below the current one.
    public static let maxCallDepth: UInt64 = 10_000
    /// Memory pages, whatever the declared maximum.
    public static let maxMemoryPages: UInt64 = 65536
    /// Table elements, whatever the declared maximum.
    public static let maxTableElements: UInt64 = 10_000_000
    /// Output bytes (the output tree's capacity).
    public static let maxOutputBytes: UInt64 = 1 << 32
    /// Input bytes (the input tree's capacity).
    public static let maxInputBytes: UInt64 = 1 << 32

    /// Extra steps of a call of a function with `locals` declared locals (beyond its
    /// parameters): they are zeroed ``localsPerStep`` per step, the last part pushing the frame.
    @inlinable
    public static func callSteps(locals: UInt64) -> UInt64 {
        locals == 0 ? 0 : (locals &+ localsPerStep &- 1) / localsPerStep &- 1
    }

    /// Extra steps of a bulk memory operation writing `count` bytes from `address`: one step per
    /// leaf the destination touches.
    @inlinable
    public static func leafSteps(address: UInt64, count: UInt64) -> UInt64 {
        count == 0 ? 0 : ((address &+ count &- 1) >> leafShift) &- (address >> leafShift)
    }

    /// Extra steps of a table operation on `count` elements.
    @inlinable
    public static func elementSteps(_ count: UInt64) -> UInt64 { count == 0 ? 0 : count &- 1 }
}
