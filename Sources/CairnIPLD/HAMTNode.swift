/// A 256-bit bitmap of which slots of a HAMT node are occupied.
///
/// Filecoin writes it as the big-endian bytes of a 256-bit number with leading zero bytes
/// dropped (an empty node's bitfield is the empty byte string).
struct HAMTBitfield: Equatable {
    var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    static func == (a: HAMTBitfield, b: HAMTBitfield) -> Bool { a.bytes == b.bytes }

    private func word(_ i: Int) -> UInt64 {
        switch i { case 0: words.0; case 1: words.1; case 2: words.2; default: words.3 }
    }

    private mutating func setWord(_ i: Int, _ v: UInt64) {
        switch i { case 0: words.0 = v; case 1: words.1 = v; case 2: words.2 = v; default: words.3 = v }
    }

    func test(_ bit: Int) -> Bool { word(bit >> 6) & (1 << UInt64(bit & 63)) != 0 }

    mutating func set(_ bit: Int) { setWord(bit >> 6, word(bit >> 6) | (1 << UInt64(bit & 63))) }

    mutating func clear(_ bit: Int) { setWord(bit >> 6, word(bit >> 6) & ~(1 << UInt64(bit & 63))) }

    /// How many occupied slots come before `bit`: the index of its pointer.
    func rank(_ bit: Int) -> Int {
        var count = 0
        for w in 0..<(bit >> 6) { count += word(w).nonzeroBitCount }
        let low = bit & 63
        if low > 0 { count += (word(bit >> 6) & ((1 << UInt64(low)) - 1)).nonzeroBitCount }
        return count
    }

    var popCount: Int { (0..<4).reduce(0) { $0 + word($1).nonzeroBitCount } }

    var bytes: [UInt8] {
        var out: [UInt8] = []
        for w in stride(from: 3, through: 0, by: -1) {
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: word(w) >> UInt64(shift))) }
        }
        return Array(out.drop(while: { $0 == 0 }))
    }

    init() {}

    init(bytes: [UInt8]) throws(IPLDError) {
        guard bytes.count <= 32 else { throw .invalidStructure("HAMT bitfield of \(bytes.count) bytes (at most 32)") }
        let padded = [UInt8](repeating: 0, count: 32 - bytes.count) + bytes
        for w in 0..<4 {
            var v: UInt64 = 0
            for i in 0..<8 { v = v << 8 | UInt64(padded[(3 - w) * 8 + i]) }
            setWord(w, v)
        }
    }
}

/// A key-value pair in a HAMT bucket.
struct HAMTEntry {
    var key: [UInt8]
    var value: IPLD
}

/// What a HAMT node's slot holds: a sorted bucket of entries, or a child node.
enum HAMTPointer {
    case values([HAMTEntry])
    /// A stored child; `cache` holds it once loaded.
    case link(CID, cache: HAMTNode?)
    /// A child changed since the last flush.
    case dirty(HAMTNode)
}

/// A HAMT node: the bitfield of occupied slots and one pointer per occupied slot, in slot order.
final class HAMTNode {
    var bitfield = HAMTBitfield()
    var pointers: [HAMTPointer] = []

    init() {}

    /// The node's IPLD form: `[bitfield, [pointer...]]`, a pointer being a link or `[[key, value]...]`.
    func ipld() -> IPLD {
        .list([.bytes(bitfield.bytes), .list(pointers.map { pointer in
            switch pointer {
            case .values(let entries): .list(entries.map { .list([.bytes($0.key), $0.value]) })
            case .link(let cid, _): .link(cid)
            case .dirty: preconditionFailure("a dirty child is flushed before its parent is encoded")
            }
        })])
    }

    /// Parses a stored node, checking its shape.
    convenience init(_ value: IPLD) throws(IPLDError) {
        self.init()
        guard case .list(let parts) = value, parts.count == 2, case .bytes(let bits) = parts[0],
              case .list(let pointerValues) = parts[1] else {
            throw .invalidStructure("a HAMT node must be [bytes, [pointers]]")
        }
        bitfield = try HAMTBitfield(bytes: bits)
        guard bitfield.popCount == pointerValues.count else {
            throw .invalidStructure("HAMT bitfield has \(bitfield.popCount) bits set but \(pointerValues.count) pointers")
        }
        pointers = try pointerValues.map { (p) throws(IPLDError) -> HAMTPointer in try Self.pointer(p) }
    }

    private static func pointer(_ value: IPLD) throws(IPLDError) -> HAMTPointer {
        switch value {
        case .link(let cid): return .link(cid, cache: nil)
        case .list(let kvs):
            guard !kvs.isEmpty else { throw .invalidStructure("empty HAMT bucket") }
            return .values(try kvs.map { (kv) throws(IPLDError) -> HAMTEntry in
                guard case .list(let pair) = kv, pair.count == 2, case .bytes(let key) = pair[0] else {
                    throw .invalidStructure("a HAMT entry must be [bytes key, value]")
                }
                return HAMTEntry(key: key, value: pair[1])
            })
        default: throw .invalidStructure("a HAMT pointer must be a link or a bucket, found \(value.kindName)")
        }
    }
}

/// The bits of a hashed key, read most significant first, `bitWidth` at a time.
struct HashBits {
    let digest: [UInt8]
    var consumed: Int

    /// The next `n` bits (fewer at the end of the digest), or an error when none are left.
    mutating func next(_ n: Int) throws(IPLDError) -> Int {
        let available = digest.count * 8 - consumed
        guard available > 0 else { throw .invalidStructure("HAMT maximum depth reached (hash exhausted)") }
        let take = min(n, available)
        var out = 0
        for _ in 0..<take {
            let byte = digest[consumed >> 3]
            out = out << 1 | Int((byte >> UInt8(7 - consumed & 7)) & 1)
            consumed += 1
        }
        return out
    }
}
