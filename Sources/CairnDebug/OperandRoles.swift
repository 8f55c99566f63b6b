import CairnProgram

/// Which value slots an instruction reads and which one it writes, for traces.
///
/// Derived from the instruction itself rather than a second opcode table: the disassembly
/// text (``Instruction/operandText``) shows every slot operand as `sN` and every other operand
/// as `name=N`, in the order of the instruction's fields, and the fields' labels (by
/// reflection) tell the destination `dst` from the sources. Instructions that take several
/// consecutive slots from one operand (bulk memory and table operations: `operands`) read
/// three (`table.grow`: two, and writes the first). Calls read and write their callee's
/// frame, which the callee's own instructions trace; their `frame` slot is not listed.
public struct OperandRoles: Sendable, Equatable {
    /// Frame-relative slots read, in operand order.
    public var reads: [Slot]
    /// The frame-relative slot written, if any.
    public var write: Slot?

    public init(reads: [Slot], write: Slot?) {
        self.reads = reads
        self.write = write
    }

    /// The roles of `instruction`'s operands.
    public init(of instruction: Instruction) {
        let labels = Self.fieldLabels(instruction)
        let tokens = instruction.operandText.split(separator: " ")
        var reads: [Slot] = []
        var write: Slot?
        guard labels.count == tokens.count else {
            self.init(reads: [], write: nil)
            return
        }
        for (label, token) in zip(labels, tokens) {
            guard token.first == "s", !token.contains("="), let slot = Slot(token.dropFirst()) else { continue }
            switch label {
            case "dst":
                write = slot
                // `select` keeps its first operand in `dst`.
                if case .select = instruction { reads.append(slot) }
            case "frame":
                continue
            case "operands":
                var grows = false
                if case .tableGrow = instruction { grows = true }
                reads += (0..<(grows ? 2 : 3)).map { slot + Slot($0) }
                if grows { write = slot }
            default:
                reads.append(slot)
            }
        }
        self.init(reads: reads, write: write)
    }

    /// The labels of the instruction's payload fields, in order ("" for an unlabelled one).
    static func fieldLabels(_ instruction: Instruction) -> [String] {
        guard let payload = Mirror(reflecting: instruction).children.first?.value else { return [] }
        let fields = Mirror(reflecting: payload)
        if fields.displayStyle == .tuple { return fields.children.map { $0.label ?? "" } }
        // A single field is its value itself, and its label is lost: a single slot operand
        // (`memory.size`'s `dst`, the bulk operations' `operands`) is named by the case.
        return [Self.singleFieldLabel(instruction)]
    }

    private static func singleFieldLabel(_ instruction: Instruction) -> String {
        switch instruction {
        case .memorySize: "dst"
        case .memoryFill, .memoryCopy: "operands"
        default: "value"
        }
    }
}
