import Cairn
import WAT

/// Conversions between the script's values and Cairn's ``Value``, and result matching.
enum ValueMatching {
    /// The f32 canonical NaN without its sign bit.
    static let f32CanonicalNaN: UInt32 = 0x7FC0_0000
    /// The f64 canonical NaN without its sign bit.
    static let f64CanonicalNaN: UInt64 = 0x7FF8_0000_0000_0000

    /// Why an argument or expectation cannot be used with Cairn's Wasm 2.0 profile.
    struct Unsupported: Error, CustomStringConvertible {
        var description: String
    }

    /// Converts an invocation argument. `type` is the parameter's type, when known; it decides
    /// what kind of null a `ref.null` is when the script does not say.
    static func argument(_ constant: WASTConstValue, parameterType type: ValueType?) throws(Unsupported) -> Value {
        switch constant {
        case .i32(let v): return .i32(v)
        case .i64(let v): return .i64(v)
        case .f32(let v): return .f32(v)
        case .f64(let v): return .f64(v)
        case .refExtern(let v): return .externref(UInt64(v))
        case .refNull(let heap):
            if heap == .funcRef { return .funcref(nil) }
            if heap == .externRef { return .externref(nil) }
            switch type {
            case .funcref: return .funcref(nil)
            case .externref: return .externref(nil)
            default: throw Unsupported(description: "unsupported null reference argument ref.null \(heap)")
            }
        case .v128: throw Unsupported(description: "v128 arguments (SIMD) are not supported")
        case .refFunc: throw Unsupported(description: "ref.func arguments are not supported")
        case .refHost: throw Unsupported(description: "ref.host arguments are not supported")
        }
    }

    /// Whether `value` is what `expected` describes: equal bits, a NaN of the given class, or a
    /// reference of the given kind.
    static func matches(_ value: Value, _ expected: WASTExpectValue) -> Bool {
        switch (expected, value) {
        case (.i32(let e), .i32(let v)): return e == v
        case (.i64(let e), .i64(let v)): return e == v
        case (.f32(let e), .f32(let v)): return e == v
        case (.f64(let e), .f64(let v)): return e == v
        case (.f32CanonicalNaN, .f32(let v)): return v & 0x7FFF_FFFF == f32CanonicalNaN
        case (.f64CanonicalNaN, .f64(let v)): return v & 0x7FFF_FFFF_FFFF_FFFF == f64CanonicalNaN
        case (.f32ArithmeticNaN, .f32(let v)): return v & f32CanonicalNaN == f32CanonicalNaN
        case (.f64ArithmeticNaN, .f64(let v)): return v & f64CanonicalNaN == f64CanonicalNaN
        case (.refNull(let heap), .funcref(let address)):
            return address == nil && (heap == nil || heap == .funcRef)
        case (.refNull(let heap), .externref(let host)):
            return host == nil && (heap == nil || heap == .externRef)
        case (.refFunc, .funcref(let address)):
            // A function index of the defining module cannot be mapped to a store address here,
            // so any non-null function reference matches.
            return address != nil
        case (.refExtern(let e), .externref(let host)):
            guard let host else { return false }
            return e.map { UInt64($0) == host } ?? true
        case (.either(let candidates), _):
            return candidates.contains { matches(value, $0) }
        default:
            return false
        }
    }

    /// Text for a result in failure messages: `i32:4294967295 (0xffffffff)`, `f32:nan (0x7fc00000)`.
    static func describe(_ value: Value) -> String {
        switch value {
        case .i32(let v): "i32:\(Int32(bitPattern: v)) (0x\(hex(v)))"
        case .i64(let v): "i64:\(Int64(bitPattern: v)) (0x\(hex(v)))"
        case .f32(let v): "f32:\(Float(bitPattern: v)) (0x\(hex(v)))"
        case .f64(let v): "f64:\(Double(bitPattern: v)) (0x\(hex(v)))"
        case .funcref(let a): a.map { "funcref:\($0)" } ?? "funcref:null"
        case .externref(let v): v.map { "externref:\($0)" } ?? "externref:null"
        }
    }

    /// Text for an expectation in failure messages.
    static func describe(_ expected: WASTExpectValue) -> String {
        switch expected {
        case .i32(let v): describe(Value.i32(v))
        case .i64(let v): describe(Value.i64(v))
        case .f32(let v): describe(Value.f32(v))
        case .f64(let v): describe(Value.f64(v))
        case .f32CanonicalNaN: "f32:nan:canonical"
        case .f64CanonicalNaN: "f64:nan:canonical"
        case .f32ArithmeticNaN: "f32:nan:arithmetic"
        case .f64ArithmeticNaN: "f64:nan:arithmetic"
        case .refNull(let heap):
            switch heap {
            case nil: "ref.null"
            case .funcRef?: "ref.null func"
            case .externRef?: "ref.null extern"
            case let heap?: "ref.null \(heap)"
            }
        case .refFunc(let index): index.map { "ref.func \($0)" } ?? "ref.func"
        case .refExtern(let v): v.map { "ref.extern \($0)" } ?? "ref.extern"
        case .either(let candidates): "either(\(candidates.map(describe).joined(separator: ", ")))"
        default: "\(expected)"
        }
    }

    /// Whether an expectation is outside Cairn's Wasm 2.0 profile (SIMD or GC values).
    static func isUnsupported(_ expected: WASTExpectValue) -> Bool {
        switch expected {
        case .v128, .v128Pattern, .refI31, .refStruct, .refArray, .refEq, .refHost: true
        case .either(let candidates): candidates.allSatisfy(isUnsupported)
        default: false
        }
    }

    private static func hex<T: BinaryInteger>(_ value: T) -> String { String(value, radix: 16) }
}
