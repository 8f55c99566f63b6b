import CCairnThreaded
import CairnProgram
import CairnWasm

/// The machine registers that a call or return may change, for the paths that leave the
/// interpreter loop (host calls, calls into other instances).
struct ExecutionState {
    var instance: Instance
    var pc: Int
    var sp: UnsafeMutablePointer<UInt64>
    /// Gas left.
    var gas: UInt64
}

/// Whether a run is metered. The interpreter is specialized for each, so an unmetered run
/// carries no metering code at all (it is the baseline that metering overhead is measured
/// against).
protocol MeteringMode {
    static var isMetered: Bool { get }
    /// Whether the run also counts proof steps (`Counted`, StepCounting.swift).
    static var countsSteps: Bool { get }
    /// Whether the run executes threaded code (ThreadedCode.swift), with the `switch` loop
    /// running only what it hands back. A run without it carries no threaded entry at all.
    static var runsThreadedCode: Bool { get }
    /// Whether the run counts executions per instruction (`Profiled`, ExecutionProfile.swift).
    static var profiles: Bool { get }
}
enum Metered: MeteringMode {
    static var isMetered: Bool { true }
    static var runsThreadedCode: Bool { true }
}
enum Unmetered: MeteringMode {
    static var isMetered: Bool { false }
    static var runsThreadedCode: Bool { true }
}
/// `Base` with every instruction in the `switch` loop (`Store.threadedDispatch` off, or a
/// build without guaranteed tail calls).
enum SwitchOnly<Base: MeteringMode>: MeteringMode {
    static var isMetered: Bool { Base.isMetered }
    static var runsThreadedCode: Bool { false }
}

/// A valid pointer for instances without a memory: every access is out of bounds anyway.
nonisolated(unsafe) private let noMemory = UnsafeMutableRawPointer.allocate(byteCount: 8, alignment: 16)

extension Store {
    /// Runs `function` of `instance`, whose frame starts at stack slot `base` with the arguments
    /// in place, until it returns; its results are then in slots `base..<base + resultCount`.
    ///
    /// The loop keeps pc, frame base, memory and gas in locals. Calls between functions of the
    /// same instance stay in the loop; the frame stack is explicit, so Wasm recursion never
    /// grows the native stack.
    ///
    /// Gas: every control transfer charges the straight-line run it enters
    /// (`Instance.runCosts`), so the hot path pays one compare per branch, not per instruction.
    /// A trap refunds what its run had prepaid beyond the trapping instruction; a run that
    /// cannot be paid in full gets a breakpoint where gas runs out. The gas used is therefore
    /// exactly the sum of the costs of the instructions executed (see docs/gas.md).
    func execute<Mode: MeteringMode>(
        _ mode: Mode.Type, instance entryInstance: Instance, function: CompiledFunction, base: Int
    ) throws(Trap) {
        let frameFloor = Mode.countsSteps ? takeFrameFloor() : frameCount
        let frameStack = self.frameStack
        var depth = frameCount
        let savedTop = stackTop
        defer { stackTop = savedTop }

        var instance = entryInstance
        var (code, runCost, memory, memorySize) = registers(of: instance)
        var runSteps = UnsafePointer(instance.runSteps.baseAddress!)
        var sp = stack + base
        var pc = Int(function.entry)
        (sp + Int(function.parameterCount)).update(repeating: 0, count: Int(function.localCount - function.parameterCount))
        var gas = gasLimit &- gasUsed
        // The step counter lives in registers while the loop runs (StepCounting.swift).
        var tally = Mode.countsSteps ? loadSteps() : StepTally()
        var trap: TrapKind? = nil
        var failure: Trap? = nil
        let maxSlots = limits.maxValueSlots
        let maxDepth = limits.maxCallDepth

        if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas }

        // Metered and unmetered runs spend their time in threaded code (ThreadedCode.swift);
        // this loop runs what it hands back: one instruction, then threaded code again.
        let threaded: ThreadedContextPointer? = Mode.runsThreadedCode ? .allocate(capacity: 1) : nil
        if let threaded {
            threaded.initialize(to: ThreadedContext(store: self, instance: instance, frameFloor: frameFloor, metered: Mode.isMetered))
        }
        defer { threaded?.deallocate() }

        execution: while trap == nil {
            if let threaded {
                if threaded.pointee.instance.index != instance.index {
                    threaded.pointee.instance = ThreadedInstanceRegisters(instance, metered: Mode.isMetered, fused: fusedPairs, store: self)
                }
                threaded.pointee.memorySize = memorySize
                threaded.pointee.chargeNeeded = false
                // Host code the `switch` loop ran may have added functions to the store.
                threaded.pointee.storeCallees = UnsafePointer(callees.entries)
                threaded.pointee.storeCalleeCount = callees.count
                // The accumulator holds the slot that threaded code reaching `pc` would have left there.
                let accumulatorSlot = threaded.pointee.instance.accumulatorSlots[pc]
                let accumulator = accumulatorSlot == 0 ? 0 : sp[Int(accumulatorSlot &- 1)]
                cairn_threaded_run(
                    sp, UnsafeRawPointer(threaded.pointee.instance.code + pc).assumingMemoryBound(to: UInt64.self),
                    memory, frameStack + depth, gas, accumulator, threaded)
                (sp, pc, gas, depth) = (threaded.pointee.sp, threaded.pointee.pc, threaded.pointee.gas, threaded.pointee.depth)
                if threaded.pointee.chargeNeeded {
                    if !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
                    continue execution
                }
            }
            let instruction = code[pc]
            if Mode.profiles { instance.executionCounts.unsafelyUnwrapped[pc] &+= 1 }
            pc &+= 1
            switch instruction {
            case .unreachable:
                trap = .unreachable
                break execution
            case .breakpoint:
                if Mode.countsSteps, counting.pointee.stepBreakpoint {
                    pc &-= 1
                    tally = stepBreakpointReached(tally, pc: pc, sp: sp, depth: depth, instance: instance, gas: gas)
                    if !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
                    continue execution
                }
                if Mode.countsSteps { tally = gasBreakpointReached(tally, at: pc &- 1, in: instance) }
                trap = .outOfGas
                break execution
            case .copy(let d, let s):
                sp[Int(d)] = sp[Int(s)]
            case .const32(let d, let value):
                sp[Int(d)] = UInt64(value)
            case .const64(let d, let low, let high):
                sp[Int(d)] = UInt64(low) | UInt64(high) << 32
            case .select(let d, let other, let condition):
                if UInt32(truncatingIfNeeded: sp[Int(condition)]) == 0 { sp[Int(d)] = sp[Int(other)] }
            case .br(let target):
                pc = Int(target)
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfNez(let condition, let target):
                if UInt32(truncatingIfNeeded: sp[Int(condition)]) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfEqz(let condition, let target):
                if UInt32(truncatingIfNeeded: sp[Int(condition)]) == 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brTable(let index, let table, let count):
                let i = min(UInt32(truncatingIfNeeded: sp[Int(index)]), count &- 1)
                pc = Int(instance.brTableTargets[Int(table &+ i)])
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }

            case .call(let function, let frame):
                let imported = instance.importedFunctionCount
                if Int(function) >= imported {
                    // A function of the same instance: the fast path.
                    if let kind = enter(
                        Mode.self, instance.functions[Int(function) - imported], frame: frame, of: instance,
                        sp: &sp, pc: &pc, depth: &depth, tally: &tally, gas: gas, maxDepth: maxDepth, maxSlots: maxSlots)
                    {
                        trap = kind
                        break execution
                    }
                    if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
                } else {
                    var state = ExecutionState(instance: instance, pc: pc, sp: sp, gas: gas)
                    frameCount = depth
                    if Mode.countsSteps { storeSteps(tally) }
                    do {
                        try call(Mode.self, instance.functionAddresses[Int(function)], frame: frame, state: &state)
                    } catch {
                        gas = state.gas
                        failure = error
                        if Mode.countsSteps { (pc, sp, depth) = (state.pc, state.sp, frameCount); tally = loadSteps() }
                        break execution
                    }
                    depth = frameCount
                    if Mode.countsSteps { tally = loadSteps() }
                    (instance, pc, sp, gas) = (state.instance, state.pc, state.sp, state.gas)
                    (code, runCost, memory, memorySize) = registers(of: instance)
                    if Mode.countsSteps { runSteps = UnsafePointer(instance.runSteps.baseAddress!) }
                }
            case .callIndirect(let typeIndex, let tableIndex, let frame):
                let table = instance.tables[Int(tableIndex)]
                let element = UInt32(truncatingIfNeeded: sp[Int(frame) + instance.typeParameterCounts[Int(typeIndex)]])
                guard Int(element) < table.elements.count else { trap = .undefinedElement; break execution }
                let reference = table.elements[Int(element)]
                guard reference != 0 else { trap = .uninitializedElement; break execution }
                // A table can hold a non-function only in a type-confused (decoded) program.
                let callees = self.callees
                guard reference - 1 < UInt64(callees.count) else { trap = .indirectCallTypeMismatch; break execution }
                let callee = callees.entries[Int(reference - 1)]
                guard callee.typeID == instance.typeIDs[Int(typeIndex)] else { trap = .indirectCallTypeMismatch; break execution }
                if callee.instance == instance.index {
                    // A function of the same instance: the same fast path as `call`.
                    if let kind = enter(
                        Mode.self, instance.functions[callee.function], frame: frame, of: instance,
                        sp: &sp, pc: &pc, depth: &depth, tally: &tally, gas: gas, maxDepth: maxDepth, maxSlots: maxSlots)
                    {
                        trap = kind
                        break execution
                    }
                    if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
                    continue execution
                }
                let address = Int(reference - 1)
                var state = ExecutionState(instance: instance, pc: pc, sp: sp, gas: gas)
                frameCount = depth
                if Mode.countsSteps { storeSteps(tally) }
                do {
                    try call(Mode.self, address, frame: frame, state: &state)
                } catch {
                    gas = state.gas
                    failure = error
                    if Mode.countsSteps { (pc, sp, depth) = (state.pc, state.sp, frameCount); tally = loadSteps() }
                    break execution
                }
                depth = frameCount
                if Mode.countsSteps { tally = loadSteps() }
                (instance, pc, sp, gas) = (state.instance, state.pc, state.sp, state.gas)
                (code, runCost, memory, memorySize) = registers(of: instance)
                if Mode.countsSteps { runSteps = UnsafePointer(instance.runSteps.baseAddress!) }
            case .return:
                guard depth > frameFloor else { break execution }
                depth &-= 1
                let frame = frameStack[depth]
                pc = frame.returnPC
                sp = stack + frame.callerBase
                if frame.callerInstance != instance.index {
                    instance = instances[frame.callerInstance]
                    (code, runCost, memory, memorySize) = registers(of: instance)
                    if Mode.countsSteps { runSteps = UnsafePointer(instance.runSteps.baseAddress!) }
                }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }

            case .globalGet(let d, let global):
                sp[Int(d)] = instance.globalCells[Int(global)].pointee
            case .globalSet(let s, let global):
                instance.globalCells[Int(global)].pointee = sp[Int(s)]

            case .memorySize(let d):
                sp[Int(d)] = memorySize / UInt64(MemoryInstance.pageSize)
            case .memoryGrow(let d, let delta):
                let target = instance.memory!
                let pages = UInt64(UInt32(truncatingIfNeeded: sp[Int(delta)]))
                // Only pages actually added are paid for, before they are allocated.
                if Mode.isMetered, target.canGrow(by: pages, limit: limits.maxMemoryPages),
                    !payDynamic(Mode.self, pages &* schedule!.memoryGrowPerPage, &gas, &tally, next: pc, in: instance)
                { trap = .outOfGas; break execution }
                let old = target.grow(by: pages, limit: limits.maxMemoryPages)
                sp[Int(d)] = UInt64(old.map { UInt32($0) } ?? UInt32.max)
                memory = target.bytes
                memorySize = UInt64(target.byteCount)
            case .memoryFill(let o):
                let destination = UInt64(UInt32(truncatingIfNeeded: sp[Int(o)]))
                let value = UInt8(truncatingIfNeeded: sp[Int(o) + 1])
                let count = UInt64(UInt32(truncatingIfNeeded: sp[Int(o) + 2]))
                guard destination + count <= memorySize else { trap = .memoryOutOfBounds; break execution }
                let fillSteps = Mode.countsSteps ? leafSteps(destination, count) : 0
                if Mode.countsSteps { countSteps(&tally, fillSteps, before: pc &- 1, sp: sp, depth: depth, instance: instance, gas: gas, done: false) }
                if Mode.isMetered, !payDynamic(Mode.self, schedule!.bulkBytes(count), &gas, &tally, extraSteps: fillSteps, next: pc, in: instance) { trap = .outOfGas; break execution }
                if Mode.countsSteps { tally.steps &+= fillSteps }
                (memory + Int(destination)).initializeMemory(as: UInt8.self, repeating: value, count: Int(count))
                if Mode.countsSteps { instance.memory.unsafelyUnwrapped.noteWrite(destination, count) }
            case .memoryCopy(let o):
                let destination = UInt64(UInt32(truncatingIfNeeded: sp[Int(o)]))
                let source = UInt64(UInt32(truncatingIfNeeded: sp[Int(o) + 1]))
                let count = UInt64(UInt32(truncatingIfNeeded: sp[Int(o) + 2]))
                guard destination + count <= memorySize, source + count <= memorySize else {
                    trap = .memoryOutOfBounds
                    break execution
                }
                let copySteps = Mode.countsSteps ? leafSteps(destination, count) : 0
                if Mode.countsSteps { countSteps(&tally, copySteps, before: pc &- 1, sp: sp, depth: depth, instance: instance, gas: gas, done: false) }
                if Mode.isMetered, !payDynamic(Mode.self, schedule!.bulkBytes(count), &gas, &tally, extraSteps: copySteps, next: pc, in: instance) { trap = .outOfGas; break execution }
                if Mode.countsSteps { tally.steps &+= copySteps }
                // copyMemory has memmove semantics: overlapping ranges are fine.
                (memory + Int(destination)).copyMemory(from: memory + Int(source), byteCount: Int(count))
                if Mode.countsSteps { instance.memory.unsafelyUnwrapped.noteWrite(destination, count) }
            case .memoryInit(let segment, let o):
                let (destination, source, count) = (UInt32(truncatingIfNeeded: sp[Int(o)]), UInt32(truncatingIfNeeded: sp[Int(o) + 1]), UInt32(truncatingIfNeeded: sp[Int(o) + 2]))
                let initSteps = Mode.countsSteps ? leafSteps(UInt64(destination), UInt64(count)) : 0
                if Mode.countsSteps { countSteps(&tally, initSteps, before: pc &- 1, sp: sp, depth: depth, instance: instance, gas: gas, done: false) }
                guard memoryInitFits(instance, segment: Int(segment), destination: destination, source: source, count: count) else {
                    trap = .memoryOutOfBounds
                    break execution
                }
                if Mode.isMetered, !payDynamic(Mode.self, schedule!.bulkBytes(UInt64(count)), &gas, &tally, extraSteps: initSteps, next: pc, in: instance) { trap = .outOfGas; break execution }
                if Mode.countsSteps { tally.steps &+= initSteps }
                initializeMemory(instance, segment: Int(segment), destination: destination, source: source, count: count)
            case .dataDrop(let segment):
                instance.dataSegments[Int(segment)] = []

