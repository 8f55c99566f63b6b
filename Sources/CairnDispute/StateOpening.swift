import CairnHash
import CairnVerifier

/// The preimage of a state hash: the 58 register bytes and the ten tree roots (docs/proofs.md,
/// "State"). A claim opens its final state so the referee can read the step count, the gas
/// left, the status and the output root that the final state hash commits to.
public struct StateOpening: Sendable, Equatable {
    /// The registers' canonical bytes (docs/proofs.md): status at 0, gas at 18, steps at 26,
    /// inputLength at 42.
    public var registers: [UInt8]
    /// Roots by tree, in ``Tree`` raw-value order (code, program, slots, frames, memory,
    /// globals, tables, input, output, aux).
    public var roots: [Digest]

    public static let registerBytes = 58
    public static let encodedBytes = registerBytes + 10 * 32

    public init(registers: [UInt8], roots: [Digest]) {
        precondition(registers.count == Self.registerBytes && roots.count == 10)
        self.registers = registers
        self.roots = roots
    }

    public subscript(tree: Tree) -> Digest {
        get { roots[Int(tree.rawValue) - 1] }
        set { roots[Int(tree.rawValue) - 1] = newValue }
    }

    func word(_ offset: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(registers[offset + $1]) << UInt64(8 * $1) }
    }

    mutating func setWord(_ offset: Int, _ value: UInt64) {
        for i in 0..<8 { registers[offset + i] = UInt8(truncatingIfNeeded: value >> UInt64(8 * i)) }
    }

    /// 0 running, 1 halted, 2 trapped.
    public var status: UInt8 { registers[0] }
    public var gas: UInt64 {
        get { word(18) }
        set { setWord(18, newValue) }
    }
    public var steps: UInt64 {
        get { word(26) }
        set { setWord(26, newValue) }
    }
    public var inputLength: UInt64 { word(42) }

    /// keccak(0x40, registers, code, slots, memory, keccak(0x41, program, frames, globals,
    /// tables, input, output, aux)): the state hash of docs/proofs.md.
    public var stateHash: Digest {
        var rest = Keccak256()
        rest.update(ProofHashing.restDomain)
        for tree in [Tree.program, .frames, .globals, .tables, .input, .output, .aux] { rest.update(self[tree]) }
        var hasher = Keccak256()
        hasher.update(ProofHashing.stateDomain)
        hasher.update(registers)
        hasher.update(self[.code])
        hasher.update(self[.slots])
        hasher.update(self[.memory])
        hasher.update(rest.finalize())
        return hasher.finalize()
    }

    func encode(_ writer: inout ByteWriter) {
        writer.bytes += registers
        for root in roots { writer.digest(root) }
    }

    init(_ reader: inout ByteReader) throws(DisputeError) {
        registers = Array(try reader.take(Self.registerBytes))
        roots = []
        for _ in 0..<10 { roots.append(try reader.digest()) }
    }
}

/// What a claim is about: the program (its code and program-data roots and entry pc), the input
/// (root and length) and the gas limit. These fix the initial state, whose hash the referee
/// computes itself.
public struct TaskIdentity: Sendable, Equatable {
    public var codeRoot: Digest
    public var programRoot: Digest
    public var entry: UInt32
    public var inputRoot: Digest
    public var inputLength: UInt64
    public var gasLimit: UInt64

    public init(codeRoot: Digest, programRoot: Digest, entry: UInt32, inputRoot: Digest, inputLength: UInt64, gasLimit: UInt64) {
        self.codeRoot = codeRoot
        self.programRoot = programRoot
        self.entry = entry
        self.inputRoot = inputRoot
        self.inputLength = inputLength
        self.gasLimit = gasLimit
    }

    /// The initial state: registers zero except pc, gas and inputLength; code, program and
    /// input trees as named; every other tree all zero (docs/proofs.md, "State").
    public var initialState: StateOpening {
        var registers = [UInt8](repeating: 0, count: StateOpening.registerBytes)
        for i in 0..<4 { registers[2 + i] = UInt8(truncatingIfNeeded: entry >> UInt32(8 * i)) }
        var opening = StateOpening(registers: registers, roots: Tree.allCases.map { ProofHashing.zero($0, level: $0.depth) })
        opening.gas = gasLimit
        opening.setWord(42, inputLength)
        opening[.code] = codeRoot
        opening[.program] = programRoot
        opening[.input] = inputRoot
        return opening
    }

    func encode(_ writer: inout ByteWriter) {
        writer.digest(codeRoot)
        writer.digest(programRoot)
        writer.u64(UInt64(entry))
        writer.digest(inputRoot)
        writer.u64(inputLength)
        writer.u64(gasLimit)
    }

    init(_ reader: inout ByteReader) throws(DisputeError) {
        codeRoot = try reader.digest()
        programRoot = try reader.digest()
        let entry = try reader.u64()
        guard entry <= UInt64(UInt32.max) else { throw DisputeError("entry pc out of range") }
        self.entry = UInt32(entry)
        inputRoot = try reader.digest()
        inputLength = try reader.u64()
        gasLimit = try reader.u64()
    }
}
