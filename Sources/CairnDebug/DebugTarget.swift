import CairnMachine
import CairnProgram
import CairnWasm

/// What a debugging session runs: a program, what is known about its source, and how to
/// start a run of it in a fresh store. Every run of the target is the same run (Cairn is
/// deterministic), which is what lets the session move backwards by replaying.
public struct DebugTarget {
    /// The program.
    public let program: Program
    /// Its function names and, when the module has them, source lines.
    public let info: DebugInfo
    /// The Wasm types of each defined function's locals (parameters, then declared locals),
    /// when the module is known: the Wasm local `i` of a frame is its value slot `i`
    /// (docs/register-machine.md, "Frames"), so this is all a local's value needs.
    public let localTypes: [[ValueType]]?
    /// Makes the store a run happens in (limits, gas schedule, gas limit).
    public let makeStore: () -> Store
    /// Runs the program in `store`: instantiates it and makes the call being debugged;
    /// returns the call's results.
    public let launch: (Store) throws -> [Value]

    public init(
        program: Program, info: DebugInfo, localTypes: [[ValueType]]? = nil,
        makeStore: @escaping () -> Store, launch: @escaping (Store) throws -> [Value]
    ) {
        self.program = program
        self.info = info
        self.localTypes = localTypes
        self.makeStore = makeStore
        self.launch = launch
    }

    /// A target for a binary or decoded module: lowered with the map back to Wasm offsets,
    /// with source lines from `binary` (when given) and local types from `module`. `launch`
    /// gets the lowered program.
    public static func module(
        _ module: WasmModule, binary: [UInt8]?, makeStore: @escaping () -> Store,
        launch: @escaping (Store, Program) throws -> [Value]
    ) throws(WasmError) -> DebugTarget {
        let lowered = try Lowering.lowerRecordingOffsets(module)
        let info = DebugInfo(program: lowered.program, module: binary, wasmOffsets: lowered.wasmOffsets)
        let program = lowered.program
        let types = module.bodies.indices.map { defined in
            let type = module.types[Int(module.functionTypeIndices[defined])]
            return type.parameters + module.bodies[defined].locals
        }
        return DebugTarget(
            program: program, info: info, localTypes: types, makeStore: makeStore,
            launch: { store in try launch(store, program) })
    }

    /// The compiled function with program index `index` (nil: the entrypoint).
    func compiled(_ index: Int?) -> CompiledFunction {
        guard let index, index >= program.importedFunctionCount else { return program.entrypoint }
        return program.functions[index - program.importedFunctionCount]
    }
}
