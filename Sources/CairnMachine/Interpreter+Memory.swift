import CairnProgram

// The `switch` loop's memory instructions other than loads and stores (those are generated,
// Generated/SwitchStep.swift). Bulk instructions count their extra proof steps in counted runs
// and pay their bytes, then act (docs/gas.md, docs/proofs.md).
extension Store {
    @inline(__always)
    func executeMemorySize<Mode: MeteringMode>(_: Mode.Type, _ d: Slot, _ r: inout SwitchRegisters) -> Bool {
        r.sp[Int(d)] = r.memorySize / UInt64(MemoryInstance.pageSize)
        return true
    }

    @inline(__always)
    func executeMemoryGrow<Mode: MeteringMode>(_: Mode.Type, _ d: Slot, _ delta: Slot, _ r: inout SwitchRegisters) -> Bool {
        let target = r.instance.memory!
        let pages = UInt64(UInt32(truncatingIfNeeded: r.sp[Int(delta)]))
        // Only pages actually added are paid for, before they are allocated.
        if Mode.isMetered, target.canGrow(by: pages, limit: limits.maxMemoryPages),
            !payDynamic(Mode.self, pages &* schedule!.memoryGrowPerPage, &r.gas, &r.tally, next: r.pc, in: r.instance)
        {
            r.trap = .outOfGas
            return false
        }
        let old = target.grow(by: pages, limit: limits.maxMemoryPages)
        r.sp[Int(d)] = UInt64(old.map { UInt32($0) } ?? UInt32.max)
        r.memory = target.bytes
        r.memorySize = UInt64(target.byteCount)
        return true
    }

    @inline(__always)
    func executeMemoryFill<Mode: MeteringMode>(_: Mode.Type, _ o: Slot, _ r: inout SwitchRegisters) -> Bool {
        let sp = r.sp
        let destination = UInt64(UInt32(truncatingIfNeeded: sp[Int(o)]))
        let value = UInt8(truncatingIfNeeded: sp[Int(o) + 1])
        let count = UInt64(UInt32(truncatingIfNeeded: sp[Int(o) + 2]))
        guard destination + count <= r.memorySize else { r.trap = .memoryOutOfBounds; return false }
        guard payBulk(Mode.self, bytes: count, steps: Mode.countsSteps ? leafSteps(destination, count) : 0, &r) else { return false }
        (r.memory + Int(destination)).initializeMemory(as: UInt8.self, repeating: value, count: Int(count))
        if Mode.countsSteps { r.instance.memory.unsafelyUnwrapped.noteWrite(destination, count) }
        return true
    }

    @inline(__always)
    func executeMemoryCopy<Mode: MeteringMode>(_: Mode.Type, _ o: Slot, _ r: inout SwitchRegisters) -> Bool {
        let sp = r.sp
        let destination = UInt64(UInt32(truncatingIfNeeded: sp[Int(o)]))
        let source = UInt64(UInt32(truncatingIfNeeded: sp[Int(o) + 1]))
        let count = UInt64(UInt32(truncatingIfNeeded: sp[Int(o) + 2]))
        guard destination + count <= r.memorySize, source + count <= r.memorySize else {
            r.trap = .memoryOutOfBounds
            return false
        }
        guard payBulk(Mode.self, bytes: count, steps: Mode.countsSteps ? leafSteps(destination, count) : 0, &r) else { return false }
        // copyMemory has memmove semantics: overlapping ranges are fine.
        (r.memory + Int(destination)).copyMemory(from: r.memory + Int(source), byteCount: Int(count))
        if Mode.countsSteps { r.instance.memory.unsafelyUnwrapped.noteWrite(destination, count) }
        return true
    }

    @inline(__always)
    func executeMemoryInit<Mode: MeteringMode>(_: Mode.Type, _ segment: UInt32, _ o: Slot, _ r: inout SwitchRegisters) -> Bool {
        let sp = r.sp
        let (destination, source, count) = (
            UInt32(truncatingIfNeeded: sp[Int(o)]), UInt32(truncatingIfNeeded: sp[Int(o) + 1]), UInt32(truncatingIfNeeded: sp[Int(o) + 2])
        )
        let initSteps = Mode.countsSteps ? leafSteps(UInt64(destination), UInt64(count)) : 0
        if Mode.countsSteps { countExtraSteps(initSteps, &r) }
        guard memoryInitFits(r.instance, segment: Int(segment), destination: destination, source: source, count: count) else {
            r.trap = .memoryOutOfBounds
            return false
        }
        guard payExtra(Mode.self, schedule!.bulkBytes(UInt64(count)), steps: initSteps, &r) else { return false }
        initializeMemory(r.instance, segment: Int(segment), destination: destination, source: source, count: count)
        return true
    }

    @inline(__always)
    func executeDataDrop<Mode: MeteringMode>(_: Mode.Type, _ segment: UInt32, _ r: inout SwitchRegisters) -> Bool {
        r.instance.dataSegments[Int(segment)] = []
        return true
    }

    /// Counts the steps a bulk instruction takes beyond its first and pays for its `bytes`
    /// (the order every bulk instruction whose bounds check comes first follows).
    @inline(__always)
    func payBulk<Mode: MeteringMode>(_: Mode.Type, bytes: UInt64, steps: UInt64, _ r: inout SwitchRegisters) -> Bool {
        if Mode.countsSteps { countExtraSteps(steps, &r) }
        return payExtra(Mode.self, schedule!.bulkBytes(bytes), steps: steps, &r)
    }

    /// Calls the step hook if the instruction just before `pc`, taking `steps` more than its
    /// first, would pass the counted run's target (counted runs only).
    @inline(__always)
    func countExtraSteps(_ steps: UInt64, _ r: inout SwitchRegisters) {
        countSteps(&r.tally, steps, before: r.pc &- 1, sp: r.sp, depth: r.depth, instance: r.instance, gas: r.gas, done: false)
    }

    /// Pays `cost`, the dynamic cost of the instruction just before `pc` (metered runs), then
    /// counts its `steps` beyond the first (counted runs); false, with the trap set, when gas
    /// cannot pay.
    @inline(__always)
    func payExtra<Mode: MeteringMode>(_: Mode.Type, _ cost: @autoclosure () -> UInt64, steps: UInt64, _ r: inout SwitchRegisters) -> Bool {
        if Mode.isMetered, !payDynamic(Mode.self, cost(), &r.gas, &r.tally, extraSteps: steps, next: r.pc, in: r.instance) {
            r.trap = .outOfGas
            return false
        }
        if Mode.countsSteps { r.tally.steps &+= steps }
        return true
    }
}
