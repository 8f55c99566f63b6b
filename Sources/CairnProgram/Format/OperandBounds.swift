import CairnWasm

/// What the operands of one function's instructions may refer to, for decode-time checks.
struct OperandBounds {
    var frameSize: UInt32
    var codeCount: Int
    var brTableTargetCount: Int
    var functionCount: Int
    var types: [CairnWasm.FunctionType]
    var tableCount: Int
    var globalCount: Int
    var dataCount: Int
    var elementCount: Int
    var hasMemory: Bool

    func slot(_ slot: UInt32, width: UInt32) -> String? {
        UInt64(slot) + UInt64(width) <= UInt64(frameSize) ? nil : "slot \(slot) (+\(width)) outside a frame of \(frameSize)"
    }
    func callIndirectFrame(_ frame: UInt32, type: UInt32) -> String? {
        guard Int(type) < types.count else { return "unknown type \(type)" }
        return slot(frame, width: UInt32(types[Int(type)].parameters.count) + 1)
    }
    func code(_ target: UInt32) -> String? { Int(target) < codeCount ? nil : "branch target \(target) outside the code" }
    func brTable(_ start: UInt32, count: UInt32) -> String? {
        count >= 1 && UInt64(start) + UInt64(count) <= UInt64(brTableTargetCount) ? nil : "br_table entries out of range"
    }
    func function(_ index: UInt32) -> String? { Int(index) < functionCount ? nil : "unknown function \(index)" }
    func type(_ index: UInt32) -> String? { Int(index) < types.count ? nil : "unknown type \(index)" }
    func table(_ index: UInt32) -> String? { Int(index) < tableCount ? nil : "unknown table \(index)" }
    func global(_ index: UInt32) -> String? { Int(index) < globalCount ? nil : "unknown global \(index)" }
    func data(_ index: UInt32) -> String? { Int(index) < dataCount ? nil : "unknown data segment \(index)" }
    func element(_ index: UInt32) -> String? { Int(index) < elementCount ? nil : "unknown element segment \(index)" }
}

/// The largest operand of each kind that decoding has seen.
///
/// Every operand of a kind is in range exactly when the largest one is, so comparing these
/// maxima with the program's counts once (``fit(_:)``) stands for checking every operand of
/// every instruction. Decoding notes each operand as it reads it (a `max`, no branch); only
/// a program whose maxima do not fit is checked instruction by instruction, to find and name
/// the first problem exactly as ``Instruction/operandProblem(_:)`` does.
struct OperandMaxima {
    /// The program's types, for the frame of `call_indirect`, which depends on its type.
    let types: [CairnWasm.FunctionType]
    /// The end (slot + width) of the highest slot used in the function being decoded.
    var slotEnd: UInt64 = 0
    /// Whether some finished function uses a slot outside its frame.
    var slotOutsideFrame = false
    // The end (index + 1) of the highest index of each kind used anywhere in the code.
    var codeEnd: UInt64 = 0
    var brTableEnd: UInt64 = 0
    var functionEnd: UInt64 = 0
    var typeEnd: UInt64 = 0
    var tableEnd: UInt64 = 0
    var globalEnd: UInt64 = 0
    var dataEnd: UInt64 = 0
    var elementEnd: UInt64 = 0
    /// Whether some `br_table` has no entries (not even a default).
    var emptyBrTable = false
    /// Whether some instruction needs a memory.
    var usesMemory = false

    init(types: [CairnWasm.FunctionType]) { self.types = types }

    @inline(__always) mutating func slot(_ slot: UInt32, width: UInt32) { slotEnd = max(slotEnd, UInt64(slot) + UInt64(width)) }
    @inline(__always) mutating func callIndirectFrame(_ frame: UInt32, type: UInt32) {
        // An unknown type shows in `typeEnd`; only a known one says how wide the frame is.
        if Int(type) < types.count { slot(frame, width: UInt32(types[Int(type)].parameters.count) + 1) }
    }
    @inline(__always) mutating func code(_ target: UInt32) { codeEnd = max(codeEnd, UInt64(target) + 1) }
    @inline(__always) mutating func brTable(_ start: UInt32, count: UInt32) {
        if count == 0 { emptyBrTable = true }
        brTableEnd = max(brTableEnd, UInt64(start) + UInt64(count))
    }
    @inline(__always) mutating func function(_ index: UInt32) { functionEnd = max(functionEnd, UInt64(index) + 1) }
    @inline(__always) mutating func type(_ index: UInt32) { typeEnd = max(typeEnd, UInt64(index) + 1) }
    @inline(__always) mutating func table(_ index: UInt32) { tableEnd = max(tableEnd, UInt64(index) + 1) }
    @inline(__always) mutating func global(_ index: UInt32) { globalEnd = max(globalEnd, UInt64(index) + 1) }
    @inline(__always) mutating func data(_ index: UInt32) { dataEnd = max(dataEnd, UInt64(index) + 1) }
    @inline(__always) mutating func element(_ index: UInt32) { elementEnd = max(elementEnd, UInt64(index) + 1) }

    /// Ends the code of a function with `frameSize` slots (the entrypoint's too).
    mutating func endFunction(frameSize: UInt32) {
        if slotEnd > UInt64(frameSize) { slotOutsideFrame = true }
        slotEnd = 0
    }

    /// Whether every operand seen is within `bounds` (slots were compared with each
    /// function's own frame by ``endFunction(frameSize:)``).
    func fit(_ bounds: OperandBounds) -> Bool {
        !slotOutsideFrame && !emptyBrTable && (!usesMemory || bounds.hasMemory)
            && codeEnd <= UInt64(bounds.codeCount) && brTableEnd <= UInt64(bounds.brTableTargetCount)
            && functionEnd <= UInt64(bounds.functionCount) && typeEnd <= UInt64(bounds.types.count)
            && tableEnd <= UInt64(bounds.tableCount) && globalEnd <= UInt64(bounds.globalCount)
            && dataEnd <= UInt64(bounds.dataCount) && elementEnd <= UInt64(bounds.elementCount)
    }
}
