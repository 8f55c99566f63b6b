import CairnProgram
import CairnProof
import CairnWasm

/// Generates the body of one function: constants into a few "hot" slots, so that values flow
/// between instructions (and are used as whatever type the next instruction reads), then
/// instructions of every family, often preceded by the constants that make their operands
/// extreme, and a final unconditional transfer.
struct BodyGenerator {
    let module: ModuleShape
    let function: Int
    var random: FuzzRandom
    let options: GeneratorOptions
    let frameSize: UInt32
    let hotSlots: [UInt32]
    var items: [CodeItem] = []

    init(module: ModuleShape, function: Int, random: FuzzRandom, options: GeneratorOptions) {
        self.module = module
        self.function = function
        self.random = random
        self.options = options
        let frameSize = module.frameSizes[function]
        self.frameSize = frameSize
        hotSlots = (0..<4).map { k in min(UInt32(k * 2), frameSize - 1) }
    }

    mutating func generate() -> [CodeItem] {
        for slot in hotSlots where random.chance(70) { constant(slot) }
        for _ in 0..<random.int(in: 1...options.maxBodyItems) { oneItem() }
        terminal()
        return items
    }

    // MARK: Operands

    /// A slot where `width` consecutive slots fit in the frame: mostly a hot one.
    mutating func slot(width: UInt32 = 1) -> UInt32 {
        let last = frameSize - width
        if random.chance(70) { return min(random.pick(hotSlots), last) }
        return UInt32(random.int(in: 0...Int(last)))
    }

    mutating func constant(_ slot: UInt32, _ value: UInt64? = nil) {
        let bits = value ?? ExtremeValues.word(&random)
        if bits <= UInt64(UInt32.max), random.chance(70) {
            emit(.const32(dst: slot, value: UInt32(bits)))
        } else {
            emit(.const64(dst: slot, low: UInt32(truncatingIfNeeded: bits), high: UInt32(truncatingIfNeeded: bits >> 32)))
        }
    }

    mutating func emit(_ instruction: Instruction) { items.append(.plain(instruction)) }

    mutating func emit(_ opcode: UInt8, _ operands: [UInt32]) {
        if let instruction = makeInstruction(opcode, operands) { emit(instruction) }
    }

    mutating func branchTarget() -> BranchTarget {
        if random.chance(options.foreignBranchPercent) { return .foreign }
        if random.chance(options.backwardBranchPercent) { return .backward }
        return random.chance(90) ? .forward : .anywhere
    }

    var memoryBytes: UInt64 { (module.memory?.min ?? 0) * 65536 }

    /// An address near something interesting: 0, the end of memory, a leaf edge, or anything.
    mutating func address() -> UInt64 {
        switch random.below(4) {
        case 0: memoryBytes &- UInt64(random.below(40))
        case 1: memoryBytes + UInt64(random.below(40))
        case 2: UInt64(random.below(100))
        default: ExtremeValues.word(&random) & 0xFFFF_FFFF
        }
    }

    // MARK: Items

    mutating func oneItem() {
        let hasMemory = module.memory != nil
        let hasTables = !module.tables.isEmpty
        switch random.below(20) {
        case 0, 1: constant(slot())
        case 2, 3, 4: numeric()
        case 5 where hasMemory, 6 where hasMemory: loadOrStore()
        case 7 where hasMemory: bulkMemory()
        case 8 where hasMemory: memoryGrow()
        case 9 where hasTables, 10 where hasTables: tableOperation()
        case 11 where hasTables: callIndirect()
        case 12: call()
        case 13: hostCall()
        case 14, 15: branch()
        case 16: variable()
        case 17: reference()
        case 18: if random.chance(15) { emit(random.chance(50) ? .return : .unreachable) } else { numeric() }
        default: constant(slot())
        }
    }

