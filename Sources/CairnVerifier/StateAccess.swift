import CairnProgram
import CairnWasm

/// How the step function reaches a state: its registers, and leaves of its trees.
///
/// The step function (``TaskStep``) is written once over this protocol. A concrete state
/// implements it to step; a recording wrapper logs which leaves a step touches to build its
/// proof; the verifier implements it over the leaves a proof carries. So the verifier cannot
/// disagree with the stepper. The fast machine is a separate implementation (it runs on host
/// memory, not leaves); what keeps it equal to this one is the differential fuzzer
/// (docs/fuzzing.md), since tests that run this code on both sides cannot see a difference.
public protocol StateAccess {
    var registers: Registers { get set }
    /// The leaf at `index` of `tree`.
    mutating func read(_ tree: Tree, _ index: UInt64) throws(ProofError) -> Leaf
    /// Replaces the leaf at `index` of `tree`.
    mutating func write(_ tree: Tree, _ index: UInt64, _ leaf: Leaf) throws(ProofError)
}

/// Fixed limits of the task machine; part of its specification, not of a program. They are
/// ``StepModel``'s, which the fast machine's step counting reads too.
public enum TaskLimits {
    /// Value slots (the slots tree holds exactly this many).
    public static let maxSlots = StepModel.maxSlots
    /// Call frames below the current one.
    public static let maxCallDepth = StepModel.maxCallDepth
    /// Memory pages, whatever the declared maximum.
    public static let maxMemoryPages = StepModel.maxMemoryPages
    /// Table elements, whatever the declared maximum.
    public static let maxTableElements = StepModel.maxTableElements
    /// Output bytes (the output tree's capacity).
    public static let maxOutputBytes = StepModel.maxOutputBytes
    /// Input bytes (the input tree's capacity).
    public static let maxInputBytes = StepModel.maxInputBytes
    /// Locals a call zeroes per step.
    public static let localsPerStep = StepModel.localsPerStep
}

/// The effect of a numeric, load or store instruction (generated from the opcode table).
enum PureEffect {
    case unary(Slot, Slot, (UInt64) throws(TrapKind) -> UInt64)
    case binary(Slot, Slot, Slot, (UInt64, UInt64) throws(TrapKind) -> UInt64)
    case load(Slot, Slot, UInt32, Int, (UInt64) -> UInt64)
    case store(Slot, Slot, UInt32, Int)
}

/// What a fused compare-and-branch does (generated from the opcode table, StepSemantics.swift):
/// jump to `target` when `test(lhs, rhs)` holds.
struct CompareBranch {
    enum Operand {
        case slot(Slot)
        case value(UInt64)
    }
    var lhs: Slot
    var rhs: Operand
    var target: UInt32
    var test: (UInt64, UInt64) -> Bool
}

/// A step stops early: a trap of the task, or a state the step cannot read.
enum StepFailure: Error {
    case trap(TrapKind)
    case proof(ProofError)
}

/// The code tree's leaf for one instruction: byte 0 its encoded length, bytes 1… the canonical
/// encoding, word 3 its static gas cost.
public enum CodeLeaf {
    public static func make(_ instruction: Instruction, cost: UInt64) -> Leaf {
        let encoding = instruction.canonicalEncoding
        var leaf = Leaf(bytes: [UInt8(encoding.count)] + encoding)
        leaf.w3 = cost
        return leaf
    }

    /// The instruction and its cost, or nil if the leaf holds none.
    public static func parse(_ leaf: Leaf) -> (Instruction, UInt64)? {
        let count = Int(leaf[byte: 0])
        guard count >= 1, count <= 16 else { return nil }
        guard let instruction = try? Instruction(canonicalEncoding: (1...count).map { leaf[byte: $0] }) else { return nil }
        return (instruction, leaf.w3)
    }
}
