import CairnWasm
import WasmParser
import WasmTypes

extension FunctionTranslator {
    /// Validates and lowers one instruction.
    mutating func visit(_ instruction: WasmParser.Instruction) throws(WasmError) {
        if let softFloat, callOffset == 0, let call = softFloat.call(for: instruction) {
            try emitCall(call.type, operandCount: call.type.parameters.count) { .call(function: call.function, frame: $0) }
            return
        }
        switch instruction {
        // MARK: Control
        case .unreachable:
            emit(.unreachable)
            markUnreachable()
        case .nop:
            break
        case .block(let blockType):
            try enterBlock(.block, try blockSignature(blockType))
        case .loop(let blockType):
            try enterBlock(.loop, try blockSignature(blockType))
        case .if(let blockType):
            let signature = try blockSignature(blockType)
            let condition = try pop(.i32)
            let comparison = takeBackComparison(writing: condition.slot)
            try enterBlock(.if, signature)
            let at = emitConditionalBranch(on: condition.slot, comparison: comparison, whenZero: true, to: 0)
            controls[controls.count - 1].elseFixup = at >= 0 ? at : nil
        case .else:
            try visitElseArm()
        case .end:
            try visitEndOfBlock()
        case .br(let depth):
            let target = try label(depth)
            try checkTop(controls[target].labelTypes)
            emitBranch(to: target)
            markUnreachable()
        case .brIf(let depth):
            let condition = try pop(.i32)
            let target = try label(depth)
            let types = controls[target].labelTypes
            try checkTop(types)
            if reachable {
                if !branchNeedsMoves(target) && controls[target].kind != .loop {
                    let at = emitConditionalBranch(on: condition.slot, whenZero: false, to: 0)
                    controls[target].endFixups.append(.code(at))
                    controls[target].branchedTo = true
                } else if !branchNeedsMoves(target) {
                    emitConditionalBranch(on: condition.slot, whenZero: false, to: controls[target].loopStart)
                } else {
                    let skip = emitConditionalBranch(on: condition.slot, whenZero: true, to: 0)
                    emitBranch(to: target)
                    patch(.code(skip), to: pc)
                }
            }
            // The values keep their place, now typed as the label says.
            for (i, type) in types.enumerated() { values[values.count - types.count + i].type = type }
        case .brTable(let table):
            try visitBrTable(table)
        case .return:
            try checkTop(controls[0].results)
            emitBranch(to: 0)
            markUnreachable()
        case .call(let function):
            let function = function + callOffset
            guard Int(function) < context.functionTypeIndices.count else { throw invalid("unknown function \(function)") }
            let type = context.types[Int(context.functionTypeIndices[Int(function)])]
            try emitCall(type, operandCount: type.parameters.count) { .call(function: function, frame: $0) }
        case .callIndirect(let typeIndex, let table):
            guard Int(table) < context.tables.count else { throw invalid("unknown table \(table)") }
            guard context.tables[Int(table)].element == .funcref else { throw invalid("type mismatch: call_indirect table must be funcref") }
            guard Int(typeIndex) < context.types.count else { throw invalid("unknown type \(typeIndex)") }
            let type = context.types[Int(typeIndex)]
            try emitCall(type, operandCount: type.parameters.count + 1) {
                .callIndirect(type: typeIndex, table: table, frame: $0)
            }
        case .returnCall, .returnCallIndirect, .returnCallRef:
            throw unsupported("tail calls", feature: "tail-call")
        case .callRef, .brOnNull, .brOnNonNull, .refAsNonNull:
            throw unsupported("typed function references", feature: "function-references")
        case .throw, .throwRef, .tryTable:
            throw unsupported("exceptions", feature: "exception-handling")

        // MARK: Parametric
        case .drop:
            _ = try pop()
        case .select:
            try visitSelect(nil)
        case .typedSelect(let type):
            try visitSelect(try convert(type))

        // MARK: Variables
        case .localGet(let index):
            guard Int(index) < localTypes.count else { throw invalid("unknown local \(index)") }
            if reachable {
                pushLocal(localTypes[Int(index)], local: index)
                keepsProducer = true
            } else {
                _ = push(localTypes[Int(index)])
            }
        case .localSet(let index):
            guard Int(index) < localTypes.count else { throw invalid("unknown local \(index)") }
            let value = try pop(localTypes[Int(index)])
            store(value, into: index)
        case .localTee(let index):
            guard Int(index) < localTypes.count else { throw invalid("unknown local \(index)") }
            let value = try pop(localTypes[Int(index)])
            store(value, into: index)
            if reachable { pushLocal(localTypes[Int(index)], local: index) } else { _ = push(localTypes[Int(index)]) }
        case .globalGet(let index):
            guard Int(index) < context.globals.count else { throw invalid("unknown global \(index)") }
            let dst = push(context.globals[Int(index)].valueType)
            emit(.globalGet(dst: dst, global: index))
        case .globalSet(let index):
            guard Int(index) < context.globals.count else { throw invalid("unknown global \(index)") }
            let global = context.globals[Int(index)]
            guard global.isMutable else { throw invalid("global is immutable") }
            let value = try pop(global.valueType)
            emit(.globalSet(src: value.slot, global: index))

        // MARK: Memory
        case .load(let op, let memarg):
            guard let lowering = Instruction.lowering(op) else { throw unsupported("atomic and vector loads", feature: "threads") }
            let offset = try checkMemArg(memarg, width: lowering.width)
            let address = try pop(.i32)
            let dst = push(lowering.result)
            emit(lowering.make(dst, address.slot, offset))
        case .store(let op, let memarg):
            guard let lowering = Instruction.lowering(op) else { throw unsupported("atomic and vector stores", feature: "threads") }
            let offset = try checkMemArg(memarg, width: lowering.width)
            let value = try pop(lowering.operand)
            let address = try pop(.i32)
            emit(lowering.make(address.slot, value.slot, offset))
        case .memorySize(let memory):
            try checkMemory(memory)
            emit(.memorySize(dst: push(.i32)))
        case .memoryGrow(let memory):
            try checkMemory(memory)
            let delta = try pop(.i32)
            emit(.memoryGrow(dst: push(.i32), delta: delta.slot))
        case .memoryFill(let memory):
            try checkMemory(memory)
            let operands = try popConsecutive([.i32, .i32, .i32])
            emit(.memoryFill(operands: operands))
        case .memoryCopy(let destination, let source):
            try checkMemory(destination)
            try checkMemory(source)
            let operands = try popConsecutive([.i32, .i32, .i32])
            emit(.memoryCopy(operands: operands))
        case .memoryInit(let segment, let memory):
            try checkMemory(memory)
            try checkDataSegment(segment)
            let operands = try popConsecutive([.i32, .i32, .i32])
            emit(.memoryInit(segment: segment, operands: operands))
        case .dataDrop(let segment):
            try checkDataSegment(segment)
            emit(.dataDrop(segment: segment))

        // MARK: Constants
        case .i32Const(let value):
            pushConstant(.i32, bits: UInt64(UInt32(bitPattern: value)))
        case .i64Const(let value):
            pushConstant(.i64, bits: UInt64(bitPattern: value))
        case .f32Const(let value):
            pushConstant(.f32, bits: UInt64(value.bitPattern))
        case .f64Const(let value):
            pushConstant(.f64, bits: value.bitPattern)

        // MARK: Numeric
        case .i32Eqz:
            let operand = try pop(.i32)
            emit(.i32Eqz(dst: push(.i32), src: operand.slot))
        case .i64Eqz:
            let operand = try pop(.i64)
            emit(.i64Eqz(dst: push(.i32), src: operand.slot))
        case .cmp(let op):
            let lowering = Instruction.lowering(op)
            try emitBinary(lowering.operands, lowering.result, lowering.make)
        case .binary(let op):
            let lowering = Instruction.lowering(op)
            try emitBinary(lowering.operands, lowering.result, lowering.make)
        case .unary(let op):
            let lowering = Instruction.lowering(op)
            try emitUnary(lowering.operand, lowering.result, lowering.make)
        case .conversion(let op):
            let lowering = Instruction.lowering(op)
            try emitUnary(lowering.operand, lowering.result, lowering.make)

        // MARK: References
        case .refNull(let heapType):
            let type: ValueType
            switch heapType {
            case .abstract(.funcRef): type = .funcref
            case .abstract(.externRef): type = .externref
            default: throw unsupported("reference type \(heapType)", feature: "gc")
            }
            emit(.const64(dst: push(type), low: 0, high: 0))
        case .refIsNull:
            let operand = try pop()
            if let type = operand.type, !type.isReference { throw invalid("type mismatch: ref.is_null needs a reference") }
            emit(.refIsNull(dst: push(.i32), src: operand.slot))
        case .refFunc(let function):
            guard Int(function) < context.functionTypeIndices.count else { throw invalid("unknown function \(function)") }
            guard context.declaredReferences.contains(function) else { throw invalid("undeclared function reference") }
            emit(.refFunc(dst: push(.funcref), function: function))

        // MARK: Tables
        case .tableGet(let table):
            let type = try tableType(table)
            let index = try pop(.i32)
            emit(.tableGet(dst: push(type.element), index: index.slot, table: table))
        case .tableSet(let table):
            let type = try tableType(table)
            let value = try pop(type.element)
            let index = try pop(.i32)
            emit(.tableSet(index: index.slot, value: value.slot, table: table))
        case .tableSize(let table):
            _ = try tableType(table)
            emit(.tableSize(dst: push(.i32), table: table))
        case .tableGrow(let table):
            let type = try tableType(table)
            let operands = try popConsecutive([type.element, .i32])
            _ = push(.i32)
            emit(.tableGrow(table: table, operands: operands))
        case .tableFill(let table):
            let type = try tableType(table)
            let operands = try popConsecutive([.i32, type.element, .i32])
            emit(.tableFill(table: table, operands: operands))
        case .tableCopy(let destination, let source):
            let destinationType = try tableType(destination)
            let sourceType = try tableType(source)
            guard destinationType.element == sourceType.element else { throw invalid("type mismatch: table.copy between different element types") }
            let operands = try popConsecutive([.i32, .i32, .i32])
            emit(.tableCopy(destinationTable: destination, sourceTable: source, operands: operands))
        case .tableInit(let segment, let table):
            let type = try tableType(table)
            guard Int(segment) < context.elementTypes.count else { throw invalid("unknown elem segment \(segment)") }
            guard context.elementTypes[Int(segment)] == type.element else { throw invalid("type mismatch: table.init element types differ") }
            let operands = try popConsecutive([.i32, .i32, .i32])
            emit(.tableInit(table: table, segment: segment, operands: operands))
        case .elemDrop(let segment):
            guard Int(segment) < context.elementTypes.count else { throw invalid("unknown elem segment \(segment)") }
            emit(.elemDrop(segment: segment))

        // MARK: Outside the profile
        case .atomicFence, .memoryAtomicNotify, .memoryAtomicWait32, .memoryAtomicWait64,
            .i32AtomicRmwAdd, .i64AtomicRmwAdd, .i32AtomicRmw8AddU, .i32AtomicRmw16AddU, .i64AtomicRmw8AddU,
            .i64AtomicRmw16AddU, .i64AtomicRmw32AddU, .i32AtomicRmwSub, .i64AtomicRmwSub, .i32AtomicRmw8SubU,
            .i32AtomicRmw16SubU, .i64AtomicRmw8SubU, .i64AtomicRmw16SubU, .i64AtomicRmw32SubU, .i32AtomicRmwAnd,
            .i64AtomicRmwAnd, .i32AtomicRmw8AndU, .i32AtomicRmw16AndU, .i64AtomicRmw8AndU, .i64AtomicRmw16AndU,
            .i64AtomicRmw32AndU, .i32AtomicRmwOr, .i64AtomicRmwOr, .i32AtomicRmw8OrU, .i32AtomicRmw16OrU,
            .i64AtomicRmw8OrU, .i64AtomicRmw16OrU, .i64AtomicRmw32OrU, .i32AtomicRmwXor, .i64AtomicRmwXor,
            .i32AtomicRmw8XorU, .i32AtomicRmw16XorU, .i64AtomicRmw8XorU, .i64AtomicRmw16XorU, .i64AtomicRmw32XorU,
            .i32AtomicRmwXchg, .i64AtomicRmwXchg, .i32AtomicRmw8XchgU, .i32AtomicRmw16XchgU, .i64AtomicRmw8XchgU,
            .i64AtomicRmw16XchgU, .i64AtomicRmw32XchgU, .i32AtomicRmwCmpxchg, .i64AtomicRmwCmpxchg,
            .i32AtomicRmw8CmpxchgU, .i32AtomicRmw16CmpxchgU, .i64AtomicRmw8CmpxchgU, .i64AtomicRmw16CmpxchgU,
            .i64AtomicRmw32CmpxchgU:
            throw unsupported("atomic instructions", feature: "threads")
        case .v128Const, .i8x16Shuffle, .simd, .simdLane, .simdMemLane:
            throw unsupported("SIMD instructions", feature: "simd")
        default:
            throw unsupported("instruction \(instruction)", feature: "gc")
        }
    }

