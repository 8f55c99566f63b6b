extension AMT {
    /// Clears index `i`; returns the value it held.
    @discardableResult
    public func delete(_ i: UInt64) throws(IPLDError) -> IPLD? {
        try checkIndex(i)
        guard i < nodesForHeight(height + 1), let removed = try delete(root, height, i) else { return nil }
        count -= 1
        if root.isEmpty {
            root = AMTNode.emptyLeaf(width: width)
            height = 0
        } else {
            while height > 0, root.canCollapse, case .links(var links) = root.slots {
                guard let child = try load(&links, 0) else { break }
                root = child
                height -= 1
            }
        }
        return removed
    }

    func delete(_ node: AMTNode, _ h: Int, _ i: UInt64) throws(IPLDError) -> IPLD? {
        switch node.slots {
        case .leaf(var values):
            guard let old = values[Int(i)] else { return nil }
            values[Int(i)] = nil
            node.slots = .leaf(values)
            return old
        case .links(var links):
            let span = nodesForHeight(h)
            let slot = Int(i / span)
            guard let child = try load(&links, slot), let removed = try delete(child, h - 1, i % span) else {
                node.slots = .links(links)
                return nil
            }
            links[slot] = child.isEmpty ? nil : .dirty(child)
            node.slots = .links(links)
            return removed
        }
    }

    /// Visits every (index, value) in increasing index order.
    public func forEach(_ body: (UInt64, IPLD) throws -> Void) throws {
        try visit(root, height, 0, body)
    }

    func visit(_ node: AMTNode, _ h: Int, _ offset: UInt64, _ body: (UInt64, IPLD) throws -> Void) throws {
        switch node.slots {
        case .leaf(let values):
            for (i, v) in values.enumerated() { if let v { try body(offset + UInt64(i), v) } }
        case .links(var links):
            let span = nodesForHeight(h)
            for slot in 0..<links.count {
                guard let child = try load(&links, slot) else { continue }
                node.slots = .links(links)
                try visit(child, h - 1, offset &+ UInt64(slot) &* span, body)
            }
        }
    }

    /// Writes every changed node and the root block (in one `putMany`); returns the root's CID.
    @discardableResult
    public func flush() throws(IPLDError) -> CID {
        var pending: [(CID, [UInt8])] = []
        try flush(root, into: &pending)
        let node = root.ipld(width: width)
        let fields: [IPLD] = version == .v3
            ? [.int(Int64(bitWidth)), .int(Int64(height)), .uint(count), node]
            : [.int(Int64(height)), .uint(count), node]
        let bytes = try DAGCBOR.encode(.list(fields))
        let cid = CID(codec: .dagCBOR, hashing: bytes, with: .blake2b256)
        pending.append((cid, bytes))
        try store.putMany(pending)
        return cid
    }

    func flush(_ node: AMTNode, into pending: inout [(CID, [UInt8])]) throws(IPLDError) {
        guard case .links(var links) = node.slots else { return }
        for slot in links.indices {
            guard case .dirty(let child)? = links[slot] else { continue }
            try flush(child, into: &pending)
            let bytes = try DAGCBOR.encode(child.ipld(width: width))
            let cid = CID(codec: .dagCBOR, hashing: bytes, with: .blake2b256)
            pending.append((cid, bytes))
            links[slot] = .cid(cid, cache: child)
        }
        node.slots = .links(links)
    }
}
