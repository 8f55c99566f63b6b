import CairnProgram

/// Dynamic charges inside a prepaid run.
///
/// A straight-line run's static gas is paid when the run is entered (`Instance.runCosts`), so
/// when an instruction in the middle of the run pays a dynamic cost (bulk memory and table
/// operations, `memory.grow`, `table.grow`), the gas register no longer holds the gas that is
/// really left at that instruction: the static cost of the rest of the run is already taken.
/// The proof machine pays static costs one instruction at a time (docs/proofs.md, "Steps"), so
/// it sees more gas at that point. To agree with it at every gas limit, a dynamic charge that
/// the register cannot cover gives back the prepaid rest first, pays, and charges the rest of
/// the run again, planting a breakpoint where gas now runs out (possibly at the very next
/// instruction). The common case, a register that covers the cost, is one compare.
extension Store {
    /// Pays `cost`, the dynamic cost of the instruction just before `pc`, against the gas that is
    /// really left there; false (nothing paid) when that gas is short. `extraSteps` are the
    /// steps the instruction takes beyond its first (counted runs only), not yet counted.
    @inline(__always)
    func payDynamic<Mode: MeteringMode>(
        _: Mode.Type, _ cost: UInt64, _ gas: inout UInt64, _ tally: inout StepTally, extraSteps: UInt64 = 0,
        next pc: Int, in instance: Instance
    ) -> Bool {
        if gas >= cost {
            gas &-= cost
            return true
        }
        // By value: an inout passed to a call that is not inlined would keep the loop's gas
        // and counter in memory.
        guard let (left, counted) = payDynamicSlowly(Mode.self, cost, gas, tally, extraSteps: extraSteps, next: pc, in: instance)
        else { return false }
        gas = left
        tally = counted
        return true
    }

    /// ``payDynamic(_:_:_:_:extraSteps:next:in:)`` when the gas register cannot cover the cost:
    /// the gas left and the step counter after paying, or nil when even the prepaid rest of the
    /// run does not cover it.
    @inline(never)
    func payDynamicSlowly<Mode: MeteringMode>(
        _: Mode.Type, _ cost: UInt64, _ gas: UInt64, _ tally: StepTally, extraSteps: UInt64, next pc: Int, in instance: Instance
    ) -> (UInt64, StepTally)? {
        // The gas the run prepaid beyond this instruction: to its end, or to the gas breakpoint
        // planted in it when gas covered only part of it. Steps are always counted to the
        // run's end (a gas breakpoint gives back the rest when it is reached).
        var prepaid = instance.runCosts[pc]
        let prepaidSteps = Mode.countsSteps ? instance.runSteps[pc] : 0
        let planted = plantedBreakpoint.flatMap { $0.instance === instance && $0.index >= pc ? $0.index : nil }
        if let planted { prepaid &-= instance.runCosts[planted] }
        guard gas &+ prepaid >= cost else { return nil }
        if planted != nil { restoreBreakpoint() }
        var left = gas &+ prepaid &- cost
        var tally = tally
        tally.steps &-= prepaidSteps
        // Charge the rest of the run again, as if it were entered at `pc`.
        if Mode.countsSteps, tally.steps &+ extraSteps &+ instance.runSteps[pc] > tally.target {
            // The rest would pass the step target: stop at `pc`, where the state will be exact
            // (the hook then charges the rest itself).
            plantedBreakpoint = (instance, pc, instance.code[pc])
            instance.replaceInstruction(at: pc, with: .breakpoint)
            counting.pointee.stepBreakpoint = true
            return (left, tally)
        }
        if Mode.countsSteps { tally.steps &+= instance.runSteps[pc] }
        let rest = instance.runCosts[pc]
        if left >= rest {
            left &-= rest
        } else {
            left = payPartialRun(left, at: pc, in: instance)
        }
        return (left, tally)
    }
}
