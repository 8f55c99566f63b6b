import WasmParser
import WasmTypes

/// Decodes the binary format into a ``WasmModule``.
///
/// Parsing is done by WasmKit's `WasmParser`; this type converts its output into Cairn's own
/// model and refuses what is outside Cairn's profile with an error that names the feature.
/// SIMD and threads are parsed (so that the error can name them) and then rejected.
public enum ModuleDecoder {
    /// Decodes `bytes` as a binary module. Does not validate function bodies or index uses.
    public static func decode(_ bytes: [UInt8]) throws(WasmError) -> WasmModule {
        var parser = Parser(bytes: bytes, features: [.referenceTypes, .simd, .threads])
        var module = WasmModule()
        var functionSectionCount: Int?
        var codeSectionCount: Int?
        do {
            while let payload = try parser.parseNext() {
                switch payload {
                case .header:
                    break
                case .customSection(let section):
                    if section.name == "name" {
                        module.functionNames = Self.functionNames(section.bytes)
                    }
                case .typeSection(let groups):
                    for group in groups {
                        for subType in group.types {
                            guard case .function(let type) = subType.body else {
                                throw WasmError(.unsupportedFeature, "GC types are not supported (feature: gc)")
                            }
                            module.types.append(
                                FunctionType(
                                    parameters: try type.parameters.map(convert),
                                    results: try type.results.map(convert)))
                        }
                    }
                case .importSection(let imports):
                    for item in imports {
                        let descriptor: CairnWasm.ImportDescriptor
                        switch item.descriptor {
                        case .function(let index): descriptor = .function(typeIndex: index)
                        case .table(let type): descriptor = .table(try convert(type))
                        case .memory(let limits): descriptor = .memory(try convertMemory(limits))
                        case .global(let type): descriptor = .global(try convert(type))
                        case .tag:
                            throw WasmError(.unsupportedFeature, "tags are not supported (feature: exception-handling)")
                        }
                        module.imports.append(WasmImport(module: item.module, name: item.name, descriptor: descriptor))
                    }
                case .functionSection(let indices):
                    module.functionTypeIndices = indices
                    functionSectionCount = indices.count
                case .tableSection(let tables):
                    for table in tables {
                        if table.initializer != nil {
                            throw WasmError(.unsupportedFeature, "table initializers are not supported (feature: function-references)")
                        }
                        module.tables.append(try convert(table.type))
                    }
                case .memorySection(let memories):
                    module.memories = try memories.map { (m) throws(WasmError) in try convertMemory(m.type) }
                case .globalSection(let globals):
                    for global in globals {
                        module.globals.append(
                            WasmGlobal(type: try convert(global.type), initializer: try convert(global.initializer)))
                    }
                case .tagSection:
                    throw WasmError(.unsupportedFeature, "tags are not supported (feature: exception-handling)")
                case .exportSection(let exports):
                    for export in exports {
                        let descriptor: CairnWasm.ExportDescriptor
                        switch export.descriptor {
                        case .function(let i): descriptor = .function(i)
                        case .table(let i): descriptor = .table(i)
                        case .memory(let i): descriptor = .memory(i)
                        case .global(let i): descriptor = .global(i)
                        case .tag:
                            throw WasmError(.unsupportedFeature, "tags are not supported (feature: exception-handling)")
                        }
                        module.exports.append(WasmExport(name: export.name, descriptor: descriptor))
                    }
                case .startSection(let index):
                    module.start = index
                case .elementSection(let segments):
                    for segment in segments {
                        let type = try convert(WasmTypes.ValueType.ref(segment.type))
                        let mode: WasmElementSegment.Mode
                        switch segment.mode {
                        case .active(let table, let offset): mode = .active(table: table, offset: try convert(offset))
                        case .passive: mode = .passive
                        case .declarative: mode = .declarative
                        }
                        let items = try segment.initializer.map { (e) throws(WasmError) in try convert(e) }
                        module.elements.append(WasmElementSegment(type: type, items: items, mode: mode))
                    }
                case .codeSection(let codes):
                    codeSectionCount = codes.count
                    for code in codes {
                        let locals = try code.locals.map(convert)
                        module.bodies.append(FunctionBody(locals: locals, code: code))
                    }
                case .dataSection(let segments):
                    for segment in segments {
                        switch segment {
                        case .passive(let bytes):
                            module.data.append(WasmDataSegment(mode: .passive, bytes: Array(bytes)))
                        case .active(let active):
                            module.data.append(
                                WasmDataSegment(
                                    mode: .active(memory: active.index, offset: try convert(active.offset)),
                                    bytes: Array(active.initializer)))
                        }
                    }
                    if let count = module.dataCount, count != segments.count {
                        throw WasmError(.malformed, "data count and data section have inconsistent lengths")
                    }
                case .dataCount(let count):
                    module.dataCount = count
                }
            }
        } catch let error as WasmParserError {
            throw Self.malformed(error, fallbackOffset: parser.offset)
        } catch let error as WasmError {
            throw error
        } catch {
            throw WasmError(.malformed, "\(error)", offset: parser.offset)
        }
        if (functionSectionCount ?? 0) != (codeSectionCount ?? 0) {
            throw WasmError(.malformed, "function and code section have inconsistent lengths")
        }
        if let count = module.dataCount, count != 0, module.data.isEmpty {
            throw WasmError(.malformed, "data count and data section have inconsistent lengths")
        }
        return module
    }

