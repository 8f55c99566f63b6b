import CairnWasm

/// Builds the entrypoint: the code that does what instantiation used to do, so that a run
/// starts from an empty machine plus the program and initialisation is part of the trace.
///
/// In order: grow each defined memory to its initial size, grow each defined table to its
/// initial size (null elements), set each defined global to its initial value, apply active
/// element segments (`table.init` then `elem.drop`) and drop declarative ones, apply active
/// data segments (`memory.init` then `data.drop`), call the start function, return. The frame
/// has three operand slots and a scratch slot.
struct EntrypointBuilder {
    var code: [Instruction] = []

    static let frameSize: UInt32 = 4

    mutating func emitConstant(_ constant: ConstExpression, into slot: Slot) {
        switch constant {
        case .i32(let v), .f32(let v): code.append(.const32(dst: slot, value: v))
        case .i64(let v), .f64(let v):
            code.append(.const64(dst: slot, low: UInt32(truncatingIfNeeded: v), high: UInt32(truncatingIfNeeded: v >> 32)))
        case .refNull: code.append(.const64(dst: slot, low: 0, high: 0))
        case .refFunc(let function): code.append(.refFunc(dst: slot, function: function))
        case .globalGet(let global): code.append(.globalGet(dst: slot, global: global))
        }
    }

    /// The entrypoint's instructions for `module`.
    static func build(_ module: WasmModule) -> [Instruction] {
        var builder = EntrypointBuilder()
        for memory in module.memories where memory.min > 0 {
            builder.code.append(.const32(dst: 0, value: UInt32(memory.min)))
            builder.code.append(.memoryGrow(dst: 0, delta: 0))
        }
        let importedTables = module.importedTables.count
        for (i, table) in module.tables.enumerated() where table.limits.min > 0 {
            builder.code.append(.const64(dst: 0, low: 0, high: 0))
            builder.code.append(.const32(dst: 1, value: UInt32(table.limits.min)))
            builder.code.append(.tableGrow(table: UInt32(importedTables + i), operands: 0))
        }
        let importedGlobals = module.importedGlobals.count
        for (i, global) in module.globals.enumerated() {
            builder.emitConstant(global.initializer, into: 0)
            builder.code.append(.globalSet(src: 0, global: UInt32(importedGlobals + i)))
        }
        for (i, segment) in module.elements.enumerated() {
            switch segment.mode {
            case .active(let table, let offset):
                builder.emitConstant(offset, into: 0)
                builder.code.append(.const32(dst: 1, value: 0))
                builder.code.append(.const32(dst: 2, value: UInt32(segment.items.count)))
                builder.code.append(.tableInit(table: table, segment: UInt32(i), operands: 0))
                builder.code.append(.elemDrop(segment: UInt32(i)))
            case .declarative:
                builder.code.append(.elemDrop(segment: UInt32(i)))
            case .passive:
                break
            }
        }
        for (i, segment) in module.data.enumerated() {
            if case .active(_, let offset) = segment.mode {
                builder.emitConstant(offset, into: 0)
                builder.code.append(.const32(dst: 1, value: 0))
                builder.code.append(.const32(dst: 2, value: UInt32(segment.bytes.count)))
                builder.code.append(.memoryInit(segment: UInt32(i), operands: 0))
                builder.code.append(.dataDrop(segment: UInt32(i)))
            }
        }
        if let start = module.start {
            builder.code.append(.call(function: start, frame: 0))
        }
        builder.code.append(.return)
        return builder.code
    }
}
