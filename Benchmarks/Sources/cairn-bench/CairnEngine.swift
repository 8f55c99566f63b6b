import Cairn

/// Cairn, metered (the default `Store()`: gas schedule v1, gas limit `.max`) or unmetered
/// (`Store(schedule: nil)`); with `threaded: false`, every instruction in the `switch` loop;
/// with `fused: false`, threaded code without fused pairs.
final class CairnEngine: BenchEngine {
    let name: String
    let store: Store
    let instance: Instance
    let address: Int
    let arguments: [Value]
    private(set) var lastGas: UInt64?

    init(name: String, program: Program, metered: Bool, threaded: Bool = true, fused: Bool = true, function: String, arguments: [Int64]) throws {
        self.name = name
        store = metered ? Store() : Store(schedule: nil)
        store.threadedDispatch = threaded
        store.fusedPairs = fused
        instance = try store.instantiate(program)
        guard let address = instance.exportedFunction(function) else {
            throw BenchError("Cairn: no exported function \(function)")
        }
        self.address = address
        let parameters = store.functionType(address).parameters
        guard parameters.count == arguments.count else {
            throw BenchError("\(function) takes \(parameters.count) arguments, the table gives \(arguments.count)")
        }
        self.arguments = try zip(parameters, arguments).map { type, argument in
            switch type {
            case .i32: .i32(UInt32(truncatingIfNeeded: argument))
            case .i64: .i64(UInt64(bitPattern: argument))
            case .f32: .f32(Float(argument).bitPattern)
            case .f64: .f64(Double(argument).bitPattern)
            default: throw BenchError("\(function): parameter of type \(type) is not supported")
            }
        }
    }

    func run() throws -> [String] {
        let before = store.gasUsed
        let results = try store.invoke(address, arguments)
        if store.schedule != nil { lastGas = store.gasUsed &- before }
        return results.map { value in
            switch value {
            case .i32(let v): ResultText.i32(v)
            case .i64(let v): ResultText.i64(v)
            case .f32(let v): ResultText.f32(v)
            case .f64(let v): ResultText.f64(v)
            default: "\(value)"
            }
        }
    }
}

/// Cairn's translation and program-format paths, for the start-up measurements.
enum CairnStartup {
    static func lower(_ wasm: [UInt8]) throws -> Program { try Lowering.lower(wasm: wasm) }

    static func encode(_ program: Program) -> [UInt8] { program.encoded() }

    static func decode(_ bytes: [UInt8]) throws -> Program { try Program(decoding: bytes) }

    /// Instantiates in a fresh metered store (runs the entrypoint: memory, segments, start).
    static func instantiate(_ program: Program) throws {
        let store = Store()
        _ = try store.instantiate(program)
    }

    static func codeCount(_ program: Program) -> Int { program.code.count }
}
