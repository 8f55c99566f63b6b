import CairnWasm
import WasmParser
import WasmTypes

/// What a function body may refer to: the module's index spaces, as validation sees them.
struct ModuleContext {
    var types: [FunctionType]
    var functionTypeIndices: [UInt32]
    var tables: [TableType]
    var memoryCount: Int
    var globals: [GlobalType]
    var elementTypes: [ValueType]
    var dataCount: UInt32?
    var declaredReferences: Set<UInt32>
    var importedFunctionCount: Int
}

/// Validates one function body and lowers it into register instructions, in a single pass.
///
/// The operand stack is tracked at translation time. Each stack height `h` owns the frame slot
/// `localCount + reservedSlots + h` (its *canonical* slot; see +Constants for the reserved ones).
/// `local.get` emits nothing: it pushes an entry whose
/// value lives in the local's own slot. Such pending entries are copied to their canonical slot
/// ("materialized") only when the local is about to be overwritten, at control-flow joins, and
/// where an instruction needs its operands in consecutive slots (calls, bulk memory).
/// Validation follows the algorithm of the spec's appendix; nothing is emitted for code that
/// cannot be reached.
struct FunctionTranslator: AnyInstructionVisitor {
    typealias VisitorError = WasmError

    /// An operand-stack entry: its type (nil when unknown, in unreachable code) and the slot
    /// holding its value.
    struct Entry {
        var type: ValueType?
        var slot: Slot
    }

    enum ControlKind { case function, block, loop, `if`, `else` }

    /// Where a forward branch's target must be written once the label's end is known.
    enum Fixup {
        case code(Int)
        case table(Int)
    }

    struct Control {
        var kind: ControlKind
        var parameters: [ValueType]
        var results: [ValueType]
        /// Operand stack height below the block's parameters.
        var height: Int
        /// Validation: the rest of the block is stack-polymorphic.
        var unreachable = false
        /// Code generation: whether the block's entry was reachable.
        var entryReachable: Bool
        /// Code generation: whether an emitted branch targets the block's end.
        var branchedTo = false
        var loopStart: UInt32 = 0
        var endFixups: [Fixup] = []
        /// The `if` instruction's jump to the else arm (or the end, without one).
        var elseFixup: Int?

        var labelTypes: [ValueType] { kind == .loop ? parameters : results }
    }

    let context: ModuleContext
    let limits: LoweringLimits
    /// False under the no-floats profile: any float on the operand stack is refused.
    let allowsFloats: Bool
    var binaryOffset: Int = 0

    // Output, shared by all functions of the module.
    var code: [Instruction] = []
    var brTableTargets: [UInt32] = []
    /// When not nil, the module byte offset of the Wasm instruction each instruction of
    /// `code` was lowered from (debugging: ``Lowering/lowerRecordingOffsets(_:profile:limits:)``).
    var wasmOffsets: [Int]? = nil

    // Per-function state.
    var localTypes: [ValueType] = []
    var localCount: UInt32 = 0
    var values: [Entry] = []
    var controls: [Control] = []
    var maxHeight = 0
    var reachable = true
    /// How many stack entries are pending reads of each local, and in total.
    var pendingReads: [UInt32] = []
    /// Entries that are pending reads of locals or hoisted constants.
    var pendingTotal = 0
    /// How many `loop`s enclose the current instruction.
    var loopDepth = 0
    /// Constants used inside loops, by placeholder index (see FunctionTranslator+Constants).
    var hoisted: [UInt64] = []
    /// Slots between the locals and the operand stack kept for hoisted constants.
    var reservedSlots: UInt32 = 0
    var hoistedIndex: [UInt64: Int] = [:]
    /// The instruction the previous Wasm instruction emitted, when it was the only one and it
    /// wrote the top of the stack's canonical slot: a following `local.set`/`local.tee` can make
    /// it write the local instead of emitting a copy.
    var fusableProducer: Int?
    /// Set by `local.get`, which emits nothing: the producer before it stays replaceable.
    var keepsProducer = false
    /// Instructions emitted so far (never decreases, even when one is taken back).
    var emittedCount = 0
    /// Set by instructions that open or close a block (labels may point just past what they
    /// emit, so what they emit is never fused).
    var placedLabel = false
    /// Set when a float was pushed under the no-floats profile; checked after each instruction
    /// (`push` itself cannot throw, to keep it cheap).
    var floatViolation = false
    /// Under the soft-float profile: where the library is linked (float instructions of the
    /// module's bodies become calls into it; see SoftFloatLinking).
    var softFloat: SoftFloatLink? = nil
    /// Added to the function index of every `call`: the library's bodies call each other by
    /// their own indices, which start at `softFloat.base` once linked (0 for the module's own).
    var callOffset: UInt32 = 0

