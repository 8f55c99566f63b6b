import CairnWasm

/// A table of references, stored as slot bits (0 is null; otherwise address or host value + 1).
public final class TableInstance {
    public let type: TableType
    /// Unchecked exclusivity: `call_indirect` reads it on every call.
    @exclusivity(unchecked) public internal(set) var elements: [UInt64]

    /// A table of `count` elements (by default its declared minimum) set to `initial`.
    public init(type: TableType, count: UInt64? = nil, initial: UInt64 = 0) {
        self.type = type
        self.elements = Array(repeating: initial, count: Int(count ?? type.limits.min))
    }

    /// Whether growing by `delta` elements stays within the declared maximum and `limit`.
    public func canGrow(by delta: UInt64, limit: UInt64) -> Bool {
        let maximum = min(type.limits.max ?? UInt64(UInt32.max), limit)
        return delta <= maximum && UInt64(elements.count) + delta <= maximum
    }

    /// Grows by `delta` elements set to `value`; returns the old size, or nil past the maximum.
    public func grow(by delta: UInt64, value: UInt64, limit: UInt64) -> UInt64? {
        let old = UInt64(elements.count)
        guard canGrow(by: delta, limit: limit) else { return nil }
        elements.append(contentsOf: repeatElement(value, count: Int(delta)))
        return old
    }
}
