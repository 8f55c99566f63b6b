/// Why execution stopped abnormally.
///
/// The raw values are part of Cairn's formats (the machine state encodes the trap kind), so
/// they never change once assigned; new kinds take new numbers.
public enum TrapKind: UInt8, Error, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case unreachable = 1
    case memoryOutOfBounds = 2
    case tableOutOfBounds = 3
    case integerDivideByZero = 4
    case integerOverflow = 5
    case invalidConversionToInteger = 6
    case indirectCallTypeMismatch = 7
    /// `call_indirect` through a null table element.
    case uninitializedElement = 8
    /// `call_indirect` with an index past the end of the table.
    case undefinedElement = 9
    case callStackExhausted = 10
    /// The value-slot stack limit was reached.
    case valueStackExhausted = 11
    case outOfGas = 12
    /// A host function reported failure.
    case hostError = 13
    /// The embedder passed arguments that do not match the function's type.
    case argumentMismatch = 14

    /// The message the WebAssembly spec tests use for this trap.
    public var description: String {
        switch self {
        case .unreachable: "unreachable"
        case .memoryOutOfBounds: "out of bounds memory access"
        case .tableOutOfBounds: "out of bounds table access"
        case .integerDivideByZero: "integer divide by zero"
        case .integerOverflow: "integer overflow"
        case .invalidConversionToInteger: "invalid conversion to integer"
        case .indirectCallTypeMismatch: "indirect call type mismatch"
        case .uninitializedElement: "uninitialized element"
        case .undefinedElement: "undefined element"
        case .callStackExhausted: "call stack exhausted"
        case .valueStackExhausted: "value stack exhausted"
        case .outOfGas: "out of gas"
        case .hostError: "host function failed"
        case .argumentMismatch: "argument type mismatch"
        }
    }
}
