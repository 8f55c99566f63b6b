import CairnHash

// The nodes of a hex-prefix trie, built over sorted keys and encoded into one scratch buffer.
//
// A node's encoding is appended at the end of `scratch`. A parent appends its children's
// references where they go in its own payload, so an inlined child (an encoding under 32 bytes)
// is already in place; a longer one is replaced in place by 0xa0 and its Keccak-256. The parent's
// list header, known only once its payload is complete, is then inserted before the payload (a
// short move: a branch payload is at most 17 references).

/// Builds the nodes of the trie holding `keys` (sorted, distinct) and `values` (non-empty).
struct TrieNodeBuilder {
    let keys: [[UInt8]]
    let values: [[UInt8]]
    private var scratch: [UInt8] = []

    init(keys: [[UInt8]], values: [[UInt8]]) {
        self.keys = keys
        self.values = values
        scratch.reserveCapacity(1024)
    }

    /// The Keccak-256 of the root node's encoding (the root is hashed even when it is short).
    mutating func rootHash() -> Digest {
        scratch.removeAll(keepingCapacity: true)
        appendNode(keys.startIndex..<keys.endIndex, depth: 0)
        return scratch.withUnsafeBytes { Keccak256.hash($0) }
    }

    /// Appends the encoding of the node holding the keys of `range`, which agree on their first
    /// `depth` nibbles.
    private mutating func appendNode(_ range: Range<Int>, depth: Int) {
        let first = keys[range.lowerBound]
        if range.count == 1 {
            appendList { builder in
                builder.appendHexPrefix(first, from: depth, to: first.count * 2, isLeaf: true)
                RLP.encodeString(builder.values[range.lowerBound], into: &builder.scratch)
            }
            return
        }
        let shared = sharedNibbles(first, keys[range.upperBound - 1], from: depth)
        if shared == 0 {
            appendBranch(range, depth: depth)
            return
        }
        appendList { builder in
            builder.appendHexPrefix(first, from: depth, to: depth + shared, isLeaf: false)
            builder.appendReference(range, depth: depth + shared, branch: true)
        }
    }

    /// Appends a branch: 16 children by the nibble at `depth`, then the value of the key that ends
    /// at `depth` (it sorts first), or the empty string.
    private mutating func appendBranch(_ range: Range<Int>, depth: Int) {
        appendList { builder in
            var start = range.lowerBound
            var endingValue: [UInt8]? = nil
            if builder.keys[start].count * 2 == depth {
                endingValue = builder.values[start]
                start += 1
            }
            for nibble in 0..<UInt8(16) {
                var end = start
                while end < range.upperBound, Self.nibble(builder.keys[end], depth) == nibble { end += 1 }
                if end == start {
                    builder.scratch.append(0x80)
                } else {
                    builder.appendReference(start..<end, depth: depth + 1, branch: false)
                }
                start = end
            }
            RLP.encodeString(endingValue ?? [], into: &builder.scratch)
        }
    }

    /// Appends the reference to the node of `range`: its encoding if shorter than 32 bytes, else
    /// its Keccak-256 as a 32-byte string. `branch` forces a branch (the child of an extension).
    private mutating func appendReference(_ range: Range<Int>, depth: Int, branch: Bool) {
        let mark = scratch.count
        if branch { appendBranch(range, depth: depth) } else { appendNode(range, depth: depth) }
        guard scratch.count - mark >= 32 else { return }
        let digest = scratch.withUnsafeBytes { Keccak256.hash(UnsafeRawBufferPointer(rebasing: $0[mark...])) }
        scratch.removeSubrange(mark...)
        scratch.append(0xa0)
        digest.withUnsafeBytes { scratch.append(contentsOf: $0) }
    }

    /// Appends a list whose payload `body` appends, then inserts the list header before it.
    private mutating func appendList(_ body: (inout TrieNodeBuilder) -> Void) {
        let start = scratch.count
        body(&self)
        let payload = scratch.count - start
        if payload < 56 {
            scratch.insert(0xc0 + UInt8(payload), at: start)
            return
        }
        let width = RLP.byteWidth(UInt64(payload))
        scratch.insert(contentsOf: repeatElement(0, count: width + 1), at: start)
        scratch[start] = 0xf7 + UInt8(width)
        for index in 0..<width {
            scratch[start + 1 + index] = UInt8(truncatingIfNeeded: payload >> (8 * (width - 1 - index)))
        }
    }

    /// Appends the hex-prefix encoding (as an RLP string) of the nibbles `from..<to` of `key`:
    /// a flag nibble (2 for a leaf, plus 1 for an odd length), a zero pad nibble when the length
    /// is even, then the nibbles packed two a byte.
    private mutating func appendHexPrefix(_ key: [UInt8], from: Int, to: Int, isLeaf: Bool) {
        let count = to - from
        let odd = count & 1
        let flag = UInt8((isLeaf ? 2 : 0) + odd) << 4
        let first = odd == 1 ? flag | Self.nibble(key, from) : flag
        let byteCount = count / 2 + 1
        if byteCount == 1 && first < 0x80 {
            scratch.append(first)
            return
        }
        RLP.appendStringHeader(payloadLength: byteCount, into: &scratch)
        scratch.append(first)
        var index = from + odd
        if index & 1 == 0 {
            // Nibble-aligned on a byte: the rest is the key's bytes as they are.
            scratch.append(contentsOf: key[(index / 2)..<(to / 2)])
            return
        }
        while index < to {
            scratch.append(Self.nibble(key, index) << 4 | Self.nibble(key, index + 1))
            index += 2
        }
    }

    /// How many nibbles from `from` on the two keys share.
    private func sharedNibbles(_ a: [UInt8], _ b: [UInt8], from: Int) -> Int {
        let limit = min(a.count, b.count) * 2
        var index = from
        while index < limit, Self.nibble(a, index) == Self.nibble(b, index) { index += 1 }
        return index - from
    }

    /// The nibble at `index` of `key` (high nibble first).
    @inline(__always)
    static func nibble(_ key: [UInt8], _ index: Int) -> UInt8 {
        let byte = key[index >> 1]
        return index & 1 == 0 ? byte >> 4 : byte & 0x0f
    }
}
