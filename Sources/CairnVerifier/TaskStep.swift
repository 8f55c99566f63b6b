import CairnProgram
import CairnWasm

/// The one-step transition function of the task machine, written once over ``StateAccess``.
///
/// A step executes one instruction, or one bounded part of an instruction that does variable
/// work (bulk memory and table operations, zeroing a callee's locals, host calls that move
/// bytes); ``Registers/progress`` remembers how far such an instruction got. Every step touches
/// a bounded number of leaves, so every step has a small proof. docs/proofs.md specifies it.
public enum TaskStep {
    /// Takes one step of `state`. A machine that has halted or trapped does not change.
    /// Throws only when the state cannot be read (a proof that lacks a leaf the step needs).
    public static func step<A: StateAccess>(_ state: inout A) throws(ProofError) {
        guard state.registers.status == .running else { return }
        var machine = StepMachine(access: state)
        try machine.run()
        state = machine.access
    }
}

/// One step in progress: the state and its registers.
struct StepMachine<A: StateAccess> {
    var access: A
    var r: Registers
    /// Whether the current instruction finished in this step (else it continues next step).
    var finished = true

    init(access: A) {
        self.access = access
        self.r = access.registers
    }

    mutating func run() throws(ProofError) {
        do {
            try execute()
            if finished { r.progress = 0 }
        } catch {
            switch error {
            case .proof(let problem): throw problem
            case .trap(let kind):
                r.status = .trapped
                r.trap = kind.rawValue
                r.progress = 0
                if kind == .outOfGas { r.gas = 0 }
            }
        }
        r.steps &+= 1
        access.registers = r
    }

    // MARK: - Leaves

    mutating func read(_ tree: Tree, _ index: UInt64) throws(StepFailure) -> Leaf {
        // Only a crafted state (code or registers no lowering produces) reaches past a tree.
        guard index < tree.capacity else { throw .trap(.unreachable) }
        do { return try access.read(tree, index) } catch { throw .proof(error) }
    }

    mutating func write(_ tree: Tree, _ index: UInt64, _ leaf: Leaf) throws(StepFailure) {
        guard index < tree.capacity else { throw .trap(.unreachable) }
        do { try access.write(tree, index, leaf) } catch { throw .proof(error) }
    }

    /// Leaf `index` of a region of the program tree. Every index is checked here, never
    /// masked: one past a region's room (only a crafted state has one) traps with `otherwise`.
    mutating func program(_ region: ProgramRegion, _ index: UInt64, otherwise: TrapKind = .unreachable) throws(StepFailure) -> Leaf {
        guard index < ProgramRegion.capacity else { throw .trap(otherwise) }
        return try read(.program, region.leaf(index))
    }

    /// The record of function `index` of the function index space, checked against the function
    /// count the program commits to (config leaf 0): a table element that is no function
    /// reference traps with `otherwise`, as the fast machine's `call_indirect` does.
    mutating func functionRecord(_ index: UInt64, otherwise: TrapKind) throws(StepFailure) -> Leaf {
        guard index < (try program(.config, 0).w1) else { throw .trap(otherwise) }
        return try program(.functions, index, otherwise: otherwise)
    }

    mutating func pay(_ cost: UInt64) throws(StepFailure) {
        guard r.gas >= cost else { throw .trap(.outOfGas) }
        r.gas -= cost
    }

    /// Dynamic prices: per page grown, bytes per gas unit, per table element, per host call.
    mutating func prices() throws(StepFailure) -> Leaf { try program(.config, 6) }

    mutating func bulkBytesCost(_ count: UInt64) throws(StepFailure) -> UInt64 {
        let perGas = try prices().w1
        guard perGas > 0 else { throw .trap(.unreachable) }
        return count / perGas + (count % perGas == 0 ? 0 : 1)
    }

    func product(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (value, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? .max : value
    }

    // MARK: - Slots

    /// The absolute index of frame slot `slot`.
    func slotIndex(_ slot: UInt64) throws(StepFailure) -> UInt64 {
        let index = UInt64(r.base) + slot
        guard index < TaskLimits.maxSlots else { throw .trap(.valueStackExhausted) }
        return index
    }

    mutating func absoluteSlot(_ index: UInt64) throws(StepFailure) -> UInt64 {
        guard index < TaskLimits.maxSlots else { throw .trap(.valueStackExhausted) }
        return try read(.slots, index >> 2)[word: Int(index & 3)]
    }

    mutating func setAbsoluteSlot(_ index: UInt64, _ value: UInt64) throws(StepFailure) {
        guard index < TaskLimits.maxSlots else { throw .trap(.valueStackExhausted) }
        var leaf = try read(.slots, index >> 2)
        leaf[word: Int(index & 3)] = value
        try write(.slots, index >> 2, leaf)
    }

    mutating func slot(_ slot: Slot) throws(StepFailure) -> UInt64 { try absoluteSlot(slotIndex(UInt64(slot))) }
    mutating func slot(_ slot: Slot, plus offset: UInt64) throws(StepFailure) -> UInt64 {
        try absoluteSlot(slotIndex(UInt64(slot) + offset))
    }
    mutating func u32(_ slot: Slot, plus offset: UInt64 = 0) throws(StepFailure) -> UInt64 {
        try self.slot(slot, plus: offset) & 0xFFFF_FFFF
    }
    mutating func setSlot(_ slot: Slot, _ value: UInt64) throws(StepFailure) {
        try setAbsoluteSlot(slotIndex(UInt64(slot)), value)
    }

    // MARK: - Bytes

    /// The memory size in bytes (a crafted state's page count is capped at 4 GiB).
    var memoryBytes: UInt64 { UInt64(min(UInt64(r.memoryPages), TaskLimits.maxMemoryPages)) * 65536 }

    /// `count` bytes at byte `offset` of a byte tree whose byte 0 is in leaf `base`.
    mutating func readBytes(_ tree: Tree, base: UInt64 = 0, _ offset: UInt64, _ count: Int) throws(StepFailure) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        var position = offset
        while out.count < count {
            let leaf = try read(tree, base + (position >> 5))
            repeat {
                out.append(leaf[byte: Int(position & 31)])
                position += 1
            } while out.count < count && position & 31 != 0
        }
        return out
    }