    // MARK: Helpers for instruction families

    mutating func emitBinary(_ operands: (ValueType, ValueType), _ result: ValueType, _ make: (Slot, Slot, Slot) -> Instruction) throws(WasmError) {
        let rhs = try pop(operands.1)
        let lhs = try pop(operands.0)
        let dst = push(result)
        let instruction = make(dst, lhs.slot, rhs.slot)
        // `x op constant`: the constant moves into the instruction, saving a dispatch. So does
        // `constant op x` when the operation commutes (or, for a comparison, has a mirror); the
        // constant is then still the last instruction, since `local.get x` emits nothing.
        if let producer = takeBackable(writing: rhs.slot), let constant = code[producer].constantValue,
            let fused = instruction.immediateForm(rightOperand: constant)
        {
            code.removeLast()
            emit(fused)
            return
        }
        if rhs.slot != lhs.slot, let producer = takeBackable(writing: lhs.slot), let constant = code[producer].constantValue,
            let fused = instruction.swappingOperands()?.immediateForm(rightOperand: constant)
        {
            code.removeLast()
            emit(fused)
            return
        }
        // The same for constants hoisted out of a loop, which emitted nothing.
        if let constant = hoistedValue(rhs.slot), let fused = instruction.immediateForm(rightOperand: constant) {
            emit(fused)
            return
        }
        if rhs.slot != lhs.slot, let constant = hoistedValue(lhs.slot),
            let fused = instruction.swappingOperands()?.immediateForm(rightOperand: constant)
        {
            emit(fused)
            return
        }
        emit(instruction)
    }