    /// A parser error as a `WasmError`: its plain message and its own offset.
    ///
    /// The parser's `description` nests its message type's debug form (`"Message(text: ...)"`)
    /// and repeats the offset, so the parts are taken out by reflection instead.
    /// Inside a function body the parser counts from the body's start, so the caller's absolute
    /// `offset` is used there (`useParserOffset: false`).
    public static func malformed(_ error: WasmParserError, fallbackOffset: Int, useParserOffset: Bool = true) -> WasmError {
        var offset: Int?
        var message: String?
        for child in Mirror(reflecting: error).children {
            if child.label == "location", let location = child.value as? Int? { offset = location }
            if child.label == "kind" {
                for kindChild in Mirror(reflecting: child.value).children {
                    for part in Mirror(reflecting: kindChild.value).children where part.label == "text" {
                        message = part.value as? String
                    }
                }
            }
        }
        var text = message ?? "\(error)"
        if message == nil, let cut = text.firstIndex(of: "\n") { text = String(text[..<cut]) }
        let at = useParserOffset ? offset ?? fallbackOffset : fallbackOffset
        if let limit = localsLimit(text) { return WasmError(.limitExceeded, limit, offset: at) }
        return WasmError(.malformed, text, offset: at)
    }

    /// The parser refuses a function with as many locals as its limit (100,000) as if the
    /// binary were malformed ("Too many locals: COUNT vs LIMIT"); only a count of 2^32 or more
    /// is malformed (the spec's "too many locals"), below that it is an implementation limit,
    /// reported with the count and the largest count accepted.
    static func localsLimit(_ message: String) -> String? {
        let prefix = "Too many locals: "
        guard message.hasPrefix(prefix) else { return nil }
        let numbers = message.dropFirst(prefix.count).split(separator: " vs ")
        guard numbers.count == 2, let count = UInt64(numbers[0]), let limit = UInt64(numbers[1]),
            count < 1 << 32, limit > 0
        else { return nil }
        return "a function declares \(count) locals (parameters not counted); the limit is \(limit - 1)"
    }

    // MARK: Conversions from the parser's model

    /// Converts a parser value type into Cairn's, refusing types outside the profile.
    public static func convertValueType(_ type: WasmTypes.ValueType) throws(WasmError) -> ValueType {
        try convert(type)
    }

