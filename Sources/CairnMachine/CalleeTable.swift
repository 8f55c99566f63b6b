/// What `call_indirect` needs to know about a function of the store, without reference
/// counting: its type identifier and, for a Wasm function, where its code is.
struct Callee {
    /// Store-wide identifier of the function's type.
    var typeID: Int
    /// Index of the instance defining the function, or -1 for a host function.
    var instance: Int
    /// Index among the instance's defined functions.
    var function: Int
}

/// One ``Callee`` per store function address, in a plain buffer that grows by doubling.
///
/// `call_indirect` reads it on every call. Copying a ``FunctionEntry`` out of an array there
/// retains its type's arrays and its host closure, which cost more than the call itself.
struct CalleeTable {
    private(set) var entries: UnsafeMutablePointer<Callee>
    private(set) var count = 0
    private var capacity: Int

    init() {
        capacity = 16
        entries = .allocate(capacity: capacity)
    }

    mutating func append(_ callee: Callee) {
        if count == capacity {
            let grown = UnsafeMutablePointer<Callee>.allocate(capacity: capacity * 2)
            grown.moveInitialize(from: entries, count: count)
            entries.deallocate()
            entries = grown
            capacity *= 2
        }
        (entries + count).initialize(to: callee)
        count += 1
    }

    func deallocate() { entries.deallocate() }
}
