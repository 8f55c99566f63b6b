import CairnHash

/// One tree in a proof: its root alone, or the leaves the step touches with their siblings.
public enum TreeWitness: Sendable, Equatable {
    case root(Digest)
    case leaves(MultiProof)
}

/// The trees behind the rest hash in a proof: only their hash when the step touches none of
/// them, else a witness of each.
public enum RestWitness: Sendable, Equatable {
    case hash(Digest)
    case trees(RestTrees)
}

/// A witness of each tree behind the rest hash (``StateRoots/rest``).
public struct RestTrees: Sendable, Equatable {
    public var program, frames, globals, tables, input, output, aux: TreeWitness

    /// The witnesses given by `witness` for each rest tree.
    public init<E: Error>(_ witness: (Tree) throws(E) -> TreeWitness) throws(E) {
        program = try witness(.program)
        frames = try witness(.frames)
        globals = try witness(.globals)
        tables = try witness(.tables)
        input = try witness(.input)
        output = try witness(.output)
        aux = try witness(.aux)
    }

    /// The witness of `tree`, one of ``StateRoots/rest``.
    public subscript(tree: Tree) -> TreeWitness {
        switch tree {
        case .program: program
        case .frames: frames
        case .globals: globals
        case .tables: tables
        case .input: input
        case .output: output
        case .aux: aux
        case .code, .slots, .memory: preconditionFailure("\(tree) is not behind the rest hash")
        }
    }
}

/// A one-step proof: the registers before the step and, for every tree, either its root or the
/// leaves the step reads and writes with a multi-leaf Merkle proof. The trees behind the rest
/// hash are given only when the step touches one of them. Every tree has exactly one witness,
/// so no value of this type is malformed; whether it is the *canonical* proof of its step
/// (nothing carried that the step does not touch) is checked by ``Verifier``. The byte format
/// is in docs/proofs.md.
public struct OneStepProof: Sendable, Equatable {
    public var registers: Registers
    public var code: TreeWitness
    public var slots: TreeWitness
    public var memory: TreeWitness
    public var rest: RestWitness

    public init(registers: Registers, code: TreeWitness, slots: TreeWitness, memory: TreeWitness, rest: RestWitness) {
        self.registers = registers
        self.code = code
        self.slots = slots
        self.memory = memory
        self.rest = rest
    }

    /// The witness of `tree`, or nil when the proof gives only the rest hash for it.
    public func witness(_ tree: Tree) -> TreeWitness? {
        switch tree {
        case .code: return code
        case .slots: return slots
        case .memory: return memory
        default:
            guard case .trees(let trees) = rest else { return nil }
            return trees[tree]
        }
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
        for tree in StateRoots.hot { put(witness(tree)!) }
        switch rest {
        case .trees(let trees):
            out.append(1)
            for tree in StateRoots.rest { put(trees[tree]) }
        case .hash(let digest):
            out.append(0)
            out.append(contentsOf: digest.bytes)
        }
        return out
    }

    /// Decodes a proof, refusing every non-canonical form: wrong magic, unknown tags,
    /// non-shortest LEB128, a multiproof that is not canonical (``MultiProof``), trailing bytes.
    public init(decoding bytes: [UInt8]) throws(ProofError) {
        var reader = ProofReader(bytes: bytes)
        guard try reader.take(4) == Self.magic else { throw ProofError("not a one-step proof (bad magic)") }
        registers = try Registers(decoding: ArraySlice(try reader.take(Registers.byteCount)))
        code = try reader.witness(.code)
        slots = try reader.witness(.slots)
        memory = try reader.witness(.memory)
        switch try reader.byte() {
        case 0:
            rest = .hash(try reader.digest())
        case 1:
            rest = .trees(try RestTrees { (tree) throws(ProofError) in try reader.witness(tree) })
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
            guard count >= 1, count <= UInt64(MultiProof.maximumLeaves) else { throw ProofError("\(tree) proof with \(count) leaves") }
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
                case 1: siblings.append(try digest())
                case let tag: throw ProofError("unknown sibling tag \(tag) at offset \(offset - 1)")
                }
            }
            return .leaves(try MultiProof(tree: tree, indices: indices, leaves: leaves, siblings: siblings))
        case let tag:
            throw ProofError("unknown witness tag \(tag) at offset \(offset - 1)")
        }
    }
}