    static func convert(_ type: WasmTypes.ValueType) throws(WasmError) -> ValueType {
        switch type {
        case .i32: return .i32
        case .i64: return .i64
        case .f32: return .f32
        case .f64: return .f64
        case .v128: throw WasmError(.unsupportedFeature, "v128 is not supported (feature: simd)")
        case .ref(let ref):
            guard ref.isNullable else {
                throw WasmError(.unsupportedFeature, "non-nullable references are not supported (feature: function-references)")
            }
            switch ref.heapType {
            case .abstract(.funcRef): return .funcref
            case .abstract(.externRef): return .externref
            default:
                throw WasmError(.unsupportedFeature, "reference type \(ref) is not supported (feature: gc)")
            }
        }
    }

    static func convert(_ type: WasmParser.TableType) throws(WasmError) -> TableType {
        if type.limits.isMemory64 {
            throw WasmError(.unsupportedFeature, "64-bit tables are not supported (feature: memory64)")
        }
        return TableType(
            element: try convert(WasmTypes.ValueType.ref(type.elementType)),
            limits: Limits(min: type.limits.min, max: type.limits.max))
    }

    static func convertMemory(_ limits: WasmParser.Limits) throws(WasmError) -> Limits {
        if limits.shared {
            throw WasmError(.unsupportedFeature, "shared memories are not supported (feature: threads)")
        }
        if limits.isMemory64 {
            throw WasmError(.unsupportedFeature, "64-bit memories are not supported (feature: memory64)")
        }
        return Limits(min: limits.min, max: limits.max)
    }

    static func convert(_ type: WasmParser.GlobalType) throws(WasmError) -> GlobalType {
        GlobalType(valueType: try convert(type.valueType), isMutable: type.mutability == .variable)
    }

    /// Reduces an initialiser to the one constant instruction Wasm 2.0 allows.
    static func convert(_ expression: WasmParser.ConstExpression) throws(WasmError) -> ConstExpression {
        // The parser ends initialisers with `end`, except the ones it builds itself from an
        // element segment's list of function indices.
        var body = expression[...]
        if let last = body.last, case .end = last { body = body.dropLast() }
        guard body.count == 1 else {
            if body.isEmpty { throw WasmError(.invalid, "type mismatch: constant expression is empty") }
            if body.allSatisfy(Self.isConstantInstruction) {
                throw WasmError(.invalid, "type mismatch: constant expression leaves more than one value")
            }
            throw WasmError(.invalid, "constant expression required")
        }
        switch body.first! {
        case .i32Const(let v): return .i32(UInt32(bitPattern: v))
        case .i64Const(let v): return .i64(UInt64(bitPattern: v))
        case .f32Const(let v): return .f32(v.bitPattern)
        case .f64Const(let v): return .f64(v.bitPattern)
        case .refNull(let heap):
            switch heap {
            case .abstract(.funcRef): return .refNull(.funcref)
            case .abstract(.externRef): return .refNull(.externref)
            default: throw WasmError(.unsupportedFeature, "reference type \(heap) is not supported (feature: gc)")
            }
        case .refFunc(let index): return .refFunc(index)
        case .globalGet(let index): return .globalGet(index)
        default: throw WasmError(.invalid, "constant expression required")
        }
    }

    static func isConstantInstruction(_ instruction: WasmParser.Instruction) -> Bool {
        switch instruction {
        case .i32Const, .i64Const, .f32Const, .f64Const, .refNull, .refFunc, .globalGet: return true
        default: return false
        }
    }

    /// Reads function names from a `name` section; a malformed name section is ignored, as the
    /// spec requires of custom sections.
    static func functionNames(_ bytes: ArraySlice<UInt8>) -> [UInt32: String] {
        var parser = NameSectionParser(stream: StaticByteStreamSource(bytes: bytes))
        guard let all = try? parser.parseAll() else { return [:] }
        for names in all {
            if case .functions(let map) = names { return map }
        }
        return [:]
    }
}
