extension HAMT {
    /// Removes `key`; returns the value it held.
    @discardableResult
    public func delete(_ key: [UInt8]) throws(IPLDError) -> IPLD? {
        var bits = hashBits(key)
        return try remove(root, &bits, key)
    }

    func remove(_ node: HAMTNode, _ bits: inout HashBits, _ key: [UInt8]) throws(IPLDError) -> IPLD? {
        let slot = try bits.next(config.bitWidth)
        guard node.bitfield.test(slot) else { return nil }
        let index = node.bitfield.rank(slot)
        guard case .values(var entries) = node.pointers[index] else {
            let child = try load(&node.pointers, index)
            guard let removed = try remove(child, &bits, key) else { return nil }
            node.pointers[index] = try collapse(child)
            return removed
        }
        guard let i = entries.firstIndex(where: { $0.key == key }) else { return nil }
        let removed = entries.remove(at: i).value
        if entries.isEmpty {
            node.bitfield.clear(slot)
            node.pointers.remove(at: index)
        } else {
            node.pointers[index] = .values(entries)
        }
        return removed
    }

    /// The canonical pointer for a child after a delete: a child with a lone bucket, or with
    /// only buckets holding at most `bucketSize` entries in all, folds back into one bucket.
    func collapse(_ child: HAMTNode) throws(IPLDError) -> HAMTPointer {
        switch child.pointers.count {
        case 0:
            throw .invalidStructure("HAMT child node left with no pointers")
        case 1:
            if case .values(let entries) = child.pointers[0] { return .values(entries) }
            return .dirty(child)
        case 2...config.bucketSize:
            var all: [HAMTEntry] = []
            for pointer in child.pointers {
                guard case .values(let entries) = pointer else { return .dirty(child) }
                all.append(contentsOf: entries)
            }
            guard all.count <= config.bucketSize else { return .dirty(child) }
            return .values(all.sorted { $0.key.lexicographicallyPrecedes($1.key) })
        default:
            return .dirty(child)
        }
    }
}
