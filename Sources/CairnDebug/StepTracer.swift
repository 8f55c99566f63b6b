import CairnMachine
import CairnProgram

/// Which instructions a trace records (docs/debugging.md, "Step traces").
public struct TraceFilter: Sendable {
    /// The first instruction step recorded (steps count executed instructions from 0).
    public var from: UInt64 = 0
    /// The step after the last recorded (exclusive); nil for no end.
    public var to: UInt64? = nil
    /// Only instructions of the function with this name (its name-section name, its export
    /// name, or `func[N]`); nil for all.
    public var function: String? = nil
    /// Whether records carry the memory bytes that stores and bulk operations wrote.
    public var memory = false

    public init(from: UInt64 = 0, to: UInt64? = nil, function: String? = nil, memory: Bool = false) {
        (self.from, self.to, self.function, self.memory) = (from, to, function, memory)
    }
}

/// Writes a step trace of a run: one JSON object per executed instruction, one per line,
/// streamed through a buffer to `sink` (constant memory however long the run).
///
/// A record is completed when the next instruction starts (or the run ends): only then are
/// its gas cost (the gas before it minus the gas before the next, so host and bulk charges
/// are included), the value it wrote and the memory it changed known. Install ``hook`` as the
/// store's ``Store/instructionHook`` before the run and call ``finish(gasLeft:trap:)`` after.
public final class StepTracer {
    private let store: Store
    private let filter: TraceFilter
    private let metered: Bool
    private let proofSteps: Bool
    private let sink: ([UInt8]) -> Void
    private var buffer: [UInt8] = []
    /// Instructions started so far (the next record's step).
    public private(set) var step: UInt64 = 0
    /// Records written so far.
    public private(set) var records: UInt64 = 0
    /// Source lines for the records (a `"line"` field, `file:line`), when the program has them:
    /// the debugging information of the program the traced store runs.
    public var debugInfo: DebugInfo?
    /// JSON members added to every record and the summary after `step`, each with its leading
    /// comma (`,"actor":1001,"method":2`): what run of several a record belongs to.
    public var extraFields = ""
    private var pending: Pending?
    private var roles: [Int: [OperandRoles?]] = [:]
    private var places: [Int: FunctionPlaces] = [:]

    /// A record waiting for what its instruction did.
    private struct Pending {
        var text: String
        var gas: UInt64
        /// The slot written: frame-relative (shown) and absolute (read after the instruction).
        var write: (slot: Slot, index: Int)?
        var memory: (instance: Int, address: UInt64, length: UInt64)?
    }

    /// A tracer of runs in `store`; `proofSteps` adds each instruction's proof step (task runs,
    /// which count steps). `sink` receives the trace text in chunks.
    public init(store: Store, filter: TraceFilter = TraceFilter(), proofSteps: Bool = false, sink: @escaping ([UInt8]) -> Void) {
        self.store = store
        self.filter = filter
        self.metered = store.schedule != nil
        self.proofSteps = proofSteps
        self.sink = sink
        buffer.reserveCapacity(1 << 16)
    }

    /// The hook to install as ``Store/instructionHook``.
    public var hook: InstructionHook { { [unowned self] point in self.record(point) } }

    private func record(_ point: InstructionPoint) {
        complete(gasLeft: point.gas, ran: true)
        defer { step &+= 1 }
        guard step >= filter.from, filter.to.map({ step < $0 }) ?? true else { return }
        let instance = store.instance(at: point.instance)
        let place = functionPlaces(instance, point.instance).function(at: point.pc)
        if let wanted = filter.function, !place.names.contains(wanted) { return }
        let instruction = instance.program.code[point.pc]
        let role = operandRoles(instance, point.instance, point.pc)
        let slots = store.valueSlots
        var text = "{\"step\":\(step)" + extraFields
        if proofSteps { text += ",\"proofStep\":\(point.steps)" }
        text += ",\"pc\":\(point.pc),\"op\":\"\(instruction.mnemonic)\""
        if metered { text += ",\"gas\":\(point.gas)" }
        text += ",\"depth\":\(point.depth),\"function\":" + JSONWriting.string(place.names[0])
        if let line = debugInfo?.sourceLine(at: point.pc) { text += ",\"line\":" + JSONWriting.string(line.description) }
        if !role.reads.isEmpty {
            text += ",\"reads\":[" + role.reads.map { "[\($0),\"" + JSONWriting.hex(slots[point.base + Int($0)]) + "\"]" }.joined(separator: ",") + "]"
        }
        var memory: (instance: Int, address: UInt64, length: UInt64)?
        if filter.memory, let range = Self.memoryWrite(instruction, slots: slots, base: point.base) {
            memory = (point.instance, range.0, range.1)
        }
        pending = Pending(text: text, gas: point.gas, write: role.write.map { ($0, point.base + Int($0)) }, memory: memory)
    }