    /// The index of the last emitted instruction when it wrote `slot` and can still be replaced:
    /// it was the previous Wasm instruction's only output and no label points past it (see
    /// `fusableProducer`).
    func takeBackable(writing slot: Slot) -> Int? {
        guard let producer = fusableProducer, producer == code.count - 1, code[producer].writing(to: slot) == code[producer]
        else { return nil }
        return producer
    }

    /// Emits a jump to `target` taken when `condition` is non-zero (or zero, with `whenZero`).
    /// When the condition was computed by an integer comparison just before, the comparison is
    /// replaced by a fused compare-and-branch. Returns the branch's index (-1 when unreachable).
    @discardableResult
    mutating func emitConditionalBranch(on condition: Slot, whenZero: Bool, to target: UInt32) -> Int {
        let comparison = takeBackComparison(writing: condition)
        return emitConditionalBranch(on: condition, comparison: comparison, whenZero: whenZero, to: target)
    }

    /// Removes and returns the integer comparison that just wrote `condition`, when a branch on
    /// it can be fused with it.
    mutating func takeBackComparison(writing condition: Slot) -> Instruction? {
        guard let producer = takeBackable(writing: condition),
            code[producer].branchForm(whenFalse: false, target: 0) != nil
        else { return nil }
        fusableProducer = nil
        return code.removeLast()
    }

