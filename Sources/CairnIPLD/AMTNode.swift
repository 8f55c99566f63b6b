/// A link from an AMT node to a child.
enum AMTLink {
    /// A stored child; `cache` holds it once loaded.
    case cid(CID, cache: AMTNode?)
    /// A child changed since the last flush.
    case dirty(AMTNode)
}

/// An AMT node: `width` slots that hold values (at height 0) or links to children.
final class AMTNode {
    enum Slots {
        case leaf([IPLD?])
        case links([AMTLink?])
    }

    var slots: Slots

    init(_ slots: Slots) { self.slots = slots }

    static func emptyLeaf(width: Int) -> AMTNode { AMTNode(.leaf(Array(repeating: nil, count: width))) }
    static func emptyLinks(width: Int) -> AMTNode { AMTNode(.links(Array(repeating: nil, count: width))) }

    var isEmpty: Bool {
        switch slots {
        case .leaf(let values): values.allSatisfy { $0 == nil }
        case .links(let links): links.allSatisfy { $0 == nil }
        }
    }

    /// Whether only slot 0 holds a link: the root can then drop a level.
    var canCollapse: Bool {
        guard case .links(let links) = slots, links.first.flatMap({ $0 }) != nil else { return false }
        return links.dropFirst().allSatisfy { $0 == nil }
    }

    /// The stored form `[bitmap, [links...], [values...]]`; the bitmap has bit i (byte i/8,
    /// bit i%8) set when slot i is occupied.
    func ipld(width: Int) -> IPLD {
        var bitmap = [UInt8](repeating: 0, count: AMT.bitmapBytes(width: width))
        var links: [IPLD] = []
        var values: [IPLD] = []
        switch slots {
        case .leaf(let slotValues):
            for (i, v) in slotValues.enumerated() { if let v { values.append(v); bitmap[i / 8] |= 1 << UInt8(i % 8) } }
        case .links(let slotLinks):
            for (i, l) in slotLinks.enumerated() {
                guard let l else { continue }
                guard case .cid(let cid, _) = l else { preconditionFailure("dirty children are flushed first") }
                links.append(.link(cid))
                bitmap[i / 8] |= 1 << UInt8(i % 8)
            }
        }
        return .list([.bytes(bitmap), .list(links), .list(values)])
    }

    /// Parses a stored node, checking the bitmap against the links or values it counts.
    convenience init(_ value: IPLD, width: Int) throws(IPLDError) {
        guard case .list(let parts) = value, parts.count == 3, case .bytes(let bitmap) = parts[0],
              case .list(let links) = parts[1], case .list(let values) = parts[2] else {
            throw .invalidStructure("an AMT node must be [bytes, [links], [values]]")
        }
        guard bitmap.count == AMT.bitmapBytes(width: width) else {
            throw .invalidStructure("AMT bitmap of \(bitmap.count) bytes, expected \(AMT.bitmapBytes(width: width))")
        }
        guard links.isEmpty || values.isEmpty else { throw .invalidStructure("an AMT node holds both links and values") }
        let occupied = (0..<width).filter { bitmap[$0 / 8] & (1 << UInt8($0 % 8)) != 0 }
        let items = links.isEmpty ? values : links
        guard occupied.count == items.count, bitmap.enumerated().allSatisfy({ i, b in
            (0..<8).allSatisfy { bit in i * 8 + bit < width || b & (1 << UInt8(bit)) == 0 }
        }) else { throw .invalidStructure("AMT bitmap does not match the node's \(items.count) items") }
        if links.isEmpty {
            var slots = [IPLD?](repeating: nil, count: width)
            for (slot, v) in zip(occupied, values) { slots[slot] = v }
            self.init(.leaf(slots))
        } else {
            var slots = [AMTLink?](repeating: nil, count: width)
            for (slot, l) in zip(occupied, links) {
                guard case .link(let cid) = l else { throw .invalidStructure("an AMT link must be a CID") }
                slots[slot] = .cid(cid, cache: nil)
            }
            self.init(.links(slots))
        }
    }
}
