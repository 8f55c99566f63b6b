import Foundation

/// The workload table (Benchmarks/Workloads/workloads.json).
struct WorkloadTable: Codable {
    var workloads: [Workload]
    /// A cheap call on the large module, measured from the bytes to its first result.
    var firstCall: Workload?
}

struct Workload: Codable {
    var name: String
    /// The .wasm file, relative to the repository root.
    var module: String
    var function: String
    var args: [Int64]
    /// Calls per timed run (default 1), for functions that cannot be given more work.
    var calls: Int?
    var description: String?
}

/// One engine's timings on one workload.
struct EngineTiming: Codable {
    var engine: String
    /// Every timed repetition, in milliseconds, in the order they ran.
    var timesMs: [Double]
    var medianMs: Double
    /// Gas (Cairn metered) or fuel (WasmKit with fuel) used by one call.
    var gasPerRun: UInt64?
}

struct WorkloadResult: Codable {
    var name: String
    var module: String
    var function: String
    var args: [Int64]
    /// The results every engine returned, in readable form (`i32:-42`).
    var results: [String]
    var engines: [EngineTiming]
    /// Median WasmKit time ÷ median Cairn metered time (> 1: Cairn is faster).
    var wasmkitOverMetered: Double
    /// Median Cairn metered ÷ Cairn unmetered time (the cost of gas metering).
    var meteredOverUnmetered: Double
    /// Peak resident set size of the process that ran this workload alone (with --isolate), KiB.
    var peakRSSKiB: Int?
    /// Resident set size of that process before it read the module, KiB (the harness's own
    /// baseline: Swift runtime, Foundation, both engines' code).
    var baseRSSKiB: Int?

    func median(_ engine: String) -> Double {
        engines.first { $0.engine == engine }?.medianMs ?? .nan
    }
}

/// Start-up costs of one module, in microseconds (medians).
struct StartupResult: Codable {
    var module: String
    var wasmBytes: Int
    /// The size of Cairn's encoded program (`program.encoded()`).
    var programBytes: Int
    /// Cairn instructions in the lowered program.
    var instructions: Int
    /// `Lowering.lower(wasm:)`: decode, validate and translate.
    var cairnLowerUs: Double
    /// `Lowering.lower(wasm:)` and `Store().instantiate`.
    var cairnLowerInstantiateUs: Double
    /// `Program(decoding:)` of the encoded program (checked decoding).
    var cairnDecodeUs: Double
    /// `Program(decoding:)` and `Store().instantiate`: starting a stored program.
    var cairnDecodeInstantiateUs: Double
    /// WasmKit `parseWasm` + `instantiate` with the default lazy compilation (no translation).
    var wasmkitLazyUs: Double
    /// WasmKit `parseWasm` + `instantiate` with `compilationMode: .eager` (every function translated).
    var wasmkitEagerUs: Double
}

/// From the bytes of the large module to the first result of a cheap call.
struct FirstCallResult: Codable {
    var module: String
    var function: String
    var args: [Int64]
    var cairnUs: Double
    var wasmkitLazyUs: Double
    var wasmkitEagerUs: Double
}

struct Report: Codable {
    var repetitions: Int
    var warmup: Int
    var engines: [String]
    var workloads: [WorkloadResult]
    var geomeanWasmkitOverMetered: Double
    var geomeanMeteredOverUnmetered: Double
    /// Geometric mean of each engine's median times, ms.
    var geomeanMs: [String: Double]
    var startup: [StartupResult]
    var firstCall: FirstCallResult?
    /// Peak resident set size of the harness process itself (VmHWM), KiB.
    var peakRSSKiB: Int?
    var totalSeconds: Double
    /// The machine's 1-minute load average when the run started and when it ended.
    var loadAverageStart: Double?
    var loadAverageEnd: Double?
}
