import WasmParser

/// A decoded (not yet validated) WebAssembly module.
///
/// Index spaces follow the spec: imported functions, tables, memories and globals come first in
/// their index space, then the module's own definitions.
public struct WasmModule: Sendable {
    public var types: [FunctionType] = []
    public var imports: [WasmImport] = []
    /// Type index of each function defined by the module (not imported).
    public var functionTypeIndices: [UInt32] = []
    public var tables: [TableType] = []
    public var memories: [Limits] = []
    public var globals: [WasmGlobal] = []
    public var exports: [WasmExport] = []
    public var start: UInt32?
    public var elements: [WasmElementSegment] = []
    public var data: [WasmDataSegment] = []
    public var dataCount: UInt32?
    /// Bodies of the defined functions, in the order of `functionTypeIndices`.
    public var bodies: [FunctionBody] = []
    /// Function names from the `name` custom section, by function index.
    public var functionNames: [UInt32: String] = [:]

    public init() {}

    // MARK: Index spaces (imports first)

    public var importedFunctionTypes: [UInt32] {
        imports.compactMap { if case .function(let t) = $0.descriptor { t } else { nil } }
    }
    public var importedTables: [TableType] {
        imports.compactMap { if case .table(let t) = $0.descriptor { t } else { nil } }
    }
    public var importedMemories: [Limits] {
        imports.compactMap { if case .memory(let m) = $0.descriptor { m } else { nil } }
    }
    public var importedGlobals: [GlobalType] {
        imports.compactMap { if case .global(let g) = $0.descriptor { g } else { nil } }
    }

    /// Type index of every function in the function index space.
    public var allFunctionTypeIndices: [UInt32] { importedFunctionTypes + functionTypeIndices }
    /// Every table in the table index space.
    public var allTables: [TableType] { importedTables + tables }
    /// Every memory in the memory index space.
    public var allMemories: [Limits] { importedMemories + memories }
    /// Every global's type in the global index space.
    public var allGlobalTypes: [GlobalType] { importedGlobals + globals.map(\.type) }
}

/// What an import brings in.
public enum ImportDescriptor: Hashable, Sendable {
    case function(typeIndex: UInt32)
    case table(TableType)
    case memory(Limits)
    case global(GlobalType)
}

public struct WasmImport: Hashable, Sendable {
    public var module: String
    public var name: String
    public var descriptor: ImportDescriptor

    public init(module: String, name: String, descriptor: ImportDescriptor) {
        self.module = module
        self.name = name
        self.descriptor = descriptor
    }
}

/// What an export names.
public enum ExportDescriptor: Hashable, Sendable {
    case function(UInt32)
    case table(UInt32)
    case memory(UInt32)
    case global(UInt32)
}

public struct WasmExport: Hashable, Sendable {
    public var name: String
    public var descriptor: ExportDescriptor

    public init(name: String, descriptor: ExportDescriptor) {
        self.name = name
        self.descriptor = descriptor
    }
}

/// A constant expression, as allowed in Wasm 2.0 initialisers.
///
/// The decoder reduces each initialiser to a single one of these; anything else is invalid.
public enum ConstExpression: Hashable, Sendable {
    case i32(UInt32)
    case i64(UInt64)
    /// An f32 by bit pattern.
    case f32(UInt32)
    /// An f64 by bit pattern.
    case f64(UInt64)
    case refNull(ValueType)
    case refFunc(UInt32)
    case globalGet(UInt32)
}

public struct WasmGlobal: Hashable, Sendable {
    public var type: GlobalType
    public var initializer: ConstExpression

    public init(type: GlobalType, initializer: ConstExpression) {
        self.type = type
        self.initializer = initializer
    }
}

public struct WasmElementSegment: Hashable, Sendable {
    public enum Mode: Hashable, Sendable {
        case active(table: UInt32, offset: ConstExpression)
        case passive
        case declarative
    }

    public var type: ValueType
    public var items: [ConstExpression]
    public var mode: Mode

    public init(type: ValueType, items: [ConstExpression], mode: Mode) {
        self.type = type
        self.items = items
        self.mode = mode
    }
}

public struct WasmDataSegment: Hashable, Sendable {
    public enum Mode: Hashable, Sendable {
        case active(memory: UInt32, offset: ConstExpression)
        case passive
    }

    public var mode: Mode
    public var bytes: [UInt8]

    public init(mode: Mode, bytes: [UInt8]) {
        self.mode = mode
        self.bytes = bytes
    }
}

/// The body of a defined function: its declared locals and its instruction bytes.
public struct FunctionBody: @unchecked Sendable {
    /// Declared locals (not including parameters), expanded one entry per local.
    public var locals: [ValueType]
    /// The parser's view of the body, used to stream its instructions.
    public var code: Code

    public init(locals: [ValueType], code: Code) {
        self.locals = locals
        self.code = code
    }
}
