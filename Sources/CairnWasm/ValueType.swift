/// The value types of the Wasm 2.0 profile Cairn runs.
///
/// Cairn keeps its own small type model, separate from the parser's, because the canonical
/// program format and the machine state encode these types directly and must not change when
/// the parser library adds proposals.
public enum ValueType: UInt8, Hashable, Sendable, CustomStringConvertible {
    case i32 = 0x7F
    case i64 = 0x7E
    case f32 = 0x7D
    case f64 = 0x7C
    case funcref = 0x70
    case externref = 0x6F

    /// Whether the type is a reference type (`funcref` or `externref`).
    @inlinable public var isReference: Bool { self == .funcref || self == .externref }

    /// Whether the type is a floating-point number type.
    @inlinable public var isFloat: Bool { self == .f32 || self == .f64 }

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
    public var parameters: [ValueType]
    public var results: [ValueType]

    public init(parameters: [ValueType], results: [ValueType]) {
        self.parameters = parameters
        self.results = results
    }

    public var description: String {
        "(\(parameters.map(\.description).joined(separator: " "))) -> (\(results.map(\.description).joined(separator: " ")))"
    }
}

/// Size limits of a memory (in 64 KiB pages) or a table (in elements).
public struct Limits: Hashable, Sendable {
    public var min: UInt64
    public var max: UInt64?

    public init(min: UInt64, max: UInt64?) {
        self.min = min
        self.max = max
    }
}

/// The type of a table: its element reference type and its limits.
public struct TableType: Hashable, Sendable {
    public var element: ValueType
    public var limits: Limits

    public init(element: ValueType, limits: Limits) {
        self.element = element
        self.limits = limits
    }
}

/// The type of a global: its value type and whether it is mutable.
public struct GlobalType: Hashable, Sendable {
    public var valueType: ValueType
    public var isMutable: Bool

    public init(valueType: ValueType, isMutable: Bool) {
        self.valueType = valueType
        self.isMutable = isMutable
    }
}
