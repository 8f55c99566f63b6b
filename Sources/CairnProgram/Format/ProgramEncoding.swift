import CairnHash
import CairnWasm

/// The program format: an exact, canonical binary encoding of a ``Program``.
///
/// `Program(decoding: p.encoded()) == p` for every program, and `Program(decoding: b).encoded()
/// == b` for every `b` that decodes: every integer has one encoding (shortest LEB128), every
/// list one order, and anything else is refused. Decoding checks everything the machine relies
/// on to run safely (see docs/program-format.md), so a program from an untrusted source cannot
/// make the interpreter read outside its frame or code.
extension Program {
    /// The four magic bytes that start every encoded program: `\0crn`.
    public static let magic: [UInt8] = [0x00, 0x63, 0x72, 0x6E]
    /// The format version this build reads and writes. It changes whenever the encoding or the
    /// lowering changes, since either changes programs' bytes and hashes.
    public static let formatVersion: UInt32 = 3

    /// The program's canonical encoding.
    public func encoded() -> [UInt8] {
        var w = ProgramWriter()
        w.bytes.append(contentsOf: Self.magic)
        w.fixed32(Self.formatVersion)
        w.vector(types) { w, type in
            w.vector(type.parameters) { $0.byte($1.rawValue) }
            w.vector(type.results) { $0.byte($1.rawValue) }
        }
        w.vector(imports) { w, item in
            w.name(item.module)
            w.name(item.name)
            switch item.descriptor {
            case .function(let typeIndex):
                w.byte(0)
                w.leb(typeIndex)
            case .table(let type):
                w.byte(1)
                Self.write(type, to: &w)
            case .memory(let limits):
                w.byte(2)
                Self.write(limits, to: &w)
            case .global(let type):
                w.byte(3)
                Self.write(type, to: &w)
            }
        }
        w.vector(tables) { Self.write($1, to: &$0) }
        w.vector(memories) { Self.write($1, to: &$0) }
        w.vector(globals) { w, global in
            Self.write(global.type, to: &w)
            Self.write(global.initializer, to: &w)
        }
        w.vector(exports) { w, export in
            w.name(export.name)
            switch export.descriptor {
            case .function(let i): w.byte(0); w.leb(i)
            case .table(let i): w.byte(1); w.leb(i)
            case .memory(let i): w.byte(2); w.leb(i)
            case .global(let i): w.byte(3); w.leb(i)
            }
        }
        if let start {
            w.byte(1)
            w.leb(start)
        } else {
            w.byte(0)
        }
        w.vector(elements) { w, segment in
            w.byte(segment.type.rawValue)
            switch segment.mode {
            case .passive: w.byte(0)
            case .declarative: w.byte(1)
            case .active(let table, let offset):
                w.byte(2)
                w.leb(table)
                Self.write(offset, to: &w)
            }
            w.vector(segment.items) { Self.write($1, to: &$0) }
        }
        w.vector(data) { w, segment in
            switch segment.mode {
            case .passive: w.byte(0)
            case .active(let memory, let offset):
                w.byte(1)
                w.leb(memory)
                Self.write(offset, to: &w)
            }
            w.leb(segment.bytes.count)
            w.bytes.append(contentsOf: segment.bytes)
        }
        w.vector(functionNames.sorted { $0.key < $1.key }) { w, entry in
            w.leb(entry.key)
            w.name(entry.value)
        }
        w.vector(functions.indices) { w, index in
            let function = functions[index]
            w.leb(function.typeIndex)
            w.leb(function.localCount)
            w.leb(function.frameSize)
            w.leb(end(ofFunction: index) - Int(function.entry))
        }
        w.leb(entrypoint.frameSize)
        w.leb(code.count - Int(entrypoint.entry))
        for instruction in code { instruction.encode(into: &w) }
        w.vector(brTableTargets) { $0.leb($1) }
        return w.bytes
    }

    /// The program's name: Keccak-256 of its encoding.
    public var contentHash: Digest { Keccak256.hash(encoded()) }

    /// Decodes and checks an encoded program.
    public init(decoding bytes: [UInt8], limits: LoweringLimits = LoweringLimits()) throws(ProgramFormatError) {
        guard bytes.count >= 8, bytes[0..<4].elementsEqual(Self.magic) else {
            throw ProgramFormatError("not a Cairn program (bad magic)", offset: 0)
        }
        let (program, operands) = try bytes.withUnsafeBufferPointer { buffer throws(ProgramFormatError) in
            var reader = ProgramReader(buffer)
            return try Self.decodeParts(&reader)
        }
        self = program
        try check(limits: limits, operands: operands)
    }

