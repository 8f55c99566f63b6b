import CairnHash

/// One tree in a proof: its root alone, or the leaves the step touches with their siblings.
public enum TreeWitness: Sendable, Equatable {
    case root(Digest)
    case leaves(MultiProof)
}

/// A one-step proof: the registers before the step and, for every tree, either its root or the
/// leaves the step reads and writes with a multi-leaf Merkle proof. The trees behind the rest
/// hash are given only when the step touches one of them. The byte format is in docs/proofs.md.
public struct OneStepProof: Sendable, Equatable {
    public var registers: Registers
    /// Witnesses of ``StateRoots/hot`` trees, in that order.
    public var hot: [TreeWitness]
    /// Witnesses of ``StateRoots/rest`` trees in that order, or nil when only their hash is given.
    public var rest: [TreeWitness]?
    /// The rest hash, when ``rest`` is nil.
    public var restHash: Digest?

    public init(registers: Registers, hot: [TreeWitness], rest: [TreeWitness]?, restHash: Digest?) {
        self.registers = registers
        self.hot = hot
        self.rest = rest
        self.restHash = restHash
    }

    static let magic: [UInt8] = Array("CSP1".utf8)

    /// The canonical encoding.
    public func encoded() -> [UInt8] {
        var out = Self.magic + registers.encoded
        func put(_ witness: TreeWitness) {
            switch witness {
            case .root(let digest):
                out.append(0)
                out.append(contentsOf: digest.bytes)
            case .leaves(let proof):
                out.append(1)
                putLEB(UInt64(proof.indices.count))
                for (index, leaf) in zip(proof.indices, proof.leaves) {
                    putLEB(index)
                    out.append(contentsOf: leaf.bytes)
                }
                putLEB(UInt64(proof.siblings.count))
                for sibling in proof.siblings {
                    if let sibling {
                        out.append(1)
                        out.append(contentsOf: sibling.bytes)
                    } else {
                        out.append(0)
                    }
                }
            }
        }
        func putLEB(_ value: UInt64) {
            var value = value
            repeat {
                var byte = UInt8(value & 0x7F)
                value >>= 7
                if value != 0 { byte |= 0x80 }
                out.append(byte)
            } while value != 0
        }
        hot.forEach(put)
        if let rest {
            out.append(1)
            rest.forEach(put)
        } else {
            out.append(0)
            out.append(contentsOf: (restHash ?? ProofHashing.zero(.aux, level: 0)).bytes)
        }
        return out
    }

    /// Decodes a proof, refusing every non-canonical form: wrong magic, unknown tags,
    /// non-shortest LEB128, a zero-subtree sibling spelled out in full, trailing bytes.
    public init(decoding bytes: [UInt8]) throws(ProofError) {
        var reader = ProofReader(bytes: bytes)
        guard try reader.take(4) == Self.magic else { throw ProofError("not a one-step proof (bad magic)") }
        registers = try Registers(decoding: ArraySlice(try reader.take(Registers.byteCount)))
        hot = []
        for tree in StateRoots.hot { hot.append(try reader.witness(tree)) }
        switch try reader.byte() {
        case 0:
            rest = nil
            restHash = try reader.digest()
        case 1:
            var witnesses: [TreeWitness] = []
            for tree in StateRoots.rest { witnesses.append(try reader.witness(tree)) }
            rest = witnesses
            restHash = nil
        case let tag:
            throw ProofError("unknown rest tag \(tag) at offset \(reader.offset - 1)")
        }
        guard reader.offset == bytes.count else { throw ProofError("trailing bytes after the proof") }
    }
}

/// Reads proof bytes; every failure is a ``ProofError`` naming the offset.
struct ProofReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func byte() throws(ProofError) -> UInt8 {
        guard offset < bytes.count else { throw ProofError("proof ends early at offset \(offset)") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func take(_ count: Int) throws(ProofError) -> [UInt8] {
        guard count <= bytes.count - offset else { throw ProofError("proof ends early at offset \(offset)") }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func digest() throws(ProofError) -> Digest { Digest(bytes: try take(32))! }

    mutating func leb() throws(ProofError) -> UInt64 {
        let start = offset
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try self.byte()
            guard shift < 64, shift < 63 || byte <= 1 else { throw ProofError("LEB128 too long at offset \(start)") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                guard byte != 0 || shift == 0 else { throw ProofError("non-shortest LEB128 at offset \(start)") }
                return result
            }
            shift += 7
        }
    }

    mutating func witness(_ tree: Tree) throws(ProofError) -> TreeWitness {
        switch try byte() {
        case 0:
            return .root(try digest())
        case 1:
            let count = try leb()
            guard count >= 1, count <= 64 else { throw ProofError("\(tree) proof with \(count) leaves") }
            var indices: [UInt64] = []
            var leaves: [Leaf] = []
            for _ in 0..<count {
                indices.append(try leb())
                leaves.append(Leaf(bytes: try take(32)))
            }
            let siblingCount = try leb()
            guard siblingCount <= count * UInt64(tree.depth) else { throw ProofError("\(tree) proof with \(siblingCount) siblings") }
            var siblings: [Digest?] = []
            for _ in 0..<siblingCount {
                switch try byte() {
                case 0: siblings.append(nil)
                case 1:
                    let at = offset
                    let digest = try digest()
                    // Canonical form: a zero subtree is always the one-byte form.
                    if (0...tree.depth).contains(where: { ProofHashing.zero(tree, level: $0) == digest }) {
                        throw ProofError("zero-subtree sibling spelled out at offset \(at)")
                    }
                    siblings.append(digest)
                case let tag: throw ProofError("unknown sibling tag \(tag) at offset \(offset - 1)")
                }
            }
            return .leaves(MultiProof(tree: tree, indices: indices, leaves: leaves, siblings: siblings))
        case let tag:
            throw ProofError("unknown witness tag \(tag) at offset \(offset - 1)")
        }
    }
}
