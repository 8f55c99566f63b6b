import CairnProgram

// Gas in the `switch` loop: every control transfer charges the straight-line run it enters;
// a run that gas cannot pay in full gets a breakpoint where gas runs out (docs/gas.md).
extension Store {
    /// Charges the run that starts at the loop's `pc` (metered runs only); false, with the trap
    /// set, when not even its first instruction can be paid.
    @inline(__always)
    func chargeRun<Mode: MeteringMode>(_: Mode.Type, _ r: inout SwitchRegisters) -> Bool {
        if Mode.isMetered, !charge(Mode.self, &r.gas, &r.tally, r.runCost[r.pc], r.runSteps[r.pc], at: r.pc, in: r.instance) {
            r.trap = .outOfGas
            return false
        }
        return true
    }

    /// Charges `cost` for the run starting at `pc`; when the run cannot be paid in full, pays
    /// for the instructions that can be and plants a breakpoint after them. Returns false when
    /// not even the first instruction can be paid.
    @inline(__always)
    func charge(_ gas: inout UInt64, _ cost: UInt64, at pc: Int, in instance: Instance) -> Bool {
        if gas >= cost {
            gas &-= cost
            return true
        }
        guard let left = chargePartialRun(gas, at: pc, in: instance) else { return false }
        gas = left
        return true
    }

    /// The gas left after paying for the part of the run at `pc` that `gas` covers, with a
    /// breakpoint planted after it; nil when not even the first instruction can be paid.
    /// (Gas goes in and out by value so that the loop's `gas` never has its address taken.)
    @inline(never)
    func chargePartialRun(_ gas: UInt64, at pc: Int, in instance: Instance) -> UInt64? {
        guard let schedule else { return gas }
        guard schedule.cost(of: instance.code[pc]) <= gas else { return nil }
        return payPartialRun(gas, at: pc, in: instance)
    }

    /// Pays for the instructions of the run at `pc` that `gas` covers (none, possibly) and
    /// plants a breakpoint at the first one it does not; returns the gas left. The run must
    /// cost more than `gas`.
    func payPartialRun(_ gas: UInt64, at pc: Int, in instance: Instance) -> UInt64 {
        guard let schedule else { return gas }
        var index = pc
        var paid: UInt64 = 0
        while true {
            let next = schedule.cost(of: instance.code[index])
            if paid + next > gas { break }
            paid += next
            index += 1
        }
        plantedBreakpoint = (instance, index, instance.code[index])
        instance.replaceInstruction(at: index, with: .breakpoint)
        return gas - paid
    }

    /// Puts back the instruction that a gas breakpoint replaced, if one is planted.
    func restoreBreakpoint() {
        if let (instance, index, original) = plantedBreakpoint {
            instance.replaceInstruction(at: index, with: original)
            plantedBreakpoint = nil
        }
    }
}
