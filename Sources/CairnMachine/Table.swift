import CairnWasm

/// A table of references, stored as slot bits (0 is null; otherwise address or host value + 1).
public final class TableInstance {
    /// Its element type and limits.
    public let type: TableType
    /// Unchecked exclusivity: `call_indirect` reads it on every call. Every change refreshes
    /// `view`.
    @exclusivity(unchecked) public internal(set) var elements: [UInt64] {
        didSet { refreshView() }
    }

    /// Where the elements are and how many, for threaded `call_indirect`, which reads them
    /// without touching the array (no reference counting in a handler). The pointer itself
    /// never changes; what it points to is rewritten whenever ``elements`` changes, and
    /// elements change only outside threaded runs (table instructions, instantiation and host
    /// code all run from the `switch` loop or outside execution).
    let view: UnsafeMutablePointer<TableView>

    /// A table of `count` elements (by default its declared minimum) set to `initial`.
    public init(type: TableType, count: UInt64? = nil, initial: UInt64 = 0) {
        self.type = type
        self.elements = Array(repeating: initial, count: Int(count ?? type.limits.min))
        view = .allocate(capacity: 1)
        view.initialize(to: TableView(base: nil, count: 0))
        refreshView()
    }

    deinit { view.deallocate() }

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

    /// Points `view` at the array's current storage. An array's storage moves only when the
    /// array is changed, which calls this again, so the address stays valid in between.
    private func refreshView() {
        let (base, count) = elements.withUnsafeBufferPointer { ($0.baseAddress, $0.count) }
        view.pointee = TableView(base: base, count: count)
    }
}

/// A table's elements as threaded code reads them (``TableInstance/view``).
struct TableView {
    var base: UnsafePointer<UInt64>?
    var count: Int

    /// The view of no elements, for an instance without a table.
    nonisolated(unsafe) static let empty: UnsafeMutablePointer<TableView> = {
        let view = UnsafeMutablePointer<TableView>.allocate(capacity: 1)
        view.initialize(to: TableView(base: nil, count: 0))
        return view
    }()
}