            case .tableGet(let d, let index, let tableIndex):
                let table = instance.tables[Int(tableIndex)]
                let i = UInt32(truncatingIfNeeded: sp[Int(index)])
                guard Int(i) < table.elements.count else { trap = .tableOutOfBounds; break execution }
                sp[Int(d)] = table.elements[Int(i)]
            case .tableSet(let index, let value, let tableIndex):
                let table = instance.tables[Int(tableIndex)]
                let i = UInt32(truncatingIfNeeded: sp[Int(index)])
                guard Int(i) < table.elements.count else { trap = .tableOutOfBounds; break execution }
                table.elements[Int(i)] = sp[Int(value)]
            case .tableSize(let d, let tableIndex):
                sp[Int(d)] = UInt64(instance.tables[Int(tableIndex)].elements.count)
            case .tableGrow(let tableIndex, let o):
                let table = instance.tables[Int(tableIndex)]
                let delta = UInt64(UInt32(truncatingIfNeeded: sp[Int(o) + 1]))
                let growSteps = Mode.countsSteps && sp[Int(o)] != 0 && table.canGrow(by: delta, limit: limits.maxTableElements) ? elementSteps(delta) : 0
                if Mode.countsSteps { countSteps(&tally, growSteps, before: pc &- 1, sp: sp, depth: depth, instance: instance, gas: gas, done: false) }
                if Mode.isMetered, table.canGrow(by: delta, limit: limits.maxTableElements),
                    !payDynamic(Mode.self, delta &* schedule!.tableElement, &gas, &tally, extraSteps: growSteps, next: pc, in: instance)
                { trap = .outOfGas; break execution }
                if Mode.countsSteps { tally.steps &+= growSteps }
                let old = table.grow(by: delta, value: sp[Int(o)], limit: limits.maxTableElements)
                sp[Int(o)] = UInt64(old.map { UInt32($0) } ?? UInt32.max)
            case .tableFill(let tableIndex, let o):
                let table = instance.tables[Int(tableIndex)]
                let start = UInt64(UInt32(truncatingIfNeeded: sp[Int(o)]))
                let value = sp[Int(o) + 1]
                let count = UInt64(UInt32(truncatingIfNeeded: sp[Int(o) + 2]))
                guard start + count <= UInt64(table.elements.count) else { trap = .tableOutOfBounds; break execution }
                let fillSteps = Mode.countsSteps ? elementSteps(count) : 0
                if Mode.countsSteps { countSteps(&tally, fillSteps, before: pc &- 1, sp: sp, depth: depth, instance: instance, gas: gas, done: false) }
                if Mode.isMetered, !payDynamic(Mode.self, count &* schedule!.tableElement, &gas, &tally, extraSteps: fillSteps, next: pc, in: instance) { trap = .outOfGas; break execution }
                if Mode.countsSteps { tally.steps &+= fillSteps }
                for i in Int(start)..<Int(start + count) { table.elements[i] = value }
            case .tableCopy(let destinationTable, let sourceTable, let o):
                let destination = instance.tables[Int(destinationTable)]
                let source = instance.tables[Int(sourceTable)]
                let d = UInt64(UInt32(truncatingIfNeeded: sp[Int(o)]))
                let s = UInt64(UInt32(truncatingIfNeeded: sp[Int(o) + 1]))
                let count = UInt64(UInt32(truncatingIfNeeded: sp[Int(o) + 2]))
                guard d + count <= UInt64(destination.elements.count), s + count <= UInt64(source.elements.count) else {
                    trap = .tableOutOfBounds
                    break execution
                }
                let copySteps = Mode.countsSteps ? elementSteps(count) : 0
                if Mode.countsSteps { countSteps(&tally, copySteps, before: pc &- 1, sp: sp, depth: depth, instance: instance, gas: gas, done: false) }
                if Mode.isMetered, !payDynamic(Mode.self, count &* schedule!.tableElement, &gas, &tally, extraSteps: copySteps, next: pc, in: instance) { trap = .outOfGas; break execution }
                if Mode.countsSteps { tally.steps &+= copySteps }
                if count > 0 {
                    let items = Array(source.elements[Int(s)..<Int(s + count)])
                    destination.elements.replaceSubrange(Int(d)..<Int(d + count), with: items)
                }
            case .tableInit(let tableIndex, let segment, let o):
                let (destination, source, count) = (UInt32(truncatingIfNeeded: sp[Int(o)]), UInt32(truncatingIfNeeded: sp[Int(o) + 1]), UInt32(truncatingIfNeeded: sp[Int(o) + 2]))
                let initSteps = Mode.countsSteps ? elementSteps(UInt64(count)) : 0
                if Mode.countsSteps { countSteps(&tally, initSteps, before: pc &- 1, sp: sp, depth: depth, instance: instance, gas: gas, done: false) }
                guard tableInitFits(instance, table: Int(tableIndex), segment: Int(segment), destination: destination, source: source, count: count) else {
                    trap = .tableOutOfBounds
                    break execution
                }
                if Mode.isMetered, !payDynamic(Mode.self, UInt64(count) &* schedule!.tableElement, &gas, &tally, extraSteps: initSteps, next: pc, in: instance) { trap = .outOfGas; break execution }
                if Mode.countsSteps { tally.steps &+= initSteps }
                initializeTable(instance, table: Int(tableIndex), segment: Int(segment), destination: destination, source: source, count: count)
            case .elemDrop(let segment):
                instance.elementSegments[Int(segment)] = []
            case .refFunc(let d, let function):
                sp[Int(d)] = UInt64(instance.functionAddresses[Int(function)]) + 1
            case .refIsNull(let d, let s):
                sp[Int(d)] = sp[Int(s)] == 0 ? 1 : 0

