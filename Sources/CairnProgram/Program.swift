import CairnWasm

/// A validated module lowered into one flat program.
///
/// All functions' instructions live in one `code` array in module order; branches and calls are
/// resolved to offsets into it. The module-level parts (imports, exports, segments, globals) are
/// kept so that the machine can instantiate the program without the original Wasm bytes.
public struct Program: Equatable, Sendable {
    /// Every instruction of every defined function, in function order.
    public var code: [Instruction]
    /// Jump targets of `brTable` instructions, each table's default last.
    public var brTableTargets: [UInt32]
    /// The defined functions (imports excluded), in module order.
    public var functions: [CompiledFunction]
    /// The injected entrypoint, whose code follows every function's: it sizes memories and
    /// tables, sets globals, applies active segments and calls the start function. Running it
    /// is instantiation. It has no type; its `typeIndex` is `UInt32.max`.
    public var entrypoint: CompiledFunction

    /// The function types, by type index.
    public var types: [CairnWasm.FunctionType]
    /// The imports, in module order; linked at instantiation.
    public var imports: [WasmImport]
    /// Type index of every function in the function index space (imports first).
    public var functionTypeIndices: [UInt32]
    /// The tables the program defines.
    public var tables: [CairnWasm.TableType]
    /// The memories the program defines (at most one), in 64 KiB pages.
    public var memories: [CairnWasm.Limits]
    /// The globals the program defines, with their initialisers.
    public var globals: [WasmGlobal]
    /// The exports, in module order.
    public var exports: [WasmExport]
    /// The start function, called by the entrypoint, if any.
    public var start: UInt32?
    /// The element segments (active ones are applied by the entrypoint).
    public var elements: [WasmElementSegment]
    /// The data segments (active ones are applied by the entrypoint).
    public var data: [WasmDataSegment]
    /// Function names from the module's `name` section, for traces and disassembly.
    public var functionNames: [UInt32: String]

    /// The number of imported functions, which come first in the function index space.
    public var importedFunctionCount: Int { functionTypeIndices.count - functions.count }

    /// The type of the function at `index` in the function index space.
    public func functionType(_ index: UInt32) -> CairnWasm.FunctionType {
        types[Int(functionTypeIndices[Int(index)])]
    }
}

/// A defined function of a lowered program.
public struct CompiledFunction: Hashable, Sendable {
    /// Offset of the function's first instruction in ``Program/code``.
    public var entry: UInt32
    /// Index of the function's type in ``Program/types``.
    public var typeIndex: UInt32
    /// The number of parameters: slots `0..<parameterCount` of the frame on entry.
    public var parameterCount: UInt32
    /// The number of results it returns.
    public var resultCount: UInt32
    /// Parameters plus declared locals: slots `0..<localCount` of the frame.
    public var localCount: UInt32
    /// Slots the frame needs: locals, the deepest operand stack, and one scratch slot.
    public var frameSize: UInt32

    /// A function entered at `entry` with this type and frame shape.
    public init(entry: UInt32, typeIndex: UInt32, parameterCount: UInt32, resultCount: UInt32, localCount: UInt32, frameSize: UInt32) {
        self.entry = entry
        self.typeIndex = typeIndex
        self.parameterCount = parameterCount
        self.resultCount = resultCount
        self.localCount = localCount
        self.frameSize = frameSize
    }
}

/// Deterministic limits on the shape of modules accepted for lowering.
public struct LoweringLimits: Hashable, Sendable {
    /// The most slots (locals plus operand stack) one function frame may need.
    public var maxFrameSlots: UInt32 = 1 << 20
    /// The most control frames open at once in a function body.
    public var maxControlDepth: Int = 1 << 16

    /// The default limits.
    public init() {}
}
