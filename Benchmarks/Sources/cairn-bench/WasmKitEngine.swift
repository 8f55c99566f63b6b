import WasmKit

/// WasmKit 0.4.2 with its default configuration (lazy compilation, no fuel), or with fuel
/// metering (`EngineConfiguration(fuelMetering: true)`) when asked for.
final class WasmKitEngine: BenchEngine {
    let name: String
    let engine: Engine
    let store: Store
    let instance: Instance
    let function: Function
    let arguments: [Value]
    let fuel: Bool
    private(set) var lastGas: UInt64?

    init(name: String, wasm: [UInt8], fuel: Bool, function name_: String, arguments: [Int64]) throws {
        self.name = name
        self.fuel = fuel
        engine = fuel ? Engine(configuration: EngineConfiguration(fuelMetering: true)) : Engine()
        store = Store(engine: engine)
        if fuel { store.fuel = Fuel(remaining: 1 << 62) }  // .max would mean "unlimited"
        let module = try parseWasm(bytes: wasm)
        instance = try module.instantiate(store: store)
        guard let function = instance.exports[function: name_] else {
            throw BenchError("WasmKit: no exported function \(name_)")
        }
        self.function = function
        let parameters = function.type.parameters
        guard parameters.count == arguments.count else {
            throw BenchError("\(name_) takes \(parameters.count) arguments, the table gives \(arguments.count)")
        }
        self.arguments = try zip(parameters, arguments).map { type, argument in
            switch type {
            case .i32: .i32(UInt32(truncatingIfNeeded: argument))
            case .i64: .i64(UInt64(bitPattern: argument))
            case .f32: .f32(Float(argument).bitPattern)
            case .f64: .f64(Double(argument).bitPattern)
            default: throw BenchError("\(name_): parameter of type \(type) is not supported")
            }
        }
    }

    func run() throws -> [String] {
        let before = fuel ? store.fuel?.remaining : nil
        let results = try function.invoke(arguments)
        if let before, let after = store.fuel?.remaining { lastGas = before &- after }
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

/// WasmKit's start-up paths, for comparison with Cairn's lowering.
enum WasmKitStartup {
    /// Parse and instantiate with the default (lazy) engine: functions are translated on their
    /// first call, so this does not include translation.
    static func parseInstantiateLazy(_ wasm: [UInt8]) throws {
        let store = Store(engine: Engine())
        _ = try parseWasm(bytes: wasm).instantiate(store: store)
    }

    /// Parse and instantiate with `compilationMode: .eager`: every function is translated to
    /// WasmKit's internal code during instantiation (the analogue of Cairn's lowering).
    static func parseInstantiateEager(_ wasm: [UInt8]) throws {
        let store = Store(engine: Engine(configuration: EngineConfiguration(compilationMode: .eager)))
        _ = try parseWasm(bytes: wasm).instantiate(store: store)
    }

    /// Parse, instantiate and call `function` once: what a user pays from the bytes to the
    /// first result (with lazy compilation, the functions that the call reaches are translated
    /// during the call).
    static func parseInstantiateFirstCall(_ wasm: [UInt8], function: String, arguments: [Int64], eager: Bool) throws {
        let engine = eager ? Engine(configuration: EngineConfiguration(compilationMode: .eager)) : Engine()
        let store = Store(engine: engine)
        let instance = try parseWasm(bytes: wasm).instantiate(store: store)
        guard let f = instance.exports[function: function] else { throw BenchError("no \(function)") }
        let args: [Value] = zip(f.type.parameters, arguments).map { type, a in
            switch type {
            case .i64: .i64(UInt64(bitPattern: a))
            default: .i32(UInt32(truncatingIfNeeded: a))
            }
        }
        _ = try f.invoke(args)
    }
}
