import CairnWasm

/// A global variable.
public final class GlobalInstance {
    /// Its value type and mutability.
    public let type: GlobalType
    /// Where the value lives, as slot bits: a stable address, so that instances read and write
    /// it directly (no class-property access, and no exclusivity check, on the hot path).
    let cell: UnsafeMutablePointer<UInt64>

    /// A global of `type` holding `bits` (the value as slot bits), e.g. to provide as an import.
    public init(type: GlobalType, bits: UInt64) {
        self.type = type
        self.cell = .allocate(capacity: 1)
        cell.initialize(to: bits)
    }

    deinit { cell.deallocate() }

    /// The value as slot bits.
    public internal(set) var bits: UInt64 {
        get { cell.pointee }
        set { cell.pointee = newValue }
    }

    /// The value.
    public var value: Value { Value(slotBits: bits, type: type.valueType) }
}
