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

    public var types: [CairnWasm.FunctionType]
    public var imports: [WasmImport]
    /// Type index of every function in the function index space (imports first).
    public var functionTypeIndices: [UInt32]
    public var tables: [CairnWasm.TableType]
    public var memories: [CairnWasm.Limits]
    public var globals: [WasmGlobal]
    public var exports: [WasmExport]
    public var start: UInt32?
    public var elements: [WasmElementSegment]
    public var data: [WasmDataSegment]
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
    public var parameterCount: UInt32
    public var resultCount: UInt32
    /// Parameters plus declared locals: slots `0..<localCount` of the frame.
    public var localCount: UInt32
    /// Slots the frame needs: locals, the deepest operand stack, and one scratch slot.
    public var frameSize: UInt32

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

    public init() {}
}
