/// Cairn's deterministic implementation limits on module shape.
///
/// The spec leaves these to the implementation. Cairn fixes them and checks them before it
/// instantiates anything, so the same module is always accepted or always refused, whatever the
/// host. The defaults are in line with wasmi and wasmtime: high enough that real programs never
/// reach them, low enough that a hostile module cannot make setup allocate without bound.
/// A module that goes over a limit is refused with ``WasmError/Kind/limitExceeded``, and the
/// message names the limit.
public struct ModuleLimits: Hashable, Sendable {
    /// The most entries the type section may hold.
    public var maxTypes: Int = 1_000_000
    /// The most functions, imported and defined together (the function index space).
    public var maxFunctions: Int = 1_000_000
    /// The most imports, of every kind together.
    public var maxImports: Int = 100_000
    /// The most exports.
    public var maxExports: Int = 100_000
    /// The most globals, imported and defined together.
    public var maxGlobals: Int = 1_000_000
    /// The most tables, imported and defined together.
    public var maxTables: Int = 100_000
    /// The most element segments.
    public var maxElementSegments: Int = 100_000
    /// The most data segments.
    public var maxDataSegments: Int = 100_000
    /// The largest initial size (minimum) of any table, imported or defined, in elements.
    ///
    /// Only the minimum is limited: it is what instantiation must allocate. A larger maximum is
    /// allowed; growth past the machine's own limit fails the way `table.grow` is specified to.
    public var maxTableInitialSize: UInt64 = 10_000_000
    /// The largest initial size (minimum) of the memory, imported or defined, in 64 KiB pages.
    ///
    /// As for tables, only the minimum is limited. The default is the spec's own 32-bit limit.
    public var maxMemoryPages: UInt64 = 65536
    /// The most bytes all data segments may hold together.
    public var maxTotalDataBytes: Int = 1 << 30

    /// The default limits.
    public init() {}
}

/// Checks a decoded module against the WebAssembly 2.0 module validation rules.
///
/// Function bodies are not checked here: the lowering pass in CairnProgram validates each body
/// as it lowers it, so that the body is read once. It needs ``declaredFunctionReferences(_:)``
/// for `ref.func`, which is why that is public.
///
/// Error messages begin with the wording the spec test suite expects (for example
/// "unknown global 1" or "type mismatch"), so that `assert_invalid` can compare them.
public enum ModuleValidator {
    /// Validates everything but function bodies, per the WebAssembly 2.0 spec (module validation rules).
    ///
    /// Implementation limits are checked too; see ``ModuleLimits``.
    ///
    /// - Throws: ``WasmError`` of kind ``WasmError/Kind/invalid`` for a spec violation, or
    ///   ``WasmError/Kind/limitExceeded`` for a module over one of `limits`.
    public static func validate(_ module: WasmModule, limits: ModuleLimits = ModuleLimits()) throws(WasmError) {
        // Counts first: they are cheap and bound the work of everything after them.
        try checkCounts(module, limits)
        let context = Context(module)

        for item in module.imports {
            switch item.descriptor {
            case .function(let typeIndex):
                try context.checkType(typeIndex)
            case .table(let table):
                try checkTable(table, limits)
            case .memory(let memory):
                try checkMemory(memory, limits)
            case .global:
                // Any value type is a valid global type; nothing more to check.
                break
            }
        }
        for typeIndex in module.functionTypeIndices {
            try context.checkType(typeIndex)
        }
        for table in module.tables {
            try checkTable(table, limits)
        }
        // Wasm 2.0 has one memory at most; multi-memory is a 3.0 feature.
        if context.memoryCount > 1 {
            throw WasmError(.invalid, "multiple memories")
        }
        for memory in module.memories {
            try checkMemory(memory, limits)
        }
        for (index, global) in module.globals.enumerated() {
            let type = try context.constantType(global.initializer)
            if type != global.type.valueType {
                throw WasmError(
                    .invalid,
                    "type mismatch: global \(context.importedGlobalCount + index) is \(global.type.valueType) but its initializer is \(type)")
            }
        }
        for (index, segment) in module.elements.enumerated() {
            try checkElementSegment(segment, index: index, context)
        }
        for (index, segment) in module.data.enumerated() {
            if case .active(let memory, let offset) = segment.mode {
                if memory >= context.memoryCount {
                    throw WasmError(.invalid, "unknown memory \(memory) in data segment \(index)")
                }
                try context.checkOffset(offset, "data segment \(index)")
            }
        }
        // The decoder already refuses this as malformed; repeated so that a hand-built module
        // cannot reach body lowering with a data count that `memory.init` would trust.
        if let count = module.dataCount, count != module.data.count {
            throw WasmError(.malformed, "data count and data section have inconsistent lengths")
        }
        if let start = module.start {
            let type = try context.functionType(start)
            if !type.parameters.isEmpty || !type.results.isEmpty {
                throw WasmError(.invalid, "start function \(start) must have type [] -> [], not \(type)")
            }
        }
        try checkExports(module.exports, context)
    }