    init(context: ModuleContext, limits: LoweringLimits, allowsFloats: Bool = true) {
        self.context = context
        self.limits = limits
        self.allowsFloats = allowsFloats
    }

    // MARK: Function boundaries

    /// Lowers one function body, appending its code; returns its description.
    mutating func translate(body: FunctionBody, typeIndex: UInt32) throws(WasmError) -> CompiledFunction {
        let type = context.types[Int(typeIndex)]
        localTypes = type.parameters + body.locals
        guard localTypes.count < Int(limits.maxFrameSlots) else {
            throw WasmError(.limitExceeded, "too many locals: \(localTypes.count) (limit \(limits.maxFrameSlots) frame slots)")
        }
        localCount = UInt32(localTypes.count)
        values = []
        controls = [Control(kind: .function, parameters: [], results: type.results, height: 0, entryReachable: true)]
        maxHeight = 0
        reachable = true
        pendingReads = Array(repeating: 0, count: localTypes.count)
        pendingTotal = 0
        loopDepth = 0
        hoisted = []
        hoistedIndex = [:]
        reservedSlots = Self.reservation(for: body.code.expression)
        let brTableStart = brTableTargets.count
        fusableProducer = nil
        let entry = UInt32(code.count)

        var parser = ExpressionParser(code: body.code)
        var instructionOffset = parser.offset
        do {
            while let visit = try parser.parse() {
                guard !controls.isEmpty else {
                    throw WasmError(.malformed, "operators remaining after end of function", offset: parser.offset)
                }
                let emittedBefore = emittedCount
                let producerBefore = fusableProducer
                placedLabel = false
                keepsProducer = false
                try visit(visitor: &self)
                fusableProducer = nil
                // `local.get` emits nothing and leaves the instruction before it replaceable:
                // in `i32.const 7; local.get $x; i32.add` the constant can still become an
                // immediate. (Consumers check which slot the producer wrote, so the pending read
                // on top is never mistaken for its output.)
                if keepsProducer, emittedCount == emittedBefore, !placedLabel { fusableProducer = producerBefore }
                // Exactly one instruction emitted (possibly replacing one taken back from the
                // previous Wasm instruction), and it wrote the top of the stack.
                if !placedLabel, emittedCount == emittedBefore + 1, let last = code.indices.last, let top = values.last,
                    top.slot == canonical(values.count - 1), code[last].writing(to: top.slot) == code[last]
                {
                    fusableProducer = last
                }
                if floatViolation { throw WasmProfile.floatError("instruction", offset: binaryOffset) }
                if wasmOffsets != nil { recordWasmOffsets(instructionOffset) }
                instructionOffset = parser.offset
            }
        } catch let error as WasmParserError {
            throw ModuleDecoder.malformed(error, fallbackOffset: parser.offset, useParserOffset: false)
        } catch let error as WasmError {
            throw error
        } catch {
            throw WasmError(.malformed, "\(error)", offset: parser.offset)
        }
        guard controls.isEmpty else {
            throw WasmError(.malformed, "unexpected end of function body", offset: parser.offset)
        }
        let used = placeHoistedConstants(function: Int(entry), brTables: brTableStart)
        // The hoisted constants' prologue belongs to the function's first instruction.
        if used > 0, wasmOffsets != nil {
            wasmOffsets!.insert(contentsOf: repeatElement(wasmOffsets![Int(entry)], count: Int(used)), at: Int(entry))
        }
        let kept = releaseUnusedReservation(function: Int(entry), used: used, resultCount: type.results.count)
        // Room for locals, hoisted constants, the deepest operand stack and a scratch slot; and
        // always for the results, even when the end is unreachable.
        let frameSize = max(UInt64(localCount) + UInt64(kept) + UInt64(maxHeight), UInt64(type.results.count)) + 1
        guard frameSize <= UInt64(limits.maxFrameSlots) else {
            throw WasmError(.limitExceeded, "function frame needs \(frameSize) slots (limit \(limits.maxFrameSlots))")
        }
        return CompiledFunction(
            entry: entry, typeIndex: typeIndex, parameterCount: UInt32(type.parameters.count),
            resultCount: UInt32(type.results.count), localCount: localCount, frameSize: UInt32(frameSize))
    }