    mutating func numeric() {
        let opcode = UInt8(random.int(in: 31...223))
        switch opcode {
        case 31...106: emit(opcode, [slot(), slot(), slot()])
        case 107...162: emit(opcode, [slot(), slot()])
        case 163...185 where module.memory == nil: emit(.copy(dst: slot(), src: slot()))
        case 163...185: emit(opcode, [slot(), slot(), UInt32(truncatingIfNeeded: ExtremeValues.word(&random))])
        default: emit(opcode, [slot(), slot(), UInt32(truncatingIfNeeded: ExtremeValues.word(&random))])
        }
    }

    mutating func loadOrStore() {
        let base = slot()
        constant(base, address())
        let offset = UInt32(random.pick([0, 0, 1, 3, 4, 7, 31, 32, 65535, 65536, 0x7FFF_FFFF, 0xFFFF_FFFF]))
        let opcode = UInt8(random.int(in: 163...185))
        emit(opcode, [opcode < 177 ? slot() : base, opcode < 177 ? base : slot(), offset])
    }

    mutating func bulkMemory() {
        let group = slot(width: 3)
        constant(group, address())
        constant(group + 1, random.chance(50) ? address() : ExtremeValues.word(&random))
        constant(group + 2, ExtremeValues.length(&random))
        switch random.below(5) {
        case 0, 1: emit(.memoryFill(operands: group))
        case 2, 3: emit(.memoryCopy(operands: group))
        default:
            guard !module.data.isEmpty else { return emit(.memoryFill(operands: group)) }
            let segment = UInt32(random.below(module.data.count))
            emit(random.chance(80) ? .memoryInit(segment: segment, operands: group) : .dataDrop(segment: segment))
        }
    }

    mutating func memoryGrow() {
        let delta = slot()
        constant(delta, random.pick([0, 1, 1, 2, 3, 16, 65535, 65536, 0x8000_0000, 0xFFFF_FFFF, 0x1_0000_0001]))
        emit(.memoryGrow(dst: slot(), delta: delta))
        if random.chance(30) { emit(.memorySize(dst: slot())) }
    }

    /// A table element index: in range, at the end, past it, or huge.
    mutating func tableIndex() -> UInt64 {
        random.pick([0, 0, 1, 2, 3, 7, 8, 9, 0xFFFF_FFFF, 0x1_0000_0000, ExtremeValues.word(&random)])
    }

    /// A value to store in a table: a reference (function index + 1), null, or any bits.
    mutating func tableValue() -> UInt64 {
        switch random.below(5) {
        case 0: 0
        case 1: UInt64(random.below(module.functionCount) + 1)
        // Not references, but bits whose low 40 bits are one: a program-tree index that
        // wraps around to a function record if masked instead of checked.
        case 2: (UInt64(random.pick([1, 2, 0xFF_FFFF])) << 40) + UInt64(random.below(module.functionCount) + 1)
        default: ExtremeValues.word(&random)
        }
    }

    mutating func tableOperation() {
        let table = UInt32(random.below(module.tables.count))
        let group = slot(width: 3)
        switch random.below(8) {
        case 0:
            constant(group, tableIndex())
            emit(.tableGet(dst: slot(), index: group, table: table))
        case 1, 2:
            constant(group, tableIndex())
            if random.chance(50) { emit(.refFunc(dst: group + 1, function: UInt32(random.below(module.functionCount)))) } else { constant(group + 1, tableValue()) }
            emit(.tableSet(index: group, value: group + 1, table: table))
        case 3:
            constant(group, tableValue())
            constant(group + 1, random.pick([0, 1, 2, 5, 100, 10_000_001, 0xFFFF_FFFF]))
            emit(.tableGrow(table: table, operands: group))
        case 4:
            constant(group, tableIndex()); constant(group + 1, tableValue()); constant(group + 2, random.pick([0, 1, 2, 3, 0xFFFF_FFFF]))
            emit(.tableFill(table: table, operands: group))
        case 5:
            constant(group, tableIndex()); constant(group + 1, tableIndex()); constant(group + 2, random.pick([0, 1, 2, 3, 0xFFFF_FFFF]))
            emit(.tableCopy(destinationTable: table, sourceTable: UInt32(random.below(module.tables.count)), operands: group))
        case 6 where !module.elements.isEmpty:
            constant(group, tableIndex()); constant(group + 1, random.pick([0, 1, 2, 6, 0xFFFF_FFFF])); constant(group + 2, random.pick([0, 1, 2, 3, 6]))
            emit(.tableInit(table: table, segment: UInt32(random.below(module.elements.count)), operands: group))
        case 7 where !module.elements.isEmpty:
            emit(.elemDrop(segment: UInt32(random.below(module.elements.count))))
        default:
            emit(.tableSize(dst: slot(), table: table))
        }
    }