    /// Function indices that may be used by `ref.func` in function bodies (the spec's C.refs:
    /// functions referenced in element segments, exports, and global initialisers).
    ///
    /// The spec collects every function index in the module outside function bodies and the
    /// start section; in Wasm 2.0 those are exactly the places listed above. Indices are
    /// collected as written, whether or not they are in range: range errors are ``validate(_:limits:)``'s.
    public static func declaredFunctionReferences(_ module: WasmModule) -> Set<UInt32> {
        var references = Set<UInt32>()
        func collect(_ expression: ConstExpression) {
            if case .refFunc(let index) = expression { references.insert(index) }
        }
        for global in module.globals {
            collect(global.initializer)
        }
        for segment in module.elements {
            for item in segment.items { collect(item) }
            if case .active(_, let offset) = segment.mode { collect(offset) }
        }
        for export in module.exports {
            if case .function(let index) = export.descriptor { references.insert(index) }
        }
        return references
    }

    // MARK: Context

    /// The index spaces of the module, computed once so that each check is a lookup.
    private struct Context {
        var types: [FunctionType]
        var functionTypeIndices: [UInt32]
        var tables: [TableType]
        var memoryCount: Int
        var globals: [GlobalType]
        var importedGlobalCount: Int

        init(_ module: WasmModule) {
            types = module.types
            functionTypeIndices = module.allFunctionTypeIndices
            tables = module.allTables
            memoryCount = module.allMemories.count
            globals = module.allGlobalTypes
            importedGlobalCount = module.importedGlobals.count
        }

        func checkType(_ index: UInt32) throws(WasmError) {
            if Int(index) >= types.count {
                throw WasmError(.invalid, "unknown type \(index)")
            }
        }

        func checkFunction(_ index: UInt32) throws(WasmError) {
            if Int(index) >= functionTypeIndices.count {
                throw WasmError(.invalid, "unknown function \(index)")
            }
        }

        /// The signature of function `index`, checking both the function and its type index.
        func functionType(_ index: UInt32) throws(WasmError) -> FunctionType {
            try checkFunction(index)
            let typeIndex = functionTypeIndices[Int(index)]
            try checkType(typeIndex)
            return types[Int(typeIndex)]
        }

        func table(_ index: UInt32) throws(WasmError) -> TableType {
            guard Int(index) < tables.count else {
                throw WasmError(.invalid, "unknown table \(index)")
            }
            return tables[Int(index)]
        }

        /// The type a constant expression produces, in the restricted context C' that Wasm 2.0
        /// gives every initialiser: only imported globals are visible, and they must be immutable
        /// so that the value is fixed before any code of the module runs.
        func constantType(_ expression: ConstExpression) throws(WasmError) -> ValueType {
            switch expression {
            case .i32: return .i32
            case .i64: return .i64
            case .f32: return .f32
            case .f64: return .f64
            case .refNull(let type):
                // The decoder only produces reference types here; a hand-built model may not.
                guard type.isReference else {
                    throw WasmError(.invalid, "type mismatch: ref.null of non-reference type \(type)")
                }
                return type
            case .refFunc(let index):
                try checkFunction(index)
                return .funcref
            case .globalGet(let index):
                guard Int(index) < importedGlobalCount else {
                    throw WasmError(.invalid, "unknown global \(index) (constant expressions may only read imported globals)")
                }
                let global = globals[Int(index)]
                if global.isMutable {
                    throw WasmError(.invalid, "constant expression required: global \(index) is mutable")
                }
                return global.valueType
            }
        }

        /// Checks that an active segment's offset is a valid constant expression of type i32.
        func checkOffset(_ offset: ConstExpression, _ what: String) throws(WasmError) {
            let type = try constantType(offset)
            if type != .i32 {
                throw WasmError(.invalid, "type mismatch: offset of \(what) is \(type), expected i32")
            }
        }
    }

    // MARK: Individual checks