    /// Gives the instructions emitted for the Wasm instruction at `offset` that offset; an
    /// instruction replaced by a fused one keeps its own.
    mutating func recordWasmOffsets(_ offset: Int) {
        let kept = min(wasmOffsets!.count, code.count)
        wasmOffsets!.removeLast(wasmOffsets!.count - kept)
        wasmOffsets!.append(contentsOf: repeatElement(offset, count: code.count - kept))
    }

    // MARK: Errors

    func invalid(_ message: String) -> WasmError {
        WasmError(.invalid, message, offset: binaryOffset)
    }

    func unsupported(_ what: String, feature: String) -> WasmError {
        WasmError(.unsupportedFeature, "\(what) is not supported (feature: \(feature))", offset: binaryOffset)
    }

    // MARK: Emission

    @discardableResult
    mutating func emit(_ instruction: Instruction) -> Int {
        guard reachable else { return -1 }
        code.append(instruction)
        emittedCount += 1
        return code.count - 1
    }

    var pc: UInt32 { UInt32(code.count) }

    func canonical(_ height: Int) -> Slot { localCount + reservedSlots + Slot(height) }

    // MARK: Operand stack

    mutating func push(_ type: ValueType?) -> Slot {
        if !allowsFloats, let type, type.isFloat { floatViolation = true }
        let slot = canonical(values.count)
        values.append(Entry(type: type, slot: slot))
        if values.count > maxHeight { maxHeight = values.count }
        return slot
    }

    mutating func pushLocal(_ type: ValueType, local: UInt32) {
        values.append(Entry(type: type, slot: local))
        pendingReads[Int(local)] += 1
        pendingTotal += 1
        if values.count > maxHeight { maxHeight = values.count }
    }

    mutating func pop() throws(WasmError) -> Entry {
        let frame = controls[controls.count - 1]
        if values.count == frame.height {
            guard frame.unreachable else { throw invalid("type mismatch: operand stack is empty") }
            return Entry(type: nil, slot: canonical(values.count))
        }
        let entry = values.removeLast()
        if entry.slot < localCount {
            pendingReads[Int(entry.slot)] -= 1
            pendingTotal -= 1
        } else if entry.slot >= Self.hoistedBase {
            pendingTotal -= 1
        }
        return entry
    }

    mutating func pop(_ expected: ValueType) throws(WasmError) -> Entry {
        if !allowsFloats, expected.isFloat { throw WasmProfile.floatError("instruction", offset: binaryOffset) }
        let entry = try pop()
        if let type = entry.type, type != expected {
            throw invalid("type mismatch: expected \(expected), found \(type)")
        }
        return entry
    }

    /// Checks that the top of the stack holds `types`, without popping. In polymorphic code the
    /// missing entries are filled in (with unknown type) so that they can be addressed.
    mutating func checkTop(_ types: [ValueType]) throws(WasmError) {
        let frame = controls[controls.count - 1]
        let available = values.count - frame.height
        if available < types.count {
            guard frame.unreachable else { throw invalid("type mismatch: expected \(types.count) values on the stack") }
            // Insert unknown entries below the existing ones.
            let missing = types.count - available
            let known = Array(values[frame.height...])
            truncate(to: frame.height)
            for _ in 0..<missing { _ = push(nil) }
            for entry in known { _ = push(entry.type) }
        }
        for (i, type) in types.enumerated() {
            let entry = values[values.count - types.count + i]
            if let actual = entry.type, actual != type {
                throw invalid("type mismatch: expected \(type), found \(actual)")
            }
        }
    }