    /// Emits the branch on `condition`, fused with `comparison` when there is one. The
    /// comparison may be emitted after instructions that came between (block-entry copies):
    /// those write only slots below the comparison's own, which it does not read.
    mutating func emitConditionalBranch(on condition: Slot, comparison: Instruction?, whenZero: Bool, to target: UInt32) -> Int {
        if let fused = comparison?.branchForm(whenFalse: whenZero, target: target) { return emit(fused) }
        return emit(whenZero ? .brIfEqz(condition: condition, target: target) : .brIfNez(condition: condition, target: target))
    }

    mutating func emitUnary(_ operand: ValueType, _ result: ValueType, _ make: (Slot, Slot) -> Instruction) throws(WasmError) {
        let source = try pop(operand)
        let dst = push(result)
        let instruction = make(dst, source.slot)
        // Reinterpretations lower to a copy, which is nothing when source and destination agree.
        if case .copy(let d, let s) = instruction, d == s { return }
        emit(instruction)
    }

    /// Pops operands of `types` after placing them in consecutive canonical slots; returns the first.
    mutating func popConsecutive(_ types: [ValueType]) throws(WasmError) -> Slot {
        try checkTop(types)
        materializeTop(types.count)
        for type in types.reversed() { _ = try pop(type) }
        return canonical(values.count)
    }