    /// Reads every part of an encoded program whose magic has been checked, noting the largest
    /// operands of its code; ``check(limits:operands:)`` then checks that the parts fit together.
    static func decodeParts(_ r: inout ProgramReader) throws(ProgramFormatError) -> (Program, OperandMaxima) {
        r.offset = 4
        let version = try r.fixed32()
        guard version == Self.formatVersion else {
            throw ProgramFormatError("format version \(version) is not supported (this build reads \(Self.formatVersion))", offset: 4)
        }
        var types: [CairnWasm.FunctionType] = []
        for _ in 0..<(try r.count(minimumSize: 2)) {
            var parameters: [ValueType] = []
            for _ in 0..<(try r.count()) { parameters.append(try Self.readValueType(&r)) }
            var results: [ValueType] = []
            for _ in 0..<(try r.count()) { results.append(try Self.readValueType(&r)) }
            types.append(FunctionType(parameters: parameters, results: results))
        }
        var imports: [WasmImport] = []
        for _ in 0..<(try r.count(minimumSize: 4)) {
            let module = try r.name()
            let name = try r.name()
            let descriptor: ImportDescriptor
            switch try r.byte() {
            case 0: descriptor = .function(typeIndex: try r.leb32())
            case 1: descriptor = .table(try Self.readTableType(&r))
            case 2: descriptor = .memory(try Self.readLimits(&r))
            case 3: descriptor = .global(try Self.readGlobalType(&r))
            default: r.offset -= 1; throw r.error("unknown import kind")
            }
            imports.append(WasmImport(module: module, name: name, descriptor: descriptor))
        }
        var tables: [CairnWasm.TableType] = []
        for _ in 0..<(try r.count(minimumSize: 3)) { tables.append(try Self.readTableType(&r)) }
        var memories: [CairnWasm.Limits] = []
        for _ in 0..<(try r.count(minimumSize: 2)) { memories.append(try Self.readLimits(&r)) }
        var globals: [WasmGlobal] = []
        for _ in 0..<(try r.count(minimumSize: 4)) {
            globals.append(WasmGlobal(type: try Self.readGlobalType(&r), initializer: try Self.readConstant(&r)))
        }
        var exports: [WasmExport] = []
        for _ in 0..<(try r.count(minimumSize: 3)) {
            let name = try r.name()
            let index = r.offset
            let kind = try r.byte()
            let value = try r.leb32()
            switch kind {
            case 0: exports.append(WasmExport(name: name, descriptor: .function(value)))
            case 1: exports.append(WasmExport(name: name, descriptor: .table(value)))
            case 2: exports.append(WasmExport(name: name, descriptor: .memory(value)))
            case 3: exports.append(WasmExport(name: name, descriptor: .global(value)))
            default: throw ProgramFormatError("unknown export kind", offset: index)
            }
        }
        let start: UInt32? = try r.flag() ? try r.leb32() : nil
        var elements: [WasmElementSegment] = []
        for _ in 0..<(try r.count(minimumSize: 3)) {
            let type = try Self.readValueType(&r)
            let mode: WasmElementSegment.Mode
            switch try r.byte() {
            case 0: mode = .passive
            case 1: mode = .declarative
            case 2: mode = .active(table: try r.leb32(), offset: try Self.readConstant(&r))
            default: r.offset -= 1; throw r.error("unknown element segment mode")
            }
            var items: [ConstExpression] = []
            for _ in 0..<(try r.count(minimumSize: 2)) { items.append(try Self.readConstant(&r)) }
            elements.append(WasmElementSegment(type: type, items: items, mode: mode))
        }
        var data: [WasmDataSegment] = []
        for _ in 0..<(try r.count(minimumSize: 2)) {
            let mode: WasmDataSegment.Mode
            switch try r.byte() {
            case 0: mode = .passive
            case 1: mode = .active(memory: try r.leb32(), offset: try Self.readConstant(&r))
            default: r.offset -= 1; throw r.error("unknown data segment mode")
            }
            let length = try r.count()
            data.append(WasmDataSegment(mode: mode, bytes: r.bytes(at: r.offset, count: length)))
            r.offset += length
        }
        var functionNames: [UInt32: String] = [:]
        var previousName: UInt32?
        for _ in 0..<(try r.count(minimumSize: 2)) {
            let at = r.offset
            let index = try r.leb32()
            if let previousName, index <= previousName {
                throw ProgramFormatError("function names must be in increasing index order", offset: at)
            }
            previousName = index
            functionNames[index] = try r.name()
        }
        var shapes: [(typeIndex: UInt32, localCount: UInt32, frameSize: UInt32, length: Int)] = []
        for _ in 0..<(try r.count(minimumSize: 4)) {
            shapes.append((try r.leb32(), try r.leb32(), try r.leb32(), try r.count()))
        }
        let entrypointFrameSize = try r.leb32()
        let entrypointLength = try r.count()
        let totalLength = shapes.reduce(entrypointLength) { $0 + $1.length }
        guard totalLength <= r.end - r.offset else { throw r.error("code longer than the input") }
        var functions: [CompiledFunction] = []
        functions.reserveCapacity(shapes.count)
        // The instructions are written straight into the array's storage (no per-instruction
        // append). On an error, the closure records it and returns what it has initialized.
        var failure: ProgramFormatError?
        var operands = OperandMaxima(types: types)
        let code = [Instruction](unsafeUninitializedCapacity: totalLength) { buffer, initialized in
            do throws(ProgramFormatError) {
                for shape in shapes {
                    guard Int(shape.typeIndex) < types.count else { throw r.error("unknown type \(shape.typeIndex)") }
                    let type = types[Int(shape.typeIndex)]
                    functions.append(
                        CompiledFunction(
                            entry: UInt32(initialized), typeIndex: shape.typeIndex, parameterCount: UInt32(type.parameters.count),
                            resultCount: UInt32(type.results.count), localCount: shape.localCount, frameSize: shape.frameSize))
                    try decodeInstructions(shape.length, from: &r, into: buffer, count: &initialized, noting: &operands)
                    operands.endFunction(frameSize: shape.frameSize)
                }
                try decodeInstructions(entrypointLength, from: &r, into: buffer, count: &initialized, noting: &operands)
                operands.endFunction(frameSize: entrypointFrameSize)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        let entrypoint = CompiledFunction(
            entry: UInt32(totalLength - entrypointLength), typeIndex: .max, parameterCount: 0, resultCount: 0, localCount: 0,
            frameSize: entrypointFrameSize)
        var brTableTargets: [UInt32] = []
        for _ in 0..<(try r.count()) { brTableTargets.append(try r.leb32()) }
        guard r.isAtEnd else { throw r.error("trailing bytes after the program") }

        let importedTypes = imports.compactMap { if case .function(let t) = $0.descriptor { t } else { nil } }
        let program = Program(
            code: code, brTableTargets: brTableTargets, functions: functions, entrypoint: entrypoint,
            types: types, imports: imports,
            functionTypeIndices: importedTypes + functions.map(\.typeIndex), tables: tables, memories: memories,
            globals: globals, exports: exports, start: start, elements: elements, data: data,
            functionNames: functionNames)
        return (program, operands)
    }

    /// Decodes `count` instructions into `buffer` from index `initialized` on, counting each
    /// one as soon as it is written so that the array stays consistent if a later one fails.
    static func decodeInstructions(
        _ count: Int, from r: inout ProgramReader, into buffer: UnsafeMutableBufferPointer<Instruction>, count initialized: inout Int,
        noting operands: inout OperandMaxima
    ) throws(ProgramFormatError) {
        for _ in 0..<count {
            buffer.initializeElement(at: initialized, to: try Instruction.decode(from: &r, noting: &operands))
            initialized += 1
        }
    }

    /// The checks a decoded program must pass before it may run. With the `operands` that
    /// decoding noted, the operands of each instruction are only checked one by one if the
    /// maxima show that some operand is out of range (to name the first).
    func check(limits: LoweringLimits, operands: OperandMaxima? = nil) throws(ProgramFormatError) {
        // Module-level validity, by the same rules as a Wasm module.
        var module = WasmModule()
        module.types = types
        module.imports = imports
        module.functionTypeIndices = functions.map(\.typeIndex)
        module.tables = tables
        module.memories = memories
        module.globals = globals
        module.exports = exports
        module.start = start
        module.elements = elements
        module.data = data
        do {
            try ModuleValidator.validate(module)
        } catch {
            throw ProgramFormatError(error.message, offset: 0)
        }
        for index in functionNames.keys where Int(index) >= functionTypeIndices.count {
            throw ProgramFormatError("name for unknown function \(index)", offset: 0)
        }
        for target in brTableTargets where Int(target) >= code.count {
            throw ProgramFormatError("br_table target \(target) outside the code", offset: 0)
        }
        var bounds = OperandBounds(
            frameSize: 0, codeCount: code.count, brTableTargetCount: brTableTargets.count,
            functionCount: functionTypeIndices.count, types: types, tableCount: importedTables.count + tables.count,
            globalCount: importedGlobalCount + globals.count, dataCount: data.count, elementCount: elements.count,
            hasMemory: importedMemoryCount + memories.count > 0)
        let checkEach = !(operands?.fit(bounds) ?? false)
        try code.withUnsafeBufferPointer { code throws(ProgramFormatError) in
            for (index, function) in functions.enumerated() {
                try check(
                    function, index: index, end: end(ofFunction: index), code: code, operands: checkEach, bounds: &bounds,
                    limits: limits)
            }
            try check(entrypoint, index: nil, end: code.count, code: code, operands: checkEach, bounds: &bounds, limits: limits)
        }
    }

    /// The offset just past the code of defined function `index`.
    func end(ofFunction index: Int) -> Int {
        index + 1 < functions.count ? Int(functions[index + 1].entry) : Int(entrypoint.entry)
    }

    /// Checks defined function `index` (nil: the entrypoint), whose code ends before `end`;
    /// its instructions' operands only if `operands`.
    func check(
        _ function: CompiledFunction, index: Int?, end: Int, code: UnsafeBufferPointer<Instruction>, operands: Bool,
        bounds: inout OperandBounds, limits: LoweringLimits
    ) throws(ProgramFormatError) {
        // Named only when something is wrong: accepting a program formats no strings.
        func name() -> String { index.map { "function \($0)" } ?? "the entrypoint" }
        guard function.localCount >= function.parameterCount,
            function.frameSize > max(function.localCount, function.resultCount),
            function.frameSize <= limits.maxFrameSlots
        else {
            throw ProgramFormatError("\(name()) has an impossible frame", offset: 0)
        }
        // Execution must never run off the end of a function.
        guard end > Int(function.entry), code[end - 1].isUnconditionalTransfer else {
            throw ProgramFormatError("\(name()) does not end in a branch, return or unreachable", offset: 0)
        }
        guard operands else { return }
        bounds.frameSize = function.frameSize
        for pc in Int(function.entry)..<end {
            if let problem = code[pc].operandProblem(bounds) {
                throw ProgramFormatError("instruction \(pc): \(problem)", offset: 0)
            }
        }
    }

    var importedTables: [CairnWasm.TableType] {
        imports.compactMap { if case .table(let t) = $0.descriptor { t } else { nil } }
    }
    var importedGlobalCount: Int { imports.count { if case .global = $0.descriptor { true } else { false } } }
    var importedMemoryCount: Int { imports.count { if case .memory = $0.descriptor { true } else { false } } }

    // MARK: Parts

    static func write(_ limits: CairnWasm.Limits, to w: inout ProgramWriter) {
        if let max = limits.max {
            w.byte(1)
            w.leb(limits.min)
            w.leb(max)
        } else {
            w.byte(0)
            w.leb(limits.min)
        }
    }

    static func write(_ type: CairnWasm.TableType, to w: inout ProgramWriter) {
        w.byte(type.element.rawValue)
        write(type.limits, to: &w)
    }

    static func write(_ type: CairnWasm.GlobalType, to w: inout ProgramWriter) {
        w.byte(type.valueType.rawValue)
        w.byte(type.isMutable ? 1 : 0)
    }

    static func write(_ constant: ConstExpression, to w: inout ProgramWriter) {
        switch constant {
        case .i32(let v): w.byte(0x41); w.leb(v)
        case .i64(let v): w.byte(0x42); w.leb(v)
        case .f32(let v): w.byte(0x43); w.fixed32(v)
        case .f64(let v): w.byte(0x44); w.fixed64(v)
        case .refNull(let type): w.byte(0xD0); w.byte(type.rawValue)
        case .refFunc(let index): w.byte(0xD2); w.leb(index)
        case .globalGet(let index): w.byte(0x23); w.leb(index)
        }
    }

    static func readValueType(_ r: inout ProgramReader) throws(ProgramFormatError) -> ValueType {
        let at = r.offset
        guard let type = ValueType(rawValue: try r.byte()) else { throw ProgramFormatError("unknown value type", offset: at) }
        return type
    }

    static func readLimits(_ r: inout ProgramReader) throws(ProgramFormatError) -> CairnWasm.Limits {
        let hasMax = try r.flag()
        let min = try r.leb64()
        return Limits(min: min, max: hasMax ? try r.leb64() : nil)
    }

    static func readTableType(_ r: inout ProgramReader) throws(ProgramFormatError) -> CairnWasm.TableType {
        TableType(element: try readValueType(&r), limits: try readLimits(&r))
    }

    static func readGlobalType(_ r: inout ProgramReader) throws(ProgramFormatError) -> CairnWasm.GlobalType {
        GlobalType(valueType: try readValueType(&r), isMutable: try r.flag())
    }

    static func readConstant(_ r: inout ProgramReader) throws(ProgramFormatError) -> ConstExpression {
        let at = r.offset
        switch try r.byte() {
        case 0x41: return .i32(try r.leb32())
        case 0x42: return .i64(try r.leb64())
        case 0x43: return .f32(try r.fixed32())
        case 0x44: return .f64(try r.fixed64())
        case 0xD0: return .refNull(try readValueType(&r))
        case 0xD2: return .refFunc(try r.leb32())
        case 0x23: return .globalGet(try r.leb32())
        default: throw ProgramFormatError("unknown constant expression", offset: at)
        }
    }
}

extension Instruction {
    /// Whether execution never continues with the next instruction.
    var isUnconditionalTransfer: Bool {
        switch self {
        case .br, .brTable, .return, .unreachable: true
        default: false
        }
    }
}
