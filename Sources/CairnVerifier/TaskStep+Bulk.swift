import CairnProgram

/// Instructions that do variable work, one bounded part per step: bulk memory operations move
/// the bytes of one destination leaf per step, table operations one element per step, host
/// calls one destination leaf per step. The bounds checks and the whole dynamic gas are paid in
/// the first step (``Registers/progress`` 0); the instruction's result is written in the last.
extension StepMachine {
    mutating func memoryFill(_ o: Slot) throws(StepFailure) {
        let destination = try u32(o)
        let value = UInt8(truncatingIfNeeded: try slot(o, plus: 1))
        let count = try u32(o, plus: 2)
        try checkProgress(count)
        if r.progress == 0 {
            guard destination + count <= memoryBytes else { throw .trap(.memoryOutOfBounds) }
            try pay(try bulkBytesCost(count))
        }
        guard count > 0 else { return }
        let at = destination + r.progress
        let n = chunk(at: at, remaining: count - r.progress)
        try writeChunk(.memory, at, [UInt8](repeating: value, count: Int(n)))
        advance(by: n, of: count)
    }

    mutating func memoryCopy(_ o: Slot) throws(StepFailure) {
        let destination = try u32(o)
        let source = try u32(o, plus: 1)
        let count = try u32(o, plus: 2)
        try checkProgress(count)
        if r.progress == 0 {
            guard destination + count <= memoryBytes, source + count <= memoryBytes else { throw .trap(.memoryOutOfBounds) }
            try pay(try bulkBytesCost(count))
        }
        guard count > 0 else { return }
        let left = count - r.progress
        if destination <= source {
            // Front to back: what is written is never read again.
            let at = destination + r.progress
            let n = chunk(at: at, remaining: left)
            try writeChunk(.memory, at, try readBytes(.memory, source + r.progress, Int(n)))
            advance(by: n, of: count)
        } else {
            // Back to front, for a destination above an overlapping source.
            let end = destination + left
            let n = min(left, ((end - 1) & 31) + 1)
            try writeChunk(.memory, end - n, try readBytes(.memory, source + left - n, Int(n)))
            advance(by: n, of: count)
        }
    }

    mutating func memoryInit(_ segment: UInt64, _ o: Slot) throws(StepFailure) {
        let destination = try u32(o)
        let source = try u32(o, plus: 1)
        let count = try u32(o, plus: 2)
        let length = try dropped(.droppedData, segment) ? 0 : try program(.dataInfo, segment).w0
        try checkProgress(count)
        if r.progress == 0 {
            guard source + count <= length, destination + count <= memoryBytes else { throw .trap(.memoryOutOfBounds) }
            try pay(try bulkBytesCost(count))
        }
        guard count > 0 else { return }
        let at = destination + r.progress
        let n = chunk(at: at, remaining: count - r.progress)
        let base = ProgramRegion.dataBytes.leaf(segment << 28)
        try writeChunk(.memory, at, try readBytes(.program, base: base, source + r.progress, Int(n)))
        advance(by: n, of: count)
    }

    /// Refuses a state whose progress is not within the instruction's work (only a crafted state
    /// has one), so that no arithmetic below can overflow.
    func checkProgress(_ total: UInt64) throws(StepFailure) {
        guard r.progress == 0 || r.progress < total else { throw .trap(.unreachable) }
    }

    /// Records `n` more units done of `total`; the instruction continues unless all are done.
    mutating func advance(by n: UInt64, of total: UInt64) {
        r.progress += n
        if r.progress < total { finished = false }
    }

    mutating func tableGrow(_ table: UInt64, _ o: Slot) throws(StepFailure) {
        let value = try slot(o)
        let delta = try u32(o, plus: 1)
        let size = try tableSize(table)
        let maximum = min(try program(.tableInfo, table).w0, TaskLimits.maxTableElements)
        guard delta <= maximum, size <= maximum - delta else {
            try checkProgress(0)
            try setSlot(o, 0xFFFF_FFFF)
            return
        }
        // Only a non-null fill takes a step per element.
        try checkProgress(value != 0 ? delta : 0)
        if r.progress == 0 { try pay(product(delta, try prices().w2)) }
        // New elements are null unless written: a null fill takes one step.
        if value != 0, delta > 0 {
            try setElement(table, size + r.progress, value)
            advance(by: 1, of: delta)
            if !finished { return }
        }
        try write(.aux, AuxRegion.tableSize.leaf(table), Leaf(size + delta, 0, 0, 0))
        try setSlot(o, size)
    }

