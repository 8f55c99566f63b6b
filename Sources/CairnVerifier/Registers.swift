import CairnHash

/// Whether a task machine is still running.
public enum MachineStatus: UInt8, Sendable {
    case running = 0
    /// The task returned from its outermost frame.
    case halted = 1
    /// The task trapped (``Registers/trap`` says why, out of gas included).
    case trapped = 2
}

/// The scalar part of a task machine's state: everything that is not a tree.
public struct Registers: Hashable, Sendable {
    public var status: MachineStatus = .running
    /// The trap's ``TrapKind`` raw value when trapped, else 0.
    public var trap: UInt8 = 0
    /// The next instruction (an index into the code tree).
    public var pc: UInt32 = 0
    /// The current frame's first slot (an absolute slot index).
    public var base: UInt32 = 0
    /// Call frames below the current one (leaves of the frames tree in use).
    public var depth: UInt32 = 0
    /// Memory size in 64 KiB pages.
    public var memoryPages: UInt32 = 0
    public var gas: UInt64 = 0
    /// Steps taken since the task started.
    public var steps: UInt64 = 0
    /// Work already done by the current instruction when it takes several steps (bytes, slots
    /// or elements), else 0.
    public var progress: UInt64 = 0
    public var inputLength: UInt64 = 0
    public var outputLength: UInt64 = 0

    public init() {}

    /// Encoded size of the registers in bytes.
    public static let byteCount = 1 + 1 + 4 * 4 + 8 * 5

    /// The fixed little-endian encoding hashed into the state and carried by proofs.
    public var encoded: [UInt8] {
        var out: [UInt8] = [status.rawValue, trap]
        out.reserveCapacity(Self.byteCount)
        for v in [pc, base, depth, memoryPages] { out.append(contentsOf: littleEndianBytes(UInt64(v), 4)) }
        for v in [gas, steps, progress, inputLength, outputLength] { out.append(contentsOf: littleEndianBytes(v, 8)) }
        return out
    }

    /// Decodes ``encoded``; rejects an unknown status.
    public init(decoding bytes: ArraySlice<UInt8>) throws(ProofError) {
        guard bytes.count == Self.byteCount else { throw ProofError("registers must be \(Self.byteCount) bytes") }
        let b = Array(bytes)
        guard let status = MachineStatus(rawValue: b[0]) else { throw ProofError("unknown machine status \(b[0])") }
        func word(_ at: Int, _ n: Int) -> UInt64 { (0..<n).reduce(0) { $0 | UInt64(b[at + $1]) << UInt64(8 * $1) } }
        self.status = status
        self.trap = b[1]
        self.pc = UInt32(word(2, 4))
        self.base = UInt32(word(6, 4))
        self.depth = UInt32(word(10, 4))
        self.memoryPages = UInt32(word(14, 4))
        self.gas = word(18, 8)
        self.steps = word(26, 8)
        self.progress = word(34, 8)
        self.inputLength = word(42, 8)
        self.outputLength = word(50, 8)
    }
}

func littleEndianBytes(_ value: UInt64, _ count: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: value >> UInt64(8 * $0)) }
}

/// The roots of every tree of a state.
public struct StateRoots: Hashable, Sendable {
    /// Roots indexed by ``Tree`` raw value.
    public var roots: [Digest]

    public init(roots: [Digest]) { self.roots = roots }

    public subscript(tree: Tree) -> Digest {
        get { roots[Int(tree.rawValue)] }
        set { roots[Int(tree.rawValue)] = newValue }
    }

    /// Trees whose roots are hashed directly into the state hash; the others are hashed into
    /// ``restHash`` first, so that a proof that touches none of them carries one hash for all.
    public static let hot: [Tree] = [.code, .slots, .memory]
    /// Trees behind ``restHash``.
    public static let rest: [Tree] = [.program, .frames, .globals, .tables, .input, .output, .aux]

    /// keccak(0x41, the rest's roots in ``rest`` order).
    public var restHash: Digest { Self.hashRest(Self.rest.map { self[$0] }) }

    /// keccak(0x41, roots) for the rest trees' roots in ``rest`` order.
    public static func hashRest(_ roots: [Digest]) -> Digest {
        var hasher = Keccak256()
        hasher.update(ProofHashing.restDomain)
        for root in roots { hasher.update(root) }
        return hasher.finalize()
    }
}

/// The state hash: keccak(0x40, registers, code root, slots root, memory root, rest hash).
public func stateHash(_ registers: Registers, code: Digest, slots: Digest, memory: Digest, rest: Digest) -> Digest {
    var hasher = Keccak256()
    hasher.update(ProofHashing.stateDomain)
    hasher.update(registers.encoded)
    hasher.update(code)
    hasher.update(slots)
    hasher.update(memory)
    hasher.update(rest)
    return hasher.finalize()
}
