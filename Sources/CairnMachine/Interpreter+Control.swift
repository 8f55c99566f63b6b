import CairnProgram
import CairnWasm

// The `switch` loop's control, data-movement and global instructions, one function each,
// called from the loop's dispatch (`Store.step`, Generated/SwitchStep.swift). Each returns
// false when the run stops, with the trap (or the error) in the registers.
extension Store {
    @inline(__always)
    func executeUnreachable<Mode: MeteringMode>(_: Mode.Type, _ r: inout SwitchRegisters) -> Bool {
        r.trap = .unreachable
        return false
    }

    /// A planted breakpoint: a step the counted run must stop before, or where gas runs out.
    @inline(__always)
    func executeBreakpoint<Mode: MeteringMode>(_: Mode.Type, _ r: inout SwitchRegisters) -> Bool {
        if Mode.countsSteps, counting.pointee.stepBreakpoint {
            r.pc &-= 1
            r.tally = stepBreakpointReached(r.tally, pc: r.pc, sp: r.sp, depth: r.depth, instance: r.instance, gas: r.gas)
            return chargeRun(Mode.self, &r)
        }
        if Mode.countsSteps { r.tally = gasBreakpointReached(r.tally, at: r.pc &- 1, in: r.instance) }
        r.trap = .outOfGas
        return false
    }

    @inline(__always)
    func executeCopy<Mode: MeteringMode>(_: Mode.Type, _ d: Slot, _ s: Slot, _ r: inout SwitchRegisters) -> Bool {
        r.sp[Int(d)] = r.sp[Int(s)]
        return true
    }

    @inline(__always)
    func executeConst32<Mode: MeteringMode>(_: Mode.Type, _ d: Slot, _ value: UInt32, _ r: inout SwitchRegisters) -> Bool {
        r.sp[Int(d)] = UInt64(value)
        return true
    }

    @inline(__always)
    func executeConst64<Mode: MeteringMode>(_: Mode.Type, _ d: Slot, _ low: UInt32, _ high: UInt32, _ r: inout SwitchRegisters) -> Bool {
        r.sp[Int(d)] = UInt64(low) | UInt64(high) << 32
        return true
    }

    @inline(__always)
    func executeSelect<Mode: MeteringMode>(_: Mode.Type, _ d: Slot, _ other: Slot, _ condition: Slot, _ r: inout SwitchRegisters) -> Bool {
        if UInt32(truncatingIfNeeded: r.sp[Int(condition)]) == 0 { r.sp[Int(d)] = r.sp[Int(other)] }
        return true
    }

    @inline(__always)
    func executeBr<Mode: MeteringMode>(_: Mode.Type, _ target: UInt32, _ r: inout SwitchRegisters) -> Bool {
        r.pc = Int(target)
        return chargeRun(Mode.self, &r)
    }

    @inline(__always)
    func executeBrIfNez<Mode: MeteringMode>(_: Mode.Type, _ condition: Slot, _ target: UInt32, _ r: inout SwitchRegisters) -> Bool {
        if UInt32(truncatingIfNeeded: r.sp[Int(condition)]) != 0 { r.pc = Int(target) }
        return chargeRun(Mode.self, &r)
    }

    @inline(__always)
    func executeBrIfEqz<Mode: MeteringMode>(_: Mode.Type, _ condition: Slot, _ target: UInt32, _ r: inout SwitchRegisters) -> Bool {
        if UInt32(truncatingIfNeeded: r.sp[Int(condition)]) == 0 { r.pc = Int(target) }
        return chargeRun(Mode.self, &r)
    }

    @inline(__always)
    func executeBrTable<Mode: MeteringMode>(_: Mode.Type, _ index: Slot, _ table: UInt32, _ count: UInt32, _ r: inout SwitchRegisters) -> Bool {
        let i = min(UInt32(truncatingIfNeeded: r.sp[Int(index)]), count &- 1)
        r.pc = Int(r.instance.brTableTargets[Int(table &+ i)])
        return chargeRun(Mode.self, &r)
    }

    @inline(__always)
    func executeCall<Mode: MeteringMode>(_: Mode.Type, _ function: UInt32, _ frame: Slot, _ r: inout SwitchRegisters) -> Bool {
        let imported = r.instance.importedFunctionCount
        guard Int(function) >= imported else {
            return callOut(Mode.self, r.instance.functionAddresses[Int(function)], frame: frame, &r)
        }
        // A function of the same instance: the fast path.
        if let kind = enter(Mode.self, r.instance.functions[Int(function) - imported], frame: frame, &r) {
            r.trap = kind
            return false
        }
        return chargeRun(Mode.self, &r)
    }

