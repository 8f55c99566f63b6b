/// What the harness needs from an engine: an instantiated module whose workload function can be
/// called again and again. Each engine lives in its own file that imports only that engine's
/// module, since Cairn and WasmKit both name their types `Store`, `Value`, `Instance`, ...
protocol BenchEngine: AnyObject {
    /// The column name in the report.
    var name: String { get }
    /// Calls the workload function once; returns its results in canonical form
    /// (`i32:0x0000002a`, bit patterns for floats) so that engines can be compared.
    func run() throws -> [String]
    /// Gas (or fuel) used by the last `run`, when the engine meters.
    var lastGas: UInt64? { get }
}

/// The canonical text of a result, identical for every engine.
enum ResultText {
    static func i32(_ v: UInt32) -> String { "i32:" + hex(UInt64(v), digits: 8) }
    static func i64(_ v: UInt64) -> String { "i64:" + hex(v, digits: 16) }
    static func f32(_ v: UInt32) -> String { "f32:" + hex(UInt64(v), digits: 8) }
    static func f64(_ v: UInt64) -> String { "f64:" + hex(v, digits: 16) }

    static func hex(_ v: UInt64, digits: Int) -> String {
        let s = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, digits - s.count)) + s
    }

    /// A readable form of a canonical result: signed decimal for integers, the float value.
    static func readable(_ text: String) -> String {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let bits = UInt64(parts[1].dropFirst(2), radix: 16) else { return text }
        switch parts[0] {
        case "i32": return "i32:\(Int32(bitPattern: UInt32(truncatingIfNeeded: bits)))"
        case "i64": return "i64:\(Int64(bitPattern: bits))"
        case "f32": return "f32:\(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))"
        case "f64": return "f64:\(Double(bitPattern: bits))"
        default: return text
        }
    }
}

/// The type of a parameter, as far as the harness converts arguments.
enum ParameterKind {
    case i32, i64, f32, f64, other

    /// The bit pattern an integer argument becomes for a parameter of this kind.
    func bits(_ argument: Int64) -> UInt64 {
        switch self {
        case .i32: UInt64(UInt32(truncatingIfNeeded: argument))
        case .i64, .other: UInt64(bitPattern: argument)
        case .f32: UInt64(Float(argument).bitPattern)
        case .f64: Double(argument).bitPattern
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
