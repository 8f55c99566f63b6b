import CairnProgram
import CairnProof
import CairnVerifier
import CairnWasm

/// Builds a case by hand, at the level of the program format: for regression cases that pin a
/// divergence the generator found, small enough to read.
public struct CaseBuilder {
    /// A defined function: its type, declared locals beyond its parameters, frame size and
    /// code (branch targets absolute in the program's code, which lists functions in order).
    public struct Function {
        public var type: FunctionType
        public var locals: UInt32
        public var frameSize: UInt32
        public var code: [Instruction]

        public init(type: FunctionType = FunctionType(parameters: [], results: []), locals: UInt32 = 0, frameSize: UInt32, code: [Instruction]) {
            self.type = type
            self.locals = locals
            self.frameSize = frameSize
            self.code = code
        }
    }

    /// Imported host functions, in order (function indices 0…).
    public var hosts: [TaskHostFunction] = []
    /// Defined functions; the first is `run` and must be `() -> ()`.
    public var functions: [Function] = []
    public var memory: Limits?
    public var tables: [TableType] = []
    public var brTableTargets: [UInt32] = []

    public init(hosts: [TaskHostFunction] = [], memory: Limits? = nil, tables: [TableType] = [], functions: [Function]) {
        self.hosts = hosts
        self.memory = memory
        self.tables = tables
        self.functions = functions
    }

    /// The case, with the entrypoint sizing the memory and tables; nil if the program does not
    /// decode or is not a task.
    public func build(input: [UInt8] = [], gasLimit: UInt64) -> FuzzCase? {
        var types: [FunctionType] = [FunctionType(parameters: [], results: [])]
        func typeIndex(_ type: FunctionType) -> UInt32 {
            if let index = types.firstIndex(of: type) { return UInt32(index) }
            types.append(type)
            return UInt32(types.count - 1)
        }
        for host in hosts { _ = typeIndex(host.type) }
        let definedTypes = functions.map { typeIndex($0.type) }
        let shape = ModuleShape(
            types: types, hosts: hosts, definedTypes: definedTypes, extraLocals: functions.map(\.locals),
            frameSizes: functions.map(\.frameSize), tables: tables, memory: memory, globals: [], elements: [], data: [])
        var layout = CodeLayout(module: shape)
        for function in functions { layout.add(function.code.map { .plain($0) }) }
        var random = FuzzRandom(seed: 0)
        var module = shape
        var program = layout.finish(&random, module: &module, options: GeneratorOptions())
        program.brTableTargets = brTableTargets
        guard let decoded = try? Program(decoding: program.encoded()), let task = try? TaskProgram(decoded) else { return nil }
        return FuzzCase(seed: 0, program: decoded, task: task, input: input, gasLimit: gasLimit)
    }
}