            // BEGIN GENERATED CASES (scripts/gen-instructions.py)
            case .i32Add(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i32Add(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .i32Sub(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i32Sub(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .i32Mul(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i32Mul(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .i32DivS(let d, let a, let b):
                do { sp[Int(d)] = UInt64(try WasmNumerics.i32DivS(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)]))) } catch { trap = error; break execution }
            case .i32DivU(let d, let a, let b):
                do { sp[Int(d)] = UInt64(try WasmNumerics.i32DivU(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)]))) } catch { trap = error; break execution }
            case .i32RemS(let d, let a, let b):
                do { sp[Int(d)] = UInt64(try WasmNumerics.i32RemS(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)]))) } catch { trap = error; break execution }
            case .i32RemU(let d, let a, let b):
                do { sp[Int(d)] = UInt64(try WasmNumerics.i32RemU(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)]))) } catch { trap = error; break execution }
            case .i32And(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i32And(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .i32Or(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i32Or(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .i32Xor(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i32Xor(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .i32Shl(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i32Shl(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .i32ShrS(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i32ShrS(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .i32ShrU(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i32ShrU(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .i32Rotl(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i32Rotl(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .i32Rotr(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i32Rotr(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .i64Add(let d, let a, let b):
                sp[Int(d)] = WasmNumerics.i64Add(sp[Int(a)], sp[Int(b)])
            case .i64Sub(let d, let a, let b):
                sp[Int(d)] = WasmNumerics.i64Sub(sp[Int(a)], sp[Int(b)])
            case .i64Mul(let d, let a, let b):
                sp[Int(d)] = WasmNumerics.i64Mul(sp[Int(a)], sp[Int(b)])
            case .i64DivS(let d, let a, let b):
                do { sp[Int(d)] = try WasmNumerics.i64DivS(sp[Int(a)], sp[Int(b)]) } catch { trap = error; break execution }
            case .i64DivU(let d, let a, let b):
                do { sp[Int(d)] = try WasmNumerics.i64DivU(sp[Int(a)], sp[Int(b)]) } catch { trap = error; break execution }
            case .i64RemS(let d, let a, let b):
                do { sp[Int(d)] = try WasmNumerics.i64RemS(sp[Int(a)], sp[Int(b)]) } catch { trap = error; break execution }
            case .i64RemU(let d, let a, let b):
                do { sp[Int(d)] = try WasmNumerics.i64RemU(sp[Int(a)], sp[Int(b)]) } catch { trap = error; break execution }
            case .i64And(let d, let a, let b):
                sp[Int(d)] = WasmNumerics.i64And(sp[Int(a)], sp[Int(b)])
            case .i64Or(let d, let a, let b):
                sp[Int(d)] = WasmNumerics.i64Or(sp[Int(a)], sp[Int(b)])
            case .i64Xor(let d, let a, let b):
                sp[Int(d)] = WasmNumerics.i64Xor(sp[Int(a)], sp[Int(b)])
            case .i64Shl(let d, let a, let b):
                sp[Int(d)] = WasmNumerics.i64Shl(sp[Int(a)], sp[Int(b)])
            case .i64ShrS(let d, let a, let b):
                sp[Int(d)] = WasmNumerics.i64ShrS(sp[Int(a)], sp[Int(b)])
            case .i64ShrU(let d, let a, let b):
                sp[Int(d)] = WasmNumerics.i64ShrU(sp[Int(a)], sp[Int(b)])
            case .i64Rotl(let d, let a, let b):
                sp[Int(d)] = WasmNumerics.i64Rotl(sp[Int(a)], sp[Int(b)])
            case .i64Rotr(let d, let a, let b):
                sp[Int(d)] = WasmNumerics.i64Rotr(sp[Int(a)], sp[Int(b)])
            case .f32Add(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.f32Add(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .f32Sub(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.f32Sub(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .f32Mul(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.f32Mul(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .f32Div(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.f32Div(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .f32Min(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.f32Min(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .f32Max(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.f32Max(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .f32Copysign(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.f32Copysign(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .f64Add(let d, let a, let b):
                sp[Int(d)] = WasmNumerics.f64Add(sp[Int(a)], sp[Int(b)])
            case .f64Sub(let d, let a, let b):
                sp[Int(d)] = WasmNumerics.f64Sub(sp[Int(a)], sp[Int(b)])
            case .f64Mul(let d, let a, let b):
                sp[Int(d)] = WasmNumerics.f64Mul(sp[Int(a)], sp[Int(b)])
            case .f64Div(let d, let a, let b):
                sp[Int(d)] = WasmNumerics.f64Div(sp[Int(a)], sp[Int(b)])
            case .f64Min(let d, let a, let b):
                sp[Int(d)] = WasmNumerics.f64Min(sp[Int(a)], sp[Int(b)])
            case .f64Max(let d, let a, let b):
                sp[Int(d)] = WasmNumerics.f64Max(sp[Int(a)], sp[Int(b)])
            case .f64Copysign(let d, let a, let b):
                sp[Int(d)] = WasmNumerics.f64Copysign(sp[Int(a)], sp[Int(b)])
            case .i32Eq(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i32Eq(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .i32Ne(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i32Ne(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .i32LtS(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i32LtS(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .i32LtU(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i32LtU(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .i32GtS(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i32GtS(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .i32GtU(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i32GtU(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .i32LeS(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i32LeS(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .i32LeU(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i32LeU(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .i32GeS(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i32GeS(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .i32GeU(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i32GeU(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .i64Eq(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i64Eq(sp[Int(a)], sp[Int(b)]))
            case .i64Ne(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i64Ne(sp[Int(a)], sp[Int(b)]))
            case .i64LtS(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i64LtS(sp[Int(a)], sp[Int(b)]))
            case .i64LtU(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i64LtU(sp[Int(a)], sp[Int(b)]))
            case .i64GtS(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i64GtS(sp[Int(a)], sp[Int(b)]))
            case .i64GtU(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i64GtU(sp[Int(a)], sp[Int(b)]))
            case .i64LeS(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i64LeS(sp[Int(a)], sp[Int(b)]))
            case .i64LeU(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i64LeU(sp[Int(a)], sp[Int(b)]))
            case .i64GeS(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i64GeS(sp[Int(a)], sp[Int(b)]))
            case .i64GeU(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.i64GeU(sp[Int(a)], sp[Int(b)]))
            case .f32Eq(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.f32Eq(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .f32Ne(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.f32Ne(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .f32Lt(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.f32Lt(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .f32Gt(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.f32Gt(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .f32Le(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.f32Le(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .f32Ge(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.f32Ge(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])))
            case .f64Eq(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.f64Eq(sp[Int(a)], sp[Int(b)]))
            case .f64Ne(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.f64Ne(sp[Int(a)], sp[Int(b)]))
            case .f64Lt(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.f64Lt(sp[Int(a)], sp[Int(b)]))
            case .f64Gt(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.f64Gt(sp[Int(a)], sp[Int(b)]))
            case .f64Le(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.f64Le(sp[Int(a)], sp[Int(b)]))
            case .f64Ge(let d, let a, let b):
                sp[Int(d)] = UInt64(WasmNumerics.f64Ge(sp[Int(a)], sp[Int(b)]))
            case .i32Eqz(let d, let a):
                sp[Int(d)] = UInt64(WasmNumerics.i32Eqz(UInt32(truncatingIfNeeded: sp[Int(a)])))
            case .i64Eqz(let d, let a):
                sp[Int(d)] = UInt64(WasmNumerics.i64Eqz(sp[Int(a)]))
            case .i32Clz(let d, let a):
                sp[Int(d)] = UInt64(WasmNumerics.i32Clz(UInt32(truncatingIfNeeded: sp[Int(a)])))
            case .i32Ctz(let d, let a):
                sp[Int(d)] = UInt64(WasmNumerics.i32Ctz(UInt32(truncatingIfNeeded: sp[Int(a)])))
            case .i32Popcnt(let d, let a):
                sp[Int(d)] = UInt64(WasmNumerics.i32Popcnt(UInt32(truncatingIfNeeded: sp[Int(a)])))
            case .i32Extend8S(let d, let a):
                sp[Int(d)] = UInt64(WasmNumerics.i32Extend8S(UInt32(truncatingIfNeeded: sp[Int(a)])))
            case .i32Extend16S(let d, let a):
                sp[Int(d)] = UInt64(WasmNumerics.i32Extend16S(UInt32(truncatingIfNeeded: sp[Int(a)])))
            case .i64Clz(let d, let a):
                sp[Int(d)] = WasmNumerics.i64Clz(sp[Int(a)])
            case .i64Ctz(let d, let a):
                sp[Int(d)] = WasmNumerics.i64Ctz(sp[Int(a)])
            case .i64Popcnt(let d, let a):
                sp[Int(d)] = WasmNumerics.i64Popcnt(sp[Int(a)])
            case .i64Extend8S(let d, let a):
                sp[Int(d)] = WasmNumerics.i64Extend8S(sp[Int(a)])
            case .i64Extend16S(let d, let a):
                sp[Int(d)] = WasmNumerics.i64Extend16S(sp[Int(a)])
            case .i64Extend32S(let d, let a):
                sp[Int(d)] = WasmNumerics.i64Extend32S(sp[Int(a)])
            case .f32Abs(let d, let a):
                sp[Int(d)] = UInt64(WasmNumerics.f32Abs(UInt32(truncatingIfNeeded: sp[Int(a)])))
            case .f32Neg(let d, let a):
                sp[Int(d)] = UInt64(WasmNumerics.f32Neg(UInt32(truncatingIfNeeded: sp[Int(a)])))
            case .f32Ceil(let d, let a):
                sp[Int(d)] = UInt64(WasmNumerics.f32Ceil(UInt32(truncatingIfNeeded: sp[Int(a)])))
            case .f32Floor(let d, let a):
                sp[Int(d)] = UInt64(WasmNumerics.f32Floor(UInt32(truncatingIfNeeded: sp[Int(a)])))
            case .f32Trunc(let d, let a):
                sp[Int(d)] = UInt64(WasmNumerics.f32Trunc(UInt32(truncatingIfNeeded: sp[Int(a)])))
            case .f32Nearest(let d, let a):
                sp[Int(d)] = UInt64(WasmNumerics.f32Nearest(UInt32(truncatingIfNeeded: sp[Int(a)])))
            case .f32Sqrt(let d, let a):
                sp[Int(d)] = UInt64(WasmNumerics.f32Sqrt(UInt32(truncatingIfNeeded: sp[Int(a)])))
            case .f64Abs(let d, let a):
                sp[Int(d)] = WasmNumerics.f64Abs(sp[Int(a)])
            case .f64Neg(let d, let a):
                sp[Int(d)] = WasmNumerics.f64Neg(sp[Int(a)])
            case .f64Ceil(let d, let a):
                sp[Int(d)] = WasmNumerics.f64Ceil(sp[Int(a)])
            case .f64Floor(let d, let a):
                sp[Int(d)] = WasmNumerics.f64Floor(sp[Int(a)])
            case .f64Trunc(let d, let a):
                sp[Int(d)] = WasmNumerics.f64Trunc(sp[Int(a)])
            case .f64Nearest(let d, let a):
                sp[Int(d)] = WasmNumerics.f64Nearest(sp[Int(a)])
            case .f64Sqrt(let d, let a):
                sp[Int(d)] = WasmNumerics.f64Sqrt(sp[Int(a)])
            case .i32WrapI64(let d, let a):
                sp[Int(d)] = UInt64(WasmNumerics.i32WrapI64(sp[Int(a)]))
            case .i32TruncF32S(let d, let a):
                do { sp[Int(d)] = UInt64(try WasmNumerics.i32TruncF32S(UInt32(truncatingIfNeeded: sp[Int(a)]))) } catch { trap = error; break execution }
            case .i32TruncF32U(let d, let a):
                do { sp[Int(d)] = UInt64(try WasmNumerics.i32TruncF32U(UInt32(truncatingIfNeeded: sp[Int(a)]))) } catch { trap = error; break execution }
            case .i32TruncF64S(let d, let a):
                do { sp[Int(d)] = UInt64(try WasmNumerics.i32TruncF64S(sp[Int(a)])) } catch { trap = error; break execution }
            case .i32TruncF64U(let d, let a):
                do { sp[Int(d)] = UInt64(try WasmNumerics.i32TruncF64U(sp[Int(a)])) } catch { trap = error; break execution }
            case .i64ExtendI32S(let d, let a):
                sp[Int(d)] = WasmNumerics.i64ExtendI32S(UInt32(truncatingIfNeeded: sp[Int(a)]))
            case .i64ExtendI32U(let d, let a):
                sp[Int(d)] = WasmNumerics.i64ExtendI32U(UInt32(truncatingIfNeeded: sp[Int(a)]))
            case .i64TruncF32S(let d, let a):
                do { sp[Int(d)] = try WasmNumerics.i64TruncF32S(UInt32(truncatingIfNeeded: sp[Int(a)])) } catch { trap = error; break execution }
            case .i64TruncF32U(let d, let a):
                do { sp[Int(d)] = try WasmNumerics.i64TruncF32U(UInt32(truncatingIfNeeded: sp[Int(a)])) } catch { trap = error; break execution }
            case .i64TruncF64S(let d, let a):
                do { sp[Int(d)] = try WasmNumerics.i64TruncF64S(sp[Int(a)]) } catch { trap = error; break execution }
            case .i64TruncF64U(let d, let a):
                do { sp[Int(d)] = try WasmNumerics.i64TruncF64U(sp[Int(a)]) } catch { trap = error; break execution }
            case .f32ConvertI32S(let d, let a):
                sp[Int(d)] = UInt64(WasmNumerics.f32ConvertI32S(UInt32(truncatingIfNeeded: sp[Int(a)])))
            case .f32ConvertI32U(let d, let a):
                sp[Int(d)] = UInt64(WasmNumerics.f32ConvertI32U(UInt32(truncatingIfNeeded: sp[Int(a)])))
            case .f32ConvertI64S(let d, let a):
                sp[Int(d)] = UInt64(WasmNumerics.f32ConvertI64S(sp[Int(a)]))
            case .f32ConvertI64U(let d, let a):
                sp[Int(d)] = UInt64(WasmNumerics.f32ConvertI64U(sp[Int(a)]))
            case .f32DemoteF64(let d, let a):
                sp[Int(d)] = UInt64(WasmNumerics.f32DemoteF64(sp[Int(a)]))
            case .f64ConvertI32S(let d, let a):
                sp[Int(d)] = WasmNumerics.f64ConvertI32S(UInt32(truncatingIfNeeded: sp[Int(a)]))
            case .f64ConvertI32U(let d, let a):
                sp[Int(d)] = WasmNumerics.f64ConvertI32U(UInt32(truncatingIfNeeded: sp[Int(a)]))
            case .f64ConvertI64S(let d, let a):
                sp[Int(d)] = WasmNumerics.f64ConvertI64S(sp[Int(a)])
            case .f64ConvertI64U(let d, let a):
                sp[Int(d)] = WasmNumerics.f64ConvertI64U(sp[Int(a)])
            case .f64PromoteF32(let d, let a):
                sp[Int(d)] = WasmNumerics.f64PromoteF32(UInt32(truncatingIfNeeded: sp[Int(a)]))
            case .i32TruncSatF32S(let d, let a):
                sp[Int(d)] = UInt64(WasmNumerics.i32TruncSatF32S(UInt32(truncatingIfNeeded: sp[Int(a)])))
            case .i32TruncSatF32U(let d, let a):
                sp[Int(d)] = UInt64(WasmNumerics.i32TruncSatF32U(UInt32(truncatingIfNeeded: sp[Int(a)])))
            case .i32TruncSatF64S(let d, let a):
                sp[Int(d)] = UInt64(WasmNumerics.i32TruncSatF64S(sp[Int(a)]))
            case .i32TruncSatF64U(let d, let a):
                sp[Int(d)] = UInt64(WasmNumerics.i32TruncSatF64U(sp[Int(a)]))
            case .i64TruncSatF32S(let d, let a):
                sp[Int(d)] = WasmNumerics.i64TruncSatF32S(UInt32(truncatingIfNeeded: sp[Int(a)]))
            case .i64TruncSatF32U(let d, let a):
                sp[Int(d)] = WasmNumerics.i64TruncSatF32U(UInt32(truncatingIfNeeded: sp[Int(a)]))
            case .i64TruncSatF64S(let d, let a):
                sp[Int(d)] = WasmNumerics.i64TruncSatF64S(sp[Int(a)])
            case .i64TruncSatF64U(let d, let a):
                sp[Int(d)] = WasmNumerics.i64TruncSatF64U(sp[Int(a)])
            case .i32Load(let d, let a, let offset):
                let ea = UInt64(UInt32(truncatingIfNeeded: sp[Int(a)])) &+ UInt64(offset)
                guard ea &+ 4 <= memorySize else { trap = .memoryOutOfBounds; break execution }
                sp[Int(d)] = UInt64(UInt32(littleEndian: memory.loadUnaligned(fromByteOffset: Int(ea), as: UInt32.self)))
            case .i64Load(let d, let a, let offset):
                let ea = UInt64(UInt32(truncatingIfNeeded: sp[Int(a)])) &+ UInt64(offset)
                guard ea &+ 8 <= memorySize else { trap = .memoryOutOfBounds; break execution }
                sp[Int(d)] = UInt64(littleEndian: memory.loadUnaligned(fromByteOffset: Int(ea), as: UInt64.self))
            case .f32Load(let d, let a, let offset):
                let ea = UInt64(UInt32(truncatingIfNeeded: sp[Int(a)])) &+ UInt64(offset)
                guard ea &+ 4 <= memorySize else { trap = .memoryOutOfBounds; break execution }
                sp[Int(d)] = UInt64(UInt32(littleEndian: memory.loadUnaligned(fromByteOffset: Int(ea), as: UInt32.self)))
            case .f64Load(let d, let a, let offset):
                let ea = UInt64(UInt32(truncatingIfNeeded: sp[Int(a)])) &+ UInt64(offset)
                guard ea &+ 8 <= memorySize else { trap = .memoryOutOfBounds; break execution }
                sp[Int(d)] = UInt64(littleEndian: memory.loadUnaligned(fromByteOffset: Int(ea), as: UInt64.self))
            case .i32Load8S(let d, let a, let offset):
                let ea = UInt64(UInt32(truncatingIfNeeded: sp[Int(a)])) &+ UInt64(offset)
                guard ea &+ 1 <= memorySize else { trap = .memoryOutOfBounds; break execution }
                sp[Int(d)] = UInt64(UInt32(bitPattern: Int32(Int8(bitPattern: memory.load(fromByteOffset: Int(ea), as: UInt8.self)))))
            case .i32Load8U(let d, let a, let offset):
                let ea = UInt64(UInt32(truncatingIfNeeded: sp[Int(a)])) &+ UInt64(offset)
                guard ea &+ 1 <= memorySize else { trap = .memoryOutOfBounds; break execution }
                sp[Int(d)] = UInt64(memory.load(fromByteOffset: Int(ea), as: UInt8.self))
            case .i32Load16S(let d, let a, let offset):
                let ea = UInt64(UInt32(truncatingIfNeeded: sp[Int(a)])) &+ UInt64(offset)
                guard ea &+ 2 <= memorySize else { trap = .memoryOutOfBounds; break execution }
                sp[Int(d)] = UInt64(UInt32(bitPattern: Int32(Int16(bitPattern: UInt16(littleEndian: memory.loadUnaligned(fromByteOffset: Int(ea), as: UInt16.self))))))
            case .i32Load16U(let d, let a, let offset):
                let ea = UInt64(UInt32(truncatingIfNeeded: sp[Int(a)])) &+ UInt64(offset)
                guard ea &+ 2 <= memorySize else { trap = .memoryOutOfBounds; break execution }
                sp[Int(d)] = UInt64(UInt16(littleEndian: memory.loadUnaligned(fromByteOffset: Int(ea), as: UInt16.self)))
            case .i64Load8S(let d, let a, let offset):
                let ea = UInt64(UInt32(truncatingIfNeeded: sp[Int(a)])) &+ UInt64(offset)
                guard ea &+ 1 <= memorySize else { trap = .memoryOutOfBounds; break execution }
                sp[Int(d)] = UInt64(bitPattern: Int64(Int8(bitPattern: memory.load(fromByteOffset: Int(ea), as: UInt8.self))))
            case .i64Load8U(let d, let a, let offset):
                let ea = UInt64(UInt32(truncatingIfNeeded: sp[Int(a)])) &+ UInt64(offset)
                guard ea &+ 1 <= memorySize else { trap = .memoryOutOfBounds; break execution }
                sp[Int(d)] = UInt64(memory.load(fromByteOffset: Int(ea), as: UInt8.self))
            case .i64Load16S(let d, let a, let offset):
                let ea = UInt64(UInt32(truncatingIfNeeded: sp[Int(a)])) &+ UInt64(offset)
                guard ea &+ 2 <= memorySize else { trap = .memoryOutOfBounds; break execution }
                sp[Int(d)] = UInt64(bitPattern: Int64(Int16(bitPattern: UInt16(littleEndian: memory.loadUnaligned(fromByteOffset: Int(ea), as: UInt16.self)))))
            case .i64Load16U(let d, let a, let offset):
                let ea = UInt64(UInt32(truncatingIfNeeded: sp[Int(a)])) &+ UInt64(offset)
                guard ea &+ 2 <= memorySize else { trap = .memoryOutOfBounds; break execution }
                sp[Int(d)] = UInt64(UInt16(littleEndian: memory.loadUnaligned(fromByteOffset: Int(ea), as: UInt16.self)))
            case .i64Load32S(let d, let a, let offset):
                let ea = UInt64(UInt32(truncatingIfNeeded: sp[Int(a)])) &+ UInt64(offset)
                guard ea &+ 4 <= memorySize else { trap = .memoryOutOfBounds; break execution }
                sp[Int(d)] = UInt64(bitPattern: Int64(Int32(bitPattern: UInt32(littleEndian: memory.loadUnaligned(fromByteOffset: Int(ea), as: UInt32.self)))))
            case .i64Load32U(let d, let a, let offset):
                let ea = UInt64(UInt32(truncatingIfNeeded: sp[Int(a)])) &+ UInt64(offset)
                guard ea &+ 4 <= memorySize else { trap = .memoryOutOfBounds; break execution }
                sp[Int(d)] = UInt64(UInt32(littleEndian: memory.loadUnaligned(fromByteOffset: Int(ea), as: UInt32.self)))
            case .i32Store(let a, let v, let offset):
                let ea = UInt64(UInt32(truncatingIfNeeded: sp[Int(a)])) &+ UInt64(offset)
                guard ea &+ 4 <= memorySize else { trap = .memoryOutOfBounds; break execution }
                memory.storeBytes(of: UInt32(truncatingIfNeeded: sp[Int(v)]).littleEndian, toByteOffset: Int(ea), as: UInt32.self)
                if Mode.countsSteps { instance.memory.unsafelyUnwrapped.noteStore(ea, 4) }
            case .i64Store(let a, let v, let offset):
                let ea = UInt64(UInt32(truncatingIfNeeded: sp[Int(a)])) &+ UInt64(offset)
                guard ea &+ 8 <= memorySize else { trap = .memoryOutOfBounds; break execution }
                memory.storeBytes(of: UInt64(truncatingIfNeeded: sp[Int(v)]).littleEndian, toByteOffset: Int(ea), as: UInt64.self)
                if Mode.countsSteps { instance.memory.unsafelyUnwrapped.noteStore(ea, 8) }
            case .f32Store(let a, let v, let offset):
                let ea = UInt64(UInt32(truncatingIfNeeded: sp[Int(a)])) &+ UInt64(offset)
                guard ea &+ 4 <= memorySize else { trap = .memoryOutOfBounds; break execution }
                memory.storeBytes(of: UInt32(truncatingIfNeeded: sp[Int(v)]).littleEndian, toByteOffset: Int(ea), as: UInt32.self)
                if Mode.countsSteps { instance.memory.unsafelyUnwrapped.noteStore(ea, 4) }
            case .f64Store(let a, let v, let offset):
                let ea = UInt64(UInt32(truncatingIfNeeded: sp[Int(a)])) &+ UInt64(offset)
                guard ea &+ 8 <= memorySize else { trap = .memoryOutOfBounds; break execution }
                memory.storeBytes(of: UInt64(truncatingIfNeeded: sp[Int(v)]).littleEndian, toByteOffset: Int(ea), as: UInt64.self)
                if Mode.countsSteps { instance.memory.unsafelyUnwrapped.noteStore(ea, 8) }
            case .i32Store8(let a, let v, let offset):
                let ea = UInt64(UInt32(truncatingIfNeeded: sp[Int(a)])) &+ UInt64(offset)
                guard ea &+ 1 <= memorySize else { trap = .memoryOutOfBounds; break execution }
                memory.storeBytes(of: UInt8(truncatingIfNeeded: sp[Int(v)]).littleEndian, toByteOffset: Int(ea), as: UInt8.self)
                if Mode.countsSteps { instance.memory.unsafelyUnwrapped.noteStore(ea, 1) }
            case .i32Store16(let a, let v, let offset):
                let ea = UInt64(UInt32(truncatingIfNeeded: sp[Int(a)])) &+ UInt64(offset)
                guard ea &+ 2 <= memorySize else { trap = .memoryOutOfBounds; break execution }
                memory.storeBytes(of: UInt16(truncatingIfNeeded: sp[Int(v)]).littleEndian, toByteOffset: Int(ea), as: UInt16.self)
                if Mode.countsSteps { instance.memory.unsafelyUnwrapped.noteStore(ea, 2) }
            case .i64Store8(let a, let v, let offset):
                let ea = UInt64(UInt32(truncatingIfNeeded: sp[Int(a)])) &+ UInt64(offset)
                guard ea &+ 1 <= memorySize else { trap = .memoryOutOfBounds; break execution }
                memory.storeBytes(of: UInt8(truncatingIfNeeded: sp[Int(v)]).littleEndian, toByteOffset: Int(ea), as: UInt8.self)
                if Mode.countsSteps { instance.memory.unsafelyUnwrapped.noteStore(ea, 1) }
            case .i64Store16(let a, let v, let offset):
                let ea = UInt64(UInt32(truncatingIfNeeded: sp[Int(a)])) &+ UInt64(offset)
                guard ea &+ 2 <= memorySize else { trap = .memoryOutOfBounds; break execution }
                memory.storeBytes(of: UInt16(truncatingIfNeeded: sp[Int(v)]).littleEndian, toByteOffset: Int(ea), as: UInt16.self)
                if Mode.countsSteps { instance.memory.unsafelyUnwrapped.noteStore(ea, 2) }
            case .i64Store32(let a, let v, let offset):
                let ea = UInt64(UInt32(truncatingIfNeeded: sp[Int(a)])) &+ UInt64(offset)
                guard ea &+ 4 <= memorySize else { trap = .memoryOutOfBounds; break execution }
                memory.storeBytes(of: UInt32(truncatingIfNeeded: sp[Int(v)]).littleEndian, toByteOffset: Int(ea), as: UInt32.self)
                if Mode.countsSteps { instance.memory.unsafelyUnwrapped.noteStore(ea, 4) }
            case .i32AddImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i32Add(UInt32(truncatingIfNeeded: sp[Int(a)]), imm))
            case .i32MulImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i32Mul(UInt32(truncatingIfNeeded: sp[Int(a)]), imm))
            case .i32AndImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i32And(UInt32(truncatingIfNeeded: sp[Int(a)]), imm))
            case .i32OrImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i32Or(UInt32(truncatingIfNeeded: sp[Int(a)]), imm))
            case .i32XorImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i32Xor(UInt32(truncatingIfNeeded: sp[Int(a)]), imm))
            case .i32ShlImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i32Shl(UInt32(truncatingIfNeeded: sp[Int(a)]), imm))
            case .i32ShrSImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i32ShrS(UInt32(truncatingIfNeeded: sp[Int(a)]), imm))
            case .i32ShrUImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i32ShrU(UInt32(truncatingIfNeeded: sp[Int(a)]), imm))
            case .i32RotlImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i32Rotl(UInt32(truncatingIfNeeded: sp[Int(a)]), imm))
            case .i32EqImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i32Eq(UInt32(truncatingIfNeeded: sp[Int(a)]), imm))
            case .i32NeImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i32Ne(UInt32(truncatingIfNeeded: sp[Int(a)]), imm))
            case .i32LtSImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i32LtS(UInt32(truncatingIfNeeded: sp[Int(a)]), imm))
            case .i32LtUImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i32LtU(UInt32(truncatingIfNeeded: sp[Int(a)]), imm))
            case .i32GtSImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i32GtS(UInt32(truncatingIfNeeded: sp[Int(a)]), imm))
            case .i32GtUImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i32GtU(UInt32(truncatingIfNeeded: sp[Int(a)]), imm))
            case .i32LeSImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i32LeS(UInt32(truncatingIfNeeded: sp[Int(a)]), imm))
            case .i32LeUImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i32LeU(UInt32(truncatingIfNeeded: sp[Int(a)]), imm))
            case .i32GeSImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i32GeS(UInt32(truncatingIfNeeded: sp[Int(a)]), imm))
            case .i32GeUImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i32GeU(UInt32(truncatingIfNeeded: sp[Int(a)]), imm))
            case .i64AddImm(let d, let a, let imm):
                sp[Int(d)] = WasmNumerics.i64Add(sp[Int(a)], UInt64(bitPattern: Int64(Int32(bitPattern: imm))))
            case .i64MulImm(let d, let a, let imm):
                sp[Int(d)] = WasmNumerics.i64Mul(sp[Int(a)], UInt64(bitPattern: Int64(Int32(bitPattern: imm))))
            case .i64AndImm(let d, let a, let imm):
                sp[Int(d)] = WasmNumerics.i64And(sp[Int(a)], UInt64(bitPattern: Int64(Int32(bitPattern: imm))))
            case .i64OrImm(let d, let a, let imm):
                sp[Int(d)] = WasmNumerics.i64Or(sp[Int(a)], UInt64(bitPattern: Int64(Int32(bitPattern: imm))))
            case .i64XorImm(let d, let a, let imm):
                sp[Int(d)] = WasmNumerics.i64Xor(sp[Int(a)], UInt64(bitPattern: Int64(Int32(bitPattern: imm))))
            case .i64ShlImm(let d, let a, let imm):
                sp[Int(d)] = WasmNumerics.i64Shl(sp[Int(a)], UInt64(bitPattern: Int64(Int32(bitPattern: imm))))
            case .i64ShrSImm(let d, let a, let imm):
                sp[Int(d)] = WasmNumerics.i64ShrS(sp[Int(a)], UInt64(bitPattern: Int64(Int32(bitPattern: imm))))
            case .i64ShrUImm(let d, let a, let imm):
                sp[Int(d)] = WasmNumerics.i64ShrU(sp[Int(a)], UInt64(bitPattern: Int64(Int32(bitPattern: imm))))
            case .i64RotlImm(let d, let a, let imm):
                sp[Int(d)] = WasmNumerics.i64Rotl(sp[Int(a)], UInt64(bitPattern: Int64(Int32(bitPattern: imm))))
            case .i64EqImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i64Eq(sp[Int(a)], UInt64(bitPattern: Int64(Int32(bitPattern: imm)))))
            case .i64NeImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i64Ne(sp[Int(a)], UInt64(bitPattern: Int64(Int32(bitPattern: imm)))))
            case .i64LtSImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i64LtS(sp[Int(a)], UInt64(bitPattern: Int64(Int32(bitPattern: imm)))))
            case .i64LtUImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i64LtU(sp[Int(a)], UInt64(bitPattern: Int64(Int32(bitPattern: imm)))))
            case .i64GtSImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i64GtS(sp[Int(a)], UInt64(bitPattern: Int64(Int32(bitPattern: imm)))))
            case .i64GtUImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i64GtU(sp[Int(a)], UInt64(bitPattern: Int64(Int32(bitPattern: imm)))))
            case .i64LeSImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i64LeS(sp[Int(a)], UInt64(bitPattern: Int64(Int32(bitPattern: imm)))))
            case .i64LeUImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i64LeU(sp[Int(a)], UInt64(bitPattern: Int64(Int32(bitPattern: imm)))))
            case .i64GeSImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i64GeS(sp[Int(a)], UInt64(bitPattern: Int64(Int32(bitPattern: imm)))))
            case .i64GeUImm(let d, let a, let imm):
                sp[Int(d)] = UInt64(WasmNumerics.i64GeU(sp[Int(a)], UInt64(bitPattern: Int64(Int32(bitPattern: imm)))))
            case .brIfI32Eq(let a, let b, let target):
                if WasmNumerics.i32Eq(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI32Ne(let a, let b, let target):
                if WasmNumerics.i32Ne(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI32LtS(let a, let b, let target):
                if WasmNumerics.i32LtS(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI32LtU(let a, let b, let target):
                if WasmNumerics.i32LtU(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI32GtS(let a, let b, let target):
                if WasmNumerics.i32GtS(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI32GtU(let a, let b, let target):
                if WasmNumerics.i32GtU(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI32LeS(let a, let b, let target):
                if WasmNumerics.i32LeS(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI32LeU(let a, let b, let target):
                if WasmNumerics.i32LeU(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI32GeS(let a, let b, let target):
                if WasmNumerics.i32GeS(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI32GeU(let a, let b, let target):
                if WasmNumerics.i32GeU(UInt32(truncatingIfNeeded: sp[Int(a)]), UInt32(truncatingIfNeeded: sp[Int(b)])) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI64Eq(let a, let b, let target):
                if WasmNumerics.i64Eq(sp[Int(a)], sp[Int(b)]) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI64Ne(let a, let b, let target):
                if WasmNumerics.i64Ne(sp[Int(a)], sp[Int(b)]) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI64LtS(let a, let b, let target):
                if WasmNumerics.i64LtS(sp[Int(a)], sp[Int(b)]) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI64LtU(let a, let b, let target):
                if WasmNumerics.i64LtU(sp[Int(a)], sp[Int(b)]) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI64GtS(let a, let b, let target):
                if WasmNumerics.i64GtS(sp[Int(a)], sp[Int(b)]) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI64GtU(let a, let b, let target):
                if WasmNumerics.i64GtU(sp[Int(a)], sp[Int(b)]) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI64LeS(let a, let b, let target):
                if WasmNumerics.i64LeS(sp[Int(a)], sp[Int(b)]) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI64LeU(let a, let b, let target):
                if WasmNumerics.i64LeU(sp[Int(a)], sp[Int(b)]) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI64GeS(let a, let b, let target):
                if WasmNumerics.i64GeS(sp[Int(a)], sp[Int(b)]) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI64GeU(let a, let b, let target):
                if WasmNumerics.i64GeU(sp[Int(a)], sp[Int(b)]) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI32EqImm(let a, let b, let target):
                if WasmNumerics.i32Eq(UInt32(truncatingIfNeeded: sp[Int(a)]), b) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI32NeImm(let a, let b, let target):
                if WasmNumerics.i32Ne(UInt32(truncatingIfNeeded: sp[Int(a)]), b) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI32LtSImm(let a, let b, let target):
                if WasmNumerics.i32LtS(UInt32(truncatingIfNeeded: sp[Int(a)]), b) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI32LtUImm(let a, let b, let target):
                if WasmNumerics.i32LtU(UInt32(truncatingIfNeeded: sp[Int(a)]), b) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI32GtSImm(let a, let b, let target):
                if WasmNumerics.i32GtS(UInt32(truncatingIfNeeded: sp[Int(a)]), b) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI32GtUImm(let a, let b, let target):
                if WasmNumerics.i32GtU(UInt32(truncatingIfNeeded: sp[Int(a)]), b) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI32LeSImm(let a, let b, let target):
                if WasmNumerics.i32LeS(UInt32(truncatingIfNeeded: sp[Int(a)]), b) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI32LeUImm(let a, let b, let target):
                if WasmNumerics.i32LeU(UInt32(truncatingIfNeeded: sp[Int(a)]), b) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI32GeSImm(let a, let b, let target):
                if WasmNumerics.i32GeS(UInt32(truncatingIfNeeded: sp[Int(a)]), b) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI32GeUImm(let a, let b, let target):
                if WasmNumerics.i32GeU(UInt32(truncatingIfNeeded: sp[Int(a)]), b) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI64EqImm(let a, let b, let target):
                if WasmNumerics.i64Eq(sp[Int(a)], UInt64(bitPattern: Int64(Int32(bitPattern: b)))) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            case .brIfI64NeImm(let a, let b, let target):
                if WasmNumerics.i64Ne(sp[Int(a)], UInt64(bitPattern: Int64(Int32(bitPattern: b)))) != 0 { pc = Int(target) }
                if Mode.isMetered, !charge(Mode.self, &gas, &tally, runCost[pc], runSteps[pc], at: pc, in: instance) { trap = .outOfGas; break execution }
            // END GENERATED CASES
            }
        }

        let planted = plantedBreakpoint
        restoreBreakpoint()
        let stopped = failure ?? trap.map { Trap($0) }
        if Mode.countsSteps { storeSteps(tally); settleSteps(stopped: stopped != nil, pc: pc, base: sp - stack, depth: depth, in: instance) }
        if Mode.isMetered {
            if stopped?.kind == .outOfGas {
                gas = 0
            } else if stopped != nil, !code[pc - 1].endsRun {
                // The trapping instruction's run was prepaid to its end (or to the planted
                // breakpoint, when gas covered only part of it): give back the rest.
                gas &+= runCost[pc] &- (planted.map { runCost[$0.index] } ?? 0)
            }
            gasUsed = gasLimit &- gas
        }
        frameCount = frameFloor
        if let stopped { throw stopped }
    }

    /// The loop's per-instance registers: code, run costs, memory base and size (re-read after
    /// entering another instance, or after anything that may have grown the memory).
    @inline(__always)
    func registers(of instance: Instance)
        -> (UnsafePointer<Instruction>, UnsafePointer<UInt64>, UnsafeMutableRawPointer, UInt64)
    {
        (
            UnsafePointer(instance.code.baseAddress!), UnsafePointer(instance.runCosts.baseAddress!),
            instance.memory?.bytes ?? noMemory, UInt64(instance.memory?.byteCount ?? 0)
        )
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

    /// Calls the function at `address` from the loop: a host function runs to completion and
    /// the caller's next run is charged; a Wasm function (possibly of another instance) gets a
    /// frame, its first run is charged, and `state` moves into it.
    /// Pushes a frame and enters `callee`, a function of `instance`, whose frame starts at
    /// caller slot `frame` with the arguments in place: the loop's fast path for calls.
    /// Returns the trap when the call depth or the value stack is exhausted.
    @inline(__always)
    func enter<Mode: MeteringMode>(
        _: Mode.Type, _ callee: CompiledFunction, frame: Slot, of instance: Instance,
        sp: inout UnsafeMutablePointer<UInt64>, pc: inout Int, depth: inout Int, tally: inout StepTally, gas: UInt64,
        maxDepth: Int, maxSlots: Int
    ) -> TrapKind? {
        let calleeBase = sp + Int(frame)
        guard depth < maxDepth else { return .callStackExhausted }
        guard calleeBase - stack + Int(callee.frameSize) <= maxSlots else { return .valueStackExhausted }
        if Mode.countsSteps { countSteps(&tally, callSteps(callee), before: pc &- 1, sp: sp, depth: depth, instance: instance, gas: gas, done: true) }
        frameStack[depth] = Frame(returnPC: pc, callerBase: sp - stack, callerInstance: instance.index)
        depth &+= 1
        zeroDeclaredLocals(of: callee, at: calleeBase)
        sp = calleeBase
        pc = Int(callee.entry)
        return nil
    }

    func call<Mode: MeteringMode>(_ mode: Mode.Type, _ address: Int, frame: Slot, state: inout ExecutionState) throws(Trap) {
        let entry = functionEntries[address]
        let calleeBase = state.sp + Int(frame)
        switch entry.kind {
        case .host(let body):
            guard calleeBase - stack + max(entry.type.parameters.count, entry.type.results.count) <= limits.maxValueSlots else {
                throw Trap(.valueStackExhausted)
            }
            let hostSteps = Mode.countsSteps ? hostCallSteps(address, calleeBase) : 0
            if Mode.countsSteps { countSteps(hostSteps, before: state.pc &- 1, sp: state.sp, depth: frameCount, instance: state.instance, gas: state.gas, done: false) }
            if Mode.isMetered {
                let cost = schedule!.hostCallCost(entry.hostCost)
                guard state.gas >= cost else {
                    state.gas = 0
                    throw Trap(.outOfGas)
                }
                state.gas &-= cost
            }
            let parameters = entry.type.parameters
            let arguments = parameters.indices.map { Value(slotBits: calleeBase[$0], type: parameters[$0]) }
            // A host function that calls back into Wasm starts above this call's slots, and
            // spends from the same gas.
            stackTop = calleeBase - stack + max(parameters.count, entry.type.results.count)
            if Mode.isMetered { gasUsed = gasLimit &- state.gas }
            let results = try body(Caller(store: self, instance: state.instance), arguments)
            if Mode.isMetered { state.gas = gasLimit &- gasUsed }
            guard results.count == entry.type.results.count,
                zip(results, entry.type.results).allSatisfy({ $0.type == $1 })
            else {
                throw Trap(.hostError, detail: "host function returned values of the wrong type")
            }
            for (i, result) in results.enumerated() { calleeBase[i] = result.slotBits }
            if Mode.countsSteps { counting.pointee.steps &+= hostSteps }
            if Mode.isMetered, !charge(Mode.self, &state.gas, state.instance.runCosts[state.pc], at: state.pc, in: state.instance) {
                state.gas = 0
                throw Trap(.outOfGas)
            }
        case .wasm(let instanceIndex, let functionIndex):
            let callee = instances[instanceIndex]
            let function = callee.functions[functionIndex]
            guard frameCount < limits.maxCallDepth else { throw Trap(.callStackExhausted) }
            guard calleeBase - stack + Int(function.frameSize) <= limits.maxValueSlots else { throw Trap(.valueStackExhausted) }
            if Mode.countsSteps { countSteps(callSteps(function), before: state.pc &- 1, sp: state.sp, depth: frameCount, instance: state.instance, gas: state.gas, done: true) }
            frameStack[frameCount] = Frame(returnPC: state.pc, callerBase: state.sp - stack, callerInstance: state.instance.index)
            frameCount += 1
            (calleeBase + Int(function.parameterCount)).update(repeating: 0, count: Int(function.localCount - function.parameterCount))
            state.sp = calleeBase
            state.pc = Int(function.entry)
            state.instance = callee
            if Mode.isMetered, !charge(Mode.self, &state.gas, callee.runCosts[state.pc], at: state.pc, in: callee) {
                state.gas = 0
                throw Trap(.outOfGas)
            }
        }
    }
}