    /// Writes `bytes`, which lie within one leaf, at byte `offset` of `tree`.
    mutating func writeChunk(_ tree: Tree, _ offset: UInt64, _ bytes: [UInt8]) throws(StepFailure) {
        var leaf = try read(tree, offset >> 5)
        for (i, byte) in bytes.enumerated() { leaf[byte: Int(offset & 31) + i] = byte }
        try write(tree, offset >> 5, leaf)
    }

    /// How many bytes of a byte run continuing at `offset` fit in the leaf `offset` is in.
    func chunk(at offset: UInt64, remaining: UInt64) -> UInt64 { min(remaining, 32 - (offset & 31)) }

    // MARK: - Tables

    mutating func tableSize(_ table: UInt64) throws(StepFailure) -> UInt64 {
        guard table < 256 else { throw .trap(.tableOutOfBounds) }
        return try read(.aux, AuxRegion.tableSize.leaf(table)).w0
    }
    /// The tables-tree leaf of element `element` of table `table`. Element indices are below the
    /// table's size, at most ``TaskLimits/maxTableElements`` (< 2^24), in every reachable state;
    /// a crafted size past that traps rather than reach another table's leaves.
    func tableLeaf(_ table: UInt64, _ element: UInt64) throws(StepFailure) -> UInt64 {
        guard table < 256, element < 1 << 24 else { throw .trap(.tableOutOfBounds) }
        return table << 24 | element
    }
    mutating func element(_ table: UInt64, _ index: UInt64) throws(StepFailure) -> UInt64 {
        try read(.tables, tableLeaf(table, index)).w0
    }
    mutating func setElement(_ table: UInt64, _ index: UInt64, _ value: UInt64) throws(StepFailure) {
        try write(.tables, tableLeaf(table, index), Leaf(value, 0, 0, 0))
    }
    mutating func dropped(_ region: AuxRegion, _ segment: UInt64) throws(StepFailure) -> Bool {
        guard segment < 4096 else { throw .trap(.unreachable) }
        return try read(.aux, region.leaf(segment)).w0 != 0
    }

    // MARK: - The step

    mutating func execute() throws(StepFailure) {
        guard let (instruction, cost) = CodeLeaf.parse(try read(.code, UInt64(r.pc))) else { throw .trap(.unreachable) }
        // Only an instruction that takes several steps is ever between parts; a crafted state
        // that says otherwise must not skip the static gas that the first part pays.
        guard r.progress == 0 || instruction.mayTakeSeveralSteps else { throw .trap(.unreachable) }
        if r.progress == 0 { try pay(cost) }
        var next = r.pc &+ 1
        if let effect = instruction.pureEffect {
            try pure(effect)
        } else if let branch = instruction.compareBranch {
            let x = try slot(branch.lhs)
            let y: UInt64
            switch branch.rhs {
            case .slot(let s): y = try slot(s)
            case .value(let v): y = v
            }
            if branch.test(x, y) { next = branch.target }
        } else {
            try control(instruction, next: &next)
        }
        if finished, r.status == .running { r.pc = next }
    }

    mutating func pure(_ effect: PureEffect) throws(StepFailure) {
        switch effect {
        case .unary(let d, let a, let f):
            let x = try slot(a)
            let value: UInt64
            do { value = try f(x) } catch { throw .trap(error) }
            try setSlot(d, value)
        case .binary(let d, let a, let b, let f):
            let (x, y) = (try slot(a), try slot(b))
            let value: UInt64
            do { value = try f(x, y) } catch { throw .trap(error) }
            try setSlot(d, value)
        case .load(let d, let a, let offset, let count, let widen):
            let address = try u32(a) + UInt64(offset)
            guard address + UInt64(count) <= memoryBytes else { throw .trap(.memoryOutOfBounds) }
            let bytes = try readBytes(.memory, address, count)
            let raw = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
            try setSlot(d, widen(raw))
        case .store(let a, let v, let offset, let count):
            let address = try u32(a) + UInt64(offset)
            guard address + UInt64(count) <= memoryBytes else { throw .trap(.memoryOutOfBounds) }
            let value = try slot(v)
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: value >> UInt64(8 * $0)) }
            // A store crosses at most one leaf boundary.
            let first = Int(chunk(at: address, remaining: UInt64(count)))
            try writeChunk(.memory, address, Array(bytes[..<first]))
            if first < count { try writeChunk(.memory, address + UInt64(first), Array(bytes[first...])) }
        }
    }
}

extension Instruction {
    /// Whether the proof machine may split this instruction into several steps
    /// (docs/proofs.md, "Steps"); every other instruction is one step.
    var mayTakeSeveralSteps: Bool {
        switch self {
        case .call, .callIndirect, .memoryFill, .memoryCopy, .memoryInit, .tableGrow, .tableFill, .tableCopy, .tableInit: true
        default: false
        }
    }
}
