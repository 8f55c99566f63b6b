import CairnProgram
import CairnWasm

/// Control, call, global, memory-size and table instructions: everything the opcode table does
/// not give as a pure function.
extension StepMachine {
    mutating func control(_ instruction: Instruction, next: inout UInt32) throws(StepFailure) {
        switch instruction {
        case .unreachable, .breakpoint:
            throw .trap(.unreachable)
        case .copy(let d, let s):
            try setSlot(d, try slot(s))
        case .const32(let d, let value):
            try setSlot(d, UInt64(value))
        case .const64(let d, let low, let high):
            try setSlot(d, UInt64(low) | UInt64(high) << 32)
        case .select(let d, let other, let condition):
            if try u32(condition) == 0 { try setSlot(d, try slot(other)) }
        case .br(let target):
            next = target
        case .brIfNez(let condition, let target):
            if try u32(condition) != 0 { next = target }
        case .brIfEqz(let condition, let target):
            if try u32(condition) == 0 { next = target }
        case .brTable(let index, let targets, let count):
            guard count > 0 else { throw .trap(.unreachable) }
            let entry = UInt64(targets) + min(try u32(index), UInt64(count) - 1)
            let leaf = try program(.brTable, entry >> 3)
            next = UInt32(truncatingIfNeeded: leaf[word: Int((entry & 7) >> 1)] >> (32 * (entry & 1)))
        case .call(let function, let frame):
            // A static operand: TaskProgram checked it against the function count when the
            // program commitment was made, so no count is read (calls keep small proofs).
            let record = try program(.functions, UInt64(function))
            try call(record, frame: frame, next: &next)
        case .callIndirect(let type, let table, let frame):
            let typeLeaf = try program(.types, UInt64(type))
            guard typeLeaf.w3 == 1 else { throw .trap(.unreachable) }
            let element = try u32(frame, plus: typeLeaf.w0)
            guard element < (try tableSize(UInt64(table))) else { throw .trap(.undefinedElement) }
            let reference = try self.element(UInt64(table), element)
            guard reference != 0 else { throw .trap(.uninitializedElement) }
            let record = try functionRecord(reference - 1, otherwise: .indirectCallTypeMismatch)
            guard record.w3 & 0xFF != 0, record.w3 >> 32 == typeLeaf.w2 else { throw .trap(.indirectCallTypeMismatch) }
            try call(record, frame: frame, next: &next)
        case .return:
            if r.depth == 0 {
                r.status = .halted
                return
            }
            r.depth -= 1
            let frame = try read(.frames, UInt64(r.depth))
            try write(.frames, UInt64(r.depth), .zero)
            next = UInt32(truncatingIfNeeded: frame.w0)
            r.base = UInt32(truncatingIfNeeded: frame.w1)

        case .globalGet(let d, let global):
            try setSlot(d, try read(.globals, UInt64(global)).w0)
        case .globalSet(let s, let global):
            try write(.globals, UInt64(global), Leaf(try slot(s), 0, 0, 0))

        case .memorySize(let d):
            try setSlot(d, UInt64(r.memoryPages))
        case .memoryGrow(let d, let delta):
            let pages = try u32(delta)
            let maximum = min(try program(.config, 0).w0, TaskLimits.maxMemoryPages)
            if pages <= maximum, UInt64(r.memoryPages) + pages <= maximum {
                try pay(product(pages, try prices().w0))
                try setSlot(d, UInt64(r.memoryPages))
                r.memoryPages += UInt32(pages)
            } else {
                try setSlot(d, 0xFFFF_FFFF)
            }
        case .memoryFill(let o):
            try memoryFill(o)
        case .memoryCopy(let o):
            try memoryCopy(o)
        case .memoryInit(let segment, let o):
            try memoryInit(UInt64(segment), o)
        case .dataDrop(let segment):
            // Only a segment that has bytes is marked: dropping an empty one changes nothing.
            guard segment < 4096 else { throw .trap(.unreachable) }
            if try program(.dataInfo, UInt64(segment)).w0 > 0 {
                try write(.aux, AuxRegion.droppedData.leaf(UInt64(segment)), Leaf(1, 0, 0, 0))
            }

        case .tableGet(let d, let index, let table):
            let i = try u32(index)
            guard i < (try tableSize(UInt64(table))) else { throw .trap(.tableOutOfBounds) }
            try setSlot(d, try element(UInt64(table), i))
        case .tableSet(let index, let value, let table):
            let i = try u32(index)
            guard i < (try tableSize(UInt64(table))) else { throw .trap(.tableOutOfBounds) }
            try setElement(UInt64(table), i, try slot(value))
        case .tableSize(let d, let table):
            try setSlot(d, try tableSize(UInt64(table)))
        case .tableGrow(let table, let o):
            try tableGrow(UInt64(table), o)
        case .tableFill(let table, let o):
            try tableFill(UInt64(table), o)
        case .tableCopy(let destination, let source, let o):
            try tableCopy(UInt64(destination), UInt64(source), o)
        case .tableInit(let table, let segment, let o):
            try tableInit(UInt64(table), UInt64(segment), o)
        case .elemDrop(let segment):
            guard segment < 4096 else { throw .trap(.unreachable) }
            if try program(.elementInfo, UInt64(segment)).w0 > 0 {
                try write(.aux, AuxRegion.droppedElements.leaf(UInt64(segment)), Leaf(1, 0, 0, 0))
            }
        case .refFunc(let d, let function):
            try setSlot(d, UInt64(function) + 1)
        case .refIsNull(let d, let s):
            try setSlot(d, try slot(s) == 0 ? 1 : 0)
        default:
            // Numeric, load and store instructions are pure effects, handled before.
            throw .trap(.unreachable)
        }
    }

    /// Calls the function whose record is `record`, its frame at slot `frame`: a host function,
    /// or a Wasm function whose declared locals are zeroed, ``TaskLimits/localsPerStep`` per
    /// step from the last one down, before the frame is pushed.
    mutating func call(_ record: Leaf, frame: Slot, next: inout UInt32) throws(StepFailure) {
        let kind = record.w3 & 0xFF
        if kind == 2 { return try hostCall((record.w3 >> 8) & 0xFF_FFFF, frame: frame) }
        guard kind == 1 else { throw .trap(.unreachable) }
        let base = UInt64(r.base) + UInt64(frame)
        let parameters = record.w1 & 0xFFFF_FFFF
        let locals = record.w2 & 0xFFFF_FFFF
        let frameSize = record.w2 >> 32
        guard locals >= parameters, r.progress == 0 || r.progress < locals - parameters else { throw .trap(.unreachable) }
        guard UInt64(r.depth) < TaskLimits.maxCallDepth else { throw .trap(.callStackExhausted) }
        guard base + frameSize <= TaskLimits.maxSlots else { throw .trap(.valueStackExhausted) }
        let remaining = locals - parameters - r.progress
        let count = min(remaining, TaskLimits.localsPerStep)
        // From the top down: a call_indirect's element index sits in the first local's slot
        // and must survive until the last step.
        for i in stride(from: remaining, to: remaining - count, by: -1) {
            try setAbsoluteSlot(base + parameters + i - 1, 0)
        }
        if remaining > count {
            r.progress += count
            finished = false
            return
        }
        try write(.frames, UInt64(r.depth), Leaf(UInt64(next), UInt64(r.base), 0, 0))
        r.depth += 1
        r.base = UInt32(base)
        next = UInt32(truncatingIfNeeded: record.w0)
    }
}