    /// Calls take their arguments in consecutive slots where the callee's frame begins.
    mutating func emitCall(_ type: FunctionType, operandCount: Int, _ make: (Slot) -> Instruction) throws(WasmError) {
        var operandTypes = type.parameters
        if operandCount > type.parameters.count { operandTypes.append(.i32) }
        let frame = try popConsecutive(operandTypes)
        emit(make(frame))
        for result in type.results { _ = push(result) }
        // The callee's frame extends above the caller's deepest slot: keep room for the results.
        if values.count > maxHeight { maxHeight = values.count }
    }

    mutating func visitSelect(_ type: ValueType?) throws(WasmError) {
        let condition = try pop(.i32)
        let second = try pop()
        let first = try pop()
        let resultType: ValueType?
        if let type {
            if let t = first.type, t != type { throw invalid("type mismatch: select operand") }
            if let t = second.type, t != type { throw invalid("type mismatch: select operand") }
            resultType = type
        } else {
            if let t = first.type, t.isReference { throw invalid("type mismatch: select without type needs numeric operands") }
            if let t = second.type, t.isReference { throw invalid("type mismatch: select without type needs numeric operands") }
            if let a = first.type, let b = second.type, a != b { throw invalid("type mismatch: select operands differ") }
            resultType = first.type ?? second.type
        }
        let dst = push(resultType)
        if first.slot != dst { emit(.copy(dst: dst, src: first.slot)) }
        emit(.select(dst: dst, other: second.slot, condition: condition.slot))
    }

    mutating func visitElseArm() throws(WasmError) {
        placedLabel = true
        guard let frame = controls.last, frame.kind == .if else { throw invalid("else without if") }
        try checkExactResults(frame)
        if reachable {
            materializeTop(frame.results.count)
            let at = emit(.br(target: 0))
            controls[controls.count - 1].endFixups.append(.code(at))
            controls[controls.count - 1].branchedTo = true
        }
        if let fixup = frame.elseFixup { patch(.code(fixup), to: pc) }
        truncate(to: frame.height)
        for type in frame.parameters { _ = push(type) }
        controls[controls.count - 1].kind = .else
        controls[controls.count - 1].elseFixup = nil
        controls[controls.count - 1].unreachable = false
        reachable = frame.entryReachable
    }