    mutating func callIndirect() {
        let type = UInt32(random.below(module.types.count))
        let width = UInt32(module.types[Int(type)].parameters.count) + 1
        guard width <= frameSize else { return }
        let frame = slot(width: width)
        let indexSlot = frame + width - 1
        if random.chance(40) {
            // A type-confused element: a reference, or any bits, put into the table first.
            let holder = slot()
            constant(holder, tableValue())
            constant(indexSlot, tableIndex())
            emit(.tableSet(index: indexSlot, value: holder, table: UInt32(random.below(module.tables.count))))
        }
        constant(indexSlot, tableIndex())
        emit(.callIndirect(type: type, table: UInt32(random.below(module.tables.count)), frame: frame))
    }

    mutating func call() {
        // Often the function itself: recursion until gas, the call depth or the value stack ends.
        let callee = random.chance(30) ? module.hosts.count + function : random.below(module.functionCount)
        let parameters = UInt32(module.type(ofFunction: callee).parameters.count)
        let frame = UInt32(random.int(in: 0...Int(frameSize)))
        for i in 0..<parameters where frame + i < frameSize { constant(frame + i) }
        emit(.call(function: UInt32(callee), frame: frame))
    }

    mutating func hostCall() {
        guard !module.hosts.isEmpty else { return call() }
        let index = random.below(module.hosts.count)
        let width = UInt32(module.hosts[index].type.parameters.count)
        guard width < frameSize else { return }
        let frame = slot(width: width)
        for i in 0..<width {
            // Pointers at and past the end of memory, lengths from nothing to everything.
            constant(frame + i, random.chance(50) ? address() : ExtremeValues.length(&random))
        }
        emit(.call(function: UInt32(index), frame: frame))
    }

    mutating func branch() {
        switch random.below(6) {
        case 0, 1: items.append(.branch(opcode: random.chance(50) ? 6 : 7, operands: [slot()], target: branchTarget()))
        case 2: items.append(.branch(opcode: UInt8(random.int(in: 224...243)), operands: [slot(), slot()], target: branchTarget()))
        case 3: items.append(.branch(opcode: UInt8(random.int(in: 244...255)), operands: [slot(), UInt32(truncatingIfNeeded: ExtremeValues.word(&random))], target: branchTarget()))
        case 4:
            let index = slot()
            constant(index, random.pick([0, 1, 2, 3, 0x7FFF_FFFF, 0xFFFF_FFFF, UInt64.max]))
            items.append(.table(index: index, targets: (0..<random.int(in: 1...4)).map { _ in branchTarget() }))
        default: emit(.select(dst: slot(), other: slot(), condition: slot()))
        }
    }

    mutating func variable() {
        guard !module.globals.isEmpty else { return emit(.copy(dst: slot(), src: slot())) }
        let global = UInt32(random.below(module.globals.count))
        emit(random.chance(50) ? .globalGet(dst: slot(), global: global) : .globalSet(src: slot(), global: global))
    }

    mutating func reference() {
        if random.chance(50) {
            emit(.refFunc(dst: slot(), function: UInt32(random.below(module.functionCount))))
        } else {
            emit(.refIsNull(dst: slot(), src: slot()))
        }
    }

    mutating func terminal() {
        switch random.below(20) {
        case 0: emit(.unreachable)
        case 1: items.append(.branch(opcode: 5, operands: [], target: random.chance(50) ? .backward : .anywhere))
        case 2:
            let index = slot()
            items.append(.table(index: index, targets: (0..<random.int(in: 1...3)).map { _ in .backward }))
        default: emit(.return)
        }
    }
}