    /// Drops entries above `height`, keeping the pending-read counts right.
    mutating func truncate(to height: Int) {
        while values.count > height {
            let entry = values.removeLast()
            if entry.slot < localCount {
                pendingReads[Int(entry.slot)] -= 1
                pendingTotal -= 1
            } else if entry.slot >= Self.hoistedBase {
                pendingTotal -= 1
            }
        }
    }

    /// Copies the entry at `index` into its canonical slot if it is a pending local read.
    mutating func materialize(_ index: Int) {
        let entry = values[index]
        let target = canonical(index)
        guard entry.slot != target else { return }
        if entry.slot < localCount {
            pendingReads[Int(entry.slot)] -= 1
            pendingTotal -= 1
        } else if entry.slot >= Self.hoistedBase {
            pendingTotal -= 1
        }
        // (A copy from a hoisted constant becomes the constant itself when the function ends.)
        emit(.copy(dst: target, src: entry.slot))
        values[index].slot = target
    }

    /// Materializes the top `count` entries.
    mutating func materializeTop(_ count: Int) {
        for index in max(0, values.count - count)..<values.count { materialize(index) }
    }

    /// Materializes every pending local read and hoisted constant (before control-flow joins).
    mutating func materializeAll() {
        guard pendingTotal > 0 else { return }
        for index in values.indices where values[index].slot < localCount || values[index].slot >= Self.hoistedBase {
            materialize(index)
        }
    }

    /// Writes `value` (just popped) into `local`: by retargeting the instruction that produced
    /// it when that is safe, else by a copy. Safe means the producer is the last instruction,
    /// wrote exactly this value's canonical slot, and no pending read of the local remains (a
    /// read that must see the old value).
    mutating func store(_ value: Entry, into local: UInt32) {
        materializeReads(of: local)
        guard value.slot != local else { return }
        if let producer = fusableProducer, producer == code.count - 1, reachable,
            value.slot == canonical(values.count), let fused = code[producer].writing(to: local)
        {
            code[producer] = fused
            fusableProducer = nil
            return
        }
        emit(.copy(dst: local, src: value.slot))
    }

    /// Materializes the pending reads of one local before it is overwritten.
    mutating func materializeReads(of local: UInt32) {
        guard pendingReads[Int(local)] > 0 else { return }
        for index in values.indices where values[index].slot == local { materialize(index) }
    }

    // MARK: Control

    mutating func blockSignature(_ blockType: BlockType) throws(WasmError) -> FunctionType {
        switch blockType {
        case .empty: return FunctionType(parameters: [], results: [])
        case .type(let type): return FunctionType(parameters: [], results: [try convert(type)])
        case .funcType(let index):
            guard Int(index) < context.types.count else { throw invalid("unknown type \(index)") }
            return context.types[Int(index)]
        }
    }

    func convert(_ type: WasmTypes.ValueType) throws(WasmError) -> ValueType {
        do {
            return try ModuleDecoder.convertValueType(type)
        } catch {
            var located = error
            located.offset = binaryOffset
            throw located
        }
    }

    mutating func enterBlock(_ kind: ControlKind, _ signature: FunctionType) throws(WasmError) {
        placedLabel = true
        guard controls.count < limits.maxControlDepth else {
            throw WasmError(.limitExceeded, "control nesting deeper than \(limits.maxControlDepth)", offset: binaryOffset)
        }
        try checkTop(signature.parameters)
        // A join point: every value that flows into the block must be in its canonical slot.
        materializeAll()
        let height = values.count - signature.parameters.count
        if kind == .loop { loopDepth += 1 }
        controls.append(
            Control(
                kind: kind, parameters: signature.parameters, results: signature.results, height: height,
                entryReachable: reachable, loopStart: pc))
    }

