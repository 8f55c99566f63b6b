import CairnProgram

// The `switch` loop's table instructions (threaded code has no handlers for them). Bulk
// instructions count their extra proof steps in counted runs and pay per element, then act.
extension Store {
    @inline(__always)
    func executeTableGet<Mode: MeteringMode>(_: Mode.Type, _ d: Slot, _ index: Slot, _ tableIndex: UInt32, _ r: inout SwitchRegisters) -> Bool {
        let table = r.instance.tables[Int(tableIndex)]
        let i = UInt32(truncatingIfNeeded: r.sp[Int(index)])
        guard Int(i) < table.elements.count else { r.trap = .tableOutOfBounds; return false }
        r.sp[Int(d)] = table.elements[Int(i)]
        return true
    }

    @inline(__always)
    func executeTableSet<Mode: MeteringMode>(_: Mode.Type, _ index: Slot, _ value: Slot, _ tableIndex: UInt32, _ r: inout SwitchRegisters) -> Bool {
        let table = r.instance.tables[Int(tableIndex)]
        let i = UInt32(truncatingIfNeeded: r.sp[Int(index)])
        guard Int(i) < table.elements.count else { r.trap = .tableOutOfBounds; return false }
        table.elements[Int(i)] = r.sp[Int(value)]
        return true
    }

    @inline(__always)
    func executeTableSize<Mode: MeteringMode>(_: Mode.Type, _ d: Slot, _ tableIndex: UInt32, _ r: inout SwitchRegisters) -> Bool {
        r.sp[Int(d)] = UInt64(r.instance.tables[Int(tableIndex)].elements.count)
        return true
    }

    @inline(__always)
    func executeTableGrow<Mode: MeteringMode>(_: Mode.Type, _ tableIndex: UInt32, _ o: Slot, _ r: inout SwitchRegisters) -> Bool {
        let table = r.instance.tables[Int(tableIndex)]
        let sp = r.sp
        let delta = UInt64(UInt32(truncatingIfNeeded: sp[Int(o) + 1]))
        let grows = table.canGrow(by: delta, limit: limits.maxTableElements)
        let growSteps = Mode.countsSteps && sp[Int(o)] != 0 && grows ? elementSteps(delta) : 0
        if Mode.countsSteps { countExtraSteps(growSteps, &r) }
        // Only elements actually added are paid for.
        if grows { guard payExtra(Mode.self, delta &* schedule!.tableElement, steps: growSteps, &r) else { return false } }
        let old = table.grow(by: delta, value: sp[Int(o)], limit: limits.maxTableElements)
        sp[Int(o)] = UInt64(old.map { UInt32($0) } ?? UInt32.max)
        return true
    }

    @inline(__always)
    func executeTableFill<Mode: MeteringMode>(_: Mode.Type, _ tableIndex: UInt32, _ o: Slot, _ r: inout SwitchRegisters) -> Bool {
        let table = r.instance.tables[Int(tableIndex)]
        let sp = r.sp
        let start = UInt64(UInt32(truncatingIfNeeded: sp[Int(o)]))
        let value = sp[Int(o) + 1]
        let count = UInt64(UInt32(truncatingIfNeeded: sp[Int(o) + 2]))
        guard start + count <= UInt64(table.elements.count) else { r.trap = .tableOutOfBounds; return false }
        guard payElements(Mode.self, count, &r) else { return false }
        for i in Int(start)..<Int(start + count) { table.elements[i] = value }
        return true
    }

    @inline(__always)
    func executeTableCopy<Mode: MeteringMode>(
        _: Mode.Type, _ destinationTable: UInt32, _ sourceTable: UInt32, _ o: Slot, _ r: inout SwitchRegisters
    ) -> Bool {
        let destination = r.instance.tables[Int(destinationTable)]
        let source = r.instance.tables[Int(sourceTable)]
        let sp = r.sp
        let d = UInt64(UInt32(truncatingIfNeeded: sp[Int(o)]))
        let s = UInt64(UInt32(truncatingIfNeeded: sp[Int(o) + 1]))
        let count = UInt64(UInt32(truncatingIfNeeded: sp[Int(o) + 2]))
        guard d + count <= UInt64(destination.elements.count), s + count <= UInt64(source.elements.count) else {
            r.trap = .tableOutOfBounds
            return false
        }
        guard payElements(Mode.self, count, &r) else { return false }
        if count > 0 {
            let items = Array(source.elements[Int(s)..<Int(s + count)])
            destination.elements.replaceSubrange(Int(d)..<Int(d + count), with: items)
        }
        return true
    }

    @inline(__always)
    func executeTableInit<Mode: MeteringMode>(
        _: Mode.Type, _ tableIndex: UInt32, _ segment: UInt32, _ o: Slot, _ r: inout SwitchRegisters
    ) -> Bool {
        let sp = r.sp
        let (destination, source, count) = (
            UInt32(truncatingIfNeeded: sp[Int(o)]), UInt32(truncatingIfNeeded: sp[Int(o) + 1]), UInt32(truncatingIfNeeded: sp[Int(o) + 2])
        )
        let initSteps = Mode.countsSteps ? elementSteps(UInt64(count)) : 0
        if Mode.countsSteps { countExtraSteps(initSteps, &r) }
        guard tableInitFits(r.instance, table: Int(tableIndex), segment: Int(segment), destination: destination, source: source, count: count) else {
            r.trap = .tableOutOfBounds
            return false
        }
        guard payExtra(Mode.self, UInt64(count) &* schedule!.tableElement, steps: initSteps, &r) else { return false }
        initializeTable(r.instance, table: Int(tableIndex), segment: Int(segment), destination: destination, source: source, count: count)
        return true
    }

    @inline(__always)
    func executeElemDrop<Mode: MeteringMode>(_: Mode.Type, _ segment: UInt32, _ r: inout SwitchRegisters) -> Bool {
        r.instance.elementSegments[Int(segment)] = []
        return true
    }

    /// Counts and pays the elements of a bulk table instruction whose bounds are checked.
    @inline(__always)
    func payElements<Mode: MeteringMode>(_: Mode.Type, _ count: UInt64, _ r: inout SwitchRegisters) -> Bool {
        let steps = Mode.countsSteps ? elementSteps(count) : 0
        if Mode.countsSteps { countExtraSteps(steps, &r) }
        return payExtra(Mode.self, count &* schedule!.tableElement, steps: steps, &r)
    }
}
