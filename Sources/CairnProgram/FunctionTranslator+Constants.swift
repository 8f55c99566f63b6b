import CairnWasm

/// Constants inside loops are hoisted into frame slots written once, at function entry.
///
/// Outside loops a constant is an instruction (`const32`/`const64`) where it occurs, unless the
/// next instruction takes it as an immediate. Inside a loop that would cost a dispatch on every
/// iteration, so the constant instead gets a slot of its own, written by a short prologue at
/// the function's entry, and the instructions that use it read that slot, as they read a
/// local. Such a slot is never written after the prologue.
///
/// The slots sit between the locals and the operand stack (below every callee's frame, which
/// starts at an operand slot). A function whose body has no byte 0x03 (the `loop` opcode) can
/// have no loop and reserves none; any other reserves `maxHoisted`. During translation a
/// hoisted constant's entry carries a placeholder slot (`hoistedBase + k`); when the function
/// ends, `placeHoistedConstants` gives the placeholders that are read their slots in order of
/// first use, turns copies from them into constants (a copy and a constant cost the same), and
/// inserts the prologue.
extension FunctionTranslator {
    /// Placeholder slots start here; real slots are far below (see `LoweringLimits`).
    static let hoistedBase: Slot = 0xF000_0000
    /// At most this many distinct constants per function are hoisted: the prologue runs on
    /// every call, and every frame of a function with a loop has this many more slots.
    static let maxHoisted: UInt32 = 8

    /// The slots to reserve for hoisted constants in a body: none when it cannot hold a loop.
    static func reservation(for body: ArraySlice<UInt8>) -> UInt32 {
        body.contains(0x03) ? maxHoisted : 0
    }

    /// Pushes a constant: hoisted when inside a loop (and there is room), else emitted.
    mutating func pushConstant(_ type: ValueType, bits: UInt64) {
        if reachable, loopDepth > 0 {
            if !allowsFloats, type.isFloat { floatViolation = true }
            let index: Int
            if let known = hoistedIndex[bits] {
                index = known
            } else if hoisted.count < Int(reservedSlots) {
                index = hoisted.count
                hoisted.append(bits)
                hoistedIndex[bits] = index
            } else {
                emit(Self.constant(bits, to: push(type)))
                return
            }
            values.append(Entry(type: type, slot: Self.hoistedBase + Slot(index)))
            pendingTotal += 1
            if values.count > maxHeight { maxHeight = values.count }
            keepsProducer = true
            return
        }
        emit(Self.constant(bits, to: push(type)))
    }

    /// Gives back the reserved slots that hoisting did not use, by moving the operand slots of
    /// the function's code (from `start`) down; returns how many reserved slots remain. Only
    /// when every result slot (a return writes slots `0..<resultCount`, which are not operand
    /// slots) lies below the moved ones, so that no return move can change meaning.
    mutating func releaseUnusedReservation(function start: Int, used: UInt32, resultCount: Int) -> UInt32 {
        let unused = reservedSlots - used
        let firstOperand = localCount + reservedSlots
        guard unused > 0, resultCount <= Int(localCount + used) else { return reservedSlots }
        for index in start..<code.count {
            code[index] = code[index].mappingSlots { $0 >= firstOperand ? $0 - unused : $0 }
        }
        return used
    }

    /// The value of a hoisted constant's placeholder slot, or nil for any other slot.
    func hoistedValue(_ slot: Slot) -> UInt64? {
        guard slot >= Self.hoistedBase else { return nil }
        return hoisted[Int(slot - Self.hoistedBase)]
    }

    /// The instruction writing `bits` to `slot`: `const32` when the high half is zero.
    static func constant(_ bits: UInt64, to slot: Slot) -> Instruction {
        if bits >> 32 == 0 { return .const32(dst: slot, value: UInt32(bits)) }
        return .const64(dst: slot, low: UInt32(truncatingIfNeeded: bits), high: UInt32(truncatingIfNeeded: bits >> 32))
    }

    /// Gives the hoisted constants that the function's code (from `start`) reads their slots
    /// (after the locals), and inserts the prologue that writes them at `start`. Branch targets
    /// into the function (including `br_table` entries from `brTables` on) move with the code.
    /// Returns how many slots it used.
    mutating func placeHoistedConstants(function start: Int, brTables: Int) -> UInt32 {
        guard !hoisted.isEmpty else { return 0 }
        let firstSlot = localCount
        var slots = [Slot?](repeating: nil, count: hoisted.count)
        var order: [Int] = []
        for index in start..<code.count {
            if case .copy(let dst, let src) = code[index], let bits = hoistedValue(src) {
                code[index] = Self.constant(bits, to: dst)
                continue
            }
            code[index] = code[index].mappingSlots { slot in
                guard slot >= Self.hoistedBase else { return slot }
                let k = Int(slot - Self.hoistedBase)
                if let assigned = slots[k] { return assigned }
                let assigned = firstSlot &+ Slot(order.count)
                slots[k] = assigned
                order.append(k)
                return assigned
            }
        }
        guard !order.isEmpty else { return 0 }
        let shift = UInt32(order.count)
        for index in start..<code.count {
            if let target = code[index].branchTarget { code[index] = code[index].retargeted(to: target + shift) }
        }
        for index in brTables..<brTableTargets.count { brTableTargets[index] += shift }
        let prologue = order.map { Self.constant(hoisted[$0], to: slots[$0]!) }
        code.insert(contentsOf: prologue, at: start)
        return shift
    }
}