    /// The label `depth` levels out, as an index into `controls`.
    func label(_ depth: UInt32) throws(WasmError) -> Int {
        guard Int(depth) < controls.count else { throw invalid("unknown label \(depth)") }
        return controls.count - 1 - Int(depth)
    }

    mutating func markUnreachable() {
        truncate(to: controls[controls.count - 1].height)
        controls[controls.count - 1].unreachable = true
        reachable = false
    }

    /// Emits the moves that put the top `types.count` values where label `target` expects them,
    /// then the jump. For the function's own label this is a return.
    mutating func emitBranch(to target: Int) {
        guard reachable else { return }
        let frame = controls[target]
        let types = frame.labelTypes
        let sources = values[(values.count - types.count)...].map(\.slot)
        if frame.kind == .function {
            // `x = a + b; return x`: the producer of a single result can write slot 0 itself,
            // since nothing in this frame runs after the return.
            if sources.count == 1, sources[0] != 0, let producer = takeBackable(writing: sources[0]),
                let retargeted = code[producer].writing(to: 0)
            {
                code[producer] = retargeted
            } else {
                emitMoves(from: sources, to: (0..<types.count).map { Slot($0) })
            }
            emit(.return)
            return
        }
        emitMoves(from: sources, to: (0..<types.count).map { canonical(frame.height + $0) })
        if frame.kind == .loop {
            emit(.br(target: frame.loopStart))
        } else {
            let at = emit(.br(target: 0))
            controls[target].endFixups.append(.code(at))
            controls[target].branchedTo = true
        }
    }

    /// Whether branching to `target` needs any value moved.
    func branchNeedsMoves(_ target: Int) -> Bool {
        let frame = controls[target]
        if frame.kind == .function { return true }
        let count = frame.labelTypes.count
        for i in 0..<count where values[values.count - count + i].slot != canonical(frame.height + i) {
            return true
        }
        return false
    }

    /// Emits copies so that `destinations[i]` receives the value of `sources[i]`, as if all were
    /// done at once. Cycles are broken through the free slot above the operand stack.
    mutating func emitMoves(from sources: [Slot], to destinations: [Slot]) {
        var pending = [(dst: Slot, src: Slot)]()
        for (src, dst) in zip(sources, destinations) where src != dst { pending.append((dst, src)) }
        guard !pending.isEmpty else { return }
        // How many pending moves still read each slot.
        var readers: [Slot: Int] = [:]
        for move in pending { readers[move.src, default: 0] += 1 }
        // The common case: no destination is read by another move, so order does not matter.
        if !pending.contains(where: { readers[$0.dst] != nil }) {
            for move in pending { emit(.copy(dst: move.dst, src: move.src)) }
            return
        }
        while !pending.isEmpty {
            if let ready = pending.firstIndex(where: { readers[$0.dst] == nil }) {
                let move = pending.remove(at: ready)
                emit(.copy(dst: move.dst, src: move.src))
                readers[move.src]! -= 1
                if readers[move.src] == 0 { readers[move.src] = nil }
            } else {
                // Every destination is still read: a cycle. Park one source in the scratch slot.
                let scratch = canonical(values.count)
                if values.count + 1 > maxHeight { maxHeight = values.count + 1 }
                let blocked = pending[0].src
                emit(.copy(dst: scratch, src: blocked))
                for i in pending.indices where pending[i].src == blocked { pending[i].src = scratch }
                readers[scratch] = readers[blocked]
                readers[blocked] = nil
            }
        }
    }

    mutating func patch(_ fixup: Fixup, to target: UInt32) {
        switch fixup {
        case .table(let index):
            brTableTargets[index] = target
        case .code(let index):
            code[index] = code[index].retargeted(to: target)
        }
    }
}

extension Instruction {
    /// The bits a constant instruction writes (zero-extended for `const32`), or nil.
    var constantValue: UInt64? {
        switch self {
        case .const32(_, let value): UInt64(value)
        case .const64(_, let low, let high): UInt64(low) | UInt64(high) << 32
        default: nil
        }
    }
}
