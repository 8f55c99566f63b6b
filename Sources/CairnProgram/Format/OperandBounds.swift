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