    @inline(__always)
    func executeCallIndirect<Mode: MeteringMode>(
        _: Mode.Type, _ typeIndex: UInt32, _ tableIndex: UInt32, _ frame: Slot, _ r: inout SwitchRegisters
    ) -> Bool {
        let instance = r.instance
        let table = instance.tables[Int(tableIndex)]
        let element = UInt32(truncatingIfNeeded: r.sp[Int(frame) + instance.typeParameterCounts[Int(typeIndex)]])
        guard Int(element) < table.elements.count else { r.trap = .undefinedElement; return false }
        let reference = table.elements[Int(element)]
        guard reference != 0 else { r.trap = .uninitializedElement; return false }
        // A table can hold a non-function only in a type-confused (decoded) program.
        let callees = self.callees
        guard reference - 1 < UInt64(callees.count) else { r.trap = .indirectCallTypeMismatch; return false }
        let callee = callees.entries[Int(reference - 1)]
        guard callee.typeID == instance.typeIDs[Int(typeIndex)] else { r.trap = .indirectCallTypeMismatch; return false }
        guard callee.instance == instance.index else { return callOut(Mode.self, Int(reference - 1), frame: frame, &r) }
        // A function of the same instance: the same fast path as `call`.
        if let kind = enter(Mode.self, instance.functions[callee.function], frame: frame, &r) {
            r.trap = kind
            return false
        }
        return chargeRun(Mode.self, &r)
    }

    @inline(__always)
    func executeReturn<Mode: MeteringMode>(_: Mode.Type, _ r: inout SwitchRegisters) -> Bool {
        guard r.depth > r.frameFloor else { return false }
        r.depth &-= 1
        let frame = r.frameStack[r.depth]
        r.pc = frame.returnPC
        r.sp = stack + frame.callerBase
        if frame.callerInstance != r.instance.index { r.enter(Mode.self, instances[frame.callerInstance]) }
        return chargeRun(Mode.self, &r)
    }

    @inline(__always)
    func executeGlobalGet<Mode: MeteringMode>(_: Mode.Type, _ d: Slot, _ global: UInt32, _ r: inout SwitchRegisters) -> Bool {
        r.sp[Int(d)] = r.instance.globalCells[Int(global)].pointee
        return true
    }

    @inline(__always)
    func executeGlobalSet<Mode: MeteringMode>(_: Mode.Type, _ s: Slot, _ global: UInt32, _ r: inout SwitchRegisters) -> Bool {
        r.instance.globalCells[Int(global)].pointee = r.sp[Int(s)]
        return true
    }

    @inline(__always)
    func executeRefFunc<Mode: MeteringMode>(_: Mode.Type, _ d: Slot, _ function: UInt32, _ r: inout SwitchRegisters) -> Bool {
        r.sp[Int(d)] = UInt64(r.instance.functionAddresses[Int(function)]) + 1
        return true
    }

    @inline(__always)
    func executeRefIsNull<Mode: MeteringMode>(_: Mode.Type, _ d: Slot, _ s: Slot, _ r: inout SwitchRegisters) -> Bool {
        r.sp[Int(d)] = r.sp[Int(s)] == 0 ? 1 : 0
        return true
    }

    /// Pushes a frame and enters `callee`, a function of the loop's instance, whose frame starts
    /// at caller slot `frame` with the arguments in place: the loop's fast path for calls.
    /// Returns the trap when the call depth or the value stack is exhausted.
    @inline(__always)
    func enter<Mode: MeteringMode>(_: Mode.Type, _ callee: CompiledFunction, frame: Slot, _ r: inout SwitchRegisters) -> TrapKind? {
        let calleeBase = r.sp + Int(frame)
        guard r.depth < r.maxDepth else { return .callStackExhausted }
        guard calleeBase - stack + Int(callee.frameSize) <= r.maxSlots else { return .valueStackExhausted }
        if Mode.countsSteps {
            countSteps(&r.tally, callSteps(callee), before: r.pc &- 1, sp: r.sp, depth: r.depth, instance: r.instance, gas: r.gas, done: true)
        }
        r.frameStack[r.depth] = Frame(returnPC: r.pc, callerBase: r.sp - stack, callerInstance: r.instance.index)
        r.depth &+= 1
        zeroDeclaredLocals(of: callee, at: calleeBase)
        r.sp = calleeBase
        r.pc = Int(callee.entry)
        return nil
    }

    /// A call that leaves the loop's fast path (an import, a host function, a function of
    /// another instance), through ``call(_:_:frame:state:)``.
    @inline(__always)
    func callOut<Mode: MeteringMode>(_: Mode.Type, _ address: Int, frame: Slot, _ r: inout SwitchRegisters) -> Bool {
        var state = ExecutionState(instance: r.instance, pc: r.pc, sp: r.sp, gas: r.gas)
        frameCount = r.depth
        if Mode.countsSteps { storeSteps(r.tally) }
        do {
            try call(Mode.self, address, frame: frame, state: &state)
        } catch {
            r.gas = state.gas
            r.failure = error
            if Mode.countsSteps { (r.pc, r.sp, r.depth) = (state.pc, state.sp, frameCount); r.tally = loadSteps() }
            return false
        }
        r.depth = frameCount
        if Mode.countsSteps { r.tally = loadSteps() }
        (r.pc, r.sp, r.gas) = (state.pc, state.sp, state.gas)
        r.enter(Mode.self, state.instance)
        return true
    }

    /// Calls the function at `address` from the loop: a host function runs to completion and
    /// the caller's next run is charged; a Wasm function (possibly of another instance) gets a
    /// frame, its first run is charged, and `state` moves into it.
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
