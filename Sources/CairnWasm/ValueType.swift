/// The value types of the Wasm 2.0 profile Cairn runs.
///
/// Cairn keeps its own small type model, separate from the parser's, because the canonical
/// program format and the machine state encode these types directly and must not change when
/// the parser library adds proposals.
public enum ValueType: UInt8, Hashable, Sendable, CustomStringConvertible {
    /// A 32-bit integer.
    case i32 = 0x7F
    /// A 64-bit integer.
    case i64 = 0x7E
    /// A 32-bit IEEE 754 float.
    case f32 = 0x7D
    /// A 64-bit IEEE 754 float.
    case f64 = 0x7C
    /// A reference to a function, or null.
    case funcref = 0x70
    /// An opaque reference from the host, or null.
    case externref = 0x6F

    /// Whether the type is a reference type (`funcref` or `externref`).
    @inlinable public var isReference: Bool { self == .funcref || self == .externref }

    /// Whether the type is a floating-point number type.
    @inlinable public var isFloat: Bool { self == .f32 || self == .f64 }

    /// The type's name in the text format (`i32`, `funcref`, ...).
    public var description: String {
        switch self {
        case .i32: "i32"
        case .i64: "i64"
        case .f32: "f32"
        case .f64: "f64"
        case .funcref: "funcref"
        case .externref: "externref"
        }
    }
}

/// A function signature: parameter types and result types.
public struct FunctionType: Hashable, Sendable, CustomStringConvertible {
    /// The parameter types, in order.
    public var parameters: [ValueType]
    /// The result types, in order.
    public var results: [ValueType]

    /// A signature taking `parameters` and returning `results`.
    public init(parameters: [ValueType], results: [ValueType]) {
        self.parameters = parameters
        self.results = results
    }

    /// `(i32 i64) -> (f32)`: the parameters, then the results.
    public var description: String {
        "(\(parameters.map(\.description).joined(separator: " "))) -> (\(results.map(\.description).joined(separator: " ")))"
    }
}

/// Size limits of a memory (in 64 KiB pages) or a table (in elements).
public struct Limits: Hashable, Sendable {
    /// The initial size.
    public var min: UInt64
    /// The largest size allowed, if bounded.
    public var max: UInt64?

    /// Limits from `min` up to `max` (unbounded when `nil`).
    public init(min: UInt64, max: UInt64?) {
        self.min = min
        self.max = max
    }
}

/// The type of a table: its element reference type and its limits.
public struct TableType: Hashable, Sendable {
    /// The reference type of the elements.
    public var element: ValueType
    /// The table's size limits, in elements.
    public var limits: Limits

    /// A table of `element` references within `limits`.
    public init(element: ValueType, limits: Limits) {
        self.element = element
        self.limits = limits
    }
}

/// The type of a global: its value type and whether it is mutable.
public struct GlobalType: Hashable, Sendable {
    /// The type of the value.
    public var valueType: ValueType
    /// Whether `global.set` may change it.
    public var isMutable: Bool

    /// A global of `valueType`, mutable or not.
    public init(valueType: ValueType, isMutable: Bool) {
        self.valueType = valueType
        self.isMutable = isMutable
    }
}
