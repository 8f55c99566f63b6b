import WasmParser

/// A decoded (not yet validated) WebAssembly module.
///
/// Index spaces follow the spec: imported functions, tables, memories and globals come first in
/// their index space, then the module's own definitions.
public struct WasmModule: Sendable {
    /// The function types of the type section, by type index.
    public var types: [FunctionType] = []
    /// The imports, in the order of the import section.
    public var imports: [WasmImport] = []
    /// Type index of each function defined by the module (not imported).
    public var functionTypeIndices: [UInt32] = []
    /// The tables the module defines (imported ones are in ``imports``).
    public var tables: [TableType] = []
    /// The memories the module defines, by their limits in 64 KiB pages.
    public var memories: [Limits] = []
    /// The globals the module defines, with their initialisers.
    public var globals: [WasmGlobal] = []
    /// The exports, in the order of the export section.
    public var exports: [WasmExport] = []
    /// The start function's index, if the module has one: run at the end of instantiation.
    public var start: UInt32?
    /// The element segments, in module order.
    public var elements: [WasmElementSegment] = []
    /// The data segments, in module order.
    public var data: [WasmDataSegment] = []
    /// The data count section's value, if present (required by `memory.init` and `data.drop`).
    public var dataCount: UInt32?
    /// Bodies of the defined functions, in the order of `functionTypeIndices`.
    public var bodies: [FunctionBody] = []
    /// Function names from the `name` custom section, by function index.
    public var functionNames: [UInt32: String] = [:]

    /// An empty module, filled in by the decoder.
    public init() {}

    // MARK: Index spaces (imports first)

    /// The type index of each imported function, in import order.
    public var importedFunctionTypes: [UInt32] {
        imports.compactMap { if case .function(let t) = $0.descriptor { t } else { nil } }
    }
    /// The type of each imported table, in import order.
    public var importedTables: [TableType] {
        imports.compactMap { if case .table(let t) = $0.descriptor { t } else { nil } }
    }
    /// The limits of each imported memory, in import order.
    public var importedMemories: [Limits] {
        imports.compactMap { if case .memory(let m) = $0.descriptor { m } else { nil } }
    }
    /// The type of each imported global, in import order.
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
    /// A function of the type at `typeIndex`.
    case function(typeIndex: UInt32)
    /// A table of this type.
    case table(TableType)
    /// A memory with these limits.
    case memory(Limits)
    /// A global of this type.
    case global(GlobalType)
}

/// One import: a value the module needs, named by module and field.
public struct WasmImport: Hashable, Sendable {
    /// The module name it is imported from.
    public var module: String
    /// The field name within that module.
    public var name: String
    /// What kind of value, and its type.
    public var descriptor: ImportDescriptor

    /// An import of `module`.`name`.
    public init(module: String, name: String, descriptor: ImportDescriptor) {
        self.module = module
        self.name = name
        self.descriptor = descriptor
    }
}

/// What an export names.
public enum ExportDescriptor: Hashable, Sendable {
    /// The function at this index of the function index space.
    case function(UInt32)
    /// The table at this index of the table index space.
    case table(UInt32)
    /// The memory at this index of the memory index space.
    case memory(UInt32)
    /// The global at this index of the global index space.
    case global(UInt32)
}

/// One export: a name and what it names.
public struct WasmExport: Hashable, Sendable {
    /// The export name (distinct within a module).
    public var name: String
    /// What the name refers to.
    public var descriptor: ExportDescriptor

    /// An export of `descriptor` under `name`.
    public init(name: String, descriptor: ExportDescriptor) {
        self.name = name
        self.descriptor = descriptor
    }
}

/// A constant expression, as allowed in Wasm 2.0 initialisers.
///
/// The decoder reduces each initialiser to a single one of these; anything else is invalid.
public enum ConstExpression: Hashable, Sendable {
    /// An i32 constant.
    case i32(UInt32)
    /// An i64 constant.
    case i64(UInt64)
    /// An f32 by bit pattern.
    case f32(UInt32)
    /// An f64 by bit pattern.
    case f64(UInt64)
    /// A null reference of this reference type.
    case refNull(ValueType)
    /// A reference to the function at this index.
    case refFunc(UInt32)
    /// The value of the (imported, immutable) global at this index.
    case globalGet(UInt32)
}

/// A global the module defines: its type and its initial value.
public struct WasmGlobal: Hashable, Sendable {
    /// Its value type and mutability.
    public var type: GlobalType
    /// The constant expression that gives its initial value.
    public var initializer: ConstExpression

    /// A global of `type` starting at `initializer`.
    public init(type: GlobalType, initializer: ConstExpression) {
        self.type = type
        self.initializer = initializer
    }
}

/// An element segment: references to put into a table, at instantiation or by `table.init`.
public struct WasmElementSegment: Hashable, Sendable {
    /// When the segment is applied.
    public enum Mode: Hashable, Sendable {
        /// Copied into `table` at `offset` at instantiation, then dropped.
        case active(table: UInt32, offset: ConstExpression)
        /// Kept for `table.init` until `elem.drop`.
        case passive
        /// Only declares references for `ref.func`; dropped at instantiation.
        case declarative
    }

    /// The reference type of the items (`funcref` or `externref`).
    public var type: ValueType
    /// One constant expression per element.
    public var items: [ConstExpression]
    /// When the segment is applied.
    public var mode: Mode

    /// A segment of `items` of `type`, applied as `mode` says.
    public init(type: ValueType, items: [ConstExpression], mode: Mode) {
        self.type = type
        self.items = items
        self.mode = mode
    }
}

/// A data segment: bytes to put into memory, at instantiation or by `memory.init`.
public struct WasmDataSegment: Hashable, Sendable {
    /// When the segment is applied.
    public enum Mode: Hashable, Sendable {
        /// Copied into `memory` at `offset` at instantiation, then dropped.
        case active(memory: UInt32, offset: ConstExpression)
        /// Kept for `memory.init` until `data.drop`.
        case passive
    }

    /// When the segment is applied.
    public var mode: Mode
    /// The bytes.
    public var bytes: [UInt8]

    /// A segment of `bytes`, applied as `mode` says.
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

    /// A body with these declared locals and code.
    public init(locals: [ValueType], code: Code) {
        self.locals = locals
        self.code = code
    }
}