    private static func checkCounts(_ module: WasmModule, _ limits: ModuleLimits) throws(WasmError) {
        func ensure(_ count: Int, _ limit: Int, _ name: String, _ what: String) throws(WasmError) {
            if count > limit {
                throw WasmError(.limitExceeded, "\(name): \(count) \(what), at most \(limit) allowed")
            }
        }
        var functions = module.functionTypeIndices.count
        var tables = module.tables.count
        var globals = module.globals.count
        for item in module.imports {
            switch item.descriptor {
            case .function: functions += 1
            case .table: tables += 1
            case .global: globals += 1
            case .memory: break
            }
        }
        try ensure(module.types.count, limits.maxTypes, "maxTypes", "types")
        try ensure(module.imports.count, limits.maxImports, "maxImports", "imports")
        try ensure(functions, limits.maxFunctions, "maxFunctions", "functions")
        try ensure(tables, limits.maxTables, "maxTables", "tables")
        try ensure(globals, limits.maxGlobals, "maxGlobals", "globals")
        try ensure(module.exports.count, limits.maxExports, "maxExports", "exports")
        try ensure(module.elements.count, limits.maxElementSegments, "maxElementSegments", "element segments")
        try ensure(module.data.count, limits.maxDataSegments, "maxDataSegments", "data segments")
        var dataBytes = 0
        for segment in module.data {
            // Checked per segment so that the sum cannot overflow before it is compared.
            dataBytes += segment.bytes.count
            try ensure(dataBytes, limits.maxTotalDataBytes, "maxTotalDataBytes", "bytes of data segments")
        }
    }

    /// Table limits: 32-bit sizes with min <= max, then Cairn's limit on the initial size.
    private static func checkTable(_ table: TableType, _ limits: ModuleLimits) throws(WasmError) {
        guard table.element.isReference else {
            throw WasmError(.invalid, "type mismatch: table element type \(table.element) is not a reference type")
        }
        // The binary format encodes these as u32, so only a hand-built model can exceed this.
        let bound = UInt64(UInt32.max)
        if table.limits.min > bound || (table.limits.max ?? 0) > bound {
            throw WasmError(.invalid, "table size must be at most 2^32-1")
        }
        try checkOrder(table.limits)
        if table.limits.min > limits.maxTableInitialSize {
            throw WasmError(
                .limitExceeded,
                "maxTableInitialSize: table of \(table.limits.min) elements, at most \(limits.maxTableInitialSize) allowed")
        }
    }

    /// Memory limits: at most 65536 pages (4 GiB) with min <= max, then Cairn's page limit.
    private static func checkMemory(_ memory: Limits, _ limits: ModuleLimits) throws(WasmError) {
        let pages: UInt64 = 65536
        if memory.min > pages || (memory.max ?? 0) > pages {
            throw WasmError(.invalid, "memory size must be at most 65536 pages (4GiB)")
        }
        try checkOrder(memory)
        if memory.min > limits.maxMemoryPages {
            throw WasmError(
                .limitExceeded,
                "maxMemoryPages: memory of \(memory.min) pages, at most \(limits.maxMemoryPages) allowed")
        }
    }

    private static func checkOrder(_ limits: Limits) throws(WasmError) {
        if let max = limits.max, limits.min > max {
            throw WasmError(.invalid, "size minimum must not be greater than maximum (\(limits.min) > \(max))")
        }
    }

    private static func checkElementSegment(
        _ segment: WasmElementSegment, index: Int, _ context: Context
    ) throws(WasmError) {
        guard segment.type.isReference else {
            throw WasmError(.invalid, "type mismatch: element segment \(index) has non-reference type \(segment.type)")
        }
        for item in segment.items {
            let type = try context.constantType(item)
            if type != segment.type {
                throw WasmError(
                    .invalid, "type mismatch: element segment \(index) of \(segment.type) has an item of type \(type)")
            }
        }
        if case .active(let tableIndex, let offset) = segment.mode {
            let table = try context.table(tableIndex)
            try context.checkOffset(offset, "element segment \(index)")
            if table.element != segment.type {
                throw WasmError(
                    .invalid,
                    "type mismatch: element segment \(index) of \(segment.type) initialises table \(tableIndex) of \(table.element)")
            }
        }
    }

    private static func checkExports(_ exports: [WasmExport], _ context: Context) throws(WasmError) {
        // Names are compared as UTF-8 bytes: Swift's `String` equality is Unicode canonical
        // equivalence, but the spec's names are distinct whenever their bytes differ.
        var names = Set<[UInt8]>()
        names.reserveCapacity(exports.count)
        for export in exports {
            if !names.insert(Array(export.name.utf8)).inserted {
                throw WasmError(.invalid, "duplicate export name \"\(export.name)\"")
            }
            switch export.descriptor {
            case .function(let index):
                try context.checkFunction(index)
            case .table(let index):
                _ = try context.table(index)
            case .memory(let index):
                if index >= context.memoryCount {
                    throw WasmError(.invalid, "unknown memory \(index)")
                }
            case .global(let index):
                if index >= context.globals.count {
                    throw WasmError(.invalid, "unknown global \(index)")
                }
            }
        }
    }
}
