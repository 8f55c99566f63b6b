import CairnWasm

/// A global variable.
public final class GlobalInstance {
    public let type: GlobalType
    /// The value as slot bits.
    public internal(set) var bits: UInt64

    public init(type: GlobalType, bits: UInt64) {
        self.type = type
        self.bits = bits
    }

    /// The value.
    public var value: Value {
        get { Value(slotBits: bits, type: type.valueType) }
    }
}
