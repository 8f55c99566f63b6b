import CairnWasm

/// A WebAssembly value as the embedder sees it: arguments, results and global values.
///
/// Floats are carried as bit patterns so that NaN payloads survive every round trip.
public enum Value: Hashable, Sendable, CustomStringConvertible {
    /// An i32, by its bits (signed and unsigned are the same value).
    case i32(UInt32)
    /// An i64, by its bits (signed and unsigned are the same value).
    case i64(UInt64)
    /// An f32 by its IEEE 754 bit pattern.
    case f32(UInt32)
    /// An f64 by its IEEE 754 bit pattern.
    case f64(UInt64)
    /// A function reference (a store function address), or null.
    case funcref(Int?)
    /// An opaque host reference, or null.
    case externref(UInt64?)

    /// The value's type.
    public var type: ValueType {
        switch self {
        case .i32: .i32
        case .i64: .i64
        case .f32: .f32
        case .f64: .f64
        case .funcref: .funcref
        case .externref: .externref
        }
    }

    /// The zero value of a type (null for references), as locals and grown tables start.
    public static func zero(_ type: ValueType) -> Value {
        switch type {
        case .i32: .i32(0)
        case .i64: .i64(0)
        case .f32: .f32(0)
        case .f64: .f64(0)
        case .funcref: .funcref(nil)
        case .externref: .externref(nil)
        }
    }

    /// The value in a machine slot. References: 0 is null, otherwise the address or host value plus one.
    @inlinable
    public var slotBits: UInt64 {
        switch self {
        case .i32(let v), .f32(let v): UInt64(v)
        case .i64(let v), .f64(let v): v
        case .funcref(let address): address.map { UInt64($0) + 1 } ?? 0
        case .externref(let value): value.map { $0 &+ 1 } ?? 0
        }
    }

    /// Reads a value of `type` from a machine slot.
    @inlinable
    public init(slotBits bits: UInt64, type: ValueType) {
        switch type {
        case .i32: self = .i32(UInt32(truncatingIfNeeded: bits))
        case .i64: self = .i64(bits)
        case .f32: self = .f32(UInt32(truncatingIfNeeded: bits))
        case .f64: self = .f64(bits)
        case .funcref: self = .funcref(bits == 0 ? nil : Int(truncatingIfNeeded: bits - 1))
        case .externref: self = .externref(bits == 0 ? nil : bits - 1)
        }
    }

    /// The spec's text form, such as `i32:6765` (integers are printed unsigned here; see
    /// `signedDescription` for the signed form).
    public var description: String {
        switch self {
        case .i32(let v): "i32:\(v)"
        case .i64(let v): "i64:\(v)"
        case .f32(let v): "f32:\(Float(bitPattern: v))"
        case .f64(let v): "f64:\(Double(bitPattern: v))"
        case .funcref(let a): a.map { "funcref:\($0)" } ?? "funcref:null"
        case .externref(let v): v.map { "externref:\($0)" } ?? "externref:null"
        }
    }
}
