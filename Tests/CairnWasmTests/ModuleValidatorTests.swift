import Testing
@testable import CairnWasm

/// Module-level validation rules, on modules built by hand so that each test isolates one rule.
@Suite struct ModuleValidatorTests {
    // MARK: Helpers

    static let voidType = FunctionType(parameters: [], results: [])
    static let i32Global = GlobalType(valueType: .i32, isMutable: false)
    static let mutI32Global = GlobalType(valueType: .i32, isMutable: true)

    /// A module with one `[] -> []` type and `count` functions of that type.
    static func module(functions count: Int = 1) -> WasmModule {
        var module = WasmModule()
        module.types = [voidType]
        module.functionTypeIndices = Array(repeating: 0, count: count)
        return module
    }

    static func importGlobal(_ type: GlobalType) -> WasmImport {
        WasmImport(module: "m", name: "g", descriptor: .global(type))
    }

    /// Asserts that validation fails with `kind` and a message that starts with `prefix`.
    func expectError(
        _ module: WasmModule, _ prefix: String, kind: WasmError.Kind = .invalid,
        limits: ModuleLimits = ModuleLimits(), sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            try ModuleValidator.validate(module, limits: limits)
            Issue.record("expected \(kind) \"\(prefix)\", but the module validated", sourceLocation: sourceLocation)
        } catch {
            #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.hasPrefix(prefix), "\(error)", sourceLocation: sourceLocation)
        }
    }

    func expectValid(_ module: WasmModule, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            try ModuleValidator.validate(module)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    // MARK: Valid modules

    @Test func emptyModuleIsValid() {
        expectValid(WasmModule())
    }

    @Test func fullModuleIsValid() {
        var m = Self.module(functions: 2)
        m.imports = [
            WasmImport(module: "env", name: "f", descriptor: .function(typeIndex: 0)),
            WasmImport(module: "env", name: "t", descriptor: .table(TableType(element: .externref, limits: Limits(min: 1, max: nil)))),
            WasmImport(module: "env", name: "mem", descriptor: .memory(Limits(min: 1, max: 65536))),
            Self.importGlobal(Self.i32Global),
        ]
        m.tables = [TableType(element: .funcref, limits: Limits(min: 0, max: 0xFFFF_FFFF))]
        m.globals = [
            WasmGlobal(type: Self.i32Global, initializer: .globalGet(0)),
            WasmGlobal(type: GlobalType(valueType: .f64, isMutable: true), initializer: .f64(0)),
            WasmGlobal(type: GlobalType(valueType: .funcref, isMutable: false), initializer: .refFunc(2)),
            WasmGlobal(type: GlobalType(valueType: .externref, isMutable: false), initializer: .refNull(.externref)),
        ]
        m.exports = [
            WasmExport(name: "f", descriptor: .function(1)),
            WasmExport(name: "t", descriptor: .table(1)),
            WasmExport(name: "mem", descriptor: .memory(0)),
            WasmExport(name: "g", descriptor: .global(4)),
        ]
        m.start = 1
        m.elements = [
            WasmElementSegment(type: .funcref, items: [.refFunc(0), .refNull(.funcref)], mode: .active(table: 1, offset: .globalGet(0))),
            WasmElementSegment(type: .externref, items: [.refNull(.externref)], mode: .active(table: 0, offset: .i32(0))),
            WasmElementSegment(type: .funcref, items: [.refFunc(1)], mode: .passive),
            WasmElementSegment(type: .funcref, items: [.refFunc(2)], mode: .declarative),
        ]
        m.data = [
            WasmDataSegment(mode: .active(memory: 0, offset: .globalGet(0)), bytes: [1, 2]),
            WasmDataSegment(mode: .passive, bytes: []),
        ]
        m.dataCount = 2
        expectValid(m)
        #expect(ModuleValidator.declaredFunctionReferences(m) == [0, 1, 2])
    }

    @Test func declaredFunctionReferencesExcludeStart() {
        var m = Self.module(functions: 4)
        m.start = 3
        m.globals = [WasmGlobal(type: GlobalType(valueType: .funcref, isMutable: true), initializer: .refFunc(2))]
        m.exports = [WasmExport(name: "e", descriptor: .function(0))]
        #expect(ModuleValidator.declaredFunctionReferences(m) == [0, 2])
    }

    // MARK: Types and functions

    @Test func unknownTypeIndex() {
        var m = Self.module()
        m.functionTypeIndices = [1]
        expectError(m, "unknown type")
        m = Self.module()
        m.imports = [WasmImport(module: "a", name: "b", descriptor: .function(typeIndex: 5))]
        expectError(m, "unknown type")
    }

    // MARK: Memories

    @Test func memoryRules() {
        var m = WasmModule()
        m.memories = [Limits(min: 0, max: 65536)]
        expectValid(m)
        m.memories = [Limits(min: 0, max: nil), Limits(min: 0, max: nil)]
        expectError(m, "multiple memories")
        m.memories = [Limits(min: 0, max: nil)]
        m.imports = [WasmImport(module: "a", name: "m", descriptor: .memory(Limits(min: 0, max: nil)))]
        expectError(m, "multiple memories")
        m = WasmModule()
        m.memories = [Limits(min: 65537, max: nil)]
        expectError(m, "memory size must be at most 65536 pages (4GiB)")
        m.memories = [Limits(min: 0, max: 65537)]
        expectError(m, "memory size must be at most 65536 pages (4GiB)")
        m.memories = [Limits(min: 1, max: 0)]
        expectError(m, "size minimum must not be greater than maximum")
        m.memories = []
        m.imports = [WasmImport(module: "a", name: "m", descriptor: .memory(Limits(min: 2, max: 1)))]
        expectError(m, "size minimum must not be greater than maximum")
    }

    // MARK: Tables

    @Test func tableRules() {
        var m = WasmModule()
        m.tables = [TableType(element: .funcref, limits: Limits(min: 1, max: 0))]
        expectError(m, "size minimum must not be greater than maximum")
        m.tables = [TableType(element: .funcref, limits: Limits(min: 0xFFFF_FFFF, max: 0))]
        expectError(m, "size minimum must not be greater than maximum")
        m.tables = [TableType(element: .funcref, limits: Limits(min: 0, max: 0x1_0000_0000))]
        expectError(m, "table size must be at most 2^32-1")
        m.tables = [TableType(element: .i32, limits: Limits(min: 0, max: nil))]
        expectError(m, "type mismatch")
        m.tables = []
        m.imports = [WasmImport(module: "a", name: "t", descriptor: .table(TableType(element: .funcref, limits: Limits(min: 3, max: 2))))]
        expectError(m, "size minimum must not be greater than maximum")
    }

    // MARK: Globals

    @Test func globalInitializerTypes() {
        var m = WasmModule()
        m.globals = [WasmGlobal(type: Self.i32Global, initializer: .i64(0))]
        expectError(m, "type mismatch")
        m.globals = [WasmGlobal(type: GlobalType(valueType: .funcref, isMutable: false), initializer: .refNull(.externref))]
        expectError(m, "type mismatch")
        m.globals = [WasmGlobal(type: GlobalType(valueType: .externref, isMutable: false), initializer: .refFunc(0))]
        expectError(m, "unknown function 0")
        m = Self.module()
        m.globals = [WasmGlobal(type: GlobalType(valueType: .externref, isMutable: false), initializer: .refFunc(0))]
        expectError(m, "type mismatch")
        m.globals = [WasmGlobal(type: GlobalType(valueType: .funcref, isMutable: false), initializer: .refFunc(7))]
        expectError(m, "unknown function 7")
    }

    @Test func globalGetInConstantExpressions() {
        var m = WasmModule()
        // Only imported globals are visible, even earlier defined ones.
        m.globals = [WasmGlobal(type: Self.i32Global, initializer: .globalGet(0))]
        expectError(m, "unknown global 0")
        m.globals = [
            WasmGlobal(type: Self.i32Global, initializer: .i32(0)),
            WasmGlobal(type: Self.i32Global, initializer: .globalGet(0)),
        ]
        expectError(m, "unknown global 0")
        m.imports = [Self.importGlobal(Self.i32Global)]
        m.globals = [WasmGlobal(type: Self.i32Global, initializer: .globalGet(0))]
        expectValid(m)
        m.globals = [WasmGlobal(type: Self.i32Global, initializer: .globalGet(1))]
        expectError(m, "unknown global 1")
        m.globals = [WasmGlobal(type: GlobalType(valueType: .i64, isMutable: false), initializer: .globalGet(0))]
        expectError(m, "type mismatch")
        m.imports = [Self.importGlobal(Self.mutI32Global)]
        m.globals = [WasmGlobal(type: Self.i32Global, initializer: .globalGet(0))]
        expectError(m, "constant expression required")
    }

    // MARK: Exports

    @Test func exportRules() {
        var m = Self.module()
        m.globals = [WasmGlobal(type: Self.i32Global, initializer: .i32(0))]
        m.exports = [WasmExport(name: "a", descriptor: .function(0)), WasmExport(name: "a", descriptor: .global(0))]
        expectError(m, "duplicate export name")
        m.exports = [WasmExport(name: "a", descriptor: .function(1))]
        expectError(m, "unknown function 1")
        m.exports = [WasmExport(name: "a", descriptor: .table(0))]
        expectError(m, "unknown table 0")
        m.exports = [WasmExport(name: "a", descriptor: .memory(0))]
        expectError(m, "unknown memory 0")
        m.exports = [WasmExport(name: "a", descriptor: .global(1))]
        expectError(m, "unknown global 1")
    }

    @Test func exportNamesCompareByBytes() {
        // "é" precomposed and decomposed are equal as Swift strings but distinct Wasm names.
        var m = Self.module()
        m.exports = [
            WasmExport(name: "\u{E9}", descriptor: .function(0)),
            WasmExport(name: "e\u{301}", descriptor: .function(0)),
        ]
        expectValid(m)
    }

    // MARK: Start

    @Test func startFunctionRules() {
        var m = Self.module()
        m.start = 0
        expectValid(m)
        m.start = 1
        expectError(m, "unknown function 1")
        m.types = [FunctionType(parameters: [], results: [.i32])]
        m.start = 0
        expectError(m, "start function")
        m.types = [FunctionType(parameters: [.i32], results: [])]
        expectError(m, "start function")
    }

    // MARK: Element segments

    @Test func elementSegmentRules() {
        var m = Self.module()
        m.elements = [WasmElementSegment(type: .funcref, items: [.refFunc(0)], mode: .active(table: 0, offset: .i32(0)))]
        expectError(m, "unknown table 0")
        m.tables = [TableType(element: .funcref, limits: Limits(min: 1, max: nil))]
        expectValid(m)
        m.elements[0].mode = .active(table: 0, offset: .i64(0))
        expectError(m, "type mismatch")
        m.elements[0].mode = .active(table: 0, offset: .refNull(.funcref))
        expectError(m, "type mismatch")
        m.elements[0].mode = .active(table: 0, offset: .globalGet(0))
        expectError(m, "unknown global 0")
        m.globals = [WasmGlobal(type: Self.i32Global, initializer: .i32(0))]
        expectError(m, "unknown global 0")
        m.elements = [WasmElementSegment(type: .funcref, items: [.refNull(.externref)], mode: .active(table: 0, offset: .i32(0)))]
        expectError(m, "type mismatch")
        m.elements = [WasmElementSegment(type: .funcref, items: [.i32(0)], mode: .passive)]
        expectError(m, "type mismatch")
        m.elements = [WasmElementSegment(type: .externref, items: [.refFunc(0)], mode: .declarative)]
        expectError(m, "type mismatch")
        m.elements = [WasmElementSegment(type: .funcref, items: [.refFunc(9)], mode: .passive)]
        expectError(m, "unknown function 9")
        // Segment type must match the table's element type.
        m.tables = [TableType(element: .externref, limits: Limits(min: 1, max: nil))]
        m.elements = [WasmElementSegment(type: .funcref, items: [.refFunc(0)], mode: .active(table: 0, offset: .i32(0)))]
        expectError(m, "type mismatch")
        // Mutable imported global as offset.
        m.tables = [TableType(element: .funcref, limits: Limits(min: 1, max: nil))]
        m.globals = []
        m.imports = [Self.importGlobal(Self.mutI32Global)]
        m.elements = [WasmElementSegment(type: .funcref, items: [], mode: .active(table: 0, offset: .globalGet(0)))]
        expectError(m, "constant expression required")
    }

    // MARK: Data segments

    @Test func dataSegmentRules() {
        var m = WasmModule()
        m.data = [WasmDataSegment(mode: .active(memory: 0, offset: .i32(0)), bytes: [])]
        expectError(m, "unknown memory 0")
        m.memories = [Limits(min: 1, max: nil)]
        expectValid(m)
        m.data = [WasmDataSegment(mode: .active(memory: 1, offset: .i32(0)), bytes: [])]
        expectError(m, "unknown memory 1")
        m.data = [WasmDataSegment(mode: .active(memory: 0, offset: .i64(0)), bytes: [])]
        expectError(m, "type mismatch")
        m.data = [WasmDataSegment(mode: .active(memory: 0, offset: .globalGet(0)), bytes: [])]
        expectError(m, "unknown global 0")
        m.data = [WasmDataSegment(mode: .passive, bytes: [1])]
        m.dataCount = 2
        expectError(m, "data count and data section have inconsistent lengths", kind: .malformed)
        m.dataCount = 1
        expectValid(m)
    }

    // MARK: Implementation limits

    @Test func countLimits() {
        var limits = ModuleLimits()
        limits.maxFunctions = 2
        var m = Self.module(functions: 2)
        expectValid(m)
        m.imports = [WasmImport(module: "a", name: "f", descriptor: .function(typeIndex: 0))]
        expectError(m, "maxFunctions", kind: .limitExceeded, limits: limits)

        limits = ModuleLimits()
        limits.maxTypes = 0
        expectError(Self.module(), "maxTypes", kind: .limitExceeded, limits: limits)

        limits = ModuleLimits()
        limits.maxExports = 1
        m = Self.module()
        m.exports = [WasmExport(name: "a", descriptor: .function(0)), WasmExport(name: "b", descriptor: .function(0))]
        expectError(m, "maxExports", kind: .limitExceeded, limits: limits)

        limits = ModuleLimits()
        limits.maxGlobals = 1
        m = WasmModule()
        m.imports = [Self.importGlobal(Self.i32Global)]
        m.globals = [WasmGlobal(type: Self.i32Global, initializer: .i32(0))]
        expectError(m, "maxGlobals", kind: .limitExceeded, limits: limits)
        limits.maxGlobals = 2
        limits.maxImports = 0
        expectError(m, "maxImports", kind: .limitExceeded, limits: limits)

        limits = ModuleLimits()
        limits.maxTables = 0
        m = WasmModule()
        m.tables = [TableType(element: .funcref, limits: Limits(min: 0, max: nil))]
        expectError(m, "maxTables", kind: .limitExceeded, limits: limits)

        limits = ModuleLimits()
        limits.maxElementSegments = 0
        m = WasmModule()
        m.elements = [WasmElementSegment(type: .funcref, items: [], mode: .passive)]
        expectError(m, "maxElementSegments", kind: .limitExceeded, limits: limits)

        limits = ModuleLimits()
        limits.maxDataSegments = 0
        m = WasmModule()
        m.data = [WasmDataSegment(mode: .passive, bytes: [])]
        expectError(m, "maxDataSegments", kind: .limitExceeded, limits: limits)
    }

    @Test func sizeLimits() {
        var limits = ModuleLimits()
        limits.maxTotalDataBytes = 3
        var m = WasmModule()
        m.data = [WasmDataSegment(mode: .passive, bytes: [1, 2]), WasmDataSegment(mode: .passive, bytes: [3])]
        #expect(throws: Never.self) { try ModuleValidator.validate(m, limits: limits) }
        m.data.append(WasmDataSegment(mode: .passive, bytes: [4]))
        expectError(m, "maxTotalDataBytes", kind: .limitExceeded, limits: limits)

        m = WasmModule()
        m.tables = [TableType(element: .funcref, limits: Limits(min: 10_000_001, max: nil))]
        expectError(m, "maxTableInitialSize", kind: .limitExceeded)
        m.tables = [TableType(element: .funcref, limits: Limits(min: 10_000_000, max: 0xFFFF_FFFF))]
        expectValid(m)

        limits = ModuleLimits()
        limits.maxMemoryPages = 16
        m = WasmModule()
        m.imports = [WasmImport(module: "a", name: "m", descriptor: .memory(Limits(min: 17, max: nil)))]
        expectError(m, "maxMemoryPages", kind: .limitExceeded, limits: limits)
        // A maximum above the limit is fine: only the initial size must be allocated.
        m.imports = [WasmImport(module: "a", name: "m", descriptor: .memory(Limits(min: 16, max: 65536)))]
        #expect(throws: Never.self) { try ModuleValidator.validate(m, limits: limits) }
        // Spec validity is reported before the implementation limit.
        m.imports = [WasmImport(module: "a", name: "m", descriptor: .memory(Limits(min: 65537, max: nil)))]
        expectError(m, "memory size must be at most 65536 pages (4GiB)", limits: limits)
    }
}