    mutating func visitEndOfBlock() throws(WasmError) {
        placedLabel = true
        guard let frame = controls.last else { throw WasmError(.malformed, "unexpected end", offset: binaryOffset) }
        try checkExactResults(frame)
        if frame.kind == .if && frame.parameters != frame.results {
            throw invalid("type mismatch: if without else must leave its parameters as results")
        }
        let fellThrough = reachable
        if frame.kind == .function {
            if reachable { emitBranch(to: 0) }
            controls.removeLast()
            return
        }
        if reachable { materializeTop(frame.results.count) }
        reachable = true
        let end = pc
        if let fixup = frame.elseFixup { patch(.code(fixup), to: end) }
        for fixup in frame.endFixups { patch(fixup, to: end) }
        truncate(to: frame.height)
        controls.removeLast()
        if frame.kind == .loop { loopDepth -= 1 }
        for type in frame.results { _ = push(type) }
        reachable = fellThrough || frame.branchedTo || (frame.kind == .if && frame.entryReachable)
    }

    /// At `else` and `end` the block must leave exactly its result types.
    mutating func checkExactResults(_ frame: Control) throws(WasmError) {
        try checkTop(frame.results)
        if values.count - frame.height != frame.results.count {
            throw invalid("type mismatch: block leaves \(values.count - frame.height) values, expected \(frame.results.count)")
        }
    }

    mutating func visitBrTable(_ table: BrTable) throws(WasmError) {
        let index = try pop(.i32)
        let defaultTarget = try label(table.defaultIndex)
        let arity = controls[defaultTarget].labelTypes.count
        // Each distinct label is checked (and gets its trampoline) once, so a huge table costs
        // time linear in its length plus the labels it names.
        var checked = Set<UInt32>()
        for depth in table.labelIndices + [table.defaultIndex] where checked.insert(depth).inserted {
            let target = try label(depth)
            guard controls[target].labelTypes.count == arity else { throw invalid("type mismatch: br_table targets differ in arity") }
            try checkTop(controls[target].labelTypes)
        }
        if reachable {
            let start = brTableTargets.count
            let count = table.labelIndices.count + 1
            emit(.brTable(index: index.slot, targets: UInt32(start), count: UInt32(count)))
            brTableTargets.append(contentsOf: repeatElement(0, count: count))
            // Where each label's entries jump; nil for forward labels patched at their end.
            var resolved: [UInt32: UInt32?] = [:]
            for i in 0..<count {
                let depth = i < table.labelIndices.count ? table.labelIndices[i] : table.defaultIndex
                let target = controls.count - 1 - Int(depth)
                if resolved[depth] == nil {
                    if branchNeedsMoves(target) {
                        // Values move (or the function returns) through one trampoline per label.
                        resolved[depth] = .some(pc)
                        emitBranch(to: target)
                    } else if controls[target].kind == .loop {
                        resolved[depth] = .some(controls[target].loopStart)
                    } else {
                        resolved[depth] = .some(nil)
                        controls[target].branchedTo = true
                    }
                }
                if let address = resolved[depth]! {
                    brTableTargets[start + i] = address
                } else {
                    controls[target].endFixups.append(.table(start + i))
                }
            }
        }
        markUnreachable()
    }

    // MARK: Index checks

    func checkMemory(_ memory: UInt32) throws(WasmError) {
        guard Int(memory) < context.memoryCount else { throw invalid("unknown memory \(memory)") }
    }

    func checkMemArg(_ memarg: MemArg, width: Int) throws(WasmError) -> UInt32 {
        try checkMemory(memarg.memory)
        guard memarg.align < 32, (1 << memarg.align) <= width else {
            throw invalid("alignment must not be larger than natural")
        }
        guard memarg.offset <= UInt64(UInt32.max) else { throw invalid("offset out of range") }
        return UInt32(memarg.offset)
    }

    func checkDataSegment(_ segment: UInt32) throws(WasmError) {
        guard let count = context.dataCount else { throw invalid("data count section required") }
        guard segment < count else { throw invalid("unknown data segment \(segment)") }
    }

    func tableType(_ table: UInt32) throws(WasmError) -> TableType {
        guard Int(table) < context.tables.count else { throw invalid("unknown table \(table)") }
        return context.tables[Int(table)]
    }
}
