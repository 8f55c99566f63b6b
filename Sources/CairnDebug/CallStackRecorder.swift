import CairnMachine

/// Follows the call stack of a traced run: before each instruction, the pc of every frame
/// (a caller's is its call instruction). After a trap, ``pcs`` is the backtrace.
public final class CallStackRecorder {
    /// The pc of each frame, outermost first, and the store index of its instance.
    public private(set) var frames: [(pc: Int, instance: Int)] = []

    public init() {}

    /// The hook to install as ``Store/instructionHook``.
    public var hook: InstructionHook { { [unowned self] point in self.record(point) } }

    private func record(_ point: InstructionPoint) {
        if point.depth < frames.count {
            frames.removeLast(frames.count - point.depth - 1)
            frames[point.depth] = (point.pc, point.instance)
        } else {
            while frames.count < point.depth { frames.append((-1, point.instance)) }
            frames.append((point.pc, point.instance))
        }
    }

    /// The frames' pcs, innermost first.
    public var pcs: [Int] { frames.reversed().map(\.pc) }
}