    mutating func tableFill(_ table: UInt64, _ o: Slot) throws(StepFailure) {
        let start = try u32(o)
        let value = try slot(o, plus: 1)
        let count = try u32(o, plus: 2)
        try checkProgress(count)
        if r.progress == 0 {
            guard start + count <= (try tableSize(table)) else { throw .trap(.tableOutOfBounds) }
            try pay(product(count, try prices().w2))
        }
        guard count > 0 else { return }
        try setElement(table, start + r.progress, value)
        advance(by: 1, of: count)
    }

    mutating func tableCopy(_ destinationTable: UInt64, _ sourceTable: UInt64, _ o: Slot) throws(StepFailure) {
        let destination = try u32(o)
        let source = try u32(o, plus: 1)
        let count = try u32(o, plus: 2)
        try checkProgress(count)
        if r.progress == 0 {
            guard destination + count <= (try tableSize(destinationTable)),
                source + count <= (try tableSize(sourceTable))
            else { throw .trap(.tableOutOfBounds) }
            try pay(product(count, try prices().w2))
        }
        guard count > 0 else { return }
        let k = destinationTable == sourceTable && destination > source ? count - 1 - r.progress : r.progress
        try setElement(destinationTable, destination + k, try element(sourceTable, source + k))
        advance(by: 1, of: count)
    }

    mutating func tableInit(_ table: UInt64, _ segment: UInt64, _ o: Slot) throws(StepFailure) {
        let destination = try u32(o)
        let source = try u32(o, plus: 1)
        let count = try u32(o, plus: 2)
        let length = try dropped(.droppedElements, segment) ? 0 : try program(.elementInfo, segment).w0
        try checkProgress(count)
        if r.progress == 0 {
            guard source + count <= length, destination + count <= (try tableSize(table)) else {
                throw .trap(.tableOutOfBounds)
            }
            try pay(product(count, try prices().w2))
        }
        guard count > 0 else { return }
        let item = source + r.progress
        let leaf = try program(.elementItems, segment << 28 | item >> 2)
        try setElement(table, destination + r.progress, leaf[word: Int(item & 3)])
        advance(by: 1, of: count)
    }

    /// A call of a task host function (``TaskHostFunction``) with its frame at slot `frame`.
    mutating func hostCall(_ id: UInt64, frame: Slot) throws(StepFailure) {
        guard let host = TaskHostFunction(rawValue: id) else { throw .trap(.unreachable) }
        let base = UInt64(r.base) + UInt64(frame)
        let width: UInt64 = host == .inputRead ? 3 : host == .outputWrite ? 2 : 1
        guard base + width <= TaskLimits.maxSlots else { throw .trap(.valueStackExhausted) }
        if r.progress == 0 { try pay(try prices().w3) }
        switch host {
        case .inputSize:
            try checkProgress(0)
            try setAbsoluteSlot(base, r.inputLength)
        case .inputRead:
            let offset = try absoluteSlot(base) & 0xFFFF_FFFF
            let pointer = try absoluteSlot(base + 1) & 0xFFFF_FFFF
            let length = try absoluteSlot(base + 2) & 0xFFFF_FFFF
            let count = min(length, r.inputLength > offset ? r.inputLength - offset : 0)
            try checkProgress(count)
            if r.progress == 0 {
                guard pointer + count <= memoryBytes else { throw .trap(.memoryOutOfBounds) }
                try pay(try bulkBytesCost(count))
            }
            if count > 0 {
                let at = pointer + r.progress
                let n = chunk(at: at, remaining: count - r.progress)
                try writeChunk(.memory, at, try readBytes(.input, offset + r.progress, Int(n)))
                advance(by: n, of: count)
                if !finished { return }
            }
            try setAbsoluteSlot(base, count)
        case .outputWrite:
            let pointer = try absoluteSlot(base) & 0xFFFF_FFFF
            let length = try absoluteSlot(base + 1) & 0xFFFF_FFFF
            try checkProgress(length)
            guard r.outputLength <= TaskLimits.maxOutputBytes else { throw .trap(.hostError) }
            if r.progress == 0 {
                guard pointer + length <= memoryBytes else { throw .trap(.memoryOutOfBounds) }
                guard r.outputLength + length <= TaskLimits.maxOutputBytes else { throw .trap(.hostError) }
                try pay(try bulkBytesCost(length))
            }
            guard length > 0 else { return }
            let n = chunk(at: r.outputLength, remaining: length - r.progress)
            try writeChunk(.output, r.outputLength, try readBytes(.memory, pointer + r.progress, Int(n)))
            r.outputLength += n
            advance(by: n, of: length)
        }
    }
}