    /// Completes the pending record once its instruction has run (`ran`) or stopped the run.
    private func complete(gasLeft: UInt64, ran: Bool) {
        guard var record = pending else { return }
        pending = nil
        if metered { record.text += ",\"gasCost\":\(record.gas &- gasLeft)" }
        if ran, let write = record.write {
            record.text += ",\"write\":[\(write.slot),\"" + JSONWriting.hex(store.valueSlots[write.index]) + "\"]"
        }
        if ran, let range = record.memory {
            let shown = min(range.length, 64)
            if let bytes = store.instance(at: range.instance).memory?.read(offset: Int(range.address), count: Int(shown)) {
                record.text += ",\"memory\":{\"address\":\(range.address),\"length\":\(range.length),\"bytes\":\"" + JSONWriting.hex(bytes) + "\"}"
            }
        }
        record.text += "}\n"
        buffer += record.text.utf8
        records &+= 1
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Ends the trace: completes the last record (its instruction stopped the run when `trap`
    /// is given) and writes a summary line, `{"summary":…}`, then flushes.
    public func finish(gasLeft: UInt64, trap: String?) {
        complete(gasLeft: gasLeft, ran: trap == nil)
        var text = "{\"summary\":true" + extraFields + ",\"steps\":\(step),\"records\":\(records)"
        if metered { text += ",\"gasLeft\":\(gasLeft)" }
        text += ",\"status\":" + (trap == nil ? "\"ok\"" : "\"trap\",\"trap\":" + JSONWriting.string(trap!)) + "}\n"
        buffer += text.utf8
        flush()
    }

    /// Writes what is buffered to the sink (the pending record waits for its instruction).
    public func flush() {
        guard !buffer.isEmpty else { return }
        sink(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// The operand roles of instruction `pc` of `instance` (store index `index`), cached.
    private func operandRoles(_ instance: Instance, _ index: Int, _ pc: Int) -> OperandRoles {
        if roles[index] == nil { roles[index] = Array(repeating: nil, count: instance.program.code.count) }
        if let known = roles[index]![pc] { return known }
        let role = OperandRoles(of: instance.program.code[pc])
        roles[index]![pc] = role
        return role
    }

    /// The functions of `instance` (store index `index`), cached.
    private func functionPlaces(_ instance: Instance, _ index: Int) -> FunctionPlaces {
        if let known = places[index] { return known }
        let made = FunctionPlaces(instance.program)
        places[index] = made
        return made
    }

    /// The memory range a store or bulk memory instruction writes: (address, length).
    static func memoryWrite(_ instruction: Instruction, slots: UnsafeBufferPointer<UInt64>, base: Int) -> (UInt64, UInt64)? {
        func at(_ slot: Slot, _ offset: UInt32, _ width: UInt64) -> (UInt64, UInt64) {
            ((slots[base + Int(slot)] & 0xFFFF_FFFF) &+ UInt64(offset), width)
        }
        switch instruction {
        case .i32Store(let a, _, let o), .f32Store(let a, _, let o), .i64Store32(let a, _, let o): return at(a, o, 4)
        case .i64Store(let a, _, let o), .f64Store(let a, _, let o): return at(a, o, 8)
        case .i32Store8(let a, _, let o), .i64Store8(let a, _, let o): return at(a, o, 1)
        case .i32Store16(let a, _, let o), .i64Store16(let a, _, let o): return at(a, o, 2)
        case .memoryFill(let s), .memoryCopy(let s), .memoryInit(_, let s):
            return (slots[base + Int(s)] & 0xFFFF_FFFF, slots[base + Int(s) + 2] & 0xFFFF_FFFF)
        default: return nil
        }
    }
}
