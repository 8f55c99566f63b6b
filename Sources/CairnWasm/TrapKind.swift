/// Why execution stopped abnormally.
///
/// The raw values are part of Cairn's formats (the machine state encodes the trap kind), so
/// they never change once assigned; new kinds take new numbers.
public enum TrapKind: UInt8, Error, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `unreachable` was executed.
    case unreachable = 1
    /// A load, store or bulk memory operation outside the memory.
    case memoryOutOfBounds = 2
    /// A table access or bulk table operation outside the table.
    case tableOutOfBounds = 3
    /// Integer division or remainder by zero.
    case integerDivideByZero = 4
    /// Signed division of the minimum value by -1, whose result does not fit.
    case integerOverflow = 5
    /// A float-to-integer conversion of NaN or of a value out of the integer's range.
    case invalidConversionToInteger = 6
    /// `call_indirect` to a function of another type than the one named.
    case indirectCallTypeMismatch = 7
    /// `call_indirect` through a null table element.
    case uninitializedElement = 8
    /// `call_indirect` with an index past the end of the table.
    case undefinedElement = 9
    /// The call depth limit was reached.
    case callStackExhausted = 10
    /// The value-slot stack limit was reached.
    case valueStackExhausted = 11
    /// The gas limit was reached before the next instruction or dynamic charge could be paid.
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
